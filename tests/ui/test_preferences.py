"""Preferences: profile and settings saved to the vault, refusals beside their fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from practice_planner.domain.enums import NoteFormat
from practice_planner.services import practice, settings
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.preferences import PreferencesDialog
from tests.ui.conftest import MakeWindow, label, unlock


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, closed_vault: Path) -> MainWindow:
    opened = make_window(closed_vault)
    unlock(qtbot, opened)
    return opened


def open_dialog(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    shortcut = window.preferences_action.shortcut()
    assert not shortcut.isEmpty()
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keySequence(window, shortcut)
    dialog = window.preferences_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_settings_are_saved_to_the_vault_and_auto_lock_follows(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.fields.text("auto_lock_minutes") == "10"
    dialog.fields.set_values(
        {
            "auto_lock_minutes": "5",
            "review_interval_days": "14",
            "default_note_format": "dap",
            "unsigned_note_days": "3",
            "backup_count": "3",
        }
    )
    dialog.save()
    assert not dialog.isVisible() and window.preferences_dialog is None
    assert window.vault is not None
    prefs = settings.get_preferences(window.vault)
    assert prefs == settings.Preferences(
        auto_lock_minutes=5,
        review_interval_days=14,
        default_note_format=NoteFormat.DAP,
        unsigned_note_days=3,
        backup_count=3,
    )
    assert window.auto_lock.minutes == 5
    assert window.statusBar().currentMessage() == "Preferences saved."


def test_relative_backup_folder_is_refused_on_its_tab(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.folder, "backups/here")
    dialog.tabs.setCurrentIndex(0)
    dialog.save()
    assert dialog.isVisible()
    assert "full folder path" in label(dialog, "backup_folder_error").text()
    assert dialog.folder.text() == "backups/here"
    assert dialog.tabs.currentIndex() == 2
    assert window.vault is not None
    assert settings.get_preferences(window.vault).backup_folder == ""


def test_profile_refusal_shows_on_the_practice_tab(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    credentials = dialog.profile.fields.widget("credentials")
    assert isinstance(credentials, QLineEdit)
    qtbot.keyClicks(credentials, "LCSW")
    dialog.save()
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 0
    assert "required" in label(dialog, "profile_practice_name_error").text()
    assert credentials.text() == "LCSW"

    name = dialog.profile.fields.widget("practice_name")
    clinician = dialog.profile.fields.widget("clinician_name")
    assert isinstance(name, QLineEdit) and isinstance(clinician, QLineEdit)
    qtbot.keyClicks(name, "Harbour Counselling")
    qtbot.keyClicks(clinician, "Robin Example")
    dialog.folder.setText(str(tmp_path / "elsewhere"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Save is the default button
    assert not dialog.isVisible()
    assert window.vault is not None
    assert practice.get_profile(window.vault).credentials == "LCSW"
    assert settings.get_preferences(window.vault).backup_folder == str(tmp_path / "elsewhere")


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.fields.set_values({"auto_lock_minutes": "60"})
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.preferences_dialog is None
    assert window.vault is not None
    assert settings.get_preferences(window.vault).auto_lock_minutes == 10
    assert window.auto_lock.minutes == 10


def test_preferences_need_an_unlocked_vault(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    assert not window.preferences_action.isEnabled()
    window.open_preferences()
    assert window.preferences_dialog is None
    assert QKeySequence(window.preferences_action.shortcut()).toString()
