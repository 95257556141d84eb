"""Encrypted, verified copies of a vault made through SQLCipher itself, and restoring one.

SQLite's online backup API copies every page into a new file keyed with the same raw key and
salt, so a backup opens with the passphrase the vault had when it was made. The copy goes to a
temporary name, is opened and verified (HMAC of every page, SQLite's integrity check, equal row
counts), and only then renamed into place: a half-written backup never looks like a good one,
and a file carrying a backup's name was verified when it was written.

Names are ``practice-<UTC stamp>-<reason>.db``; the reason is one of ours (``manual``, ``on-close``,
``before-upgrade-from-0003``...), never text a person typed, so a folder listing shows no one.
Rotation and listing only ever touch names of that shape: a file we did not name is never deleted.

Restoring never overwrites a vault without keeping it: the current file is first backed up (a
verified backup if the passphrase given opens it, otherwise a byte copy with its journal, named
``...-before-restore-unverified.db``, which still opens with whatever passphrase it had).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3
from sqlalchemy.orm import Session

from practice_planner.errors import (
    VaultDamaged,
    VaultError,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from practice_planner.storage import audit, schema
from practice_planner.storage.cipher import (
    KDF_ITERATIONS,
    SALT_SIZE,
    RawKey,
    authentic_pages,
    derive_key,
    file_size_is_whole_pages,
    looks_like_plain_sqlite,
    read_salt,
)
from practice_planner.storage.connection import BEGIN_OPTION, make_engine, open_keyed
from practice_planner.storage.file_lock import VaultFileLock
from practice_planner.storage.locations import ensure_private_dir
from practice_planner.storage.private_files import create_private, fsync_folder, temporary_sibling

if TYPE_CHECKING:
    from practice_planner.storage.vault import Vault

DEFAULT_KEEP = 20
"""How many verified backups rotation keeps unless the user chose otherwise."""

MANUAL = "manual"
ON_CLOSE = "on-close"
BEFORE_RESTORE = "before-restore"
BEFORE_UPGRADE = "before-upgrade-from-"
UNVERIFIED = "-unverified"
"""Suffix of a reason whose file is a byte copy this program could not open and check."""

_REASON = re.compile(r"[a-z0-9][a-z0-9._-]{0,80}")
_NAME = re.compile(r"practice-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9][a-z0-9._-]{0,80})\.db")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_COPIED_SIDECARS = ("-wal", "-journal")
"""What a byte copy takes along: uncheckpointed pages and an interrupted transaction's journal."""
_ALL_SIDECARS = ("-wal", "-shm", "-journal")

OLD_PASSPHRASE_HINT = (
    "A backup opens with the passphrase the vault had when the backup was made: "
    "if the passphrase was changed since, enter the old one."
)


def backup_file_name(reason: str, when: datetime | None = None) -> str:
    """``practice-<stamp>-<reason>.db``; ``reason`` must be one of our plain words (ValueError)."""
    if not _REASON.fullmatch(reason):
        raise ValueError("a backup reason is a short lower-case word of ours")
    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime(_STAMP)
    return f"practice-{stamp}-{reason}.db"


@dataclass(frozen=True)
class BackupInfo:
    """One backup in a folder, as the restore list shows it."""

    path: Path
    made_at: datetime
    """When it was written (aware, UTC), read from its name."""
    reason: str
    size: int
    """Bytes on disk, with the journal a byte copy carries."""
    verified: bool
    """Written and verified by this program, and still whole; False for a byte copy kept aside
    before a restore (it may be damaged or under another passphrase) or a truncated file."""

    @property
    def label(self) -> str:
        """Why it was made, in words for the backup list."""
        if self.reason == MANUAL:
            return "Manual backup"
        if self.reason == ON_CLOSE:
            return "Automatic backup on closing"
        if self.reason == BEFORE_RESTORE:
            return "The vault as it was before a restore"
        if self.reason == BEFORE_RESTORE + UNVERIFIED:
            return "The vault as it was before a restore (copied unchecked)"
        if self.reason.startswith(BEFORE_UPGRADE):
            return "Before a program upgrade"
        return self.reason.replace("-", " ").capitalize()


def _parse_name(name: str) -> tuple[datetime, str] | None:
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    try:
        made = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return made, match["reason"]


def _is_plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _looks_whole(path: Path) -> bool:
    """Cheap, key-free: a whole number of pages and not an unencrypted database."""
    try:
        return file_size_is_whole_pages(path) and not looks_like_plain_sqlite(path)
    except OSError:
        return False


