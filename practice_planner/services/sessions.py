"""Sessions (encounters) and what the clinician writes about them.

A progress note is a draft until it is signed; signing locks it for good, and later corrections
are addenda below it, so the record as signed is never overwritten. Psychotherapy notes are the
clinician's private process notes (HIPAA 45 CFR 164.501): they only ever touch their own table.

Archiving a client refuses new sessions and edits to existing ones, but the documentation of
sessions already held (notes, signing, addenda, goal progress) can still be completed: a
discharged client's last note must still be signed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from practice_planner.domain.enums import (
    Attendance,
    Delivery,
    GoalStatus,
    NoteFormat,
    ProgressRating,
    RiskLevel,
    SessionType,
)
from practice_planner.errors import ValidationError
from practice_planner.services.clients import check_client_open
from practice_planner.services.plans import goals_outside_client
from practice_planner.services.validation import LONG_TEXT, Problems
from practice_planner.storage import audit
from practice_planner.storage.models import (
    Addendum,
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

MIN_DURATION = 1
MAX_DURATION = 600
DEFAULT_DURATION = 50
GAS_MIN = -2
GAS_MAX = 2
CPT_CODE = re.compile(r"[0-9]{5}")
LOCKED = "This note is signed and locked; add an addendum instead."
NO_ENCOUNTER = "This session no longer exists in the vault."
NO_NOTE = "This note no longer exists in the vault."


@dataclass(frozen=True)
class EncounterInput:
    """The session form; field names are the ones validation messages refer to."""

    session_date: date
    start_time: time | None = None
    duration_minutes: int = DEFAULT_DURATION
    session_type: SessionType = SessionType.INDIVIDUAL
    attendance: Attendance = Attendance.ATTENDED
    delivery: Delivery = Delivery.IN_PERSON
    cpt_code: str = ""

    @classmethod
    def from_encounter(cls, encounter: Encounter) -> EncounterInput:
        return cls(**{f.name: getattr(encounter, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class NoteInput:
    """A progress note as typed. ``sections`` maps the format's section keys to their text."""

    format: NoteFormat = NoteFormat.SOAP
    sections: dict[str, str] = field(default_factory=dict)
    risk_level: RiskLevel = RiskLevel.NONE
    safety_note: str = ""
    homework: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class GoalProgressInput:
    """One goal worked on in a session; ``observed_value`` is the text as typed ("3" or "2,5")."""

    goal_id: int
    rating: ProgressRating | None = None
    gas_score: int | None = None
    observed_value: str = ""
    comment: str = ""

    @property
    def is_blank(self) -> bool:
        return (
            self.rating is None
            and self.gas_score is None
            and not self.observed_value.strip()
            and not self.comment.strip()
        )


@dataclass(frozen=True)
class UnsignedNote:
    """A note still waiting for its signature, for the "unsigned notes" flag."""

    note_id: int
    encounter_id: int
    client_id: int
    session_date: date
    days_old: int


# ------------------------------------------------------------------------------ shared checks
def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _aware_utc(now: datetime | None) -> datetime:
    """``now`` in UTC (a naive time is taken as local time), or the current time."""
    return datetime.now(UTC) if now is None else now.astimezone(UTC)


# ------------------------------------------------------------------------------ encounters
def _validate_encounter(problems: Problems, data: EncounterInput, today: date) -> None:
    duration = data.duration_minutes
    if not _is_whole_number(duration) or not MIN_DURATION <= duration <= MAX_DURATION:
        problems.add(
            "duration_minutes",
            f"Duration must be a whole number of minutes from {MIN_DURATION} to {MAX_DURATION}.",
        )
    if data.session_date > _one_year_after(today):
        problems.add("session_date", "The session date cannot be more than a year in the future.")
    code = data.cpt_code.strip()
    if code and not CPT_CODE.fullmatch(code):
        problems.add("cpt_code", "A CPT code is 5 digits, e.g. 90834; or leave it blank.")


def _encounter_values(data: EncounterInput) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["cpt_code"] = data.cpt_code.strip()
    return values


def _encounter_loaded(session: Session, encounter_id: int) -> Encounter:
    encounter = session.scalar(
        select(Encounter).where(Encounter.id == encounter_id).options(selectinload(Encounter.note))
    )
    if encounter is None:
        raise ValidationError({"encounter": NO_ENCOUNTER})
    return encounter


