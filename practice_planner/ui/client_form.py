"""The client record form (Overview tab): every ``ClientInput`` field, new or existing client.

Saving goes through ``services.clients``; a ``ValidationError`` puts each message under its field
and leaves every typed value where it was. The form remembers the values it was loaded with, so
it knows when there is something unsaved (and what a draft must keep).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any, Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QWidget

from practice_planner.domain.enums import ClientStatus
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import clients
from practice_planner.services.clients import ClientInput
from practice_planner.storage.models import Client
from practice_planner.storage.vault import Vault
from practice_planner.ui.fields import (
    DateField,
    FieldSet,
    FieldWidget,
    combo_box,
    line_edit,
    parse_dates,
    text_area,
)
from practice_planner.ui.messages import error_text
from practice_planner.ui.widgets import MessageLabel

DATE_FIELDS = ("date_of_birth", "intake_date", "discharge_date")

Mode = Literal["none", "new", "edit"]
"""Nothing shown, a client being created, or a saved client's record."""

# (section, [(field, caption)]) in reading and tab order.
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Identity",
        (
            ("record_number", "Record &number"),
            ("legal_given_name", "&Given name (legal)"),
            ("legal_family_name", "&Family name (legal)"),
            ("preferred_name", "&Preferred name"),
            ("pronouns", "Pronouns"),
            ("date_of_birth", "Date of &birth"),
        ),
    ),
    (
        "Contact",
        (
            ("email", "Email"),
            ("phone", "Phone"),
            ("address", "Address"),
        ),
    ),
    (
        "Care",
        (
            ("status", "S&tatus"),
            ("intake_date", "&Intake date"),
            ("discharge_date", "Disc&harge date"),
        ),
    ),
    (
        "Emergency contact",
        (
            ("emergency_contact_name", "Name"),
            ("emergency_contact_relationship", "Relationship"),
            ("emergency_contact_phone", "Phone"),
        ),
    ),
    (
        "Referral",
        (
            ("referral_source", "Referral source"),
            ("presenting_concerns", "Presenting &concerns"),
        ),
    ),
)
_LIMITS = {"pronouns": 40, "phone": 50, "emergency_contact_phone": 50, "record_number": 40}
_HINTS = {
    "record_number": "Letters, digits and . _ / - ; suggested from the highest number in use",
    "preferred_name": "The name the client wants to be called, shown in the list and on screen",
}


def _widget(name: str) -> FieldWidget:
    if name in DATE_FIELDS:
        return DateField(name)
    if name == "status":
        return combo_box(name, ((s.label, s.value) for s in ClientStatus))
    if name == "address":
        return text_area(name, lines=3)
    if name == "presenting_concerns":
        return text_area(name, lines=5, grow=True)
    return line_edit(name, max_length=_LIMITS.get(name, 200))


