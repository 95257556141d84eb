"""Backing up and restoring a vault: the use cases behind File > Back up now, the automatic
backup on closing, the backup list, restore, and the backup offered for a damaged vault.

Every backup is an encrypted, verified copy (``storage.backup``); this layer chooses the folder
and how many to keep, rotates, turns disk errors into messages on a field, and writes the audit
trail. Audit details name the reason and the file (our own name, never a client's).

The GUI calls these off its thread; each is one short unit of work on the vault it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from practice_planner.errors import ValidationError
from practice_planner.storage import audit
from practice_planner.storage.backup import (
    DEFAULT_KEEP,
    MANUAL,
    ON_CLOSE,
    BackupInfo,
    RestoreResult,
    backup_info,
    make_backup,
    restore_backup,
    rotate_backups,
)
from practice_planner.storage.backup import list_backups as _list_backups
from practice_planner.storage.backup import newest_verified_backup as _newest_verified
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.vault import Vault, backups_folder

__all__ = [
    "DEFAULT_KEEP",
    "BackupInfo",
    "BackupMade",
    "RestoreResult",
    "automatic_backup_on_close",
    "back_up_now",
    "default_folder",
    "list_backups",
    "newest_verified_backup",
    "restore",
]


@dataclass(frozen=True)
class BackupMade:
    """A backup just written, and the older ones rotation removed to keep the chosen number."""

    backup: BackupInfo
    removed: tuple[Path, ...] = ()


def default_folder(vault_path: Path) -> Path:
    """``backups/`` beside the vault: where backups go unless the user chose a folder."""
    return backups_folder(Path(vault_path).expanduser().absolute())


def _folder(vault_path: Path, folder: Path | str | None) -> Path:
    if folder is None or str(folder).strip() == "":
        return default_folder(vault_path)
    chosen = Path(folder).expanduser().absolute()
    if chosen.exists() and not chosen.is_dir():
        raise ValidationError({"folder": "The backup folder is a file; choose a folder."})
    return chosen


def _check_keep(keep: int) -> None:
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
        raise ValidationError({"keep": "Keep at least one backup."})


def _disk_error(error: OSError) -> ValidationError:
    return ValidationError(
        {"folder": f"The backup could not be written: {error.strerror or error}."}
    )


def back_up_now(
    vault: Vault,
    folder: Path | str | None = None,
    keep: int = DEFAULT_KEEP,
    *,
    reason: str = MANUAL,
) -> BackupMade:
    """Write a verified backup of the unlocked vault, rotate to ``keep``, and audit it.

    ``folder`` None or empty means ``backups/`` beside the vault. Only this vault's verified
    backups are rotated (see ``storage.backup.rotate_backups``). A disk that refuses the write is
    a ``ValidationError`` on "folder"; a vault too damaged to copy is ``VaultDamaged``.
    """
    _check_keep(keep)
    target = _folder(vault.path, folder)
    try:
        path = make_backup(vault, target, reason)
        removed = tuple(rotate_backups(target, keep, of_vault=vault.path))
        info = backup_info(path)
    except OSError as error:
        raise _disk_error(error) from None
    assert info is not None, "make_backup returns a file it named"
    with vault.unit_of_work() as session:
        audit.append(
            session,
            "vault.backed_up",
            detail={
                "reason": reason,
                "file": path.name,
                "bytes": info.size,
                "rotated_away": len(removed),
            },
        )
    return BackupMade(info, removed)


def automatic_backup_on_close(
    vault: Vault,
    folder: Path | str | None = None,
    keep: int = DEFAULT_KEEP,
    today: date | None = None,
) -> BackupMade | None:
    """The backup made when the window closes, at most once a day; None if one exists today.

    Only an earlier automatic backup counts: a manual backup in the morning does not excuse
    the day's work from being backed up on closing. ``today`` is the local date.
    """
    _check_keep(keep)
    target = _folder(vault.path, folder)
    day = today or date.today()
    for info in _list_backups(target, of_vault=vault.path):
        if info.reason == ON_CLOSE and info.verified and info.made_at.astimezone().date() == day:
            return None
    return back_up_now(vault, target, keep, reason=ON_CLOSE)


def list_backups(folder: Path | str, *, vault_path: Path | None = None) -> list[BackupInfo]:
    """The backups in ``folder``, newest first, for the restore list (date, size, verified).

    With ``vault_path``, only that vault's backups (a folder may be shared by several vaults).
    """
    return _list_backups(Path(folder).expanduser().absolute(), of_vault=vault_path)


def newest_verified_backup(
    folder: Path | str,
    passphrase: str | None = None,
    *,
    kdf_iterations: int = KDF_ITERATIONS,
    vault_path: Path | None = None,
) -> BackupInfo | None:
    """The backup to offer when a vault is found damaged; None if there is none.

    Given the passphrase just typed, the backup is also opened read-only and checked, and a
    damaged or foreign one is passed over for the next newest.
    """
    return _newest_verified(
        Path(folder).expanduser().absolute(),
        passphrase,
        kdf_iterations=kdf_iterations,
        of_vault=vault_path,
    )


def restore(
    vault_path: Path | str,
    backup_path: Path | str,
    passphrase: str,
    *,
    folder: Path | str | None = None,
    kdf_iterations: int = KDF_ITERATIONS,
    current: Vault | None = None,
) -> RestoreResult:
    """Replace the vault with a backup, keeping the vault as it was in ``folder`` first.

    ``passphrase`` is the backup's: the one the vault had when the backup was made
    (``WrongPassphrase`` explains this). The restored vault records ``vault.restored``.

    From the GUI, pass the open vault as ``current``: it is kept as a verified backup with its
    own key and left locked; unlock it with the backup's passphrase afterwards. Otherwise the
    vault must be closed everywhere (``VaultInUse``). A disk that refuses the copy is a
    ``ValidationError`` on "folder"; the vault is then unchanged.
    """
    target = Path(vault_path).expanduser().absolute()
    keep_in = _folder(target, folder)
    try:
        return restore_backup(
            target,
            backup_path,
            passphrase,
            kdf_iterations=kdf_iterations,
            folder=keep_in,
            current=current,
        )
    except OSError as error:
        raise ValidationError(
            {"folder": f"The restore could not be done: {error.strerror or error}."}
        ) from None
