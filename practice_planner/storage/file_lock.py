"""An OS-level exclusive lock beside the vault, so two copies of the program never write one file.

The lock is taken on ``<vault>.lock`` with ``flock`` (POSIX) or ``msvcrt.locking`` (Windows). The
operating system releases it when the process ends, even by a crash or SIGKILL, so a stale lock
file never keeps a clinician out of their own records. The file holds no data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from practice_planner.errors import VaultInUse


def lock_path_for(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


class VaultFileLock:
    """Held from opening a vault until closing it (also while the GUI is auto-locked)."""

    def __init__(self, vault_path: Path) -> None:
        self.path = lock_path_for(vault_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _try_lock(fd)
        except OSError:
            os.close(fd)
            raise VaultInUse(
                "This vault is open in another copy of Practice Planner. "
                "Close that copy first (or wait for it to finish), then try again."
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
