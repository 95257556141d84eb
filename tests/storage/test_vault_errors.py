"""Each way a vault can fail to open has its own error type, on real files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from practice_planner.errors import (
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultNotFound,
    VaultTooNew,
    WrongPassphrase,
)
from practice_planner.storage import audit
from practice_planner.storage.cipher import PAGE_SIZE
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault, failed_unlocks_path
from tests.conftest import FAST_KDF, PASSPHRASE


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_wrong_passphrase_is_its_own_error(vault: Vault) -> None:
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, "not the passphrase at all", kdf_iterations=FAST_KDF)


def test_thousand_wrong_passphrases_leave_the_file_byte_for_byte(vault: Vault) -> None:
    with vault.unit_of_work() as session:
        audit.append(session, "test.marker")
    vault.close()
    before = sha256(vault.path)
    for attempt in range(1000):
        with pytest.raises(WrongPassphrase):
            Vault.open(vault.path, f"wrong guess {attempt}", kdf_iterations=FAST_KDF)
    assert sha256(vault.path) == before


def test_wrong_passphrase_at_real_cost_leaves_the_file_untouched(vault_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE).close()
    before = sha256(vault_path)
    for guess in ("Violet kettle orbit mountain", "", "😀"):
        with pytest.raises(WrongPassphrase):
            Vault.open(vault_path, guess)
    assert sha256(vault_path) == before


def test_failed_unlocks_enter_the_audit_trail_at_the_next_unlock(vault: Vault) -> None:
    vault.close()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            Vault.open(vault.path, "guess", kdf_iterations=FAST_KDF)
    assert len(failed_unlocks_path(vault.path).read_text().split()) == 3
    with (
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF) as reopened,
        reopened.reading() as session,
    ):
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        assert audit.verify_chain(session) == []
    assert actions[-4:] == ["vault.unlock_failed"] * 3 + ["vault.unlocked"]
    assert not failed_unlocks_path(vault.path).exists()


def test_a_garbled_failed_unlock_file_does_not_block_unlocking(vault: Vault) -> None:
    vault.close()
    failed_unlocks_path(vault.path).write_bytes(b"\xff\xfe junk\n2026-11-22T10:00:00+00:00\n")
    with (
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF) as reopened,
        reopened.reading() as session,
    ):
        failed = session.scalars(
            select(AuditEvent.at).where(AuditEvent.action == "vault.unlock_failed")
        ).all()
    assert failed == ["2026-11-22T10:00:00.000000+00:00"]


def test_missing_file_is_vault_not_found(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere.db", PASSPHRASE, kdf_iterations=FAST_KDF)
    assert not (tmp_path / "nowhere.db").exists()


def test_creating_over_an_existing_vault_is_refused(vault: Vault) -> None:
    before = sha256(vault.path)
    with pytest.raises(VaultExists):
        Vault.create(vault.path, "another passphrase entirely", kdf_iterations=FAST_KDF)
    assert sha256(vault.path) == before


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is a text file", b"SQLite format 3\x00" + bytes(PAGE_SIZE - 16)],
    ids=["empty", "text", "plain-sqlite"],
)
def test_not_a_vault_is_damaged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "practice.db"
    path.write_bytes(content)
    with pytest.raises(VaultDamaged):
        Vault.open(path, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert path.read_bytes() == content


def test_truncated_vault_is_damaged(vault: Vault) -> None:
    vault.close()
    data = vault.path.read_bytes()
    vault.path.write_bytes(data[: len(data) - 100])
    with pytest.raises(VaultDamaged):
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)


def test_first_page_failing_its_hmac_is_damage_not_a_wrong_passphrase(vault: Vault) -> None:
    vault.close()
    data = bytearray(vault.path.read_bytes())
    data[200:216] = os.urandom(16)  # inside page 1's ciphertext: its HMAC now fails
    vault.path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged, match="damaged"):
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, "a different passphrase", kdf_iterations=FAST_KDF)


def test_vault_from_a_newer_version_is_refused_and_left_alone(vault: Vault) -> None:
    with vault.unit_of_work() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    vault.close()
    before = sha256(vault.path)
    with pytest.raises(VaultTooNew, match="newer version"):
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert sha256(vault.path) == before
    assert not (vault.path.parent / "backups").exists()


def test_second_open_in_this_process_is_in_use(vault: Vault) -> None:
    with pytest.raises(VaultInUse):
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)
    assert vault.is_unlocked


def test_vault_held_by_another_process_is_in_use(vault: Vault) -> None:
    vault.close()
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from practice_planner.storage.vault import Vault; "
            f"v = Vault.open(sys.argv[1], {PASSPHRASE!r}, kdf_iterations={FAST_KDF}); "
            "print('open', flush=True); sys.stdin.read()",
            str(vault.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            with pytest.raises(VaultInUse, match="another copy"):
                Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)
        finally:
            holder.kill()
    # The OS released the lock when the holder died: no stale lock keeps the clinician out.
    Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF).close()


def test_locked_vault_refuses_work_and_unlocks_again(vault: Vault) -> None:
    vault.lock()
    with pytest.raises(VaultLocked), vault.reading():
        pass
    with pytest.raises(WrongPassphrase):
        vault.unlock("not it at all")
    vault.unlock(PASSPHRASE)
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