def _same_vault(path: Path, salt: bytes | None) -> bool:
    """Backups of one vault share its salt (also across passphrase changes and restores)."""
    if salt is None:
        return True
    try:
        return read_salt(path) == salt
    except OSError:
        return False


def _vault_salt(vault_path: Path | None) -> bytes | None:
    if vault_path is None:
        return None
    try:
        return read_salt(Path(vault_path))
    except OSError:
        return None


def backup_info(path: Path) -> BackupInfo | None:
    """What the list shows about one file, or None if it is not a backup named by us."""
    parsed = _parse_name(path.name)
    if parsed is None or not _is_plain_file(path):
        return None
    made, reason = parsed
    try:
        size = path.stat().st_size
        for suffix in _COPIED_SIDECARS:
            sidecar = Path(f"{path}{suffix}")
            if sidecar.is_file():
                size += sidecar.stat().st_size
    except FileNotFoundError:  # removed while we looked
        return None
    verified = not reason.endswith(UNVERIFIED) and _looks_whole(path)
    return BackupInfo(path, made, reason, size, verified)


def list_backups(folder: Path, *, of_vault: Path | None = None) -> list[BackupInfo]:
    """Backups in ``folder``, newest first; with ``of_vault``, only that vault's.

    Only files named by this program are listed; anything else in the folder is ignored.
    A missing folder simply has no backups.
    """
    salt = _vault_salt(of_vault)
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for name in names:
        info = backup_info(Path(folder) / name)
        if info is not None and _same_vault(info.path, salt):
            found.append(info)
    found.sort(key=lambda info: (info.made_at, info.path.name), reverse=True)
    return found


def rotate_backups(
    folder: Path, keep: int = DEFAULT_KEEP, *, of_vault: Path | None = None
) -> list[Path]:
    """Delete verified backups beyond the newest ``keep``; the files removed.

    Byte copies kept aside before a restore are never rotated away (they may be the only copy of
    work done since the last backup), nor is any file whose name we did not give. With
    ``of_vault``, only that vault's backups count, so vaults sharing a folder keep their own.
    """
    if keep < 1:
        raise ValueError("rotation keeps at least one backup")
    removed: list[Path] = []
    verified = [info for info in list_backups(folder, of_vault=of_vault) if info.verified]
    for info in verified[keep:]:
        with contextlib.suppress(FileNotFoundError):
            info.path.unlink()
            removed.append(info.path)
    if removed:
        fsync_folder(folder)
    return removed


# ---------------------------------------------------------------------------------- making one
def _row_counts(conn: Any, schema_name: str = "main") -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema_name}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        t: conn.execute(f'SELECT count(*) FROM {schema_name}."{t}"').fetchone()[0] for t in tables
    }


def _fresh_name(folder: Path, reason: str) -> Path:
    """A name no file has yet (two backups in one microsecond get distinct stamps)."""
    when = datetime.now(UTC)
    while True:
        final = folder / backup_file_name(reason, when)
        if not final.exists() and not Path(f"{final}.partial").exists():
            return final
        when += timedelta(microseconds=1)


