"""Typed preferences and encrypted drafts in the vault's ``setting`` table."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from practice_planner.domain.enums import NoteFormat
from practice_planner.errors import ValidationError
from practice_planner.services import drafts, settings
from practice_planner.services.settings import DEFAULTS, Preferences
from practice_planner.storage import audit
from practice_planner.storage.models import AuditEvent, Setting
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def events(vault: Vault) -> list[AuditEvent]:
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def put_raw(vault: Vault, key: str, value: str) -> None:
    with vault.unit_of_work() as session:
        session.merge(Setting(key=key, value=value))


# ------------------------------------------------------------------------------ preferences
def test_defaults_when_nothing_is_stored(vault: Vault) -> None:
    assert settings.get_preferences(vault) == DEFAULTS
    assert DEFAULTS.auto_lock_minutes == 10
    assert DEFAULTS.default_note_format is NoteFormat.SOAP
    assert DEFAULTS.unsigned_note_days == 7


def test_round_trip_survives_reopening(vault: Vault) -> None:
    chosen = Preferences(
        auto_lock_minutes=3,
        backup_folder="  /srv/backups  ",
        backup_count=4,
        review_interval_days=45,
        default_note_format=NoteFormat.BIRP,
        unsigned_note_days=3,
    )
    stored = settings.update_preferences(vault, chosen)
    assert stored.backup_folder == "/srv/backups"
    vault.close()
    with Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF) as again:
        assert settings.get_preferences(again) == stored


def test_update_audits_only_what_changed(vault: Vault) -> None:
    settings.update_preferences(vault, replace(DEFAULTS, auto_lock_minutes=5))
    settings.update_preferences(vault, replace(DEFAULTS, auto_lock_minutes=5))
    changes = [e for e in events(vault) if e.action == "preferences.updated"]
    assert len(changes) == 1
    assert "auto_lock_minutes" in str(changes[0].detail)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"auto_lock_minutes": 0}, "auto_lock_minutes"),
        ({"auto_lock_minutes": 121}, "auto_lock_minutes"),
        ({"auto_lock_minutes": True}, "auto_lock_minutes"),
        ({"backup_count": 0}, "backup_count"),
        ({"review_interval_days": 366}, "review_interval_days"),
        ({"backup_folder": "relative/folder"}, "backup_folder"),
        ({"backup_folder": "/" + "x" * 1001}, "backup_folder"),
        ({"backup_folder": "/" + "x" * 900}, "backup_folder"),
        ({"backup_folder": "/tmp/a\x00b"}, "backup_folder"),
        ({"default_note_format": "soap-ish"}, "default_note_format"),
        ({"unsigned_note_days": 0}, "unsigned_note_days"),
        ({"unsigned_note_days": 91}, "unsigned_note_days"),
    ],
)
def test_out_of_range_values_are_refused_by_field(
    vault: Vault, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        settings.update_preferences(vault, replace(DEFAULTS, **change))  # type: ignore[arg-type]
    assert list(error.value.fields) == [field]
    assert settings.get_preferences(vault) == DEFAULTS


def test_a_file_is_not_a_backup_folder(vault: Vault, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError) as error:
        settings.validate_preferences(replace(DEFAULTS, backup_folder=str(a_file)))
    assert "file" in error.value.fields["backup_folder"]


def test_unreadable_stored_values_fall_back_one_by_one(vault: Vault) -> None:
    settings.update_preferences(vault, replace(DEFAULTS, backup_count=7, auto_lock_minutes=4))
    put_raw(vault, "pref.auto_lock_minutes", "ten")
    put_raw(vault, "pref.review_interval_days", "9999")
    put_raw(vault, "pref.default_note_format", "from-the-future")
    prefs = settings.get_preferences(vault)
    assert prefs.auto_lock_minutes == DEFAULTS.auto_lock_minutes
    assert prefs.review_interval_days == DEFAULTS.review_interval_days
    assert prefs.default_note_format is DEFAULTS.default_note_format
    assert prefs.backup_count == 7


def test_prepare_backup_folder_creates_a_private_folder(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "backups"
    made = settings.prepare_backup_folder(vault, target)
    assert made == target and target.is_dir()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert settings.get_preferences(vault).backup_folder == str(target)


def test_default_backup_folder_is_beside_the_vault(vault: Vault) -> None:
    assert settings.default_backup_folder(vault.path) == vault.path.parent / "backups"


# ------------------------------------------------------------------------------ drafts
def test_draft_round_trip_with_any_text(vault: Vault) -> None:
    payload = {"values": {"name": 'Zoë «Ångström» "quoted" \\ \n 日本'}, "tab": 2, "ok": True}
    drafts.save_draft(vault, "window", payload)
    assert drafts.load_draft(vault, "window") == payload
    assert drafts.draft_names(vault) == ["window"]


def test_saving_again_replaces_and_discard_removes(vault: Vault) -> None:
    drafts.save_draft(vault, "window", {"n": 1})
    drafts.save_draft(vault, "window", {"n": 2})
    assert drafts.load_draft(vault, "window") == {"n": 2}
    drafts.discard_draft(vault, "window")
    drafts.discard_draft(vault, "window")  # nothing there: fine
    assert drafts.load_draft(vault, "window") is None
    assert drafts.draft_names(vault) == []


def test_damaged_draft_reads_as_none(vault: Vault) -> None:
    put_raw(vault, "draft:window", "{not json")
    assert drafts.load_draft(vault, "window") is None
    put_raw(vault, "draft:window", "[1, 2]")
    assert drafts.load_draft(vault, "window") is None


def test_drafts_and_preferences_do_not_mix(vault: Vault) -> None:
    drafts.save_draft(vault, "window", {"auto_lock_minutes": 1})
    assert settings.get_preferences(vault) == DEFAULTS
    settings.update_preferences(vault, DEFAULTS)
    assert drafts.draft_names(vault) == ["window"]


def test_draft_names_are_bounded(vault: Vault) -> None:
    with pytest.raises(ValueError):
        drafts.save_draft(vault, "", {})
    with pytest.raises(ValueError):
        drafts.save_draft(vault, "x" * 100, {})


def test_drafts_are_not_audited(vault: Vault) -> None:
    before = len(events(vault))
    drafts.save_draft(vault, "window", {"n": 1})
    drafts.discard_draft(vault, "window")
    assert len(events(vault)) == before
