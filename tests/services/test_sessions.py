"""Sessions, notes, signing, addenda, goal progress and psychotherapy notes on a real vault.

The client, plan and goals are built with the ORM directly so these tests depend only on the
storage layer, not on the client and plan services.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practice_planner.domain.enums import (
    Attendance,
    Delivery,
    GoalCategory,
    GoalStatus,
    NoteFormat,
    ProgressRating,
    RiskLevel,
    SessionType,
)
from practice_planner.errors import ValidationError
from practice_planner.services import sessions
from practice_planner.services.sessions import EncounterInput, GoalProgressInput, NoteInput
from practice_planner.storage import audit
from practice_planner.storage.models import (
    AuditEvent,
    Client,
    Encounter,
    Goal,
    GoalProgress,
    Problem,
    ProgressNote,
    PsychotherapyNote,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 17, 45, tzinfo=UTC)
SECRET = "Client disclosed the name of the neighbour"
"""Typed text that must never reach the audit trail or an error message."""

SESSION = EncounterInput(
    session_date=date(2026, 11, 20),
    start_time=time(14, 0),
    duration_minutes=53,
    session_type=SessionType.INDIVIDUAL,
    attendance=Attendance.ATTENDED,
    delivery=Delivery.VIDEO,
    cpt_code="90834",
)
SOAP = NoteInput(
    format=NoteFormat.SOAP,
    sections={"subjective": SECRET, "plan": "Continue exposure hierarchy."},
    homework="Breathing practice twice a day.",
)


@dataclass(frozen=True)
class Practice:
    client_id: int
    goal_ids: tuple[int, int]
    other_client_id: int
    other_goal_id: int


def _client_with_goals(session: Session, number: str, goals: int) -> tuple[int, list[int]]:
    client = Client(record_number=number, legal_given_name="Test", legal_family_name=number)
    plan = TreatmentPlan(client=client, effective_date=date(2026, 9, 1))
    problem = Problem(plan=plan, statement="Panic attacks interfere with work")
    made = [
        Goal(problem=problem, statement=f"Goal {n}", category=GoalCategory.SYMPTOM)
        for n in range(goals)
    ]
    session.add(client)
    session.flush()
    return client.id, [goal.id for goal in made]


def practice(vault: Vault) -> Practice:
    """Two fictional clients with a plan each: two goals for the first, one for the other."""
    with vault.unit_of_work() as session:
        client_id, (first, second) = _client_with_goals(session, "C-00001", 2)
        other_id, (other_goal,) = _client_with_goals(session, "C-00002", 1)
    return Practice(client_id, (first, second), other_id, other_goal)


def archive(vault: Vault, client_id: int) -> None:
    with vault.unit_of_work() as session:
        client = session.get(Client, client_id)
        assert client is not None
        client.archived_at = NOW


def events(vault: Vault) -> list[AuditEvent]:
    """The whole trail, after checking that the chain still verifies."""
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def last_event(vault: Vault) -> AuditEvent:
    return events(vault)[-1]


def no_secret_in_trail(vault: Vault) -> None:
    for event in events(vault):
        assert SECRET not in event.detail


def count(vault: Vault, model: type[object]) -> int:
    with vault.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> dict[str, str]:
    """The fields of the ValidationError ``call`` raises; no message repeats typed text."""
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    for message in error.value.fields.values():
        assert SECRET not in message
    return error.value.fields


@pytest.fixture
def setup(vault: Vault) -> Practice:
    return practice(vault)


@pytest.fixture
def encounter(vault: Vault, setup: Practice) -> Encounter:
    return sessions.create_encounter(vault, setup.client_id, SESSION, today=TODAY)


@pytest.fixture
def draft(vault: Vault, encounter: Encounter) -> ProgressNote:
    return sessions.save_note_draft(vault, encounter.id, SOAP)


@pytest.fixture
def signed(vault: Vault, draft: ProgressNote) -> ProgressNote:
    return sessions.sign_note(vault, draft.id, "Dr. Test Clinician", now=NOW)


# ------------------------------------------------------------------------------ encounters
def test_create_encounter_keeps_every_field_and_audits(vault: Vault, setup: Practice) -> None:
    made = sessions.create_encounter(vault, setup.client_id, SESSION, today=TODAY)
    back = sessions.get_encounter(vault, made.id)
    assert EncounterInput.from_encounter(back) == SESSION
    assert back.note is None  # loaded, usable after the session closed
    event = last_event(vault)
    assert (event.action, event.entity, event.entity_id) == (
        "encounter.created",
        "encounter",
        str(made.id),
    )
    assert "duration_minutes" in json.loads(event.detail)["fields"]
    assert "90834" not in event.detail


def test_a_session_records_the_plan_version_it_was_held_under(
    vault: Vault, setup: Practice
) -> None:
    first = sessions.create_encounter(vault, setup.client_id, SESSION, today=TODAY)
    with vault.unit_of_work() as session:
        plan = session.scalars(
            select(TreatmentPlan).where(TreatmentPlan.client_id == setup.client_id)
        ).one()
        first_plan = plan.id
        session.add(
            TreatmentPlan(
                client_id=setup.client_id,
                version=2,
                supersedes_id=plan.id,
                effective_date=date(2026, 11, 1),
            )
        )
    second = sessions.create_encounter(vault, setup.client_id, SESSION, today=TODAY)
    assert sessions.get_encounter(vault, first.id).plan_id == first_plan
    later = sessions.get_encounter(vault, second.id).plan_id
    assert later is not None and later != first_plan
    other = sessions.create_encounter(vault, setup.other_client_id, SESSION, today=TODAY)
    assert other.plan_id is not None  # the other client has a plan of their own
    assert other.plan_id not in (first_plan, later)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"duration_minutes": 0}, "duration_minutes", "1 to 600"),
        ({"duration_minutes": 601}, "duration_minutes", "1 to 600"),
        ({"session_date": date(2027, 11, 23)}, "session_date", "year in the future"),
        ({"cpt_code": "9083"}, "cpt_code", "5 digits"),
        ({"cpt_code": "9083A"}, "cpt_code", "5 digits"),
        ({"cpt_code": "908345"}, "cpt_code", "5 digits"),
    ],
)
def test_each_encounter_rule_names_its_field(
    vault: Vault, setup: Practice, change: dict[str, object], field: str, words: str
) -> None:
    bad = replace(SESSION, **change)  # type: ignore[arg-type]
    fields = refused(sessions.create_encounter, vault, setup.client_id, bad, today=TODAY)
    assert words in fields[field]
    assert count(vault, Encounter) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"duration_minutes": 1},
        {"duration_minutes": 600},
        {"session_date": date(2027, 11, 22)},
        {"cpt_code": ""},
        {"cpt_code": " 90837 "},
        {"start_time": None},
    ],
)
def test_edges_that_are_allowed(vault: Vault, setup: Practice, change: dict[str, object]) -> None:
    made = sessions.create_encounter(
        vault,
        setup.client_id,
        replace(SESSION, **change),  # type: ignore[arg-type]
        today=TODAY,
    )
    assert made.cpt_code == str(change.get("cpt_code", "90834")).strip()


def test_every_encounter_problem_is_reported_at_once(vault: Vault, setup: Practice) -> None:
    bad = replace(SESSION, duration_minutes=0, cpt_code="x", session_date=date(2030, 1, 1))
    fields = refused(sessions.create_encounter, vault, setup.client_id, bad, today=TODAY)
    assert set(fields) == {"duration_minutes", "cpt_code", "session_date"}


def test_a_session_needs_an_existing_unarchived_client(vault: Vault, setup: Practice) -> None:
    missing = refused(sessions.create_encounter, vault, 999, SESSION, today=TODAY)
    assert "no longer exists" in missing["client"]
    archive(vault, setup.client_id)
    archived = refused(sessions.create_encounter, vault, setup.client_id, SESSION, today=TODAY)
    assert "archived" in archived["client"]
    assert count(vault, Encounter) == 0


def test_update_encounter_lists_changed_fields(vault: Vault, encounter: Encounter) -> None:
    changed = replace(SESSION, duration_minutes=45, attendance=Attendance.LATE_CANCELLED)
    updated = sessions.update_encounter(vault, encounter.id, changed, today=TODAY)
    assert (updated.duration_minutes, updated.attendance) == (45, Attendance.LATE_CANCELLED)
    event = last_event(vault)
    assert event.action == "encounter.updated"
    assert json.loads(event.detail) == {"fields": ["duration_minutes", "attendance"]}
    before = len(events(vault))
    sessions.update_encounter(vault, encounter.id, changed, today=TODAY)
    assert len(events(vault)) == before  # nothing changed, nothing recorded


def test_update_encounter_validates_and_needs_the_session(
    vault: Vault, encounter: Encounter
) -> None:
    fields = refused(
        sessions.update_encounter, vault, encounter.id, replace(SESSION, duration_minutes=-5)
    )
    assert "duration_minutes" in fields
    assert sessions.get_encounter(vault, encounter.id).duration_minutes == 53
    assert "encounter" in refused(sessions.update_encounter, vault, 999, SESSION, today=TODAY)


def test_a_signed_session_can_no_longer_be_changed(vault: Vault, signed: ProgressNote) -> None:
    fields = refused(
        sessions.update_encounter,
        vault,
        signed.encounter_id,
        replace(SESSION, duration_minutes=30),
        today=TODAY,
    )
    assert "signed and locked" in fields["note"]
    assert sessions.get_encounter(vault, signed.encounter_id).duration_minutes == 53


def test_prefill_without_history_uses_sensible_defaults(vault: Vault, setup: Practice) -> None:
    form = sessions.prefill_from_last(vault, setup.client_id, TODAY)
    assert form == EncounterInput(
        session_date=TODAY,
        start_time=None,
        duration_minutes=50,
        session_type=SessionType.INDIVIDUAL,
        attendance=Attendance.ATTENDED,
        delivery=Delivery.IN_PERSON,
        cpt_code="",
    )


def test_prefill_repeats_the_last_session(vault: Vault, setup: Practice) -> None:
    sessions.create_encounter(
        vault,
        setup.client_id,
        replace(SESSION, session_date=date(2026, 11, 1), start_time=time(9, 0)),
        today=TODAY,
    )
    sessions.create_encounter(
        vault,
        setup.client_id,
        replace(SESSION, attendance=Attendance.NO_SHOW, delivery=Delivery.PHONE),
        today=TODAY,
    )
    sessions.create_encounter(
        vault, setup.other_client_id, replace(SESSION, duration_minutes=90), today=TODAY
    )
    form = sessions.prefill_from_last(vault, setup.client_id, TODAY)
    assert form.session_date == TODAY
    assert (form.start_time, form.duration_minutes, form.delivery) == (
        time(14, 0),
        53,
        Delivery.PHONE,
    )
    assert form.attendance is Attendance.ATTENDED  # a no-show is not a habit
    assert form.cpt_code == ""


def test_prefill_after_an_intake_suggests_an_individual_session(
    vault: Vault, setup: Practice
) -> None:
    intake = replace(SESSION, session_type=SessionType.INTAKE, duration_minutes=60)
    sessions.create_encounter(vault, setup.client_id, intake, today=TODAY)
    form = sessions.prefill_from_last(vault, setup.client_id, TODAY)
    assert (form.session_type, form.duration_minutes) == (SessionType.INDIVIDUAL, 60)
    assert "client" in refused(sessions.prefill_from_last, vault, 999, TODAY)


def test_encounters_for_lists_newest_first(vault: Vault, setup: Practice) -> None:
    for day in (3, 17, 10):
        sessions.create_encounter(
            vault, setup.client_id, replace(SESSION, session_date=date(2026, 11, day)), today=TODAY
        )
    listed = sessions.encounters_for(vault, setup.client_id)
    assert [e.session_date.day for e in listed] == [17, 10, 3]
    assert all(e.note is None for e in listed)


# ------------------------------------------------------------------------------ drafts
def test_a_draft_is_created_then_updated(vault: Vault, encounter: Encounter) -> None:
    note = sessions.save_note_draft(vault, encounter.id, SOAP)
    assert note.sections == {
        "subjective": SECRET,
        "objective": "",
        "assessment": "",
        "plan": "Continue exposure hierarchy.",
    }
    assert note.signed_at is None and not note.locked
    assert note.encounter.id == encounter.id and note.addenda == [] and note.goal_progress == []
    assert last_event(vault).action == "note.saved"

    sections = {**SOAP.sections, "assessment": "Engaged, less avoidant."}
    again = sessions.save_note_draft(vault, encounter.id, replace(SOAP, sections=sections))
    assert again.id == note.id
    assert again.sections["assessment"] == "Engaged, less avoidant."
    event = last_event(vault)
    assert (event.action, event.entity, event.entity_id) == (
        "note.saved",
        "progress_note",
        str(note.id),
    )
    assert json.loads(event.detail) == {"fields": ["sections.assessment"]}
    assert sessions.note_for_encounter(vault, encounter.id) is not None
    no_secret_in_trail(vault)


def test_changing_the_format_keeps_only_its_sections(vault: Vault, draft: ProgressNote) -> None:
    dap = NoteInput(format=NoteFormat.DAP, sections={"data": "Reports fewer attacks."})
    note = sessions.save_note_draft(vault, draft.encounter_id, dap)
    assert note.format is NoteFormat.DAP
    assert note.sections == {"data": "Reports fewer attacks.", "assessment": "", "plan": ""}


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (NoteInput(NoteFormat.DAP, {"subjective": "x"}), "sections", "only these sections"),
        (NoteInput(NoteFormat.FREE, {"note": "x", "plan": "y"}), "sections", "Note."),
        (NoteInput(NoteFormat.SOAP, {"plan": "x" * 20_001}), "sections.plan", "too long"),
        (NoteInput(NoteFormat.BIRP, {"behavior": "x" * 20_001}), "sections.behavior", "20,000"),
        (NoteInput(homework="x" * 20_001), "homework", "too long"),
        (NoteInput(next_steps="x" * 20_001), "next_steps", "too long"),
        (NoteInput(risk_level=RiskLevel.MODERATE), "safety_note", "safety plan"),
        (NoteInput(risk_level=RiskLevel.HIGH, safety_note="   "), "safety_note", "safety plan"),
        (
            NoteInput(risk_level=RiskLevel.HIGH, safety_note="x" * 20_001),
            "safety_note",
            "too long",
        ),
    ],
)
def test_each_note_rule_names_its_field(
    vault: Vault, encounter: Encounter, data: NoteInput, field: str, words: str
) -> None:
    fields = refused(sessions.save_note_draft, vault, encounter.id, data)
    assert words in fields[field]
    assert count(vault, ProgressNote) == 0


def test_unknown_section_names_are_not_repeated_back(vault: Vault, encounter: Encounter) -> None:
    fields = refused(
        sessions.save_note_draft, vault, encounter.id, NoteInput(sections={SECRET: ""})
    )
    assert "Subjective" in fields["sections"]


def test_risk_with_a_safety_plan_is_accepted(vault: Vault, encounter: Encounter) -> None:
    data = replace(
        SOAP, risk_level=RiskLevel.HIGH, safety_note="Safety plan reviewed; crisis line."
    )
    note = sessions.save_note_draft(vault, encounter.id, data)
    assert note.risk_level is RiskLevel.HIGH
    low = sessions.save_note_draft(vault, encounter.id, replace(SOAP, risk_level=RiskLevel.LOW))
    assert low.risk_level is RiskLevel.LOW


def test_a_note_needs_its_session(vault: Vault, setup: Practice) -> None:
    assert "no longer exists" in refused(sessions.save_note_draft, vault, 999, SOAP)["encounter"]


# ------------------------------------------------------------------------------ signing
def test_signing_stamps_and_locks(vault: Vault, signed: ProgressNote) -> None:
    assert signed.signed_at == NOW and signed.signed_at.tzinfo is not None
    assert signed.signed_by == "Dr. Test Clinician" and signed.locked
    event = last_event(vault)
    assert (event.action, event.entity, event.entity_id) == (
        "note.signed",
        "progress_note",
        str(signed.id),
    )
    assert "Dr. Test" not in event.detail


def test_signing_takes_any_zone_and_stores_utc(vault: Vault, draft: ProgressNote) -> None:
    berlin = datetime(2026, 11, 22, 18, 45, tzinfo=ZoneInfo("Europe/Berlin"))
    note = sessions.sign_note(vault, draft.id, "Dr. Test", now=berlin)
    assert note.signed_at == NOW and note.signed_at.utcoffset() == timedelta(0)


def test_a_signed_note_refuses_edits(vault: Vault, signed: ProgressNote, setup: Practice) -> None:
    fields = refused(
        sessions.save_note_draft, vault, signed.encounter_id, replace(SOAP, homework="changed")
    )
    assert "signed and locked" in fields["note"] and "addendum" in fields["note"]
    progress = [GoalProgressInput(setup.goal_ids[0], rating=ProgressRating.IMPROVING)]
    fields = refused(sessions.record_goal_progress, vault, signed.id, progress)
    assert "signed and locked" in fields["note"]
    back = sessions.get_note(vault, signed.id)
    assert back.homework == SOAP.homework and back.goal_progress == []


def test_a_note_is_signed_only_once(vault: Vault, signed: ProgressNote) -> None:
    later = NOW + timedelta(days=1)
    fields = refused(sessions.sign_note, vault, signed.id, "Someone Else", now=later)
    assert "already signed" in fields["note"]
    back = sessions.get_note(vault, signed.id)
    assert (back.signed_at, back.signed_by) == (NOW, "Dr. Test Clinician")


def test_an_empty_note_cannot_be_signed(vault: Vault, encounter: Encounter) -> None:
    blank = NoteInput(sections={"subjective": "  ", "plan": "\n"}, homework="Some homework")
    note = sessions.save_note_draft(vault, encounter.id, blank)
    fields = refused(sessions.sign_note, vault, note.id, "Dr. Test", now=NOW)
    assert "empty" in fields["sections"]
    assert sessions.get_note(vault, note.id).signed_at is None


def test_signing_needs_a_name(vault: Vault, draft: ProgressNote) -> None:
    assert "required" in refused(sessions.sign_note, vault, draft.id, " ", now=NOW)["signed_by"]
    assert "note" in refused(sessions.sign_note, vault, 999, "Dr. Test", now=NOW)


def test_signing_applies_the_risk_rule_again(vault: Vault, draft: ProgressNote) -> None:
    """A note that slipped past the rule (an import, an older version) still cannot be signed."""
    with vault.unit_of_work() as session:
        note = session.get(ProgressNote, draft.id)
        assert note is not None
        note.risk_level = RiskLevel.MODERATE
    fields = refused(sessions.sign_note, vault, draft.id, "Dr. Test", now=NOW)
    assert "safety plan" in fields["safety_note"]
    assert not sessions.get_note(vault, draft.id).locked


# ------------------------------------------------------------------------------ addenda
def test_a_signed_note_takes_addenda(vault: Vault, signed: ProgressNote) -> None:
    later = NOW + timedelta(days=2)
    addendum = sessions.add_addendum(
        vault, signed.id, "Correction: the session ran 53 minutes.", "Dr. Test", now=later
    )
    assert (addendum.note_id, addendum.written_at, addendum.author) == (
        signed.id,
        later,
        "Dr. Test",
    )
    back = sessions.get_note(vault, signed.id)
    assert [a.text for a in back.addenda] == ["Correction: the session ran 53 minutes."]
    assert back.sections == signed.sections and back.signed_at == NOW  # the original stands
    event = last_event(vault)
    assert (event.action, event.entity, event.entity_id) == (
        "addendum.added",
        "addendum",
        str(addendum.id),
    )
    assert "Correction" not in event.detail


def test_an_unsigned_note_takes_edits_not_addenda(vault: Vault, draft: ProgressNote) -> None:
    fields = refused(sessions.add_addendum, vault, draft.id, "More", "Dr. Test", now=NOW)
    assert "edit the note" in fields["note"]
    assert sessions.get_note(vault, draft.id).addenda == []


@pytest.mark.parametrize(
    ("text", "author", "field", "words"),
    [
        ("", "Dr. Test", "text", "required"),
        ("  \n", "Dr. Test", "text", "required"),
        ("x" * 20_001, "Dr. Test", "text", "too long"),
        ("Fine text", "", "author", "required"),
    ],
)
def test_each_addendum_rule_names_its_field(
    vault: Vault, signed: ProgressNote, text: str, author: str, field: str, words: str
) -> None:
    fields = refused(sessions.add_addendum, vault, signed.id, text, author, now=NOW)
    assert words in fields[field]
    assert sessions.get_note(vault, signed.id).addenda == []


# ------------------------------------------------------------------------------ goal progress
def test_goal_progress_is_recorded_and_replaced(
    vault: Vault, draft: ProgressNote, setup: Practice
) -> None:
    first, second = setup.goal_ids
    rows = sessions.record_goal_progress(
        vault,
        draft.id,
        [
            GoalProgressInput(first, ProgressRating.IMPROVING, 1, "2,5", "Fewer attacks"),
            GoalProgressInput(second, gas_score=-2),
        ],
    )
    assert [(r.goal_id, r.rating, r.gas_score, r.observed_value) for r in rows] == [
        (first, ProgressRating.IMPROVING, 1, 2.5),
        (second, None, -2, None),
    ]
    event = last_event(vault)
    assert (event.action, event.entity_id) == ("goal_progress.recorded", str(draft.id))
    assert json.loads(event.detail) == {"goal_ids": [first, second]}

    rows = sessions.record_goal_progress(
        vault,
        draft.id,
        [GoalProgressInput(second, ProgressRating.NO_CHANGE), GoalProgressInput(first)],
    )
    assert [(r.goal_id, r.rating) for r in rows] == [(second, ProgressRating.NO_CHANGE)]
    assert count(vault, GoalProgress) == 1  # replaced; the blank entry was dropped
    assert [g.goal_id for g in sessions.get_note(vault, draft.id).goal_progress] == [second]
    events(vault)


@pytest.mark.parametrize(
    ("entry", "name", "words"),
    [
        ({"gas_score": 3}, "gas_score", "-2 to +2"),
        ({"gas_score": -3}, "gas_score", "-2 to +2"),
        ({"observed_value": "about three"}, "observed_value", "number"),
        ({"comment": "x" * 20_001}, "comment", "too long"),
    ],
)
def test_each_goal_progress_rule_names_its_field(
    vault: Vault,
    draft: ProgressNote,
    setup: Practice,
    entry: dict[str, object],
    name: str,
    words: str,
) -> None:
    goal = setup.goal_ids[0]
    bad = GoalProgressInput(goal, **entry)  # type: ignore[arg-type]
    fields = refused(sessions.record_goal_progress, vault, draft.id, [bad])
    assert words in fields[f"goal_progress[{goal}].{name}"]
    assert count(vault, GoalProgress) == 0


def test_goal_progress_only_for_the_same_clients_goals(
    vault: Vault, draft: ProgressNote, setup: Practice
) -> None:
    entries = [GoalProgressInput(setup.other_goal_id, ProgressRating.ACHIEVED)]
    fields = refused(sessions.record_goal_progress, vault, draft.id, entries)
    assert "treatment plan" in fields[f"goal_progress[{setup.other_goal_id}].goal_id"]
    fields = refused(
        sessions.record_goal_progress, vault, draft.id, [GoalProgressInput(999, None, 1)]
    )
    assert "goal_progress[999].goal_id" in fields
    twice = [GoalProgressInput(setup.goal_ids[0], gas_score=0)] * 2
    fields = refused(sessions.record_goal_progress, vault, draft.id, twice)
    assert "twice" in fields[f"goal_progress[{setup.goal_ids[0]}]"]
    assert count(vault, GoalProgress) == 0


def test_the_last_values_carry_forward(vault: Vault, setup: Practice) -> None:
    first, second = setup.goal_ids
    older = sessions.create_encounter(
        vault, setup.client_id, replace(SESSION, session_date=date(2026, 11, 6)), today=TODAY
    )
    newer = sessions.create_encounter(vault, setup.client_id, SESSION, today=TODAY)
    # written out of order: the later session is documented first
    newer_note = sessions.save_note_draft(vault, newer.id, SOAP)
    sessions.record_goal_progress(
        vault, newer_note.id, [GoalProgressInput(first, ProgressRating.IMPROVING, 1, "3", "ok")]
    )
    older_note = sessions.save_note_draft(vault, older.id, SOAP)
    sessions.record_goal_progress(
        vault,
        older_note.id,
        [
            GoalProgressInput(first, ProgressRating.WORSENING, -1, "5"),
            GoalProgressInput(second, gas_score=0, observed_value="7.25"),
        ],
    )
    carried = sessions.last_goal_progress(
        vault, setup.client_id, [first, second, setup.other_goal_id]
    )
    assert carried == {
        first: GoalProgressInput(first, ProgressRating.IMPROVING, 1, "3", ""),
        second: GoalProgressInput(second, None, 0, "7.25", ""),
    }
    assert sessions.last_goal_progress(vault, setup.other_client_id, [first]) == {}
    assert sessions.last_goal_progress(vault, setup.client_id, []) == {}


def test_carrying_forward_leaves_out_the_note_being_written(vault: Vault, setup: Practice) -> None:
    first, _ = setup.goal_ids
    older = sessions.create_encounter(
        vault, setup.client_id, replace(SESSION, session_date=date(2026, 11, 6)), today=TODAY
    )
    older_note = sessions.save_note_draft(vault, older.id, SOAP)
    sessions.record_goal_progress(vault, older_note.id, [GoalProgressInput(first, gas_score=-1)])
    current = sessions.create_encounter(vault, setup.client_id, SESSION, today=TODAY)
    current_note = sessions.save_note_draft(vault, current.id, SOAP)
    sessions.record_goal_progress(vault, current_note.id, [GoalProgressInput(first, gas_score=2)])

    assert sessions.last_goal_progress(vault, setup.client_id, [first])[first].gas_score == 2
    carried = sessions.last_goal_progress(
        vault, setup.client_id, [first], exclude_note_id=current_note.id
    )
    assert carried[first].gas_score == -1


# ------------------------------------------------------------------------------ goals addressed
def _set_status(vault: Vault, goal_id: int, status: GoalStatus) -> None:
    with vault.unit_of_work() as session:
        goal = session.get(Goal, goal_id)
        assert goal is not None
        goal.status = status


def test_a_new_note_lists_the_active_goals_in_plan_order(vault: Vault, setup: Practice) -> None:
    first, second = setup.goal_ids
    listed = sessions.goals_to_address(vault, setup.client_id)
    assert [goal.id for goal in listed] == [first, second]
    assert listed[0].statement == "Goal 0"  # usable after the session closed
    _set_status(vault, first, GoalStatus.ON_HOLD)
    assert [goal.id for goal in sessions.goals_to_address(vault, setup.client_id)] == [second]


def test_no_plan_means_no_goals_to_address(vault: Vault) -> None:
    with vault.unit_of_work() as session:
        client = Client(record_number="C-00009", legal_given_name="No", legal_family_name="Plan")
        session.add(client)
        session.flush()
        client_id = client.id
    assert sessions.goals_to_address(vault, client_id) == []


def test_the_newest_plan_version_gives_the_goals(vault: Vault, setup: Practice) -> None:
    with vault.unit_of_work() as session:
        plan = TreatmentPlan(client_id=setup.client_id, version=2, effective_date=TODAY)
        problem = Problem(plan=plan, statement="Sleep")
        newer = Goal(problem=problem, statement="Sleep six hours", category=GoalCategory.SYMPTOM)
        session.add(plan)
        session.flush()
        newer_id = newer.id
    listed = sessions.goals_to_address(vault, setup.client_id)
    assert [goal.id for goal in listed] == [newer_id]


def test_a_draft_keeps_showing_goals_it_recorded(
    vault: Vault, draft: ProgressNote, setup: Practice
) -> None:
    first, second = setup.goal_ids
    sessions.record_goal_progress(vault, draft.id, [GoalProgressInput(first, gas_score=1)])
    _set_status(vault, first, GoalStatus.ACHIEVED)
    listed = sessions.goals_to_address(vault, setup.client_id, draft.id)
    assert [goal.id for goal in listed] == [second, first]


def test_a_signed_note_lists_only_what_it_recorded(
    vault: Vault, draft: ProgressNote, setup: Practice
) -> None:
    _, second = setup.goal_ids
    sessions.record_goal_progress(vault, draft.id, [GoalProgressInput(second, gas_score=0)])
    sessions.sign_note(vault, draft.id, "Dr. Test Clinician", now=NOW)
    listed = sessions.goals_to_address(vault, setup.client_id, draft.id)
    assert [goal.id for goal in listed] == [second]


def test_goals_to_address_checks_the_note(
    vault: Vault, draft: ProgressNote, setup: Practice
) -> None:
    assert "note" in refused(sessions.goals_to_address, vault, setup.other_client_id, draft.id)
    assert "note" in refused(sessions.goals_to_address, vault, setup.client_id, 999)


# ------------------------------------------------------------------------------ unsigned flag
def test_unsigned_notes_older_than(vault: Vault, setup: Practice) -> None:
    notes = {}
    for day in (1, 14, 15, 21):
        made = sessions.create_encounter(
            vault, setup.client_id, replace(SESSION, session_date=date(2026, 11, day)), today=TODAY
        )
        notes[day] = sessions.save_note_draft(vault, made.id, SOAP)
    sessions.sign_note(vault, notes[1].id, "Dr. Test", now=NOW)
    sessions.create_encounter(
        vault, setup.client_id, replace(SESSION, session_date=date(2026, 10, 1))
    )

    flagged = sessions.unsigned_notes_older_than(vault, 7, TODAY)
    assert [(n.note_id, n.session_date, n.days_old) for n in flagged] == [
        (notes[14].id, date(2026, 11, 14), 8),
    ]
    assert flagged[0].client_id == setup.client_id
    assert len(sessions.unsigned_notes_older_than(vault, 0, TODAY)) == 3
    with pytest.raises(ValueError):
        sessions.unsigned_notes_older_than(vault, -1, TODAY)


# ------------------------------------------------------------------------------ psychotherapy notes
def test_psychotherapy_notes_live_apart(vault: Vault, draft: ProgressNote) -> None:
    encounter_id = draft.encounter_id
    assert sessions.get_psychotherapy_note(vault, encounter_id) == ""
    sessions.save_psychotherapy_note(vault, encounter_id, SECRET + " (process note)")
    assert sessions.get_psychotherapy_note(vault, encounter_id) == SECRET + " (process note)"
    assert count(vault, PsychotherapyNote) == 1
    note = sessions.get_note(vault, draft.id)
    assert "process note" not in json.dumps(note.sections) + note.homework + note.next_steps
    event = last_event(vault)
    assert (event.action, event.entity) == ("psychotherapy_note.saved", "psychotherapy_note")
    assert json.loads(event.detail) == {"encounter_id": encounter_id, "fields": ["text"]}

    before = len(events(vault))
    sessions.save_psychotherapy_note(vault, encounter_id, SECRET + " (process note)")
    assert len(events(vault)) == before  # unchanged: nothing recorded
    sessions.save_psychotherapy_note(vault, encounter_id, "Rewritten.")
    assert sessions.get_psychotherapy_note(vault, encounter_id) == "Rewritten."
    assert count(vault, PsychotherapyNote) == 1
    no_secret_in_trail(vault)


def test_psychotherapy_note_rules(vault: Vault, encounter: Encounter) -> None:
    fields = refused(sessions.save_psychotherapy_note, vault, encounter.id, "x" * 20_001)
    assert "too long" in fields["text"]
    assert "encounter" in refused(sessions.save_psychotherapy_note, vault, 999, "text")
    before = len(events(vault))
    sessions.save_psychotherapy_note(vault, encounter.id, "")
    assert count(vault, PsychotherapyNote) == 0 and len(events(vault)) == before


# ------------------------------------------------------------------------------ archived clients
def test_an_archived_clients_notes_can_still_be_finished(
    vault: Vault, draft: ProgressNote, setup: Practice
) -> None:
    """Archiving refuses new sessions, but the last session's note must still be signable."""
    archive(vault, setup.client_id)
    sessions.save_note_draft(vault, draft.encounter_id, replace(SOAP, next_steps="Discharge."))
    signed = sessions.sign_note(vault, draft.id, "Dr. Test", now=NOW)
    sessions.add_addendum(vault, signed.id, "Discharge summary sent.", "Dr. Test", now=NOW)
    fields = refused(sessions.update_encounter, vault, draft.encounter_id, SESSION, today=TODAY)
    assert "archived" in fields["client"]


def test_every_change_left_an_unbroken_trail(
    vault: Vault, signed: ProgressNote, setup: Practice
) -> None:
    sessions.add_addendum(vault, signed.id, "Addendum text.", "Dr. Test", now=NOW)
    sessions.save_psychotherapy_note(vault, signed.encounter_id, "Private.")
    actions = [e.action for e in events(vault)]
    for action in (
        "encounter.created",
        "note.saved",
        "note.signed",
        "addendum.added",
        "psychotherapy_note.saved",
    ):
        assert action in actions
    no_secret_in_trail(vault)
