"""The unlock screen: at start, and whenever the window locks (by hand or after idle minutes).

The same page serves both cases, so locking never changes the window's size or place. A wrong
passphrase keeps the page with the text selected for retyping; every other refusal (in use,
damaged, too new, missing) shows the service's own sentence, which says what to do next. A
damaged vault also offers the newest verified backup that opens with the typed passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from practice_planner.errors import PracticePlannerError, VaultDamaged
from practice_planner.services import backups, vault_access
from practice_planner.services.settings import default_backup_folder
from practice_planner.storage.backup import BackupInfo
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.messages import error_text
from practice_planner.ui.welcome import field_group, password_field
from practice_planner.ui.widgets import (
    MessageLabel,
    busy,
    button_row,
    icon_label,
    page,
    path_label,
    push_button,
    title_label,
)


class UnlockPage(QWidget):
    """Passphrase in, ``unlocked`` (the ``Vault``) out; the first time it also opens the file."""

    unlocked = Signal(object)

    def __init__(self, vault_path: Path, *, kdf_iterations: int = KDF_ITERATIONS) -> None:
        super().__init__()
        self.setObjectName("unlock_page")
        self._vault_path = vault_path
        self._kdf_iterations = kdf_iterations
        self._vault: Vault | None = None
        self.passphrase = password_field("passphrase", "Passphrase")
        self.notice = MessageLabel("unlock_notice", error=False)
        self.error = MessageLabel("unlock_error")
        self.unlock_button = push_button("&Unlock", "unlock_button")
        self.unlock_button.setDefault(True)
        self.unlock_button.setEnabled(False)
        self.passphrase.textChanged.connect(lambda text: self.unlock_button.setEnabled(bool(text)))
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self.unlock_button.click)
        self._offered: BackupInfo | None = None
        self.restore_button = push_button("&Restore this backup", "restore_backup_button")
        self.restore_button.setVisible(False)
        self.restore_button.clicked.connect(self._restore_offered)
        self.passphrase.textChanged.connect(lambda _text: self._offer(None))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            page(
                "unlock_column",
                icon_label(),
                title_label("Unlock your vault"),
                path_label("Vault:", vault_path),
                self.notice,
                field_group("&Passphrase", self.passphrase),
                self.error,
                button_row(self.restore_button, self.unlock_button),
            )
        )

    def set_vault(self, vault: Vault | None) -> None:
        """The vault to unlock again (after a lock); None opens the file at the path."""
        self._vault = vault

    def reset(self, notice: str = "", error: str = "") -> None:
        self.passphrase.clear()
        self.notice.show_message(notice)
        self.error.show_message(error)
        self._offer(None)
        self.passphrase.setFocus()

    def _unlock(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            return
        try:
            with busy():
                if self._vault is None:
                    vault = vault_access.open_vault(
                        self._vault_path, passphrase, kdf_iterations=self._kdf_iterations
                    )
                else:
                    vault = self._vault
                    vault.unlock(passphrase)
        except (PracticePlannerError, OSError) as error:
            message = error_text(error)
            offer = None
            if isinstance(error, VaultDamaged):
                folder = default_backup_folder(self._vault_path)
                if folder.is_dir():
                    offer = self._newest_backup(folder, passphrase)
                    if offer is not None:
                        made = offer.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
                        message += (
                            f" The newest verified backup, made {made}, opens with this "
                            "passphrase: you can restore it (the damaged vault is kept aside)."
                        )
                    else:
                        message += f" Backups made by this program are in {folder}."
            self.error.show_message(message)
            self._offer(offer)
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return
        self._opened(vault)

    def _opened(self, vault: Vault) -> None:
        self.passphrase.clear()
        self.error.clear_message()
        self.notice.clear_message()
        self._vault = vault
        self.unlocked.emit(vault)

    # ----------------------------------------------------------------- a damaged vault
    @property
    def offered_backup(self) -> BackupInfo | None:
        """The backup offered for a damaged vault, or None."""
        return self._offered

    def _offer(self, backup: BackupInfo | None) -> None:
        self._offered = backup
        self.restore_button.setVisible(backup is not None)

    def _newest_backup(self, folder: Path, passphrase: str) -> BackupInfo | None:
        try:
            with busy():
                return backups.newest_verified_backup(
                    folder, passphrase, kdf_iterations=self._kdf_iterations
                )
        except (PracticePlannerError, OSError):
            return None

    def _restore_offered(self) -> None:
        """Restore the offered backup over the damaged vault (kept aside first), then open it."""
        backup, passphrase = self._offered, self.passphrase.text()
        if backup is None or not passphrase:
            return
        folder = default_backup_folder(self._vault_path)
        question = (
            f"Replace the damaged vault with the backup made "
            f"{backup.made_at.astimezone().strftime('%Y-%m-%d %H:%M')}?\n\n"
            f"The damaged vault is kept aside first, in {folder}. Work done after this backup "
            "was made is not in it."
        )
        if not messages.confirm(self, "Restore backup", question, "Restore"):
            return
        try:
            with busy():
                if self._vault is not None:  # a locked vault still reserves the file
                    self._vault.close()
                    self._vault = None
                backups.restore(
                    self._vault_path,
                    backup.path,
                    passphrase,
                    folder=folder,
                    kdf_iterations=self._kdf_iterations,
                    current=None,
                )
                vault = vault_access.open_vault(
                    self._vault_path, passphrase, kdf_iterations=self._kdf_iterations
                )
        except (PracticePlannerError, OSError) as error:
            self._offer(None)
            self.error.show_message(error_text(error))
            return
        self._offer(None)
        self._opened(vault)
