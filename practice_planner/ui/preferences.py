"""Preferences: the practice profile, auto-lock, backups, and defaults for new plans and notes.

Everything here is stored in the vault (``services.practice``, ``services.settings``), so it
travels with the records. The dialog stays open on a refusal, with each message beside its field
on the tab that holds it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import NoteFormat
from practice_planner.domain.review import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import settings
from practice_planner.services.practice import get_profile, update_profile
from practice_planner.services.settings import (
    AUTO_LOCK_MINUTES,
    BACKUP_COUNT,
    UNSIGNED_NOTE_DAYS,
    Preferences,
)
from practice_planner.storage.vault import Vault
from practice_planner.ui.fields import FieldSet, combo_box, line_edit
from practice_planner.ui.messages import error_text
from practice_planner.ui.practice_profile import ProfileForm
from practice_planner.ui.widgets import MessageLabel, push_button, text_label


def _spin(name: str, bounds: tuple[int, int], suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(*bounds)
    spin.setSuffix(suffix)
    spin.setMaximumWidth(160)
    return spin


class PreferencesDialog(QDialog):
    """Opened with ``open()`` (window-modal, no nested event loop); ``saved`` on success."""

    saved = Signal(object)
    """The stored ``Preferences``."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle("Preferences")
        self._vault = vault
        self._vault_path = vault.path

        self.tabs = QTabWidget()
        self.profile = ProfileForm()
        profile_page = QWidget()
        profile_layout = QVBoxLayout(profile_page)
        profile_layout.addWidget(text_label("The letterhead of every plan and summary you print."))
        profile_layout.addWidget(self.profile)
        profile_layout.addStretch(1)
        self.tabs.addTab(profile_page, "&Practice")

        self.fields = FieldSet(self)
        general = QWidget()
        grid = QGridLayout(general)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        self.fields.add_row(
            grid,
            "auto_lock_minutes",
            "&Lock after",
            _spin("auto_lock_minutes", AUTO_LOCK_MINUTES, " idle minutes"),
            hint="The window locks itself after this long without keyboard or mouse input",
        )
        self.fields.add_row(
            grid,
            "review_interval_days",
            "&Review plans every",
            _spin("review_interval_days", (MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS), " days"),
            hint="The review interval a new treatment plan starts with",
        )
        self.fields.add_row(
            grid,
            "default_note_format",
            "Default &note format",
            combo_box("default_note_format", ((f.label, f.value) for f in NoteFormat)),
        )
        self.fields.add_row(
            grid,
            "unsigned_note_days",
            "Flag &unsigned notes after",
            _spin("unsigned_note_days", UNSIGNED_NOTE_DAYS, " days"),
            hint="A session whose note is still unsigned after this long is flagged in Sessions",
        )
        grid.setRowStretch(grid.rowCount(), 1)
        self.tabs.addTab(general, "&General")

        backups = QWidget()
        backup_grid = QGridLayout(backups)
        backup_grid.setColumnStretch(1, 1)
        backup_grid.setVerticalSpacing(2)
        self.folder = line_edit("backup_folder", max_length=1000)
        self.folder.setPlaceholderText(str(settings.default_backup_folder(self._vault_path)))
        self.fields.add_row(backup_grid, "backup_folder", "Backup &folder", self.folder)
        choose = push_button("C&hoose…", "choose_backup_folder", accessible="Choose backup folder")
        choose.clicked.connect(self._choose_folder)
        choose_row = QHBoxLayout()
        choose_row.addWidget(
            text_label("Empty: backups/ beside the vault. A folder on another drive is safer."), 1
        )
        choose_row.addWidget(choose)
        backup_grid.addLayout(choose_row, backup_grid.rowCount(), 1)
        self.fields.add_row(
            backup_grid,
            "backup_count",
            "&Keep the last",
            _spin("backup_count", BACKUP_COUNT, " backups"),
        )
        backup_grid.setRowStretch(backup_grid.rowCount(), 1)
        self.tabs.addTab(backups, "&Backups")

        self.error = MessageLabel("preferences_error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("preferences_buttons")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self._load()

    def _load(self) -> None:
        try:
            self.profile.load(get_profile(self._vault))
            self._show_preferences(settings.get_preferences(self._vault))
        except (PracticePlannerError, OSError) as error:
            self.error.show_message(error_text(error))
        self._loaded_profile = self.profile.value()

    def _show_preferences(self, prefs: Preferences) -> None:
        self.fields.set_values(
            {
                "auto_lock_minutes": str(prefs.auto_lock_minutes),
                "review_interval_days": str(prefs.review_interval_days),
                "default_note_format": prefs.default_note_format.value,
                "unsigned_note_days": str(prefs.unsigned_note_days),
                "backup_folder": prefs.backup_folder,
                "backup_count": str(prefs.backup_count),
            }
        )

    def _choose_folder(self) -> None:
        start = self.folder.text() or str(settings.default_backup_folder(self._vault_path))
        chosen = QFileDialog.getExistingDirectory(self, "Folder for encrypted backups", start)
        if chosen:
            self.folder.setText(chosen)

    def value(self) -> Preferences:
        return Preferences(
            auto_lock_minutes=int(self.fields.text("auto_lock_minutes")),
            backup_folder=self.fields.text("backup_folder"),
            backup_count=int(self.fields.text("backup_count")),
            review_interval_days=int(self.fields.text("review_interval_days")),
            default_note_format=NoteFormat(self.fields.text("default_note_format")),
            unsigned_note_days=int(self.fields.text("unsigned_note_days")),
        )

    def save(self) -> None:
        """Check both parts before writing either; stay open with messages if refused."""
        self.error.clear_message()
        self.fields.clear_errors()
        self.profile.fields.clear_errors()
        prefs = self.value()
        try:
            settings.validate_preferences(prefs)
            profile = self.profile.value()
            if profile != self._loaded_profile:
                update_profile(self._vault, profile)
                self._loaded_profile = profile
            stored = settings.update_preferences(self._vault, prefs)
        except ValidationError as error:
            self._show_errors(error.fields)
            return
        except (PracticePlannerError, OSError) as error:
            self.error.show_message(error_text(error))
            return
        self.saved.emit(stored)
        self.accept()

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Messages beside their fields; the tab of the first one comes to the front."""
        leftover = self.fields.show_errors(self.profile.fields.show_errors(errors))
        for name in errors:
            form = self.profile.fields if name in self.profile.fields.names() else self.fields
            if name not in form.names():
                continue
            widget = form.widget(name)
            for index in range(self.tabs.count()):
                page = self.tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
            widget.setFocus()
            break
        if leftover:
            self.error.show_message(" ".join(leftover.values()))

    # ------------------------------------------------------------------ drafts
    def draft(self) -> dict[str, Any]:
        return {
            "tab": self.tabs.currentIndex(),
            "profile": self.profile.fields.values(),
            "preferences": self.fields.values(),
        }

    def restore_draft(self, draft: dict[str, Any]) -> None:
        self.profile.fields.set_values(dict(draft.get("profile", {})))
        self.fields.set_values(dict(draft.get("preferences", {})))
        tab = draft.get("tab")
        if isinstance(tab, int):
            self.tabs.setCurrentIndex(tab)
