"""Asking before a note is signed: signing is final, so it is never one stray click.

The dialog says what signing does (stamps date and time, locks the note, corrections become
addenda), takes the name the note is signed with, and has Cancel as its default button.
``ask_signature`` is module-level so tests can answer it by monkeypatching.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from practice_planner.ui.fields import line_edit
from practice_planner.ui.widgets import text_label

EXPLANATION = (
    "Signing stamps today's date and time and locks this note: it can no longer be edited. "
    "Corrections are added as dated addenda below it."
)


class SignNoteDialog(QDialog):
    """ "Sign and lock" is enabled only while a name is filled in."""

    def __init__(self, suggested_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_note_dialog")
        self.setWindowTitle("Sign and lock note")
        self.name = line_edit("signed_by")
        self.name.setText(suggested_name)
        self.name.setAccessibleName("Signed by")
        caption = QLabel("Signed &by")
        caption.setBuddy(self.name)
        self.buttons = QDialogButtonBox()
        self.sign_button = self.buttons.addButton(
            "Sign and lock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setObjectName("confirm_sign_button")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.sign_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(EXPLANATION, name="sign_explanation"))
        layout.addWidget(caption)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self._check()
        self.resize(460, self.sizeHint().height())

    def _check(self) -> None:
        self.sign_button.setEnabled(bool(self.name.text().strip()))

    def signed_by(self) -> str:
        return self.name.text().strip()


def ask_signature(parent: QWidget, suggested_name: str) -> str | None:
    """The name to sign with, or None if the user cancelled."""
    dialog = SignNoteDialog(suggested_name, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.signed_by():
            return dialog.signed_by()
        return None
    finally:
        dialog.deleteLater()
