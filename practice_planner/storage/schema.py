"""Which schema revision a vault is at, and bringing it up to this program's head with Alembic."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from practice_planner.errors import VaultTooNew

_MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The vault's revision, or None for a database that has no schema yet."""
    return MigrationContext.configure(connection).get_current_revision()


def current_revision_raw(dbapi_connection: Any) -> str | None:
    """The same, read on a plain sqlcipher3 connection before any engine exists."""
    has_table = dbapi_connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = dbapi_connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def ensure_not_too_new(revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise VaultTooNew(
            "This vault was written by a newer version of Practice Planner. "
            "Install that version (or newer) to open it; it is left unchanged."
        )


def needs_upgrade(revision: str | None) -> bool:
    return revision != head_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Apply migrations on ``connection`` inside the caller's transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)