class ClientForm(QWidget):
    """One client's record; ``dirty_changed`` tells the window when there is something to save."""

    dirty_changed = Signal(bool)
    saved = Signal(int)
    """The client's id after a successful create or update."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_form")
        self.fields = FieldSet(self)
        self.client_id: int | None = None
        self.mode: Mode = "none"
        self._dates: dict[str, DateField] = {}
        self._baseline: dict[str, str] = {}
        self._dirty = False
        self.error = MessageLabel("client_form_error")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for position, (title, members) in enumerate(SECTIONS):
            box = QGroupBox(title)
            box.setObjectName(f"section_{title.lower().replace(' ', '_')}")
            inner = QGridLayout(box)
            inner.setColumnStretch(1, 1)
            inner.setVerticalSpacing(2)
            for name, caption in members:
                widget = _widget(name)
                if isinstance(widget, DateField):
                    self._dates[name] = widget
                self.fields.add_row(inner, name, caption, widget, hint=_HINTS.get(name, ""))
            if title == "Referral":
                grid.addWidget(box, 2, 0, 1, 2)
            else:
                grid.addWidget(box, position // 2, position % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.error, 3, 0, 1, 2)
        self.fields.edited.connect(self._check_dirty)
        self.clear()

    # ------------------------------------------------------------------ state
    def is_dirty(self) -> bool:
        return self._dirty

    def _check_dirty(self) -> None:
        dirty = self.mode != "none" and self.fields.values() != self._baseline
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _set_baseline(self, values: dict[str, str]) -> None:
        self.fields.set_values(values)
        self._baseline = self.fields.values()
        self.fields.clear_errors()
        self.error.clear_message()
        self._check_dirty()

    def load(self, client: Client) -> None:
        """Show a saved client; what is on screen now becomes "unchanged"."""
        self.client_id = client.id
        self.mode = "edit"
        self._set_baseline(_as_texts(ClientInput.from_client(client)))

    def start_new(self, record_number: str, today: date | None = None) -> None:
        """An empty record with a suggested number and today as intake date."""
        self.client_id = None
        self.mode = "new"
        blank = ClientInput(
            record_number=record_number,
            legal_given_name="",
            legal_family_name="",
            intake_date=today or date.today(),
        )
        self._set_baseline(_as_texts(blank))
        self.fields.widget("legal_given_name").setFocus()

    def clear(self) -> None:
        """Empty every field (on lock, or with no client chosen)."""
        self.client_id = None
        self.mode = "none"
        self._set_baseline({name: "" for name in self.fields.names()} | {"status": "active"})

    def revert(self) -> None:
        self._set_baseline(dict(self._baseline))

    # ------------------------------------------------------------------ saving
    def value(self) -> ClientInput:
        """The typed record; ``ValidationError`` if a date is not a date."""
        texts = self.fields.values()
        dates = parse_dates(self._dates, {name: self.fields.caption(name) for name in DATE_FIELDS})
        values: dict[str, Any] = {}
        for f in fields(ClientInput):
            if f.name in DATE_FIELDS:
                values[f.name] = dates[f.name]
            elif f.name == "status":
                values[f.name] = ClientStatus(texts["status"])
            else:
                values[f.name] = texts[f.name]
        return ClientInput(**values)

    def save(self, vault: Vault) -> bool:
        """Create or update through the services; on refusal, messages beside the fields."""
        self.fields.clear_errors()
        self.error.clear_message()
        try:
            data = self.value()
            if self.client_id is None:
                client = clients.create_client(vault, data)
            else:
                client = clients.update_client(vault, self.client_id, data)
        except ValidationError as error:
            leftover = self.fields.show_errors(error.fields)
            if leftover:
                self.error.show_message(" ".join(leftover.values()))
            return False
        except (PracticePlannerError, OSError) as error:
            self.error.show_message(error_text(error))
            return False
        self.load(client)
        self.saved.emit(client.id)
        return True

    # ------------------------------------------------------------------ drafts
    def draft(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "client_id": self.client_id,
            "values": self.fields.values(),
            "baseline": dict(self._baseline),
        }

    def restore_draft(self, draft: dict[str, Any]) -> None:
        """Put back what was typed, still marked unsaved against what was loaded."""
        client_id = draft.get("client_id")
        self.client_id = client_id if isinstance(client_id, int) else None
        self.mode = "edit" if self.client_id is not None else "new"
        baseline = draft.get("baseline") or {}
        self._baseline = {str(k): str(v) for k, v in dict(baseline).items()}
        self.fields.set_values({str(k): str(v) for k, v in dict(draft.get("values", {})).items()})
        self._check_dirty()


def _as_texts(data: ClientInput) -> dict[str, str]:
    texts: dict[str, str] = {}
    for f in fields(ClientInput):
        value = getattr(data, f.name)
        if isinstance(value, date):
            texts[f.name] = value.isoformat()
        elif value is None:
            texts[f.name] = ""
        else:
            texts[f.name] = str(value)
    return texts
