"""File > Restore from backup: the list of backups, the backup's passphrase, and the restore.

The restore itself is ``services.backups.restore`` with the open vault as ``current``: the vault
as it is now is kept aside first, then replaced, and left locked; this dialog unlocks it again
with the backup's passphrase. The window reloads its workspace when ``restored`` is emitted.
A wrong passphrase keeps the dialog open with the reason, since a backup opens with the
passphrase the vault had when the backup was made, which may not be today's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_planner.errors import PracticePlannerError, WrongPassphrase
from practice_planner.services import backups
from practice_planner.storage.backup import BackupInfo, RestoreResult
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.welcome import field_group, password_field
from practice_planner.ui.widgets import (
    MessageLabel,
    busy,
    button_row,
    push_button,
    text_label,
    title_label,
)

BACKUP_PASSPHRASE_HINT = (
    "A backup opens with the passphrase the vault had when the backup was made. If you have "
    "changed the passphrase since, type the old one."
)
WRONG_BACKUP_PASSPHRASE = "That passphrase does not open this backup. " + BACKUP_PASSPHRASE_HINT
COLUMNS = ("Made", "Size", "Kind", "State")


def made_text(info: BackupInfo) -> str:
    """When the backup was made, in local time."""
    return info.made_at.astimezone().strftime("%Y-%m-%d %H:%M")


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RestoreDialog(QDialog):
    """Choose a backup, give its passphrase, confirm: the vault becomes that backup."""

    restored = Signal(object)
    """The ``RestoreResult``; the vault is unlocked again with the backup's passphrase."""
    locked_out = Signal(str)
    """The restore failed after the vault was locked: the message, for the unlock page."""

    def __init__(
        self, vault: Vault, folder: Path, *, kdf_iterations: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle("Restore from backup")
        self.setMinimumWidth(620)
        self._vault = vault
        self._folder = folder
        self._kdf_iterations = kdf_iterations
        self.result_info: RestoreResult | None = None
        self.backups: list[BackupInfo] = []

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backup_table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Backups")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_button)

        self.empty = MessageLabel("no_backups", error=False)
        self.passphrase = password_field("backup_passphrase", "Backup passphrase")
        self.passphrase.textChanged.connect(self._update_button)
        self.error = MessageLabel("restore_error")
        self.restore_button = push_button("&Restore…", "restore_button")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_selected)
        self.cancel_button = push_button("Cancel", "cancel_button")
        self.cancel_button.clicked.connect(self.reject)
        self.passphrase.returnPressed.connect(self.restore_button.click)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title_label("Restore from backup", scale=1.3))
        layout.addWidget(
            text_label(
                f"Backups in {folder}, newest first. The vault as it is now is kept aside as "
                "a backup before anything is replaced.",
                name="restore_intro",
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(
            field_group(
                "Backup &passphrase",
                self.passphrase,
                text_label(BACKUP_PASSPHRASE_HINT, name="passphrase_hint"),
            )
        )
        layout.addWidget(self.error)
        layout.addLayout(button_row(self.cancel_button, self.restore_button))
        self.reload()
        self.resize(700, 440)

    def reload(self) -> None:
        try:
            self.backups = backups.list_backups(self._folder)
        except OSError as error:
            self.backups = []
            self.error.show_message(messages.error_text(error))
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            self.table.setItem(row, 0, _cell(made_text(info)))
            self.table.setItem(row, 1, _cell(size_text(info.size), right=True))
            self.table.setItem(row, 2, _cell(info.label))
            self.table.setItem(row, 3, _cell("Verified" if info.verified else "Not verified"))
        if self.backups:
            self.empty.clear_message()
            self.table.selectRow(0)
        else:
            self.empty.show_message("There are no backups in this folder yet.")
        self._update_button()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.backups[rows[0].row()]

    def select(self, info: BackupInfo) -> None:
        self.table.selectRow(self.backups.index(info))

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and bool(self.passphrase.text()))

    def restore_selected(self) -> None:
        """Ask, keep the current vault aside, restore, unlock with the backup's passphrase."""
        info = self.selected()
        passphrase = self.passphrase.text()
        if info is None or not passphrase:
            return
        self.error.clear_message()
        question = (
            f"Replace the vault with the backup made {made_text(info)} ({info.label.lower()})?"
            f"\n\nThe current vault is kept aside first, as a backup in {self._folder}. "
            "Changes made since this backup will then only be in that kept copy."
        )
        if not messages.confirm(self, "Restore backup", question, "Restore"):
            return
        try:
            with busy():
                result = backups.restore(
                    self._vault.path,
                    info.path,
                    passphrase,
                    folder=self._folder,
                    kdf_iterations=self._kdf_iterations,
                    current=self._vault,
                )
                self._vault.unlock(passphrase)
        except WrongPassphrase:
            self._refused(WRONG_BACKUP_PASSPHRASE)
            return
        except (PracticePlannerError, OSError) as error:
            self._refused(messages.error_text(error))
            return
        self.passphrase.clear()
        self.result_info = result
        self.restored.emit(result)
        self.accept()

    def _refused(self, message: str) -> None:
        if not self._vault.is_unlocked:  # failed after the vault had been locked for the copy
            self.passphrase.clear()
            self.locked_out.emit(message)
            self.reject()
            return
        self.error.show_message(message)
        self.passphrase.setFocus()
        self.passphrase.selectAll()
