"""The Sessions tab's list: one row per session, newest first, with its note's status.

A note still unsigned some days after its session is flagged (the number of days is a
preference), because an unsigned note is the documentation gap an audit finds first. A session
with unsaved edits kept as a draft says so, so a half-written note is never forgotten.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from practice_planner.domain.enums import Attendance, SessionType
from practice_planner.storage.models import Encounter
from practice_planner.ui.widgets import error_colour

Index = QModelIndex | QPersistentModelIndex

HEADERS = ("Date", "Type", "Attendance", "Note")
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 1
"""True on every cell of a row whose note is overdue for signing."""


class NoteStatus(Enum):
    NONE = "No note"
    DRAFT = "Draft"
    SIGNED = "Signed"


@dataclass(frozen=True)
class SessionRow:
    """What the list shows of one session (plain values: no ORM object outlives a reload)."""

    encounter_id: int
    session_date: date
    start_time: time | None
    session_type: SessionType
    attendance: Attendance
    status: NoteStatus
    unsaved: bool
    days_unsigned: int | None
    """Days since the session while its note is overdue for signing; None if it is not."""

    @property
    def note_text(self) -> str:
        text = self.status.value
        if self.unsaved:
            text += ", unsaved edits" if self.status is not NoteStatus.NONE else ", unsaved draft"
        if self.days_unsigned is not None:
            text += f" · {self.days_unsigned} days unsigned"
        return text


def needs_signature(encounter: Encounter) -> bool:
    """An attended session's note is due; a cancelled or missed one needs a note only if begun."""
    if encounter.note is not None:
        return encounter.note.signed_at is None
    return encounter.attendance is Attendance.ATTENDED


def session_row(
    encounter: Encounter, *, unsaved: bool, flag_after_days: int, today: date
) -> SessionRow:
    note = encounter.note
    if note is None:
        status = NoteStatus.NONE
    else:
        status = NoteStatus.SIGNED if note.signed_at is not None else NoteStatus.DRAFT
    age = (today - encounter.session_date).days
    overdue = needs_signature(encounter) and age > flag_after_days
    return SessionRow(
        encounter_id=encounter.id,
        session_date=encounter.session_date,
        start_time=encounter.start_time,
        session_type=encounter.session_type,
        attendance=encounter.attendance,
        status=status,
        unsaved=unsaved,
        days_unsigned=age if overdue else None,
    )


class SessionListModel(QAbstractTableModel):
    """A client's sessions as loaded by ``services.sessions.encounters_for`` (newest first)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SessionRow] = []

    def set_sessions(
        self,
        encounters: Sequence[Encounter],
        *,
        unsaved: Collection[int] = (),
        flag_after_days: int = 7,
        today: date | None = None,
    ) -> None:
        day = today or date.today()
        self.beginResetModel()
        self._rows = [
            session_row(e, unsaved=e.id in unsaved, flag_after_days=flag_after_days, today=day)
            for e in encounters
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def session(self, row: int) -> SessionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, encounter_id: int | None) -> int | None:
        for row, item in enumerate(self._rows):
            if item.encounter_id == encounter_id:
                return row
        return None

    def set_unsaved(self, encounter_id: int, unsaved: bool) -> None:
        """Mark or unmark one row's "unsaved edits" without reloading the list."""
        row = self.row_of(encounter_id)
        if row is None or self._rows[row].unsaved == unsaved:
            return
        old = self._rows[row]
        self._rows[row] = SessionRow(
            old.encounter_id,
            old.session_date,
            old.start_time,
            old.session_type,
            old.attendance,
            old.status,
            unsaved,
            old.days_unsigned,
        )
        last = self.index(row, len(HEADERS) - 1)
        self.dataChanged.emit(self.index(row, 0), last)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        flagged = item.days_unsigned is not None
        if role == FLAGGED_ROLE:
            return flagged
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(item)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and flagged and index.column() == 3:
            return QColor(error_colour())
        if role == Qt.ItemDataRole.ToolTipRole and flagged:
            what = "has no note yet" if item.status is NoteStatus.NONE else "is still unsigned"
            return (
                f"This session {what} {item.days_unsigned} days after it was held. "
                "Finish the note and sign it."
            )
        return None


def _cells(item: SessionRow) -> tuple[str, str, str, str]:
    when = item.session_date.isoformat()
    if item.start_time is not None:
        when += f" {item.start_time:%H:%M}"
    return (when, item.session_type.label, item.attendance.label, item.note_text)
