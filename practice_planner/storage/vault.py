"""The encrypted vault: one SQLCipher 4 file holding a practice's records.

Life cycle: ``Vault.create`` or ``Vault.open`` take the file lock (``VaultInUse`` otherwise) and
unlock; ``lock`` drops the engine and the key but keeps the file lock (the GUI's auto-lock);
``unlock`` opens it again; ``close`` locks and releases the file. The passphrase is used once per
unlock to derive the raw key (the costly KDF); every connection after that is keyed with the raw
key and pays nothing.

Transactions: a writing unit of work takes the write lock up front (``BEGIN IMMEDIATE``), which
keeps two writers in one process from deadlocking; reading takes a deferred snapshot.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import sqlcipher3
from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session, sessionmaker

from practice_planner.errors import (
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from practice_planner.storage import audit, schema
from practice_planner.storage.backup import write_verified_backup
from practice_planner.storage.cipher import (
    KDF_ITERATIONS,
    RawKey,
    authentic_pages,
    derive_key,
    file_size_is_whole_pages,
    looks_like_plain_sqlite,
    new_salt,
    read_salt,
)
from practice_planner.storage.connection import (
    BEGIN_OPTION,
    is_damage_message,
    make_engine,
    open_keyed,
)
from practice_planner.storage.file_lock import VaultFileLock
from practice_planner.storage.locations import ensure_private_dir

DAMAGED_ADVICE = "Restore it from your most recent backup; the damaged file is left as it is."


def failed_unlocks_path(vault_path: Path) -> Path:
    """Timestamps of failed unlocks, kept beside the vault until the next successful unlock.

    A wrong passphrase cannot write into the vault (it cannot decrypt it, and the file must stay
    untouched), so the attempts wait here and enter the audit trail at the next unlock. The file
    holds times only: no passphrase, no record data.
    """
    return vault_path.with_name(vault_path.name + ".failed-unlocks")


def backups_folder(vault_path: Path) -> Path:
    return vault_path.parent / "backups"


def _sidecars(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


class Vault:
    """An open vault file. Not thread-bound: sessions may be used from worker threads."""

    def __init__(self, path: Path | str, *, kdf_iterations: int = KDF_ITERATIONS) -> None:
        self.path = Path(path).expanduser().absolute()
        self.kdf_iterations = kdf_iterations
        self._file_lock = VaultFileLock(self.path)
        self._key: RawKey | None = None
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self.last_backup: Path | None = None

    # ----------------------------------------------------------------- creating and opening
    @classmethod
    def create(
        cls, path: Path | str, passphrase: str, *, kdf_iterations: int = KDF_ITERATIONS
    ) -> Vault:
        """Make a new vault at the current schema head. Never overwrites an existing file.

        Passphrase policy is the caller's (``services.vault_access``); storage takes any string.
        """
        vault = cls(path, kdf_iterations=kdf_iterations)
        if vault.path.exists():
            raise VaultExists("A vault already exists there; choose another file or open it.")
        ensure_private_dir(vault.path.parent)
        vault._file_lock.acquire()
        try:
            fd = os.open(vault.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            key = derive_key(passphrase, new_salt(), kdf_iterations)
            vault._key = key
            vault._migrate(None)
            vault._start_engine()
            with vault.unit_of_work() as session:
                audit.append(session, "vault.created", detail={"schema": schema.head_revision()})
        except BaseException:
            vault._drop_engine()
            for leftover in _sidecars(vault.path):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            vault._file_lock.release()
            raise
        return vault

    @classmethod
    def open(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        kdf_iterations: int = KDF_ITERATIONS,
        inspect_only: bool = False,
    ) -> Vault:
        """Take the file lock and unlock; on any failure the lock is released again.

        ``inspect_only`` (for ``check``) writes nothing: no schema upgrade and no audit event, so
        a damaged vault can still be opened far enough to be examined.
        """
        vault = cls(path, kdf_iterations=kdf_iterations)
        if not vault.path.exists():
            raise VaultNotFound("There is no vault at the chosen location.")
        vault._file_lock.acquire()
        try:
            vault.unlock(passphrase, inspect_only=inspect_only)
        except BaseException:
            vault._file_lock.release()
            raise
        return vault

    @property
    def is_unlocked(self) -> bool:
        return self._engine is not None

    def unlock(self, passphrase: str, *, inspect_only: bool = False) -> None:
        """Derive the key, prove it on the file, migrate if needed, and record the unlock."""
        if self.is_unlocked:
            return
        self._file_lock.acquire()
        self._ensure_openable_file()
        key = derive_key(passphrase, read_salt(self.path), self.kdf_iterations)
        try:
            probe = open_keyed(self.path, key)
        except sqlcipher3.DatabaseError as error:
            self._explain_unopenable(key, error)
        try:
            revision = schema.current_revision_raw(probe)
            schema.ensure_not_too_new(revision)
        except sqlcipher3.DatabaseError as error:
            key.wipe()
            if is_damage_message(str(error)):
                raise VaultDamaged("Part of the vault is damaged. " + DAMAGED_ADVICE) from None
            raise
        except BaseException:
            key.wipe()
            raise
        finally:
            probe.close()
        self._key = key
        try:
            if not inspect_only:
                self._migrate(revision)
            self._start_engine()
            if not inspect_only:
                self._record_unlock()
        except BaseException:
            self.lock()
            raise

    def _ensure_openable_file(self) -> None:
        if not self.path.exists():
            raise VaultNotFound("There is no vault at the chosen location.")
        if looks_like_plain_sqlite(self.path):
            raise VaultDamaged(
                "This file is an unencrypted SQLite database, not a Practice Planner vault."
            )
        if not file_size_is_whole_pages(self.path):
            raise VaultDamaged("The vault file is truncated or is not a vault. " + DAMAGED_ADVICE)

    def _explain_unopenable(self, key: RawKey, error: Exception) -> NoReturn:
        """Wrong passphrase, or a damaged first page? Ask the page HMACs, then raise."""
        if not is_damage_message(str(error)):
            raise VaultDamaged("The vault could not be read. " + DAMAGED_ADVICE) from None
        pages = authentic_pages(self.path, key)
        if any(pages):
            key.wipe()
            raise VaultDamaged(
                "The start of the vault file is damaged. " + DAMAGED_ADVICE
            ) from None
        key.wipe()
        self._remember_failed_unlock()
        raise WrongPassphrase("That passphrase does not open this vault.") from None

    def _remember_failed_unlock(self) -> None:
        fd = os.open(failed_unlocks_path(self.path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (datetime.now(UTC).isoformat(timespec="microseconds") + "\n").encode())
        finally:
            os.close(fd)

    def _record_unlock(self) -> None:
        pending = failed_unlocks_path(self.path)
        failures = _failed_unlock_times(pending)
        with self.unit_of_work() as session:
            for when in failures:
                audit.append(session, "vault.unlock_failed", at=when)
            audit.append(session, "vault.unlocked", detail={"failed_attempts": len(failures)})
        with contextlib.suppress(FileNotFoundError):
            pending.unlink()

    # ----------------------------------------------------------------- engine and sessions
    def _start_engine(self) -> None:
        self._engine = make_engine(self.path, self._require_key())
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def _drop_engine(self) -> None:
        engine, self._engine, self._sessions = self._engine, None, None
        if engine is not None:
            engine.dispose()

    def _require_key(self) -> RawKey:
        if self._key is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return self._key

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return self._engine

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A writing transaction (``BEGIN IMMEDIATE``): commit on success, roll back on error."""
        with self._session("IMMEDIATE") as session:
            yield session
            session.commit()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot (``BEGIN DEFERRED``); rolled back at the end."""
        with self._session("DEFERRED") as session:
            yield session

    @contextlib.contextmanager
    def _session(self, begin: str) -> Iterator[Session]:
        if self._sessions is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        bound = self.engine.execution_options(**{BEGIN_OPTION: begin})
        session = self._sessions(bind=bound)
        try:
            yield session
        except exc.DatabaseError as error:
            session.rollback()
            if is_damage_message(str(error.orig)):
                raise VaultDamaged("Part of the vault is damaged. " + DAMAGED_ADVICE) from None
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def raw_connection(self, *, foreign_keys: bool = True) -> Iterator[Any]:
        """A plain keyed sqlcipher3 connection, outside the pool (checks, backups, rekey)."""
        conn = open_keyed(self.path, self._require_key(), foreign_keys=foreign_keys)
        try:
            yield conn
        finally:
            conn.close()

    # ----------------------------------------------------------------- schema changes
    def _migrate(self, revision: str | None) -> None:
        """Bring the schema to head in one transaction, after a verified backup if it had data.

        Foreign keys are off on this connection (a pragma SQLite only honours outside a
        transaction): batch-mode table rebuilds drop and recreate tables, which with foreign keys
        on would cascade deletes. ``foreign_key_check`` runs before the commit instead.
        """
        if not schema.needs_upgrade(revision):
            return
        key = self._require_key()
        if revision is not None:
            with self.raw_connection() as conn:
                self.last_backup = write_verified_backup(
                    conn, key, backups_folder(self.path), f"before-upgrade-from-{revision}"
                )
        engine = make_engine(self.path, key, foreign_keys=False, pooled=False)
        try:
            with engine.connect() as connection:
                connection = connection.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
                with connection.begin():
                    schema.upgrade(connection)
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise VaultDamaged(
                            "The schema upgrade would leave broken references; nothing was "
                            "changed. " + DAMAGED_ADVICE
                        )
                    if revision is not None:
                        with Session(bind=connection) as session:
                            audit.append(
                                session,
                                "vault.upgraded",
                                detail={"from": revision, "to": schema.head_revision()},
                            )
        finally:
            engine.dispose()

    # ----------------------------------------------------------------- passphrase and closing
    def verify_passphrase(self, passphrase: str) -> bool:
        """Does ``passphrase`` derive the key this vault is unlocked with? (Costs one KDF.)"""
        key = self._require_key()
        candidate = derive_key(passphrase, key.salt, self.kdf_iterations)
        try:
            return hmac.compare_digest(bytes(candidate.key), bytes(key.key))
        finally:
            candidate.wipe()

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-encrypt every page under a key from ``new``; ``current`` must open the vault."""
        if not self.verify_passphrase(current):
            raise WrongPassphrase("The current passphrase is not correct; nothing was changed.")
        old_key = self._require_key()
        new_key = derive_key(new, old_key.salt, self.kdf_iterations)
        self._drop_engine()
        try:
            with self.raw_connection() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                conn.execute(f"PRAGMA rekey = {new_key.pragma_value()}")
        except BaseException:
            new_key.wipe()
            self._start_engine()
            raise
        old_key.wipe()
        self._key = new_key
        self._start_engine()
        with self.unit_of_work() as session:
            audit.append(session, "vault.passphrase_changed")

    def lock(self) -> None:
        """Forget the key and close every connection; the file stays reserved to this process."""
        self._drop_engine()
        if self._key is not None:
            self._key.wipe()
            self._key = None

    def close(self) -> None:
        self.lock()
        self._file_lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "unlocked" if self.is_unlocked else "locked"
        return f"Vault({json.dumps(str(self.path))}, {state})"


def _failed_unlock_times(pending: Path) -> list[str]:
    """The timestamps waiting beside the vault; anything that is not one is ignored."""
    try:
        lines = pending.read_text(encoding="ascii", errors="replace").split()
    except FileNotFoundError:
        return []
    times = []
    for line in lines:
        try:
            when = datetime.fromisoformat(line)
        except ValueError:
            continue
        if when.tzinfo is not None:
            times.append(when.astimezone(UTC).isoformat(timespec="microseconds"))
    return times
