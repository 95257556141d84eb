"""``backup``, ``restore``, ``check`` on a damaged vault, and ``export fhir`` from the command line.

The command line unlocks with the full KDF (about a quarter of a second each time), so each test
makes few calls.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from practice_planner.cli import main
from practice_planner.services.clients import ClientInput, create_client, list_clients
from practice_planner.storage.cipher import PAGE_SIZE
from practice_planner.storage.vault import Vault
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "granite lantern seventy wisp"


@pytest.fixture
def vault_file(tmp_path: Path) -> Path:
    path = tmp_path / "vault" / "practice.db"
    Vault.create(path, PASSPHRASE).close()
    return path


def _pass_file(tmp_path: Path, passphrase: str = PASSPHRASE, name: str = "pass.txt") -> Path:
    path = tmp_path / name
    path.write_text(passphrase + "\n", encoding="utf-8")
    return path


def run(vault: Path, secret: Path, *argv: str | Path) -> int:
    return main(["--vault", str(vault), "--passphrase-file", str(secret), *map(str, argv)])


def _add_client(path: Path, number: str, passphrase: str = PASSPHRASE) -> None:
    with Vault.open(path, passphrase) as vault:
        create_client(vault, ClientInput(number, "Alex", "Example"))


def _numbers(path: Path, passphrase: str = PASSPHRASE) -> set[str]:
    with Vault.open(path, passphrase) as vault:
        return {c.record_number for c in list_clients(vault)}


def _backup_line(out: str) -> Path:
    (line,) = [line for line in out.splitlines() if line.startswith("Backed up to ")]
    return Path(line.removeprefix("Backed up to ").rsplit(" (", 1)[0])


def test_backup_then_restore_keeps_the_vault_it_replaces(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _pass_file(tmp_path)
    _add_client(vault_file, "FIRST-1")
    assert run(vault_file, secret, "backup") == 0
    backup = _backup_line(capsys.readouterr().out)
    assert backup.parent == vault_file.parent / "backups"
    elsewhere = tmp_path / "usb stick"
    assert run(vault_file, secret, "backup", "--to", elsewhere) == 0
    out = capsys.readouterr().out
    assert _backup_line(out).parent == elsewhere and "verified" in out
    _add_client(vault_file, "LATER-2")

    assert run(vault_file, secret, "restore", backup) == 0

    out = capsys.readouterr().out
    assert f"Restored {vault_file} from {backup}" in out
    (kept_line,) = [line for line in out.splitlines() if "kept as a verified backup" in line]
    kept = Path(kept_line.rsplit(": ", 1)[1])
    assert _numbers(vault_file) == {"FIRST-1"}
    assert _numbers(kept) == {"FIRST-1", "LATER-2"}


def test_restore_asks_for_the_passphrase_the_backup_was_made_with(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _pass_file(tmp_path), _pass_file(tmp_path, NEW_PASSPHRASE, "new.txt")
    assert run(vault_file, old, "backup") == 0
    backup = _backup_line(capsys.readouterr().out)
    assert run(vault_file, old, "passwd", "--new-passphrase-file", new) == 0
    capsys.readouterr()
    before = vault_file.read_bytes()

    assert run(vault_file, new, "restore", backup) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("practice-planner: That passphrase does not open this backup.")
    assert "enter the old one" in line
    assert vault_file.read_bytes() == before

    assert run(vault_file, old, "restore", backup) == 0
    out = capsys.readouterr().out
    assert "copied byte for byte" in out and "opens with the one it had" in out
    assert run(vault_file, old, "check") == 0


def _overwrite_root_page_of(path: Path, table: str) -> None:
    """Random bytes over the page where ``table``'s rows live (neither page 1 nor the schema
    revision, so the vault still unlocks far enough to be checked)."""
    with Vault.open(path, PASSPHRASE, inspect_only=True) as vault, vault.raw_connection() as conn:
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
    assert page > 1
    with path.open("r+b") as f:
        f.seek((page - 1) * PAGE_SIZE)
        f.write(os.urandom(PAGE_SIZE))


def test_check_reports_a_damaged_vault_and_names_the_backup_to_restore(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _pass_file(tmp_path)
    _add_client(vault_file, "SAFE-1")
    assert run(vault_file, secret, "backup") == 0
    backup = _backup_line(capsys.readouterr().out)
    _overwrite_root_page_of(vault_file, "client")

    assert run(vault_file, secret, "check") == 1

    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("practice-planner: page check:")
    assert "The newest verified backup was made" in captured.out
    assert str(backup) in captured.out
    restore_line = next(x for x in captured.out.splitlines() if x.startswith("To restore it: "))
    command = restore_line.removeprefix("To restore it: ")
    assert command.startswith("practice-planner restore --vault ")

    assert run(vault_file, secret, "restore", backup) == 0
    assert "copied byte for byte" in capsys.readouterr().out  # the damaged file, kept as it is
    assert run(vault_file, secret, "check") == 0
    assert "Vault OK" in capsys.readouterr().out
    assert _numbers(vault_file) == {"SAFE-1"}


def test_restore_of_something_that_is_not_a_backup_is_one_line(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _pass_file(tmp_path)
    before = vault_file.read_bytes()
    assert run(vault_file, secret, "restore", tmp_path / "missing.db") == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "practice-planner: There is no backup at the chosen location."
    ]
    assert vault_file.read_bytes() == before


def test_export_fhir_writes_a_bundle_for_one_client(
    vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _pass_file(tmp_path)
    _add_client(vault_file, "FHIR-1")
    out = tmp_path / "fhir.json"

    assert run(vault_file, secret, "export", "fhir", "--client", "fhir-1", "--out", out) == 0

    printed = capsys.readouterr().out
    assert "HL7 FHIR R4 bundle of 1 resources" in printed and "NOT encrypted" in printed
    assert "Alex" not in printed
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    (entry,) = bundle["entry"]
    assert entry["resource"]["identifier"][0]["value"] == "FHIR-1"
    assert run(vault_file, secret, "export", "fhir", "--client", "NOPE", "--out", out) == 1
    assert "No client has this record number" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("restore",),
        ("backup", "extra"),
        ("export", "fhir", "--client", "X"),
        ("export", "fhir", "--out", "x.json"),
    ],
)
def test_bad_usage_exits_2(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2


def test_help_of_the_new_commands_loads_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from practice_planner.cli import main\n"
        "for argv in (['backup', '--help'], ['restore', '--help'], ['export', 'fhir', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "--to DIR" in result.stdout and "BACKUP" in result.stdout
    assert "HEAVY []" in result.stdout
