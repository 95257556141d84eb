"""Schema upgrades at unlock: rows kept, a verified backup first, models and migrations agree."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_planner.services import clients
from practice_planner.storage import audit, schema
from practice_planner.storage.cipher import derive_key, new_salt
from practice_planner.storage.connection import BEGIN_OPTION, make_engine
from practice_planner.storage.models import AuditEvent, Base, Client, Setting
from practice_planner.storage.vault import Vault, backups_folder
from tests.conftest import FAST_KDF, PASSPHRASE


def _vault_at_first_revision(path: Path, events: int) -> None:
    """A vault as the first released schema left it, with some history in it."""
    path.parent.mkdir(mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    engine = make_engine(path, derive_key(PASSPHRASE, new_salt(), FAST_KDF), pooled=False)
    with engine.connect() as conn, conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}).begin():
        schema.upgrade(conn, "0001")
        with Session(bind=conn) as session:
            for n in range(events):
                audit.append(session, "test.before_upgrade", detail={"n": n})
    engine.dispose()


def test_a_fresh_vault_is_created_at_head(vault: Vault) -> None:
    with vault.reading() as session:
        assert schema.current_revision(session.connection()) == schema.head_revision()
    assert not backups_folder(vault.path).exists()  # nothing to back up on creation


def test_upgrade_from_the_first_revision_keeps_rows(vault_path: Path) -> None:
    _vault_at_first_revision(vault_path, events=25)
    with Vault.open(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        with vault.reading() as session:
            assert schema.current_revision(session.connection()) == schema.head_revision()
            kept = session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == "test.before_upgrade")
            ).all()
            actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
            assert audit.verify_chain(session) == []
        with vault.unit_of_work() as session:  # the new table works
            session.add(Setting(key="auto_lock_minutes", value="10"))
        backup = vault.last_backup
    assert kept == [f'{{"n": {n}}}' for n in range(25)]
    assert actions[-2:] == ["vault.upgraded", "vault.unlocked"]
    # The backup made before the upgrade is the old vault, whole, under the same passphrase.
    assert backup is not None and backup.parent == backups_folder(vault_path)
    assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
    conn = sqlcipher3.connect(str(backup))
    conn.execute("PRAGMA key = '" + PASSPHRASE + "'")
    conn.execute(f"PRAGMA kdf_iter = {FAST_KDF}")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] == 25
    conn.close()


def test_models_match_the_migrated_schema(vault: Vault) -> None:
    with vault.reading() as session:
        context = MigrationContext.configure(session.connection())
        assert compare_metadata(context, Base.metadata) == []


def test_reopening_a_current_vault_makes_no_backup(vault: Vault) -> None:
    vault.close()
    Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF).close()
    assert not backups_folder(vault.path).exists()


def test_upgrade_to_0004_fills_the_search_key_of_existing_clients(vault_path: Path) -> None:
    people = [
        (1, "C-1", "Jürgen", "Müller", "Jo"),
        (2, "C-2", "Σοφία", "ΔΟΚΙΜΉ", ""),
        (3, "C-3", "Алёна", "Иванова", ""),
    ]
    vault_path.parent.mkdir(mode=0o700)
    os.close(os.open(vault_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    engine = make_engine(vault_path, derive_key(PASSPHRASE, new_salt(), FAST_KDF), pooled=False)
    with engine.connect() as conn, conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}).begin():
        schema.upgrade(conn, "0003")
        conn.exec_driver_sql(
            "INSERT INTO client (id, record_number, legal_given_name, legal_family_name, "
            "preferred_name, pronouns, email, phone, address, emergency_contact_name, "
            "emergency_contact_relationship, emergency_contact_phone, status, referral_source, "
            "presenting_concerns, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, '', '', '', '', '', '', '', 'active', '', '', "
            "'2026-11-22T10:00:00+00:00', '2026-11-22T10:00:00+00:00')",
            people,
        )
    engine.dispose()
    with Vault.open(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        with vault.reading() as session:
            keys = {
                row.id: row.search_key
                for row in session.execute(select(Client.id, Client.search_key))
            }
        found = clients.client_ids(vault, "muller")
        greek = clients.client_ids(vault, "δοκιμη")
        cyrillic = clients.client_ids(vault, "алена")
    assert keys == {1: "jurgen muller jo c-1", 2: "σοφια δοκιμη c-2", 3: "алена иванова c-3"}
    assert (found, greek, cyrillic) == ([1], [2], [3])