def _remove_with_sidecars(path: Path) -> None:
    for leftover in (path, *(Path(f"{path}{suffix}") for suffix in _ALL_SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def write_verified_backup(source: Any, key: RawKey, folder: Path, reason: str) -> Path:
    """Copy the open, keyed ``source`` connection into ``folder``; returns the verified file.

    The pages are copied with SQLite's online backup API into a file keyed with the same raw
    key and salt (SQLCipher decrypts each page and encrypts it again for the copy). The copy
    and the row counts it is checked against are read in one transaction, so a write from
    another connection meanwhile cannot make a good copy look short (or a short one look good).
    """
    ensure_private_dir(folder)
    final = _fresh_name(folder, reason)
    temp = Path(f"{final}.partial")
    os.close(create_private(temp))
    try:
        target = _backup_target(temp, key)
        try:
            source.execute("BEGIN")
            try:
                expected = _row_counts(source)  # the first read fixes the snapshot copied
                source.backup(target)
            finally:
                source.execute("ROLLBACK")  # nothing was written: only ends the read
        finally:
            target.close()
        verify_backup(temp, key, expected)
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(temp, final)
        fsync_folder(folder)
    except BaseException:
        _remove_with_sidecars(temp)
        raise
    return final


def _backup_target(path: Path, key: RawKey) -> Any:
    """The empty file a backup is copied into, keyed like the vault (raw key and salt).

    No journal and no syncs while it is written: it is a temporary file until verified, synced
    and renamed, and it is deleted if anything fails.
    """
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key.pragma_value(with_salt=True)}")
        conn.execute("PRAGMA journal_mode = OFF").fetchone()
        conn.execute("PRAGMA synchronous = OFF")
    except BaseException:
        conn.close()
        raise
    return conn


def verify_backup(path: Path, key: RawKey, expected_counts: dict[str, int] | None) -> None:
    """Open the copy and prove it whole; raises ``VaultDamaged`` naming what failed.

    Beyond the page HMACs and SQLite's own check, the copy must be a vault this program can
    open (an ``alembic_version`` it knows; ``VaultTooNew`` otherwise). It is left in
    rollback-journal mode: one self-contained file. The two whole-file checks each read every
    page; they run at the same time on two connections (SQLite works outside the GIL).
    """
    try:
        conn = open_keyed(path, key)
    except sqlcipher3.DatabaseError:
        raise VaultDamaged("The backup copy cannot be opened; it was not kept.") from None
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pages = pool.submit(_page_check, path, key)
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            pages_ok = pages.result()
        if not pages_ok:
            raise VaultDamaged("The backup copy failed its page check; it was not kept.")
        if integrity != "ok":
            raise VaultDamaged("The backup copy failed SQLite's integrity check; it was not kept.")
        revision = schema.current_revision_raw(conn)
        if revision is None:
            raise VaultDamaged("The copy is not a Practice Planner vault; it was not kept.")
        schema.ensure_not_too_new(revision)
        if expected_counts is not None and _row_counts(conn) != expected_counts:
            raise VaultDamaged("The backup copy is missing rows; it was not kept.")
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlcipher3.DatabaseError:
        raise VaultDamaged(
            "The backup copy could not be read to the end; it was not kept."
        ) from None
    finally:
        conn.close()


def _page_check(path: Path, key: RawKey) -> bool:
    """``PRAGMA cipher_integrity_check`` (every page's HMAC) on a connection of its own."""
    try:
        conn = open_keyed(path, key)
    except sqlcipher3.DatabaseError:
        return False
    try:
        return not conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def _key_of(vault: Vault) -> RawKey:
    """The unlocked vault's raw key, for keying a copy with the same key and salt.

    ``Vault`` keeps its key private; storage code (this module and ``vault.py``) may use it, and
    it never leaves this layer.
    """
    return vault._require_key()


def make_backup(vault: Vault, folder: Path | None = None, reason: str = MANUAL) -> Path:
    """A verified backup of the unlocked ``vault`` in ``folder`` (default: ``backups/`` beside it).

    No KDF is paid: the copy is keyed with the vault's raw key, so it opens with the passphrase
    the vault has now.
    """
    from practice_planner.storage.vault import backups_folder

    target = Path(folder).expanduser().absolute() if folder else backups_folder(vault.path)
    key = _key_of(vault)
    with vault.raw_connection() as conn:
        return write_verified_backup(conn, key, target, reason)


# ---------------------------------------------------------------------------------- checking one
def _checked_file(path: Path, what: str) -> None:
    if not path.exists():
        raise VaultNotFound(f"There is no {what} at the chosen location.")
    if not path.is_file():
        raise VaultNotFound(f"Choose a {what} file, not a folder.")
    if looks_like_plain_sqlite(path):
        raise VaultDamaged(f"This file is an unencrypted SQLite database, not a {what}.")
    if not file_size_is_whole_pages(path):
        raise VaultDamaged(f"The {what} file is truncated or is not a {what}.")


def backup_key(path: Path, passphrase: str, *, kdf_iterations: int = KDF_ITERATIONS) -> RawKey:
    """The key that opens the backup at ``path``, proven on its first page; nothing is written.

    ``WrongPassphrase`` says that a backup needs the passphrase of its day; ``VaultDamaged`` that
    the file is not a whole backup.
    """
    path = Path(path)
    _checked_file(path, "backup")
    key = derive_key(passphrase, read_salt(path), kdf_iterations)
    pages = authentic_pages(path, key)
    if pages and pages[0]:
        return key
    key.wipe()
    if any(pages):
        raise VaultDamaged("The start of the backup file is damaged; choose another backup.")
    raise WrongPassphrase("That passphrase does not open this backup. " + OLD_PASSPHRASE_HINT)


def check_backup(path: Path, passphrase: str, *, kdf_iterations: int = KDF_ITERATIONS) -> None:
    """Prove a backup restorable with ``passphrase`` (opens it read-only: it stays unchanged)."""
    key = backup_key(path, passphrase, kdf_iterations=kdf_iterations)
    try:
        _check_read_only(Path(path), key)
    finally:
        key.wipe()


def _check_read_only(path: Path, key: RawKey) -> None:
    uri = path.absolute().as_uri() + "?mode=ro"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None)
    except sqlcipher3.DatabaseError:
        raise VaultDamaged("The backup cannot be opened; choose another backup.") from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key.pragma_value(with_salt=True)}")
        conn.execute("PRAGMA temp_store = MEMORY")
        bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if bad or conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise VaultDamaged("The backup is damaged; choose another backup.")
        revision = schema.current_revision_raw(conn)
        if revision is None:
            raise VaultDamaged("This file is not a Practice Planner backup.")
        schema.ensure_not_too_new(revision)
    except sqlcipher3.DatabaseError:
        raise VaultDamaged("The backup is damaged; choose another backup.") from None
    finally:
        conn.close()


