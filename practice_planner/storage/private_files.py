"""Writing files that hold client data: private from their first byte, whole or not at all.

A file is written under a temporary name beside its destination (mode 0600 at creation, so no
other account can open it even for a moment), synced, and only then renamed over the target: a
reader never sees half a file, and a crash leaves the old file or the new one, never a mix. The
temporary name is derived from the name the user chose, never from record content.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from practice_planner.errors import ValidationError

_NAME_KEPT = 80
"""Characters of the target's name kept in the temporary name (stays under NAME_MAX)."""


def temporary_sibling(target: Path, suffix: str = ".tmp") -> Path:
    """A fresh, hidden name in ``target``'s folder for writing before the rename."""
    return target.with_name(f".{target.name[:_NAME_KEPT]}.{secrets.token_hex(6)}{suffix}")


def create_private(path: Path) -> int:
    """Open a new file for writing, owner-only (0600); fails if the name exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_atomically(
    path: Path | str, data: bytes, *, before_publish: Callable[[], None] | None = None
) -> Path:
    """Write ``data`` to ``path`` (replacing a file there) privately and atomically; the path.

    ``before_publish`` runs once the bytes are safely on disk and before the rename, so an
    export can be entered in the audit trail first: if it raises, nothing is published.
    ``OSError`` reaches the caller, which knows which field to blame.
    """
    target = Path(path)
    temp = temporary_sibling(target)
    fd = create_private(temp)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if before_publish is not None:
            before_publish()
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    fsync_folder(target.parent)
    return target


def export_target(out_path: Path | str, field: str = "out") -> Path:
    """The absolute file an export will write, or ``ValidationError`` on ``field`` saying why."""
    target = Path(out_path).expanduser().absolute()
    try:
        is_folder, has_folder = target.is_dir(), target.parent.is_dir()
    except OSError as error:  # a name too long for the file system, say
        raise ValidationError(
            {field: f"The export cannot be written there: {error.strerror}."}
        ) from None
    if is_folder:
        raise ValidationError({field: "Choose a file name, not a folder."})
    if not has_folder:
        raise ValidationError({field: "The folder for the export does not exist."})
    return target
