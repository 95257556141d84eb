"""Progress summary PDFs from a real vault: sessions, goal progress, measures, milestones."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import event

from practice_planner.domain import gas, reliable_change
from practice_planner.domain.enums import Attendance, Direction, Instrument, ProgressRating
from practice_planner.errors import ValidationError
from practice_planner.reports import exports
from practice_planner.services import measures, milestones, plans, report_data, sessions
from practice_planner.services.plans import SignatureInput
from practice_planner.services.sessions import EncounterInput, GoalProgressInput, NoteInput
from practice_planner.storage.vault import Vault
from tests.reports.records import (
    NAMES,
    TODAY,
    BuiltPlan,
    audit_events,
    flat,
    make_client,
    make_plan,
    pages_text,
)

FROM, TO = date(2026, 2, 1), date(2026, 6, 30)
PSYCHOTHERAPY_NOTE = "Countertransference: reminds me of my brother"
PROGRESS_NOTE = "Client described the argument with the landlord"
MILESTONE = "Rode the bus to work alone for the first time"
ATTENDANCE = [Attendance.ATTENDED] * 6 + [
    Attendance.CANCELLED,
    Attendance.LATE_CANCELLED,
    Attendance.NO_SHOW,
]
GAS_SCORES = [-2, -1, -1, 0, 1, 1]


@dataclass
class History:
    built: BuiltPlan
    first_session: date
    last_session: date


def record_history(vault: Vault, built: BuiltPlan) -> History:
    """Nine weekly sessions from February (six attended), measures, a milestone, private notes."""
    goal_a, goal_b = built.goal_ids[:2]
    attended: list[date] = []
    for week, attendance in enumerate(ATTENDANCE):
        held = date(2026, 2, 2) + timedelta(weeks=week)
        encounter = sessions.create_encounter(
            vault,
            built.client_id,
            EncounterInput(session_date=held, attendance=attendance),
            today=TODAY,
        )
        sessions.save_psychotherapy_note(vault, encounter.id, PSYCHOTHERAPY_NOTE)
        if attendance is not Attendance.ATTENDED:
            continue
        score = GAS_SCORES[len(attended)]
        note = sessions.save_note_draft(
            vault, encounter.id, NoteInput(sections={"subjective": PROGRESS_NOTE})
        )
        sessions.record_goal_progress(
            vault,
            note.id,
            [
                GoalProgressInput(
                    goal_a,
                    rating=ProgressRating.IMPROVING,
                    gas_score=score,
                    observed_value=str(5 - len(attended) * 0.5),
                ),
                GoalProgressInput(goal_b, gas_score=0),
            ],
        )
        attended.append(held)
    # outside the range: must not be counted
    late = sessions.create_encounter(
        vault, built.client_id, EncounterInput(session_date=date(2026, 10, 5)), today=TODAY
    )
    sessions.save_note_draft(vault, late.id, NoteInput(sections={"subjective": "later"}))
    first, last = attended[0], attended[-1]
    for instrument, day, answers in (
        (Instrument.PHQ9, first, [3, 3, 3, 3, 2, 2, 2, 0, 0]),  # 18
        (Instrument.PHQ9, last, [1, 1, 1, 1, 1, 1, 0, 0, 0]),  # 6
        (Instrument.GAD7, first, [2, 2, 2, 2, 2, 1, 1]),  # 12
        (Instrument.GAD7, last, [2, 2, 1, 1, 1, 1, 1]),  # 9
        (Instrument.PHQ9, date(2026, 10, 5), [3] * 9),  # outside the range
    ):
        measures.record_instrument(vault, built.client_id, instrument, answers, day, today=TODAY)
    milestones.add_milestone(vault, built.client_id, MILESTONE, last, goal_id=goal_a, today=TODAY)
    return History(built, first, last)


@pytest.fixture
def history(vault: Vault) -> History:
    return record_history(vault, make_plan(vault, make_client(vault)))


def export(vault: Vault, history: History, out: Path, narrative: str = "") -> Path:
    return exports.export_progress_summary(
        vault, history.built.client_id, out, FROM, TO, narrative, today=TODAY
    )


def test_summary_reports_attendance_measures_goals_gas_and_milestones(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    narrative = "Panic has eased.\n\nShe now takes the bus on most days."
    out = export(vault, history, tmp_path / "summary.pdf", narrative)
    text = flat(" ".join(pages_text(out)))
    assert "Attended 6 of 9 scheduled sessions (67%)" in text
    assert reliable_change.compare(Instrument.PHQ9, 18, 6).statement in text
    assert reliable_change.compare(Instrument.GAD7, 12, 9).statement in text
    assert "PHQ-9 fell from 18 to 6 (\u221212): reliable improvement" in text
    assert "a response (a drop of 50% or more)" in text
    for statement in history.built.texts[0:1] + history.built.texts[4:5]:
        assert flat(statement) in text  # the goals, by their clinical wording
    assert "6 in this period; first 5 (2026-02-02), latest 2.5 (2026-03-09)" in text
    latest_t = gas.t_score([(GAS_SCORES[-1], 1.0), (0, 1.0)])
    assert f"latest {latest_t:.1f} (2026-03-09), over 6 sessions" in text
    assert MILESTONE in text
    assert "Panic has eased." in text and "She now takes the bus on most days." in text
    assert "2026-02-01 to 2026-06-30" in text


def test_the_practices_own_measures_are_charted_for_the_period(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    sleep = measures.define_custom_measure(vault, "Hours of sleep", "h", 0, 12)
    drinks = measures.define_custom_measure(vault, "Drinks per week", "", 0, 80, Direction.DECREASE)
    client = history.built.client_id
    for day_, hours in ((date(2026, 1, 20), 3), (date(2026, 2, 9), 4.5), (date(2026, 3, 9), 7)):
        measures.record_custom(vault, client, sleep.id, str(hours), day_, today=TODAY)
    measures.record_custom(vault, client, drinks.id, "14", date(2026, 10, 5), today=TODAY)
    text = flat(" ".join(pages_text(export(vault, history, tmp_path / "summary.pdf"))))
    assert "Hours of sleep (h)" in text
    assert (
        "2 readings in this period; first 4.5 h (2026-02-09), latest 7 h (2026-03-09). "
        "Higher is better."
    ) in text  # the January reading is before the period
    assert "Drinks per week" not in text  # read only after the period: not in this summary


def test_psychotherapy_and_progress_note_text_never_appear(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    statements: list[str] = []
    checkouts: list[object] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(vault.engine, "before_cursor_execute", seen)
    event.listen(vault.engine.pool, "checkout", lambda *args: checkouts.append(args))
    try:
        data = report_data.load_progress_summary(vault, history.built.client_id)
    finally:
        event.remove(vault.engine, "before_cursor_execute", seen)
    assert statements and not any("psychotherapy_note" in s for s in statements)
    assert not any("sections" in s for s in statements)  # progress-note text is not read either
    assert len(checkouts) == 1  # one connection, one read transaction
    assert PSYCHOTHERAPY_NOTE not in repr(data)
    out = export(vault, history, tmp_path / "summary.pdf")
    raw = flat(" ".join(pages_text(out)))
    assert PSYCHOTHERAPY_NOTE not in raw and "Countertransference" not in raw
    assert PROGRESS_NOTE not in raw


def test_long_narrative_flows_over_pages_with_headers(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    words = [f"w{n:04d}" for n in range(1, 5001)]
    narrative = "\n\n".join(" ".join(words[i : i + 120]) for i in range(0, len(words), 120))
    out = export(vault, history, tmp_path / "summary.pdf", narrative)
    pages = pages_text(out)
    assert len(pages) >= 6
    for number, page in enumerate(pages, start=1):
        assert "Record C-00042" in page and "Robin Example" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Confidential: contains protected health information" in page
    text = flat(" ".join(pages))
    positions = [text.find(word) for word in words]
    assert -1 not in positions and positions == sorted(positions)  # every word, in order


@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_come_back_exactly(vault: Vault, tmp_path: Path, given: str, family: str) -> None:
    out = exports.export_progress_summary(
        vault,
        make_client(vault, given, family),
        tmp_path / "s.pdf",
        narrative=f"{given} <b>said</b> &amp; left",
    )
    pages = pages_text(out)
    assert all(f"{given} {family}" in page for page in pages)
    assert f"{given} <b>said</b> &amp; left" in flat(" ".join(pages))


def test_goal_history_follows_a_revised_plan(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    revised = plans.revise_plan(vault, history.built.plan_id, effective_date=date(2026, 3, 20))
    plans.sign_plan(
        vault, revised.id, SignatureInput(clinician_signed_on=date(2026, 3, 20)), today=TODAY
    )
    copy_of_a = revised.problems[0].goals[0].id
    encounter = sessions.create_encounter(
        vault, history.built.client_id, EncounterInput(session_date=date(2026, 3, 23)), today=TODAY
    )
    note = sessions.save_note_draft(vault, encounter.id, NoteInput(sections={"subjective": "x"}))
    sessions.record_goal_progress(
        vault, note.id, [GoalProgressInput(copy_of_a, observed_value="2")]
    )
    text = flat(" ".join(pages_text(export(vault, history, tmp_path / "s.pdf"))))
    assert "Version 2 (Active)" in text
    assert "7 in this period; first 5 (2026-02-02), latest 2 (2026-03-23)" in text
    assert "Goal from plan version 1" not in text
    assert f"{MILESTONE} Goal 1.1" in text  # recorded against version 1's goal


def test_file_is_private_metadata_neutral_and_export_audited(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    out = export(vault, history, tmp_path / "summary.pdf")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    metadata = PdfReader(out).metadata
    assert metadata is not None
    assert (metadata.title, metadata.subject) == ("Progress summary", "Clinical document")
    assert all("Robin" not in str(v) and "Example" not in str(v) for v in metadata.values())
    (record,) = audit_events(vault, "export.progress_summary")
    assert (record.entity, record.entity_id) == ("client", str(history.built.client_id))
    assert json.loads(record.detail) | {"bytes": 0} == {
        "from": "2026-02-01",
        "to": "2026-06-30",
        "bytes": 0,
    }
    assert exports.progress_summary_filename(FROM, TO) == (
        "progress-summary-2026-02-01-to-2026-06-30.pdf"
    )


def test_backwards_range_is_refused(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        exports.export_progress_summary(vault, make_client(vault), tmp_path / "s.pdf", TO, FROM)
    assert "date_from" in error.value.fields
    assert not (tmp_path / "s.pdf").exists()
    assert audit_events(vault, "export.progress_summary") == []


def test_open_range_runs_from_the_first_record_to_today(
    vault: Vault, history: History, tmp_path: Path
) -> None:
    out = exports.export_progress_summary(
        vault, history.built.client_id, tmp_path / "s.pdf", today=TODAY
    )
    text = flat(" ".join(pages_text(out)))
    assert "2026-01-05 to 2026-11-22" in text  # from the plan's effective date
    assert "Attended 7 of 10 scheduled sessions (70%)" in text
