"""Typed preferences over the per-vault ``setting`` table (key -> text).

Preferences live inside the encrypted vault rather than in a per-machine file, so they travel with
the records (a restored backup keeps its auto-lock and review defaults) and reveal nothing about
the practice to someone reading the home folder. Each value is stored as text under ``pref.<name>``;
a value that no longer parses (an older or newer version wrote it) falls back to the default
instead of making the vault unusable.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from sqlalchemy import select

from practice_planner.domain.enums import NoteFormat
from practice_planner.domain.review import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS
from practice_planner.errors import ValidationError
from practice_planner.services.validation import Problems
from practice_planner.storage import audit
from practice_planner.storage.locations import ensure_private_dir
from practice_planner.storage.models import Setting
from practice_planner.storage.vault import Vault, backups_folder

PREFIX = "pref."

AUTO_LOCK_MINUTES = (1, 120)
"""Shortest and longest idle time before the window locks itself."""
BACKUP_COUNT = (1, 100)
"""How many backups rotation keeps, at least and at most."""
UNSIGNED_NOTE_DAYS = (1, 90)
"""How many days a session's note may stay unsigned before the Sessions tab flags it."""


@dataclass(frozen=True)
class Preferences:
    """What the Preferences dialog edits (besides the practice profile)."""

    auto_lock_minutes: int = 10
    backup_folder: str = ""
    """Empty: ``backups/`` beside the vault file."""
    backup_count: int = 20
    review_interval_days: int = 30
    default_note_format: NoteFormat = NoteFormat.SOAP
    unsigned_note_days: int = 7


DEFAULTS = Preferences()


def validate_preferences(data: Preferences) -> None:
    """Raise ``ValidationError`` naming each out-of-range field; writes nothing."""
    problems = Problems()
    _in_range(problems, "auto_lock_minutes", data.auto_lock_minutes, AUTO_LOCK_MINUTES, "minutes")
    _in_range(problems, "backup_count", data.backup_count, BACKUP_COUNT, "backups")
    _in_range(
        problems,
        "review_interval_days",
        data.review_interval_days,
        (MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS),
        "days",
    )
    _in_range(problems, "unsigned_note_days", data.unsigned_note_days, UNSIGNED_NOTE_DAYS, "days")
    _check_folder(problems, data.backup_folder.strip())
    if not isinstance(data.default_note_format, NoteFormat):
        problems.add("default_note_format", "Choose one of the note formats.")
    problems.raise_if_any()


def _check_folder(problems: Problems, folder: str) -> None:
    """Empty (beside the vault) or a full path that is not a file; it need not exist yet."""
    problems.max_length("backup_folder", folder, "Backup folder", 1000)
    if not folder or "backup_folder" in problems.fields:
        return
    if any(ord(character) < 32 for character in folder):
        problems.add("backup_folder", "A folder path cannot contain line breaks or tabs.")
        return
    path = Path(folder).expanduser()
    if not path.is_absolute():
        problems.add("backup_folder", "Choose a full folder path, e.g. /home/me/Backups.")
        return
    try:
        is_file = path.exists() and not path.is_dir()
    except (OSError, ValueError):  # e.g. a name too long for the file system
        problems.add("backup_folder", "This computer cannot use that path; choose another folder.")
        return
    if is_file:
        problems.add("backup_folder", "That path is a file, not a folder.")


def _in_range(
    problems: Problems, field: str, value: int, bounds: tuple[int, int], unit: str
) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.add(field, f"Choose from {low} to {high} {unit}.")


def get_preferences(vault: Vault) -> Preferences:
    with vault.reading() as session:
        rows = session.scalars(select(Setting).where(Setting.key.startswith(PREFIX)))
        stored = {row.key[len(PREFIX) :]: row.value for row in rows}
    return _parse(stored)


def _parse(stored: dict[str, str]) -> Preferences:
    values: dict[str, object] = {}
    for f in fields(Preferences):
        text = stored.get(f.name)
        default = getattr(DEFAULTS, f.name)
        if text is None:
            continue
        try:
            if isinstance(default, NoteFormat):
                values[f.name] = NoteFormat(text)
            elif isinstance(default, int):
                values[f.name] = int(text)
            else:
                values[f.name] = text
        except ValueError:
            continue  # written by another version: the default is safer than a crash
    candidate = Preferences(**values)  # type: ignore[arg-type]
    # Each field is checked on its own so one stray value does not reset the others.
    checked: dict[str, object] = {}
    for f in fields(Preferences):
        single = Preferences(**{f.name: getattr(candidate, f.name)})
        try:
            validate_preferences(single)
        except ValidationError:
            continue
        checked[f.name] = getattr(candidate, f.name)
    return Preferences(**checked)  # type: ignore[arg-type]


def update_preferences(vault: Vault, data: Preferences) -> Preferences:
    """Validate, store what changed, and note the changed names in the audit trail."""
    validate_preferences(data)
    cleaned = replace(data, backup_folder=data.backup_folder.strip())
    with vault.unit_of_work() as session:
        changed = []
        for f in fields(Preferences):
            key = PREFIX + f.name
            text = str(getattr(cleaned, f.name))
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=text))
            elif row.value != text:
                row.value = text
            else:
                continue
            changed.append(f.name)
        if changed:
            audit.append(session, "preferences.updated", detail={"fields": changed})
    return cleaned


def default_backup_folder(vault_path: Path) -> Path:
    """Where backups go unless the user chose a folder: ``backups/`` beside the vault."""
    return backups_folder(Path(vault_path).expanduser().absolute())


def prepare_backup_folder(vault: Vault, folder: Path) -> Path:
    """Create ``folder`` now (owner-only if new) and remember it as the backup folder.

    Offered when a vault is created, so the first backup has somewhere to go; an ``OSError``
    (no permission, read-only disk) reaches the caller, which says so in words.
    """
    target = Path(folder).expanduser().absolute()
    ensure_private_dir(target)
    update_preferences(vault, replace(get_preferences(vault), backup_folder=str(target)))
    return target