def newest_verified_backup(
    folder: Path,
    passphrase: str | None = None,
    *,
    kdf_iterations: int = KDF_ITERATIONS,
    of_vault: Path | None = None,
) -> BackupInfo | None:
    """The newest backup that is verified, or None.

    Without a passphrase that is the name and size check only (instant). With one, each
    candidate is also opened read-only and checked page by page, newest first, until one holds:
    the backup to offer for a damaged vault. The key is derived once per salt.
    """
    keys: dict[bytes, RawKey] = {}
    try:
        for info in list_backups(folder, of_vault=of_vault):
            if not info.verified:
                continue
            if passphrase is None:
                return info
            try:
                salt = read_salt(info.path)
                if salt not in keys:
                    keys[salt] = derive_key(passphrase, salt, kdf_iterations)
                key = keys[salt]
                pages = authentic_pages(info.path, key, limit=1)
                if not (pages and pages[0]):
                    continue
                _check_read_only(info.path, key)
            except (OSError, VaultError):
                continue
            return info
    finally:
        for key in keys.values():
            key.wipe()
    return None


# ---------------------------------------------------------------------------------- restoring
@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: which backup now is the vault, and where the old vault was kept."""

    vault_path: Path
    restored_from: Path
    kept_aside: Path | None
    """The vault as it was before (None when there was no vault file)."""
    kept_aside_verified: bool
    """True: a verified backup. False: a byte copy, which opens with the passphrase it had."""


@contextlib.contextmanager
def _held(vault_path: Path, current: Vault | None) -> Iterator[None]:
    """The vault's file lock for the whole restore: no other copy of the program has it open."""
    if current is not None:
        yield  # an unlocked Vault holds its lock until it is closed
        return
    lock = VaultFileLock(vault_path)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _copy_file(source: Path, target: Path) -> None:
    fd = create_private(target)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


def _byte_copy_aside(vault_path: Path, folder: Path) -> Path:
    """Copy the vault file and its journals as they are, privately, under one of our names."""
    ensure_private_dir(folder)
    final = _fresh_name(folder, BEFORE_RESTORE + UNVERIFIED)
    temp = Path(f"{final}.partial")
    copied: list[Path] = []
    try:
        for suffix in _COPIED_SIDECARS:
            sidecar = Path(f"{vault_path}{suffix}")
            if sidecar.is_file() and sidecar.stat().st_size > 0:
                _copy_file(sidecar, Path(f"{final}{suffix}"))
                copied.append(Path(f"{final}{suffix}"))
        _copy_file(vault_path, temp)
        os.replace(temp, final)  # the main file last: its name means the copy is complete
    except BaseException:
        for leftover in (temp, *copied):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    fsync_folder(folder)
    return final


def _verified_copy_aside(vault_path: Path, key: RawKey, folder: Path) -> Path | None:
    """A verified backup of the current vault under ``key``, or None if that cannot be made."""
    try:
        pages = authentic_pages(vault_path, key, limit=1)
        if not (pages and pages[0]):
            return None
        conn = open_keyed(vault_path, key)
    except (OSError, sqlcipher3.DatabaseError):
        return None
    try:
        return write_verified_backup(conn, key, folder, BEFORE_RESTORE)
    except (sqlcipher3.DatabaseError, VaultError):
        return None
    finally:
        conn.close()


