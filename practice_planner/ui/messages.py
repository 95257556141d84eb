"""Errors in words, and the few questions the program asks (each a module-level function).

Every failure the user can meet arrives here as text: the program's own errors carry a message
written for the user; an operating-system error names the reason without a traceback. The
question functions are module-level so tests can answer them by monkeypatching.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from practice_planner.errors import PracticePlannerError, ValidationError, WrongPassphrase

WRONG_PASSPHRASE_MESSAGE = (
    "That passphrase does not open this vault. Check Caps Lock and try again."
)


def disk_message(error: OSError) -> str:
    """An operating-system failure (permissions, full disk) in words, never a traceback."""
    reason = error.strerror or type(error).__name__
    return f"The disk refused: {reason}. Check the folder's permissions and free space."


def error_text(error: PracticePlannerError | OSError) -> str:
    """One paragraph for the user; validation messages joined, without field names."""
    if isinstance(error, OSError):
        return disk_message(error)
    if isinstance(error, WrongPassphrase):
        return WRONG_PASSPHRASE_MESSAGE
    if isinstance(error, ValidationError) and error.fields:
        return " ".join(error.fields.values())
    return str(error)


def confirm(parent: QWidget, title: str, text: str, accept_label: str) -> bool:
    """Ask before an action the user may regret; Cancel is the default answer."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    accept = box.addButton(accept_label, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget) -> Unsaved:
    """Leaving a form with changes: save them, discard them, or stay (the default)."""
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        "This client's record has changes that are not saved yet.",
        buttons,
        QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Save:
        return Unsaved.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


def show_error(parent: QWidget, title: str, text: str) -> None:
    """A failure the user must see even if the status bar is out of view (e.g. an import)."""
    QMessageBox.warning(parent, title, text)
