"""Opening one keyed SQLCipher connection with the pragmas every vault connection must have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool

from practice_planner.storage.cipher import RawKey

BEGIN_OPTION = "practice_planner_begin"
"""Execution option naming the BEGIN mode: ``DEFERRED`` (reads) or ``IMMEDIATE`` (writes)."""

BUSY_TIMEOUT_MS = 10_000

NOT_A_DATABASE = "file is not a database"
MALFORMED = "database disk image is malformed"


def is_damage_message(message: str) -> bool:
    """SQLite's words for a page that fails to decrypt or authenticate, or a broken b-tree."""
    text = message.lower()
    return NOT_A_DATABASE in text or MALFORMED in text


def open_keyed(path: Path, key: RawKey, *, foreign_keys: bool = True) -> Any:
    """A sqlcipher3 connection keyed with the raw key, verified by a first read, then configured.

    The key is checked before any pragma that could write (journal mode), so a wrong key never
    touches the file. ``isolation_level=None`` leaves BEGIN to SQLAlchemy (see ``vault.py``) so
    that DDL and migrations are transactional. The key is given with its salt: a new file takes
    that salt (so the passphrase alone opens it in any SQLCipher 4 tool), an existing one has it.
    """
    conn = sqlcipher3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # failures are reported as our errors
        conn.execute(f"PRAGMA key = {key.pragma_value(with_salt=True)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(
    path: Path, key: RawKey, *, foreign_keys: bool = True, pooled: bool = True
) -> Engine:
    """A SQLAlchemy engine whose connections are all ``open_keyed`` (raw key: no KDF each time).

    The pysqlite driver skips BEGIN before DDL, so its implicit transactions are switched off
    (``isolation_level=None`` in ``open_keyed``) and BEGIN is emitted here instead: SQLAlchemy's
    documented recipe for transactional DDL on SQLite, with the mode taken from ``BEGIN_OPTION``.
    """
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: open_keyed(path, key, foreign_keys=foreign_keys),
        module=sqlcipher3.dbapi2,
        poolclass=QueuePool if pooled else NullPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