def _keep_current_aside(
    vault_path: Path, folder: Path, keys: list[RawKey]
) -> tuple[Path | None, bool]:
    if not vault_path.exists():
        return None, False
    for key in keys:
        kept = _verified_copy_aside(vault_path, key, folder)
        if kept is not None:
            return kept, True
    return _byte_copy_aside(vault_path, folder), False


def _keys_for_current(
    target: Path, passphrase: str, key: RawKey, kdf_iterations: int, current: Vault | None
) -> list[RawKey]:
    """Keys (our own copies, wiped by the caller) that may open the vault being replaced.

    The caller's unlocked vault knows its key; otherwise the backup's passphrase is tried, which
    opens the current vault whenever the passphrase was not changed since the backup.
    """
    if current is not None:
        own = _key_of(current)
        return [RawKey(bytearray(own.key), own.salt)]
    if not target.exists():
        return []
    salt = read_salt(target)
    if len(salt) != SALT_SIZE:
        return []
    if salt == key.salt:
        return [RawKey(bytearray(key.key), key.salt)]
    return [derive_key(passphrase, salt, kdf_iterations)]


def _record_restore(temp: Path, key: RawKey, detail: dict[str, object]) -> None:
    """Write ``vault.restored`` into the copy about to become the vault, then make it one file."""
    engine = make_engine(temp, key, pooled=False)
    try:
        bound = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        with Session(bind=bound) as session:
            audit.append(session, "vault.restored", detail=detail)
            session.commit()
    finally:
        engine.dispose()
    conn = open_keyed(temp, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        conn.close()
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())


def restore_backup(
    vault_path: Path | str,
    backup_path: Path | str,
    passphrase: str,
    *,
    kdf_iterations: int = KDF_ITERATIONS,
    folder: Path | None = None,
    current: Vault | None = None,
) -> RestoreResult:
    """Make the backup at ``backup_path`` the vault at ``vault_path``, keeping the old one.

    ``passphrase`` is the backup's (``WrongPassphrase`` otherwise, with the hint that a backup
    made before a passphrase change needs the old one). The backup is copied beside the vault
    and verified there, so the backup file itself is only read. The current vault is kept in
    ``folder`` (default ``backups/`` beside it) before anything is replaced; stale journals of
    the old file are removed only after that, and the copy is renamed over the vault in one
    step, all under the vault's file lock.

    ``current``, when given, is the caller's unlocked ``Vault`` for this same file: it is backed
    up with its own key (so even a vault under a newer passphrase is kept as a verified backup)
    and left locked, still holding the file lock, ready for ``unlock`` with the backup's
    passphrase. Without it, the vault must not be open anywhere (``VaultInUse``).
    """
    from practice_planner.storage.vault import backups_folder

    target = Path(vault_path).expanduser().absolute()
    source = Path(backup_path).expanduser().absolute()
    keep_in = Path(folder).expanduser().absolute() if folder else backups_folder(target)
    if current is not None and (current.path != target or not current.is_unlocked):
        raise VaultLocked("Unlock the vault being replaced before restoring over it.")
    _checked_file(source, "backup")
    if target.exists() and os.path.samefile(source, target):
        raise VaultError("That file is the vault itself; choose a backup to restore.")
    key = backup_key(source, passphrase, kdf_iterations=kdf_iterations)
    keys: list[RawKey] = []
    kept: Path | None = None
    verified = False
    ensure_private_dir(target.parent)
    try:
        with _held(target, current):
            temp = temporary_sibling(target, ".restoring")
            try:
                _copy_file(source, temp)
                verify_backup(temp, key, None)
                keys = _keys_for_current(target, passphrase, key, kdf_iterations, current)
                if current is not None:
                    current.lock()  # no connection may stay open on the file being replaced
                kept, verified = _keep_current_aside(target, keep_in, keys)
                _record_restore(
                    temp,
                    key,
                    {
                        "backup": source.name,
                        "kept_aside": kept.name if kept else None,
                        "kept_aside_verified": verified,
                    },
                )
                for suffix in _ALL_SIDECARS:  # the old file's journals must not meet the new one
                    with contextlib.suppress(FileNotFoundError):
                        Path(f"{target}{suffix}").unlink()
                os.replace(temp, target)
                fsync_folder(target.parent)
            except BaseException:
                _remove_with_sidecars(temp)
                raise
    finally:
        for used in (key, *keys):
            used.wipe()
    return RestoreResult(target, source, kept, verified)
