"""Backups and restore: verified copies, rotation, the backup list, restoring without loss.

Every vault here is a real SQLCipher file in ``tmp_path``, keyed with the fast test KDF; restore is
given the same iteration count, as the application gives it the default.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from practice_planner.errors import (
    ValidationError,
    VaultDamaged,
    VaultError,
    VaultInUse,
    VaultNotFound,
    WrongPassphrase,
)
from practice_planner.services import backups
from practice_planner.services.clients import ClientInput, create_client, list_clients
from practice_planner.services.demo import make_demo
from practice_planner.services.portability import export_json
from practice_planner.storage import audit
from practice_planner.storage.backup import (
    BEFORE_RESTORE,
    MANUAL,
    ON_CLOSE,
    UNVERIFIED,
    backup_file_name,
    check_backup,
    list_backups,
    make_backup,
    newest_verified_backup,
    restore_backup,
    rotate_backups,
)
from practice_planner.storage.cipher import PAGE_SIZE
from practice_planner.storage.integrity import check_vault
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault, backups_folder
from tests.conftest import FAST_KDF, PASSPHRASE

TODAY = date(2026, 11, 20)
NEW_PASSPHRASE = "granite lantern seventy wisp"


def _json(vault: Vault, path: Path) -> object:
    export_json(vault, path)
    return json.loads(path.read_text(encoding="utf-8"))


def _actions(vault: Vault) -> list[str]:
    with vault.reading() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _add_client(vault: Vault, number: str) -> None:
    create_client(vault, ClientInput(number, "Added", "Later"), today=TODAY)


def _record_numbers(vault: Vault) -> set[str]:
    return {c.record_number for c in list_clients(vault, include_archived=True)}


def _open(path: Path, passphrase: str = PASSPHRASE) -> Vault:
    return Vault.open(path, passphrase, kdf_iterations=FAST_KDF)


def _overwrite_page(path: Path, page: int) -> None:
    """Replace one whole page (1-based, not the first) with random bytes."""
    with path.open("r+b") as f:
        f.seek((page - 1) * PAGE_SIZE)
        f.write(os.urandom(PAGE_SIZE))


def _salt_of_another_vault(tmp_path: Path) -> bytes:
    other = Vault.create(tmp_path / "other" / "v.db", PASSPHRASE, kdf_iterations=FAST_KDF)
    other.close()
    return other.path.read_bytes()[:16]


# ------------------------------------------------------------------------------ round trip
def test_a_backup_restores_to_a_vault_whose_json_export_equals_the_original(
    vault: Vault, tmp_path: Path
) -> None:
    make_demo(vault, 3, 5, today=TODAY)
    original = _json(vault, tmp_path / "before.json")
    made = backups.back_up_now(vault, keep=5)
    assert made.backup.verified and made.backup.reason == MANUAL
    assert made.backup.path.parent == backups_folder(vault.path)
    assert stat.S_IMODE(made.backup.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.backup.path.parent.stat().st_mode) == 0o700
    _add_client(vault, "LATER-1")  # work after the backup, which the restore takes back
    vault.close()

    result = backups.restore(vault.path, made.backup.path, PASSPHRASE, kdf_iterations=FAST_KDF)

    assert result.kept_aside is not None and result.kept_aside_verified
    assert result.kept_aside.name.endswith(f"-{BEFORE_RESTORE}.db")
    with _open(vault.path) as restored:
        assert _actions(restored)[-2:] == ["vault.restored", "vault.unlocked"]
        assert _json(restored, tmp_path / "after.json") == original
        assert "LATER-1" not in _record_numbers(restored)
        assert check_vault(restored).ok
    # Nothing was lost: the vault as it was (with the later client) is the kept backup.
    with _open(result.kept_aside) as kept:
        assert "LATER-1" in _record_numbers(kept)
    assert stat.S_IMODE(vault.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in vault.path.parent.iterdir()) == [
        "backups",
        "practice.db",
        "practice.db.lock",
    ]


def test_the_backup_file_itself_is_only_read(vault: Vault) -> None:
    backup = make_backup(vault)
    vault.close()
    before = backup.read_bytes()
    restore_backup(vault.path, backup, PASSPHRASE, kdf_iterations=FAST_KDF)
    check_backup(backup, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert backup.read_bytes() == before
    assert sorted(p.name for p in backup.parent.iterdir() if p.name.startswith(backup.name)) == [
        backup.name
    ]


# ------------------------------------------------------------------------------ passphrases
def test_restore_refuses_a_backup_of_another_passphrase_until_it_is_given(
    vault: Vault, tmp_path: Path
) -> None:
    make_demo(vault, 2, 3, today=TODAY)
    original = _json(vault, tmp_path / "before.json")
    backup = make_backup(vault)
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    _add_client(vault, "AFTER-CHANGE")
    vault.close()
    untouched = vault.path.read_bytes()
    folder_before = sorted(p.name for p in backups_folder(vault.path).iterdir())

    with pytest.raises(WrongPassphrase, match="old one") as refused:
        backups.restore(vault.path, backup, NEW_PASSPHRASE, kdf_iterations=FAST_KDF)
    assert "passphrase the vault had when the backup was made" in str(refused.value)
    assert vault.path.read_bytes() == untouched
    assert sorted(p.name for p in backups_folder(vault.path).iterdir()) == folder_before

    result = backups.restore(vault.path, backup, PASSPHRASE, kdf_iterations=FAST_KDF)

    # The old passphrase does not open today's vault: it is kept as an exact byte copy.
    assert result.kept_aside is not None and not result.kept_aside_verified
    assert result.kept_aside.name.endswith(f"-{BEFORE_RESTORE}{UNVERIFIED}.db")
    assert result.kept_aside.read_bytes() == untouched
    listed = {info.path: info for info in backups.list_backups(backups_folder(vault.path))}
    assert not listed[result.kept_aside].verified
    with _open(result.kept_aside, NEW_PASSPHRASE) as kept:
        assert "AFTER-CHANGE" in _record_numbers(kept)
    with pytest.raises(WrongPassphrase):
        _open(vault.path, NEW_PASSPHRASE)
    with _open(vault.path) as restored:
        assert _json(restored, tmp_path / "after.json") == original


def test_restore_over_the_open_vault_keeps_it_verified_under_its_own_key(
    vault: Vault, tmp_path: Path
) -> None:
    """The GUI's way: the unlocked vault is backed up with its key, then left locked."""
    backup = make_backup(vault)
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    _add_client(vault, "KEPT-1")

    result = backups.restore(vault.path, backup, PASSPHRASE, kdf_iterations=FAST_KDF, current=vault)

    assert not vault.is_unlocked
    with pytest.raises(VaultInUse):  # the file lock stayed with the caller's vault
        _open(vault.path)
    assert result.kept_aside is not None and result.kept_aside_verified
    with pytest.raises(WrongPassphrase):
        vault.unlock(NEW_PASSPHRASE)
    vault.unlock(PASSPHRASE)
    assert "KEPT-1" not in _record_numbers(vault)
    assert "vault.restored" in _actions(vault)
    vault.close()
    with _open(result.kept_aside, NEW_PASSPHRASE) as kept:
        assert "KEPT-1" in _record_numbers(kept)


