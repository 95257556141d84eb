"""First run: create the encrypted vault, then fill in the practice profile.

The passphrase lives only in the two line edits: it is cleared after success and never kept in
an attribute. The new vault is handed to the window through the ``created`` signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.passphrase import MIN_LENGTH, assess
from practice_planner.errors import PracticePlannerError, VaultExists, WeakPassphrase
from practice_planner.services import vault_access
from practice_planner.services.practice import update_profile
from practice_planner.services.settings import default_backup_folder, prepare_backup_folder
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.vault import Vault
from practice_planner.ui.messages import disk_message, error_text
from practice_planner.ui.practice_profile import ProfileForm
from practice_planner.ui.widgets import (
    MessageLabel,
    busy,
    button_row,
    icon_label,
    page,
    path_label,
    push_button,
    set_path_text,
    text_label,
    title_label,
)

NO_RECOVERY_WARNING = (
    "If you forget this passphrase, nobody can recover your records: not you, not us, not a "
    "technician. Write it down and keep it somewhere safe."
)
EXISTS_MESSAGE = "A vault already exists at this location. Unlock it with its passphrase."
MISMATCH_MESSAGE = "The two passphrases do not match."
EMPTY_HINT = (
    f"Use at least {MIN_LENGTH} characters. A few unrelated words make a strong, "
    "memorable passphrase."
)
BACKUP_HINT = (
    "A backup beside the vault does not survive a broken disk: later, choose a folder on "
    "another drive in Preferences."
)
_METER_WEAK, _METER_FAIR, _METER_OK = "#c0392b", "#d68910", "#1e8449"


def password_field(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    return field


def field_group(caption: str, field: QWidget, *below: QWidget) -> QVBoxLayout:
    """Caption above the field (room for long translations), feedback right under it."""
    group = QVBoxLayout()
    group.setSpacing(4)
    label = QLabel(caption)
    label.setBuddy(field)
    group.addWidget(label)
    group.addWidget(field)
    for widget in below:
        group.addWidget(widget)
    return group


class WelcomePage(QWidget):
    """Passphrase twice with a live zxcvbn verdict, the no-recovery warning, a backup folder."""

    created = Signal(object, str)
    """The new, unlocked ``Vault``, and a notice if the backup folder could not be made."""
    exists = Signal()
    """A vault appeared at the path meanwhile: the window should offer to unlock it."""

    def __init__(self, vault_path: Path, *, kdf_iterations: int = KDF_ITERATIONS) -> None:
        super().__init__()
        self.setObjectName("welcome_page")
        self._vault_path = vault_path
        self._kdf_iterations = kdf_iterations
        self._backup_folder = default_backup_folder(vault_path)

        self.new_passphrase = password_field("new_passphrase", "New passphrase")
        self.repeat_passphrase = password_field("repeat_passphrase", "Repeat the passphrase")
        self.strength_meter = QProgressBar()
        self.strength_meter.setObjectName("strength_meter")
        self.strength_meter.setAccessibleName("Passphrase strength")
        self.strength_meter.setRange(0, 4)
        self.strength_meter.setTextVisible(False)
        self.strength_meter.setMaximumHeight(8)
        self.strength_label = text_label(EMPTY_HINT, name="strength_label")
        self.mismatch_label = MessageLabel("mismatch_label")
        self.create_error = MessageLabel("create_error")
        self.create_button = push_button("&Create vault", "create_button")
        self.create_button.setEnabled(False)
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        for field in (self.new_passphrase, self.repeat_passphrase):
            field.textChanged.connect(self._update_state)
            field.returnPressed.connect(self.create_button.click)

        warning = text_label(NO_RECOVERY_WARNING, name="no_recovery_warning")
        warning.setStyleSheet("font-weight: bold;")

        self.make_backup_folder = QCheckBox("Make a &backup folder now")
        self.make_backup_folder.setObjectName("make_backup_folder")
        self.make_backup_folder.setChecked(True)
        self.backup_folder_label = path_label("", self._backup_folder)
        self.backup_folder_label.setObjectName("backup_folder_label")
        choose = push_button("C&hoose…", "choose_backup_folder", accessible="Choose backup folder")
        choose.clicked.connect(self._choose_folder)
        self.make_backup_folder.toggled.connect(choose.setEnabled)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder_label, 1)
        folder_row.addWidget(choose)
        backup = QVBoxLayout()
        backup.setSpacing(4)
        backup.addWidget(self.make_backup_folder)
        backup.addLayout(folder_row)
        backup.addWidget(text_label(BACKUP_HINT))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            page(
                "welcome_column",
                icon_label(),
                title_label("Welcome to Practice Planner"),
                text_label(
                    "Your records stay on this computer, in one encrypted file protected by a "
                    "passphrase you choose now."
                ),
                path_label("The vault will be created at", vault_path),
                field_group(
                    "&Passphrase", self.new_passphrase, self.strength_meter, self.strength_label
                ),
                field_group("&Repeat the passphrase", self.repeat_passphrase, self.mismatch_label),
                warning,
                backup,
                self.create_error,
                button_row(self.create_button),
            )
        )

    @property
    def backup_folder(self) -> Path:
        return self._backup_folder

    def set_backup_folder(self, folder: Path) -> None:
        self._backup_folder = folder
        set_path_text(self.backup_folder_label, "", folder)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder for encrypted backups", str(self._backup_folder.parent)
        )
        if chosen:
            self.set_backup_folder(Path(chosen))

    def _update_state(self) -> None:
        """Live strength and match feedback; the button waits for an acceptable, matching pair."""
        first, second = self.new_passphrase.text(), self.repeat_passphrase.text()
        verdict = assess(first) if first else None
        score = verdict.score if verdict else 0
        acceptable = verdict is not None and verdict.acceptable
        self.strength_meter.setValue(score)
        colour = _METER_OK if acceptable else _METER_FAIR if score >= 2 else _METER_WEAK
        palette = self.strength_meter.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(colour))
        self.strength_meter.setPalette(palette)
        self.strength_label.setText(verdict.reason if verdict else EMPTY_HINT)
        mismatch = bool(second) and second != first
        self.mismatch_label.show_message(MISMATCH_MESSAGE if mismatch else "")
        self.create_button.setEnabled(acceptable and first == second)

    def _create(self) -> None:
        if not self.create_button.isEnabled():
            return
        try:
            with busy():
                vault = vault_access.create_vault(
                    self._vault_path,
                    self.new_passphrase.text(),
                    kdf_iterations=self._kdf_iterations,
                )
        except VaultExists:
            # Another copy created it meanwhile: never overwrite, offer to unlock it instead.
            self.clear()
            self.exists.emit()
            return
        except WeakPassphrase as error:
            self.create_error.show_message(error.reason)
            return
        except (PracticePlannerError, OSError) as error:
            self.create_error.show_message(error_text(error))
            return
        self.clear()
        notice = ""
        if self.make_backup_folder.isChecked():
            try:
                prepare_backup_folder(vault, self._backup_folder)
            except (PracticePlannerError, OSError) as error:
                # The vault exists and is fine: say what failed and let the user carry on.
                reason = disk_message(error) if isinstance(error, OSError) else error_text(error)
                notice = (
                    f"The vault was created, but not the backup folder. {reason} "
                    "Choose a backup folder in Preferences."
                )
        self.created.emit(vault, notice)

    def clear(self) -> None:
        self.new_passphrase.clear()
        self.repeat_passphrase.clear()
        self.create_error.clear_message()


class ProfilePage(QWidget):
    """Right after creating the vault: the practice's letterhead (can also wait for later)."""

    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("profile_page")
        self._vault: Vault | None = None
        self.form = ProfileForm()
        self.notice = MessageLabel("profile_notice")
        self.error = MessageLabel("profile_error")
        self.save_button = push_button("&Save and continue", "save_profile_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.skip_button = push_button("S&kip for now", "skip_profile_button")
        self.skip_button.clicked.connect(self.finished)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            page(
                "profile_column",
                title_label("Your practice"),
                text_label(
                    "This is the letterhead of every plan and summary you print. You can "
                    "change it at any time in Preferences."
                ),
                self.notice,
                self.form,
                self.error,
                button_row(self.skip_button, self.save_button),
                width=600,
            )
        )

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    def _save(self) -> None:
        if self._vault is None:
            return
        try:
            update_profile(self._vault, self.form.value())
        except (PracticePlannerError, OSError) as error:
            fields = getattr(error, "fields", None)
            leftover = self.form.fields.show_errors(fields) if fields else {}
            if leftover or not fields:
                self.error.show_message(error_text(error))
            return
        self.error.clear_message()
        self.form.fields.clear_errors()
        self.finished.emit()