def get_encounter(vault: Vault, encounter_id: int) -> Encounter:
    """A session with its progress note (if any) loaded; the note's own lists are not."""
    with vault.reading() as session:
        return _encounter_loaded(session, encounter_id)


def encounters_for(vault: Vault, client_id: int) -> list[Encounter]:
    """The client's sessions, newest first, each with its progress note (if any) loaded."""
    with vault.reading() as session:
        return list(
            session.scalars(
                select(Encounter)
                .where(Encounter.client_id == client_id)
                .order_by(
                    Encounter.session_date.desc(), Encounter.start_time.desc(), Encounter.id.desc()
                )
                .options(selectinload(Encounter.note))
            )
        )


def create_encounter(
    vault: Vault, client_id: int, data: EncounterInput, *, today: date | None = None
) -> Encounter:
    """Record a session; the client must exist and not be archived."""
    problems = Problems()
    _validate_encounter(problems, data, today or date.today())
    with vault.unit_of_work() as session:
        check_client_open(session, problems, client_id)
        problems.raise_if_any()
        encounter = Encounter(
            client_id=client_id,
            plan_id=_latest_plan_id(session, client_id),
            **_encounter_values(data),
        )
        session.add(encounter)
        session.flush()
        audit.append(
            session,
            "encounter.created",
            entity="encounter",
            entity_id=str(encounter.id),
            detail={"fields": [f.name for f in fields(data)]},
        )
    return get_encounter(vault, encounter.id)


def _latest_plan_id(session: Session, client_id: int) -> int | None:
    """The client's newest plan version: the one whose goals a new session's note lists."""
    return session.scalar(
        select(TreatmentPlan.id)
        .where(TreatmentPlan.client_id == client_id)
        .order_by(TreatmentPlan.version.desc())
        .limit(1)
    )


def update_encounter(
    vault: Vault, encounter_id: int, data: EncounterInput, *, today: date | None = None
) -> Encounter:
    """Change a session's details; refused once its note is signed (the note describes it)."""
    problems = Problems()
    _validate_encounter(problems, data, today or date.today())
    with vault.unit_of_work() as session:
        encounter = _encounter_loaded(session, encounter_id)
        check_client_open(session, problems, encounter.client_id)
        if encounter.note is not None and encounter.note.locked:
            problems.add("note", LOCKED)
        problems.raise_if_any()
        changed = []
        for name, value in _encounter_values(data).items():
            if getattr(encounter, name) != value:
                setattr(encounter, name, value)
                changed.append(name)
        if changed:
            audit.append(
                session,
                "encounter.updated",
                entity="encounter",
                entity_id=str(encounter_id),
                detail={"fields": changed},
            )
    return get_encounter(vault, encounter_id)


def prefill_from_last(vault: Vault, client_id: int, today: date | None = None) -> EncounterInput:
    """A new session form for today, repeating the habits of the client's last session.

    Most clients come at the same time, for the same length and in the same way, so the form
    starts from their last session. An intake happens once: the next one defaults to individual.
    """
    day = today or date.today()
    with vault.reading() as session:
        if session.get(Client, client_id) is None:
            raise ValidationError({"client": "This client no longer exists in the vault."})
        last = session.scalar(
            select(Encounter)
            .where(Encounter.client_id == client_id)
            .order_by(
                Encounter.session_date.desc(), Encounter.start_time.desc(), Encounter.id.desc()
            )
            .limit(1)
        )
    if last is None:
        return EncounterInput(session_date=day)
    session_type = last.session_type
    if session_type is SessionType.INTAKE:
        session_type = SessionType.INDIVIDUAL
    return EncounterInput(
        session_date=day,
        start_time=last.start_time,
        duration_minutes=last.duration_minutes,
        session_type=session_type,
        delivery=last.delivery,
    )


# ------------------------------------------------------------------------------ progress notes
def _note_loaded(session: Session, note_id: int) -> ProgressNote:
    note = session.scalar(
        select(ProgressNote)
        .where(ProgressNote.id == note_id)
        .options(
            selectinload(ProgressNote.encounter),
            selectinload(ProgressNote.addenda),
            selectinload(ProgressNote.goal_progress),
        )
    )
    if note is None:
        raise ValidationError({"note": NO_NOTE})
    return note


def get_note(vault: Vault, note_id: int) -> ProgressNote:
    """A note with its session, addenda and goal progress loaded."""
    with vault.reading() as session:
        return _note_loaded(session, note_id)


