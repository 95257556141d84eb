"""The practice profile form (every document's letterhead): on the first run and in Preferences."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import QGridLayout, QWidget

from practice_planner.services.practice import ProfileInput
from practice_planner.storage.models import PracticeProfile
from practice_planner.ui.fields import FieldSet, FieldWidget, line_edit, text_area

_CAPTIONS = {
    "practice_name": "Practice &name",
    "clinician_name": "&Clinician",
    "credentials": "Cre&dentials",
    "license_number": "&License number",
    "npi": "NP&I",
    "address": "&Address",
    "phone": "P&hone",
    "email": "&Email",
}
_HINTS = {
    "credentials": "As printed after your name, e.g. PsyD, LCSW",
    "npi": "US National Provider Identifier (10 digits); leave empty if you have none",
}


class ProfileForm(QWidget):
    """Every ``ProfileInput`` field with its message label; knows nothing about saving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = FieldSet(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        for name, caption in _CAPTIONS.items():
            widget: FieldWidget
            if name == "address":
                widget = text_area("profile_address", lines=3)
            else:
                limit = 10 if name == "npi" else 100 if name == "license_number" else 200
                widget = line_edit(f"profile_{name}", max_length=limit)
            self.fields.add_row(grid, name, caption, widget, hint=_HINTS.get(name, ""))

    def value(self) -> ProfileInput:
        return ProfileInput(**{f.name: self.fields.text(f.name) for f in fields(ProfileInput)})

    def load(self, profile: PracticeProfile | ProfileInput) -> None:
        self.fields.set_values({f.name: getattr(profile, f.name) for f in fields(ProfileInput)})
        self.fields.clear_errors()
