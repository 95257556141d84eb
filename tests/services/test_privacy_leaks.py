"""No client data on disk outside the vault, its encrypted backups and the files the user asked for.

A client with a unique canary name is written through the services (record, plan, notes, a
psychotherapy note), exported, backed up, restored and checked through the command line, and the
vault is closed. Then every file under the data, config, cache, state and temp folders (all
pointed into ``tmp_path``) and the backups folder is searched for the canary as UTF-8 and UTF-16:
it may only appear in the exports the user asked for (JSON, FHIR, PDF). File names, command output
and error messages are searched too.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from practice_planner.cli import main
from practice_planner.errors import PracticePlannerError
from practice_planner.reports.exports import export_treatment_plan
from practice_planner.services import backups, clients
from practice_planner.services.fhir_export import export_fhir
from practice_planner.services.portability import export_json
from practice_planner.services.vault_access import create_vault
from practice_planner.storage.locations import default_vault_path
from practice_planner.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.services.test_fhir_export import write_client_record

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def _needles(*words: str) -> list[bytes]:
    return [word.encode(encoding) for word in words for encoding in ENCODINGS]


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _holders(root: Path, needles: list[bytes], allowed: set[Path]) -> list[str]:
    """Files under ``root`` (other than ``allowed``) whose name or bytes hold a needle."""
    found = []
    for path in _files(root):
        if path in allowed:
            continue
        name = str(path.relative_to(root)).encode("utf-8")
        data = path.read_bytes()
        if any(needle in name or needle in data for needle in needles):
            found.append(str(path.relative_to(root)))
    return found


@pytest.fixture
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every per-user folder and the temp folder inside ``tmp_path``, so all of it is searched."""
    for variable, folder in (
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("TMPDIR", "tmp"),
    ):
        (tmp_path / folder).mkdir()
        monkeypatch.setenv(variable, str(tmp_path / folder))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    path = default_vault_path()
    if tmp_path not in path.parents:  # a platform whose data folder ignores XDG
        path = tmp_path / "data" / "PracticePlanner" / "practice.db"
        monkeypatch.setenv("PRACTICE_PLANNER_VAULT", str(path))
    return path


def test_the_canary_is_found_only_in_the_exports_the_user_asked_for(
    private_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = uuid.uuid4().hex[:8]
    given, family = "Zqxcanary", f"Vexmoor-{token}"
    canary = f"{given} {family}"
    needles = _needles(given, family)
    vault_path = private_home
    passphrase_file = tmp_path / "config" / "pass.txt"
    passphrase_file.write_text(PASSPHRASE)
    cli = ["--vault", str(vault_path), "--passphrase-file", str(passphrase_file)]
    exports = tmp_path / "exports"
    exports.mkdir()
    asked_for = {exports / name for name in ("all.json", "client.json", "cli.json", "plan.pdf")}
    errors: list[str] = []

    vault = create_vault(vault_path, PASSPHRASE)
    try:
        record = write_client_record(
            vault,
            record_number="LEAK-1",
            given=given,
            family=family,
            mention=canary,
            private_phrase=f"Private process note about {canary}",
        )
        export_json(vault, exports / "all.json")
        export_fhir(vault, record.client_id, exports / "client.json")
        export_treatment_plan(vault, record.plan_id, exports / "plan.pdf")
        backups.back_up_now(vault)
        backups.automatic_backup_on_close(vault)
        for attempt in (
            lambda: clients.create_client(vault, clients.ClientInput("LEAK-1", given, family)),
            lambda: clients.create_client(
                vault, clients.ClientInput("LEAK-2", given, family, email=canary)
            ),
            lambda: export_fhir(vault, record.client_id, exports / "missing" / f"{canary}.json"),
        ):
            with pytest.raises(PracticePlannerError) as refused:
                attempt()
            errors.append(str(refused.value))
    finally:
        vault.close()

    assert main([*cli, "backup"]) == 0
    fhir_out = str(exports / "cli.json")
    assert main([*cli, "export", "fhir", "--client", "LEAK-1", "--out", fhir_out]) == 0
    newest = backups.newest_verified_backup(backups.default_folder(vault_path))
    assert newest is not None
    assert main([*cli, "restore", str(newest.path)]) == 0
    assert main([*cli, "check"]) == 0
    output = capsys.readouterr()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        reopened.lock()

    for text in (*errors, output.out, output.err):
        assert given not in text and family not in text
    assert _holders(tmp_path, needles, allowed=asked_for) == []
    # The search does see the canary where it is allowed to be, as UTF-8 and as UTF-16.
    assert {"all.json", "cli.json", "client.json"} <= set(
        _holders(exports, _needles(family), allowed=set())
    )
    (tmp_path / "tmp" / "probe.txt").write_text(canary, encoding="utf-16-le")
    assert _holders(tmp_path / "tmp", needles, allowed=set()) == ["probe.txt"]
    searched = [p.relative_to(tmp_path).parts[0] for p in _files(tmp_path)]
    assert {"data", "config", "exports"} <= set(searched)
    backup_files = list(backups.default_folder(vault_path).glob("practice-*.db"))
    assert len(backup_files) >= 3  # manual, on close, command line, and the one before restore