def note_for_encounter(vault: Vault, encounter_id: int) -> ProgressNote | None:
    """The session's progress note (loaded as ``get_note``), or None if none is written yet."""
    with vault.reading() as session:
        note_id = session.scalar(
            select(ProgressNote.id).where(ProgressNote.encounter_id == encounter_id)
        )
        return None if note_id is None else _note_loaded(session, note_id)


def _section_field(name: str) -> str:
    return f"sections.{name}"


def _check_risk(problems: Problems, risk_level: RiskLevel, safety_note: str) -> None:
    if risk_level.needs_safety_plan and not safety_note.strip():
        problems.add(
            "safety_note",
            "Moderate or high risk needs a safety plan: document the safety plan here.",
        )


def _validate_note(problems: Problems, data: NoteInput) -> None:
    allowed = data.format.sections
    if any(name not in allowed for name in data.sections):
        names = ", ".join(name.capitalize() for name in allowed)
        problems.add("sections", f"A {data.format.label} note has only these sections: {names}.")
    for name in allowed:
        text = data.sections.get(name, "")
        problems.text(_section_field(name), text, name.capitalize(), limit=LONG_TEXT)
    problems.text("safety_note", data.safety_note, "Safety plan", limit=LONG_TEXT)
    problems.text("homework", data.homework, "Homework", limit=LONG_TEXT)
    problems.text("next_steps", data.next_steps, "Next steps", limit=LONG_TEXT)
    _check_risk(problems, data.risk_level, data.safety_note)


def _note_values(data: NoteInput) -> dict[str, Any]:
    return {
        "format": data.format,
        "sections": {name: data.sections.get(name, "") for name in data.format.sections},
        "risk_level": data.risk_level,
        "safety_note": data.safety_note,
        "homework": data.homework,
        "next_steps": data.next_steps,
    }


def _changed_note_fields(note: ProgressNote, values: dict[str, Any]) -> list[str]:
    """Field names that differ, each section by its own name (``sections.plan``)."""
    changed = [
        name
        for name, value in values.items()
        if name != "sections" and getattr(note, name) != value
    ]
    old: dict[str, Any] = dict(note.sections or {})
    new: dict[str, Any] = values["sections"]
    changed += [
        _section_field(n) for n in sorted(old.keys() | new.keys()) if old.get(n) != new.get(n)
    ]
    return changed


def save_note_draft(vault: Vault, encounter_id: int, data: NoteInput) -> ProgressNote:
    """Create or update the session's progress note; a signed note refuses every edit."""
    problems = Problems()
    _validate_note(problems, data)
    with vault.unit_of_work() as session:
        encounter = _encounter_loaded(session, encounter_id)
        note = encounter.note
        if note is not None and note.locked:
            problems.add("note", LOCKED)
        problems.raise_if_any()
        values = _note_values(data)
        if note is None:
            note = ProgressNote(encounter_id=encounter_id, **values)
            session.add(note)
            session.flush()
            changed = list(values)
        else:
            changed = _changed_note_fields(note, values)
            for name, value in values.items():
                setattr(note, name, value)
        if changed:
            audit.append(
                session,
                "note.saved",
                entity="progress_note",
                entity_id=str(note.id),
                detail={"fields": changed},
            )
    return get_note(vault, note.id)


def _check_signable(problems: Problems, note: ProgressNote) -> None:
    if note.locked:
        problems.add("note", "This note is already signed; add an addendum instead.")
        return
    if not any(str(text).strip() for text in (note.sections or {}).values()):
        problems.add("sections", "The note is empty: write at least one section before signing.")
    _check_risk(problems, note.risk_level, note.safety_note)


def sign_note(
    vault: Vault, note_id: int, signed_by: str, now: datetime | None = None
) -> ProgressNote:
    """Sign and lock the note: from now on it only takes addenda."""
    signed_at = _aware_utc(now)
    problems = Problems()
    problems.text("signed_by", signed_by, "The name of the person signing", required=True)
    with vault.unit_of_work() as session:
        note = session.get(ProgressNote, note_id)
        if note is None:
            raise ValidationError({"note": NO_NOTE})
        _check_signable(problems, note)
        problems.raise_if_any()
        note.signed_at = signed_at
        note.signed_by = signed_by.strip()
        note.locked = True
        audit.append(
            session,
            "note.signed",
            entity="progress_note",
            entity_id=str(note_id),
            detail={"fields": ["signed_at", "signed_by", "locked"]},
        )
    return get_note(vault, note_id)


