"""The file on disk is a standard SQLCipher 4 database that only the passphrase opens."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlcipher3

from practice_planner.storage.cipher import KDF_ITERATIONS, derive_key, read_salt
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

AWKWARD_PASSPHRASES = [
    'it\'s a "quoted" passphrase',
    "back\\slash\\n and '; DROP TABLE audit_event; --",
    "emoji 🦊🌲 in the middle",
    "Ελληνικά και кириллица",
    "x'00112233'",
]


def _plain_open(path: Path, passphrase: str) -> sqlcipher3.Connection:
    """How any SQLCipher 4 tool opens it: the passphrase alone, library defaults."""
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    return conn


def test_default_kdf_cost_is_sqlcipher4s(tmp_path: Path) -> None:
    assert KDF_ITERATIONS == 256_000
    conn = sqlcipher3.connect(str(tmp_path / "probe.db"))
    assert conn.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0] == "256000"
    conn.close()


def test_vault_opens_with_plain_sqlcipher_and_the_passphrase_alone(vault_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE).close()  # the real default cost
    conn = _plain_open(vault_path, PASSPHRASE)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_event ORDER BY seq")]
    assert actions == ["vault.created"]
    assert conn.execute("PRAGMA kdf_iter").fetchone()[0] == "256000"
    conn.close()


def test_plain_sqlite_cannot_read_it(vault: Vault) -> None:
    vault.close()
    conn = sqlite3.connect(vault.path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    assert b"audit_event" not in vault.path.read_bytes()


@pytest.mark.parametrize("passphrase", AWKWARD_PASSPHRASES)
def test_awkward_passphrases_are_bound_safely(vault_path: Path, passphrase: str) -> None:
    Vault.create(vault_path, passphrase, kdf_iterations=FAST_KDF).close()
    with Vault.open(vault_path, passphrase, kdf_iterations=FAST_KDF) as reopened:
        assert reopened.is_unlocked
    # The key we derive in Python is the one SQLCipher derives from the same passphrase text.
    conn = _plain_open(vault_path, passphrase)
    conn.execute(f"PRAGMA kdf_iter = {FAST_KDF}")
    assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] == 2
    conn.close()


def test_decomposed_unicode_opens_a_vault_made_with_composed(vault_path: Path) -> None:
    composed, decomposed = "Zoë's café passphrase", "Zoe\u0308's cafe\u0301 passphrase"
    Vault.create(vault_path, composed, kdf_iterations=FAST_KDF).close()
    Vault.open(vault_path, decomposed, kdf_iterations=FAST_KDF).close()


def test_salt_is_the_files_first_sixteen_bytes(vault: Vault) -> None:
    key = derive_key(PASSPHRASE, read_salt(vault.path), FAST_KDF)
    assert vault.verify_passphrase(PASSPHRASE)
    assert not vault.verify_passphrase(PASSPHRASE + "!")
    assert len(key.salt) == 16


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_is_private_to_its_owner(vault: Vault) -> None:
    assert stat.S_IMODE(vault.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(vault.path.parent.stat().st_mode) == 0o700
    for sidecar in vault.path.parent.iterdir():
        assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0, sidecar.name


def test_every_connection_has_the_required_pragmas(vault: Vault) -> None:
    with vault.reading() as session:
        conn = session.connection()
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("temp_store") == 2  # MEMORY
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
