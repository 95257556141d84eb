"""The session list model on plain objects: columns, the unsigned flag, unsaved drafts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from PySide6.QtCore import Qt

from practice_planner.domain.enums import Attendance, SessionType
from practice_planner.storage.models import Encounter, ProgressNote
from practice_planner.ui.session_list_model import FLAGGED_ROLE, HEADERS, SessionListModel

TODAY = date(2026, 11, 22)


def encounter(
    number: int,
    day: date,
    *,
    note: str = "",
    attendance: Attendance = Attendance.ATTENDED,
    start: time | None = time(9, 0),
) -> Encounter:
    made = Encounter(
        id=number,
        client_id=1,
        session_date=day,
        start_time=start,
        session_type=SessionType.INDIVIDUAL,
        attendance=attendance,
    )
    if note:
        signed = datetime(2026, 11, 1, tzinfo=UTC) if note == "signed" else None
        made.note = ProgressNote(id=number, encounter_id=number, signed_at=signed)
    else:
        made.note = None
    return made


def cells(model: SessionListModel, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(len(HEADERS))]


def test_columns_and_note_states() -> None:
    model = SessionListModel()
    model.set_sessions(
        [
            encounter(3, date(2026, 11, 20), note="draft"),
            encounter(2, date(2026, 11, 13), note="signed", start=None),
            encounter(1, date(2026, 11, 6), attendance=Attendance.NO_SHOW),
        ],
        flag_after_days=7,
        today=TODAY,
    )
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == list(HEADERS)
    assert cells(model, 0) == ["2026-11-20 09:00", "Individual", "Attended", "Draft"]
    assert cells(model, 1) == ["2026-11-13", "Individual", "Attended", "Signed"]
    assert cells(model, 2) == ["2026-11-06 09:00", "Individual", "No-show", "No note"]
    assert not any(model.index(row, 0).data(FLAGGED_ROLE) for row in range(3))


@pytest.mark.parametrize(
    ("note", "attendance", "days", "flagged"),
    [
        ("draft", Attendance.ATTENDED, 8, True),
        ("draft", Attendance.ATTENDED, 7, False),  # "older than 7 days" starts at 8
        ("", Attendance.ATTENDED, 8, True),  # a held session with no note at all
        ("", Attendance.CANCELLED, 30, False),  # nothing to document
        ("draft", Attendance.NO_SHOW, 30, True),  # begun, so it should be finished
        ("signed", Attendance.ATTENDED, 30, False),
    ],
)
def test_the_unsigned_flag(note: str, attendance: Attendance, days: int, flagged: bool) -> None:
    model = SessionListModel()
    day = date.fromordinal(TODAY.toordinal() - days)
    model.set_sessions(
        [encounter(1, day, note=note, attendance=attendance)], flag_after_days=7, today=TODAY
    )
    index = model.index(0, 3)
    assert model.index(0, 0).data(FLAGGED_ROLE) is flagged
    assert index.data().endswith(f"{days} days unsigned") is flagged
    assert (index.data(Qt.ItemDataRole.ForegroundRole) is not None) is flagged
    assert (index.data(Qt.ItemDataRole.ToolTipRole) is not None) is flagged


def test_unsaved_edits_are_shown_and_cleared_in_place() -> None:
    model = SessionListModel()
    model.set_sessions(
        [encounter(2, TODAY, note="draft"), encounter(1, TODAY)], unsaved={1}, today=TODAY
    )
    assert model.index(1, 3).data() == "No note, unsaved draft"
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom: changed.append(top.row()))
    model.set_unsaved(2, True)
    assert model.index(0, 3).data() == "Draft, unsaved edits"
    model.set_unsaved(2, True)  # no change, no signal
    model.set_unsaved(99, True)  # not listed: ignored
    model.set_unsaved(1, False)
    assert model.index(1, 3).data() == "No note"
    assert changed == [0, 1]
    assert model.row_of(1) == 1 and model.row_of(None) is None
    model.clear()
    assert model.rowCount() == 0 and model.session(0) is None