def add_addendum(
    vault: Vault, note_id: int, text: str, author: str, now: datetime | None = None
) -> Addendum:
    """Append a dated correction below a signed note; the note itself stays as signed."""
    written_at = _aware_utc(now)
    problems = Problems()
    problems.text("text", text, "Addendum text", required=True, limit=LONG_TEXT)
    problems.text("author", author, "Author", required=True)
    with vault.unit_of_work() as session:
        note = session.get(ProgressNote, note_id)
        if note is None:
            raise ValidationError({"note": NO_NOTE})
        if not note.locked:
            problems.add("note", "This note is not signed yet; edit the note itself instead.")
        problems.raise_if_any()
        addendum = Addendum(
            note_id=note_id, written_at=written_at, author=author.strip(), text=text
        )
        session.add(addendum)
        session.flush()
        audit.append(
            session,
            "addendum.added",
            entity="addendum",
            entity_id=str(addendum.id),
            detail={"note_id": note_id, "fields": ["author", "text"]},
        )
    return addendum


def unsigned_notes_older_than(
    vault: Vault, days: int, today: date | None = None
) -> list[UnsignedNote]:
    """Notes still unsigned more than ``days`` days after their session, oldest first."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = today or date.today()
    cutoff = day - timedelta(days=days)
    with vault.reading() as session:
        rows = session.execute(
            select(ProgressNote.id, Encounter.id, Encounter.client_id, Encounter.session_date)
            .join(Encounter, ProgressNote.encounter_id == Encounter.id)
            .where(ProgressNote.signed_at.is_(None), Encounter.session_date < cutoff)
            .order_by(Encounter.session_date, ProgressNote.id)
        ).all()
    return [
        UnsignedNote(note_id, encounter_id, client_id, held_on, (day - held_on).days)
        for note_id, encounter_id, client_id, held_on in rows
    ]


# ------------------------------------------------------------------------------ goal progress
def _entry_field(goal_id: int, name: str = "") -> str:
    base = f"goal_progress[{goal_id}]"
    return f"{base}.{name}" if name else base


def _validate_entries(
    problems: Problems, entries: Sequence[GoalProgressInput]
) -> list[tuple[GoalProgressInput, float | None]]:
    """Each entry with its observed value parsed; every problem is named per goal."""
    seen: set[int] = set()
    parsed = []
    for entry in entries:
        if entry.goal_id in seen:
            problems.add(_entry_field(entry.goal_id), "This goal is listed twice.")
        seen.add(entry.goal_id)
        gas = entry.gas_score
        if gas is not None and (not _is_whole_number(gas) or not GAS_MIN <= gas <= GAS_MAX):
            problems.add(
                _entry_field(entry.goal_id, "gas_score"),
                f"The GAS score must be a whole number from {GAS_MIN} to +{GAS_MAX}.",
            )
        value = problems.number(
            _entry_field(entry.goal_id, "observed_value"), entry.observed_value, "Observed value"
        )
        problems.text(
            _entry_field(entry.goal_id, "comment"), entry.comment, "Comment", limit=LONG_TEXT
        )
        parsed.append((entry, value))
    return parsed


def record_goal_progress(
    vault: Vault, note_id: int, entries: Sequence[GoalProgressInput]
) -> list[GoalProgress]:
    """Replace the draft note's goal progress with ``entries`` (blank entries are dropped)."""
    problems = Problems()
    parsed = _validate_entries(problems, entries)
    with vault.unit_of_work() as session:
        note = _note_loaded(session, note_id)
        if note.locked:
            problems.add("note", LOCKED)
        for goal_id in sorted(
            goals_outside_client(session, note.encounter.client_id, (e.goal_id for e in entries))
        ):
            problems.add(
                _entry_field(goal_id, "goal_id"),
                "This goal is not in this client's treatment plan.",
            )
        problems.raise_if_any()
        note.goal_progress.clear()
        session.flush()  # the old rows go before new ones take their (note, goal) places
        kept = [(entry, value) for entry, value in parsed if not entry.is_blank]
        note.goal_progress.extend(
            GoalProgress(
                goal_id=entry.goal_id,
                rating=entry.rating,
                gas_score=entry.gas_score,
                observed_value=value,
                comment=entry.comment,
            )
            for entry, value in kept
        )
        session.flush()
        audit.append(
            session,
            "goal_progress.recorded",
            entity="progress_note",
            entity_id=str(note_id),
            detail={"goal_ids": sorted(entry.goal_id for entry, _ in kept)},
        )
        rows = sorted(note.goal_progress, key=lambda row: row.goal_id)
    return rows


