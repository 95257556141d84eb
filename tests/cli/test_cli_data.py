"""The command line's data commands: demo, clients list, export json and import json.

Every command here unlocks with the full KDF (about half a second), so the tests share vaults and
keep the number of calls small.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from practice_planner.cli import CLIENT_STATUSES, main
from practice_planner.domain.enums import ClientStatus
from practice_planner.storage.vault import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def test_demo_list_export_and_import_round_trip(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "a" / "v.db", tmp_path / "b" / "v.db"
    Vault.create(source, PASSPHRASE).close()
    Vault.create(target, PASSPHRASE).close()
    unlock = ("--passphrase-file", pass_file)

    assert run("demo", "--vault", source, *unlock, "--clients", "7", "--seed", "4") == 0
    out = capsys.readouterr().out
    assert "fictional demo practice" in out and "7 clients" in out
    assert "DEMO-" not in out  # counts only: no client data unless asked

    assert run("clients", "list", "--json", "--vault", source, *unlock) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 7
    assert all(c["record_number"].startswith("DEMO-") for c in listed)
    assert {c["status"] for c in listed} <= set(CLIENT_STATUSES)

    export = tmp_path / "export.json"
    assert run("export", "json", "--out", export, "--vault", source, *unlock) == 0
    assert "NOT encrypted" in capsys.readouterr().out

    assert run("--vault", target, *unlock, "import", "json", export) == 0
    assert "Imported" in capsys.readouterr().out

    assert run("clients", "list", "--json", "--include-archived", "--vault", target, *unlock) == 0
    everyone = json.loads(capsys.readouterr().out)
    assert [c for c in everyone if not c["archived"]] == listed

    assert run("clients", "list", "--status", "active", "--vault", target, *unlock) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["Record", "Name", "Status", "Intake"]
    active = [c for c in listed if c["status"] == "active"]
    assert len(table) == 1 + len(active)
    assert all(line.startswith("DEMO-") and "Active" in line for line in table[1:])

    # the target now holds records: a second import is refused in one line, exit 1
    assert run("import", "json", export, "--vault", target, *unlock) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("practice-planner: vault: Import only into a new, empty vault")


def test_import_of_a_broken_file_is_one_line(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "v.db"
    Vault.create(vault, PASSPHRASE).close()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "practice-planner", "tables": {')
    assert run("import", "json", broken, "--vault", vault, "--passphrase-file", pass_file) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("practice-planner: file: The file is not valid JSON (line 1")


def test_demo_needs_an_existing_vault(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    assert run("demo", "--vault", missing, "--passphrase-file", pass_file) == 1
    assert "practice-planner init" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("demo", "--clients", "0"),
        ("demo", "--clients", "many"),
        ("clients",),
        ("clients", "list", "--status", "asleep"),
        ("export", "json"),
        ("export",),
        ("import", "json"),
    ],
)
def test_bad_usage_exits_2(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run(*argv)
    assert exited.value.code == 2


def test_status_choices_match_the_domain() -> None:
    assert tuple(s.value for s in ClientStatus) == CLIENT_STATUSES


def test_help_of_the_data_commands_loads_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from practice_planner.cli import main\n"
        "for argv in (['demo', '--help'], ['clients', 'list', '--help'],\n"
        "             ['export', 'json', '--help'], ['import', 'json', '--help']):\n"
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
    assert "--clients N" in result.stdout and "--include-archived" in result.stdout
    assert "HEAVY []" in result.stdout
