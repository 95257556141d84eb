"""Where the vault lives by default, and making private folders for it."""

from __future__ import annotations

import os
from pathlib import Path

VAULT_ENV = "PRACTICE_PLANNER_VAULT"
APP_NAME = "PracticePlanner"
VAULT_FILE_NAME = "practice.db"


def default_vault_path() -> Path:
    """``$PRACTICE_PLANNER_VAULT`` if set, else the platform's per-user data folder."""
    override = os.environ.get(VAULT_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / VAULT_FILE_NAME


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) if missing; a folder we create is readable by its owner only.

    An existing folder the user chose keeps its permissions: we do not tighten someone's Documents.
    """
    if folder.is_dir():
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