def _typed(value: float | None) -> str:
    """A stored number back as a person would type it: 3, not 3.0."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def last_goal_progress(
    vault: Vault,
    client_id: int,
    goal_ids: Iterable[int],
    *,
    exclude_note_id: int | None = None,
) -> dict[int, GoalProgressInput]:
    """The latest rating, GAS score and value per goal, to carry forward into a new note.

    The comment is not carried: it describes one session and would go stale in the next.
    ``exclude_note_id`` leaves out the note being written, so its own saved draft is not what
    gets "carried forward" into it.
    """
    wanted = set(goal_ids)
    if not wanted:
        return {}
    query = (
        select(GoalProgress)
        .join(ProgressNote, GoalProgress.note_id == ProgressNote.id)
        .join(Encounter, ProgressNote.encounter_id == Encounter.id)
        .where(Encounter.client_id == client_id, GoalProgress.goal_id.in_(wanted))
    )
    if exclude_note_id is not None:
        query = query.where(ProgressNote.id != exclude_note_id)
    with vault.reading() as session:
        rows = session.scalars(
            query.order_by(
                Encounter.session_date.desc(), Encounter.start_time.desc(), ProgressNote.id.desc()
            )
        ).all()
    last: dict[int, GoalProgressInput] = {}
    for row in rows:
        if row.goal_id not in last:
            last[row.goal_id] = GoalProgressInput(
                goal_id=row.goal_id,
                rating=row.rating,
                gas_score=row.gas_score,
                observed_value=_typed(row.observed_value),
            )
    return last


def goals_to_address(vault: Vault, client_id: int, note_id: int | None = None) -> list[Goal]:
    """The goals a note lists under "Goals addressed".

    A draft (or a note not written yet) lists the active goals of the client's current plan, in
    plan order, then any other goal it already recorded progress for (achieved or revised since,
    or from an earlier plan version), so nothing it holds disappears from view. A signed note
    lists only the goals it recorded: it shows what was written, not today's plan.
    """
    with vault.reading() as session:
        recorded: list[int] = []
        locked = False
        if note_id is not None:
            note = _note_loaded(session, note_id)
            if note.encounter.client_id != client_id:
                raise ValidationError({"note": "This note is not one of this client's notes."})
            locked = note.locked
            recorded = [row.goal_id for row in note.goal_progress]
        goals: list[Goal] = []
        if not locked:
            plan_id = _latest_plan_id(session, client_id)
            if plan_id is not None:
                goals = list(
                    session.scalars(
                        select(Goal)
                        .join(Problem, Goal.problem_id == Problem.id)
                        .where(Problem.plan_id == plan_id, Goal.status == GoalStatus.ACTIVE)
                        .order_by(Problem.position, Problem.id, Goal.position, Goal.id)
                    )
                )
        listed = {goal.id for goal in goals}
        others = [goal_id for goal_id in recorded if goal_id not in listed]
        if others:
            goals += session.scalars(select(Goal).where(Goal.id.in_(others)).order_by(Goal.id))
        return goals


# ------------------------------------------------------------------------------ psychotherapy notes
def save_psychotherapy_note(vault: Vault, encounter_id: int, text: str) -> None:
    """Keep the clinician's private process note for a session, apart from the record."""
    problems = Problems()
    problems.text("text", text, "Psychotherapy note", limit=LONG_TEXT)
    problems.raise_if_any()
    with vault.unit_of_work() as session:
        if session.get(Encounter, encounter_id) is None:
            raise ValidationError({"encounter": NO_ENCOUNTER})
        note = session.scalar(
            select(PsychotherapyNote).where(PsychotherapyNote.encounter_id == encounter_id)
        )
        if note is None:
            if not text:
                return
            note = PsychotherapyNote(encounter_id=encounter_id, text=text)
            session.add(note)
            session.flush()
        elif note.text == text:
            return
        else:
            note.text = text
        audit.append(
            session,
            "psychotherapy_note.saved",
            entity="psychotherapy_note",
            entity_id=str(note.id),
            detail={"encounter_id": encounter_id, "fields": ["text"]},
        )


def get_psychotherapy_note(vault: Vault, encounter_id: int) -> str:
    """The session's psychotherapy note, or "" if none was written."""
    with vault.reading() as session:
        text = session.scalar(
            select(PsychotherapyNote.text).where(PsychotherapyNote.encounter_id == encounter_id)
        )
    return text or ""