def test_restore_refuses_while_another_copy_has_the_vault_open(vault: Vault) -> None:
    backup = make_backup(vault)
    before = vault.path.read_bytes()
    with pytest.raises(VaultInUse):
        restore_backup(vault.path, backup, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert vault.path.read_bytes() == before
    assert [i.path for i in list_backups(backup.parent)] == [backup]


def test_restore_refuses_what_is_not_a_good_backup(vault: Vault, tmp_path: Path) -> None:
    vault.close()
    before = vault.path.read_bytes()
    with pytest.raises(VaultNotFound):
        restore_backup(vault.path, tmp_path / "nothing.db", PASSPHRASE, kdf_iterations=FAST_KDF)
    with pytest.raises(VaultError, match="the vault itself"):
        restore_backup(vault.path, vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)
    text = tmp_path / "notes.db"
    text.write_text("not a backup")
    with pytest.raises(VaultDamaged):
        restore_backup(vault.path, text, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert vault.path.read_bytes() == before
    assert sorted(p.name for p in vault.path.parent.iterdir()) == [
        "practice.db",
        "practice.db.lock",
    ]


def test_a_backup_damaged_past_its_first_page_is_refused_and_nothing_changes(
    vault: Vault,
) -> None:
    make_demo(vault, 2, 1, today=TODAY)
    backup = make_backup(vault)
    vault.close()
    pages = backup.stat().st_size // PAGE_SIZE
    _overwrite_page(backup, pages - 1)
    before = vault.path.read_bytes()
    with pytest.raises(VaultDamaged):
        restore_backup(vault.path, backup, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert vault.path.read_bytes() == before
    assert sorted(p.name for p in vault.path.parent.iterdir()) == [
        "backups",
        "practice.db",
        "practice.db.lock",
    ]
    with pytest.raises(VaultDamaged):
        check_backup(backup, PASSPHRASE, kdf_iterations=FAST_KDF)


# ------------------------------------------------------------------------------ damage
def test_a_damaged_vault_is_reported_and_the_last_good_backup_is_found(vault: Vault) -> None:
    make_demo(vault, 3, 2, today=TODAY)
    folder = backups_folder(vault.path)
    older = backups.back_up_now(vault, folder, 5).backup
    newer = backups.back_up_now(vault, folder, 5).backup
    with vault.raw_connection() as conn:  # where the clients live: not page 1, not the schema
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'client'"
        ).fetchone()
    vault.close()
    _overwrite_page(vault.path, page)

    with Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF, inspect_only=True) as opened:
        report = check_vault(opened)
    assert not report.ok and not report.pages_authentic

    assert backups.newest_verified_backup(folder) == newer
    found = backups.newest_verified_backup(folder, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert found == newer
    _overwrite_page(newer.path, 3)  # the newest backup has gone bad too: the older one is next
    found = backups.newest_verified_backup(folder, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert found == older
    assert backups.newest_verified_backup(folder, "wrong", kdf_iterations=FAST_KDF) is None

    damaged = vault.path.read_bytes()
    result = backups.restore(vault.path, older.path, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert result.kept_aside is not None and not result.kept_aside_verified
    assert result.kept_aside.read_bytes() == damaged  # kept exactly, for whatever can be saved
    with _open(vault.path) as restored:
        assert check_vault(restored).ok


def test_a_byte_copy_keeps_the_journal_of_an_unclosed_vault(vault: Vault, tmp_path: Path) -> None:
    """Pages still in the WAL (the program was killed) are kept with the copy, not dropped."""
    crashed = tmp_path / "crashed" / "practice.db"
    crashed.parent.mkdir()
    _add_client(vault, "ONLY-IN-WAL")  # committed, not yet checkpointed into the main file
    for suffix in ("", "-wal"):  # the files as a crash would leave them
        Path(f"{crashed}{suffix}").write_bytes(Path(f"{vault.path}{suffix}").read_bytes())
    assert Path(f"{crashed}-wal").stat().st_size > 0
    # A backup the crashed vault's passphrase does not open forces the byte copy.
    other = Vault.create(tmp_path / "other" / "v.db", NEW_PASSPHRASE, kdf_iterations=FAST_KDF)
    other_backup = make_backup(other)
    other.close()

    result = restore_backup(crashed, other_backup, NEW_PASSPHRASE, kdf_iterations=FAST_KDF)

    assert result.kept_aside is not None and not result.kept_aside_verified
    assert Path(f"{result.kept_aside}-wal").stat().st_size > 0
    assert not Path(f"{crashed}-wal").exists() and not Path(f"{crashed}-shm").exists()
    with _open(result.kept_aside) as kept:
        assert "ONLY-IN-WAL" in _record_numbers(kept)
    with _open(crashed, NEW_PASSPHRASE) as restored:
        assert _record_numbers(restored) == set()


# ------------------------------------------------------------------------------ rotation
def test_rotation_keeps_the_newest_n_and_nothing_else_is_touched(
    vault: Vault, tmp_path: Path
) -> None:
    folder = tmp_path / "chosen backups"
    folder.mkdir()
    strangers = {
        "notes.txt": b"my own file",
        "practice-old.db": b"x" * PAGE_SIZE,
        backup_file_name(MANUAL).replace(".db", ".db.bak"): b"y",
    }
    for name, data in strangers.items():
        (folder / name).write_bytes(data)
    # A backup of another vault sharing the folder, and a byte copy kept before a restore.
    foreign = folder / "practice-20200101T000000000000Z-manual.db"
    foreign.write_bytes(_salt_of_another_vault(tmp_path) + bytes(PAGE_SIZE - 16))
    kept_copy = folder / f"practice-20200101T000000000001Z-{BEFORE_RESTORE}{UNVERIFIED}.db"
    kept_copy.write_bytes(vault.path.read_bytes()[:PAGE_SIZE])

    made = [backups.back_up_now(vault, folder, keep=3) for _ in range(5)]

    assert [len(m.removed) for m in made] == [0, 0, 0, 1, 1]
    mine = [i for i in backups.list_backups(folder, vault_path=vault.path) if i.verified]
    assert [i.path for i in mine] == [m.backup.path for m in reversed(made[2:])]
    for name, data in strangers.items():
        assert (folder / name).read_bytes() == data
    assert foreign.exists() and kept_copy.exists()
    details = [
        json.loads(event.detail) for event in _events(vault) if event.action == "vault.backed_up"
    ]
    assert [d["file"] for d in details] == [m.backup.path.name for m in made]
    assert {d["reason"] for d in details} == {MANUAL}
    assert [d["rotated_away"] for d in details] == [0, 0, 0, 1, 1]


def _events(vault: Vault) -> list[AuditEvent]:
    with vault.reading() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_rotation_needs_at_least_one(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one"):
        rotate_backups(tmp_path, 0)
    with pytest.raises(ValidationError) as refused:
        backups.back_up_now(vault, tmp_path, keep=0)
    assert set(refused.value.fields) == {"keep"}


# ------------------------------------------------------------------------------ listing
def test_the_list_shows_date_size_and_verified_state(vault: Vault, tmp_path: Path) -> None:
    assert backups.list_backups(tmp_path / "nowhere") == []
    folder = backups_folder(vault.path)
    made = backups.back_up_now(vault).backup
    truncated = folder / "practice-20250101T120000000000Z-manual.db"
    truncated.write_bytes(made.path.read_bytes()[:-100])
    (folder / "practice-20250101T120000000000Z-manual.db.partial").write_bytes(b"half")

    listed = backups.list_backups(folder)

    assert [i.path for i in listed] == [made.path, truncated]
    assert listed[0].size == made.path.stat().st_size and listed[0].verified
    assert listed[0].label == "Manual backup"
    assert listed[1].made_at.isoformat() == "2025-01-01T12:00:00+00:00"
    assert not listed[1].verified
    assert backups.newest_verified_backup(folder) == listed[0]


def test_backup_names_hold_only_our_words() -> None:
    assert backup_file_name(ON_CLOSE).endswith("-on-close.db")
    for reason in ("Jane Doe", "../escape", "", "ünïcode"):
        with pytest.raises(ValueError):
            backup_file_name(reason)


def test_a_folder_that_is_a_file_is_a_clear_error(vault: Vault, tmp_path: Path) -> None:
    occupied = tmp_path / "a file"
    occupied.write_text("x")
    with pytest.raises(ValidationError) as refused:
        backups.back_up_now(vault, occupied)
    assert set(refused.value.fields) == {"folder"}


def test_a_folder_that_cannot_be_made_is_a_clear_error(vault: Vault, tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    with pytest.raises(ValidationError) as refused:
        backups.back_up_now(vault, blocker / "backups")
    assert "could not be written" in refused.value.fields["folder"]
    assert "vault.backed_up" not in _actions(vault)


# ------------------------------------------------------------------------------ on close
def test_the_automatic_backup_on_close_runs_at_most_once_a_day(vault: Vault) -> None:
    today = date.today()
    backups.back_up_now(vault)  # a manual backup does not excuse the day's automatic one
    first = backups.automatic_backup_on_close(vault, keep=10, today=today)
    assert first is not None and first.backup.reason == ON_CLOSE
    assert backups.automatic_backup_on_close(vault, keep=10, today=today) is None
    tomorrow = backups.automatic_backup_on_close(vault, keep=10, today=today + timedelta(1))
    assert tomorrow is not None
    reasons = [json.loads(e.detail)["reason"] for e in _events(vault) if e.action.endswith("up")]
    assert reasons == [MANUAL, ON_CLOSE, ON_CLOSE]


def test_backups_are_sqlcipher_files_that_open_with_the_passphrase_alone(vault: Vault) -> None:
    """Not locked into this program: a SQLCipher 4 tool opens a backup with the passphrase."""
    backup = make_backup(vault)
    conn = sqlcipher3.connect(str(backup))
    conn.execute("PRAGMA key = '" + PASSPHRASE + "'")
    conn.execute(f"PRAGMA kdf_iter = {FAST_KDF}")
    assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] >= 1
    conn.close()
    assert newest_verified_backup(backup.parent, PASSPHRASE, kdf_iterations=FAST_KDF) is not None
    with vault.reading() as session:
        assert audit.verify_chain(session) == []


def test_a_backup_restores_where_the_vault_file_is_gone(vault: Vault, tmp_path: Path) -> None:
    backup = make_backup(vault, tmp_path / "kept elsewhere")
    vault.close()
    vault.path.unlink()
    result = restore_backup(vault.path, backup, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert result.kept_aside is None and not result.kept_aside_verified
    with _open(vault.path) as restored:
        assert check_vault(restored).ok


def test_a_page_copy_holds_what_is_still_in_the_write_ahead_log(vault: Vault) -> None:
    """The copy is of the database as readers see it, not only of the main file."""
    make_demo(vault, 2, 3, today=TODAY)
    _add_client(vault, "IN-WAL-1")  # committed, in the -wal file, not checkpointed
    assert Path(f"{vault.path}-wal").stat().st_size > 0
    backup = make_backup(vault)
    assert backup.read_bytes()[:16] == vault.path.read_bytes()[:16]  # same salt: same passphrase
    assert not Path(f"{backup}-wal").exists() and not Path(f"{backup}-journal").exists()
    with _open(backup) as copy:
        assert "IN-WAL-1" in _record_numbers(copy)
        assert _record_numbers(copy) == _record_numbers(vault)
        assert check_vault(copy).ok


def test_a_copy_failing_its_page_check_is_not_kept(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from practice_planner.storage import backup as backup_module

    monkeypatch.setattr(backup_module, "_page_check", lambda path, key: False)
    with pytest.raises(VaultDamaged, match="page check"):
        make_backup(vault)
    assert not any(backups_folder(vault.path).iterdir())
