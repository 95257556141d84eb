"""Collecting field errors for a form, so the user sees every problem at once, next to its field.

A service builds one ``Problems``, checks each field, then calls ``raise_if_any()``: the
``ValidationError`` carries a message per field name (the same names as the input dataclass), which
the GUI shows beside the widget and the command line prints. Messages never repeat what was typed:
exception text can reach logs, and what was typed may be client data.
"""

from __future__ import annotations

from datetime import date

from practice_planner.domain.smart import parse_number
from practice_planner.errors import ValidationError

SHORT_TEXT = 200
"""Names, titles, codes: one line on a form."""
LONG_TEXT = 20_000
"""Narrative fields (presenting concerns, note sections): about ten printed pages."""


class Problems:
    """Field name -> what to fix; the first problem found for a field wins."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, message)

    def required(self, field: str, value: str, label: str) -> None:
        if not value.strip():
            self.add(field, f"{label} is required.")

    def max_length(self, field: str, value: str, label: str, limit: int) -> None:
        if len(value) > limit:
            self.add(
                field, f"{label} is too long: {len(value):,} characters; the limit is {limit:,}."
            )

    def text(
        self, field: str, value: str, label: str, *, required: bool = False, limit: int = SHORT_TEXT
    ) -> None:
        if required:
            self.required(field, value, label)
        self.max_length(field, value, label, limit)

    def not_future(self, field: str, value: date | None, label: str, today: date) -> None:
        if value is not None and value > today:
            self.add(field, f"{label} cannot be in the future.")

    def not_before(
        self, field: str, value: date | None, label: str, earliest: date | None, what: str
    ) -> None:
        if value is not None and earliest is not None and value < earliest:
            self.add(field, f"{label} cannot be before {what}.")

    def number(self, field: str, value: str, label: str) -> float | None:
        """The number typed (a decimal comma is fine), or None if blank; a problem if not one."""
        if not value.strip():
            return None
        parsed = parse_number(value)
        if parsed is None:
            self.add(field, f"{label} must be a number, e.g. 5 or 7.5.")
        return parsed

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(self.fields)
