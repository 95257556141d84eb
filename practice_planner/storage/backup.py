"""Encrypted, verified copies of a vault made through SQLCipher itself.

``sqlcipher_export`` writes every table into a new file keyed with the same raw key and salt, so a
backup opens with the passphrase the vault had when it was made. The copy goes to a temporary name,
is opened and verified (HMAC of every page, SQLite's integrity check, equal row counts), and only
then renamed into place: a half-written backup never looks like a good one.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from practice_planner.errors import VaultDamaged
from practice_planner.storage.cipher import RawKey
from practice_planner.storage.connection import open_keyed
from practice_planner.storage.locations import ensure_private_dir


def backup_file_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"practice-{stamp}-{reason}.db"


def _row_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0] for t in tables}


def write_verified_backup(source: Any, key: RawKey, folder: Path, reason: str) -> Path:
    """Copy the open, keyed ``source`` connection into ``folder``; returns the verified file."""
    ensure_private_dir(folder)
    final = folder / backup_file_name(reason)
    temp = final.with_name(final.name + ".partial")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        source.execute(
            "ATTACH DATABASE ? AS backup KEY ?", (str(temp), key.raw_literal(with_salt=True))
        )
        try:
            source.execute("SELECT sqlcipher_export('backup')").fetchall()
            version = source.execute("PRAGMA main.user_version").fetchone()[0]
            source.execute(f"PRAGMA backup.user_version = {int(version)}")
            expected = _row_counts(source)
        finally:
            source.execute("DETACH DATABASE backup")
        verify_backup(temp, key, expected)
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(temp, final)
        _fsync_dir(folder)
    except BaseException:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    return final


def verify_backup(path: Path, key: RawKey, expected_counts: dict[str, int] | None) -> None:
    """Open the copy and prove it whole; raises ``VaultDamaged`` naming what failed."""
    conn = open_keyed(path, key)
    try:
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise VaultDamaged("The backup copy failed its page check; it was not kept.")
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise VaultDamaged("The backup copy failed SQLite's integrity check; it was not kept.")
        if expected_counts is not None and _row_counts(conn) != expected_counts:
            raise VaultDamaged("The backup copy is missing rows; it was not kept.")
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()  # one self-contained file
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
