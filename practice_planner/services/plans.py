"""Treatment plans: build them, sign them, revise them into new versions, review them.

Signing freezes a plan version: its content refuses edits from then on (only missing signature
dates and review dates may still be recorded). "Revise" copies a signed version into a new draft
version; when that draft is signed, the version before it becomes superseded. Every change to a
goal leaves a ``GoalRevision`` row (field, old and new value, when, why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from practice_planner.domain.enums import (
    Direction,
    GoalCategory,
    GoalHorizon,
    GoalKind,
    GoalStatus,
    PlanStatus,
)
from practice_planner.errors import ValidationError
from practice_planner.services.validation import LONG_TEXT, SHORT_TEXT, Problems
from practice_planner.storage import audit
from practice_planner.storage.models import (
    Client,
    Diagnosis,
    Goal,
    GoalRevision,
    Intervention,
    Objective,
    Problem,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault

FROZEN = "This plan version is signed and can no longer change; use Revise plan to make a new one."


@dataclass(frozen=True)
class PlanHeaderInput:
    effective_date: date
    review_interval_days: int = 30
    modality: str = ""
    frequency: str = ""
    participants: str = ""
    strengths: str = ""
    barriers: str = ""
    discharge_criteria: str = ""


@dataclass(frozen=True)
class ProblemInput:
    statement: str
    description: str = ""
    diagnosis_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class GoalInput:
    """The goal form as typed: numbers arrive as text so a bad one can be named, not lost."""

    statement: str
    category: GoalCategory
    client_words: str = ""
    horizon: GoalHorizon = GoalHorizon.LONG_TERM
    kind: GoalKind = GoalKind.OUTCOME
    measure_name: str = ""
    measure_unit: str = ""
    baseline: str = ""
    target: str = ""
    direction: Direction | None = None
    target_date: date | None = None
    priority: int = 3
    gas_much_less: str = ""
    gas_less: str = ""
    gas_expected: str = ""
    gas_more: str = ""
    gas_much_more: str = ""
    weight: str = "1"


@dataclass(frozen=True)
class ObjectiveInput:
    statement: str
    target_date: date | None = None
    status: GoalStatus = GoalStatus.ACTIVE


@dataclass(frozen=True)
class InterventionInput:
    description: str
    modality: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class SignatureInput:
    clinician_signed_on: date | None = None
    client_signed_on: date | None = None
    supervisor_name: str = ""
    supervisor_signed_on: date | None = None


# ------------------------------------------------------------------------------ loading
def plan_tree_options(*, with_revisions: bool = False) -> tuple[ExecutableOption, ...]:
    """Eager loads for a plan's whole tree, so it reads fully after its session closes."""
    goals = selectinload(TreatmentPlan.problems).selectinload(Problem.goals)
    options: list[ExecutableOption] = [
        selectinload(TreatmentPlan.problems).selectinload(Problem.diagnoses),
        goals.selectinload(Goal.objectives),
        goals.selectinload(Goal.interventions),
    ]
    if with_revisions:
        options.append(goals.selectinload(Goal.revisions))
    return tuple(options)


def _plan_tree(session: Session, plan_id: int) -> TreatmentPlan:
    plan = session.scalar(
        select(TreatmentPlan)
        .where(TreatmentPlan.id == plan_id)
        .options(*plan_tree_options(with_revisions=True))
    )
    if plan is None:
        raise ValidationError({"plan": "This treatment plan no longer exists."})
    return plan


def get_plan(vault: Vault, plan_id: int) -> TreatmentPlan:
    """A plan with its whole tree loaded (usable after the session closes)."""
    with vault.reading() as session:
        return _plan_tree(session, plan_id)


def plan_versions(vault: Vault, client_id: int) -> list[TreatmentPlan]:
    with vault.reading() as session:
        return list(
            session.scalars(
                select(TreatmentPlan)
                .where(TreatmentPlan.client_id == client_id)
                .order_by(TreatmentPlan.version)
            )
        )


def current_plan(vault: Vault, client_id: int) -> TreatmentPlan | None:
    """The newest version (a draft revision if one is under way), with its tree."""
    with vault.reading() as session:
        plan_id = session.scalar(
            select(TreatmentPlan.id)
            .where(TreatmentPlan.client_id == client_id)
            .order_by(TreatmentPlan.version.desc())
            .limit(1)
        )
        return None if plan_id is None else _plan_tree(session, plan_id)


def editable_plan(session: Session, plan_id: int) -> TreatmentPlan:
    plan = session.get(TreatmentPlan, plan_id)
    if plan is None:
        raise ValidationError({"plan": "This treatment plan no longer exists."})
    if plan.is_signed:
        raise ValidationError({"plan": FROZEN})
    return plan


def _problem_in_editable_plan(session: Session, problem_id: int) -> Problem:
    problem = session.get(Problem, problem_id)
    if problem is None:
        raise ValidationError({"problem": "This problem no longer exists."})
    editable_plan(session, problem.plan_id)
    return problem


def _goal_in_editable_plan(session: Session, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise ValidationError({"goal": "This goal no longer exists."})
    editable_plan(session, goal.problem.plan_id)
    return goal


def goals_outside_client(session: Session, client_id: int, goal_ids: Iterable[int]) -> set[int]:
    """Which of ``goal_ids`` are not in any plan version of this client (or do not exist)."""
    wanted = set(goal_ids)
    if not wanted:
        return set()
    found = session.scalars(
        select(Goal.id)
        .join(Problem, Goal.problem_id == Problem.id)
        .join(TreatmentPlan, Problem.plan_id == TreatmentPlan.id)
        .where(TreatmentPlan.client_id == client_id, Goal.id.in_(wanted))
    )
    return wanted - set(found)


# ------------------------------------------------------------------------------ plan header
def validate_header(data: PlanHeaderInput) -> None:
    problems = Problems()
    if not 1 <= data.review_interval_days <= 365:
        problems.add("review_interval_days", "Review every 1 to 365 days.")
    problems.text("modality", data.modality, "Modality")
    problems.text("frequency", data.frequency, "Frequency")
    problems.text("participants", data.participants, "Participants", limit=300)
    for name, label in (
        ("strengths", "Strengths"),
        ("barriers", "Barriers"),
        ("discharge_criteria", "Discharge criteria"),
    ):
        problems.text(name, getattr(data, name), label, limit=LONG_TEXT)
    problems.raise_if_any()


def _header_values(data: PlanHeaderInput) -> dict[str, Any]:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def create_plan(vault: Vault, client_id: int, data: PlanHeaderInput) -> TreatmentPlan:
    """A first plan (version 1, draft). Later versions come from ``revise_plan``."""
    validate_header(data)
    with vault.unit_of_work() as session:
        client = session.get(Client, client_id)
        if client is None:
            raise ValidationError({"client": "This client no longer exists in the vault."})
        if client.archived_at is not None:
            raise ValidationError({"client": "This client is archived; unarchive them first."})
        existing = session.scalar(select(func.count()).where(TreatmentPlan.client_id == client_id))
        if existing:
            raise ValidationError(
                {"plan": "This client already has a plan; revise it to make a new version."}
            )
        plan = TreatmentPlan(
            client_id=client_id,
            version=1,
            status=PlanStatus.DRAFT,
            next_review_date=data.effective_date + timedelta(days=data.review_interval_days),
            **_header_values(data),
        )
        session.add(plan)
        session.flush()
        audit.append(session, "plan.created", entity="plan", entity_id=str(plan.id))
    return get_plan(vault, plan.id)


def update_plan_header(vault: Vault, plan_id: int, data: PlanHeaderInput) -> TreatmentPlan:
    validate_header(data)
    with vault.unit_of_work() as session:
        plan = editable_plan(session, plan_id)
        earliest_goal_date = session.scalar(
            select(func.min(Goal.target_date)).join(Problem).where(Problem.plan_id == plan_id)
        )
        if earliest_goal_date is not None and earliest_goal_date < data.effective_date:
            raise ValidationError(
                {"effective_date": "A goal's target date falls before this effective date."}
            )
        changed = _assign(plan, _header_values(data))
        plan.next_review_date = data.effective_date + timedelta(days=data.review_interval_days)
        audit.append(
            session,
            "plan.updated",
            entity="plan",
            entity_id=str(plan_id),
            detail={"fields": changed},
        )
    return get_plan(vault, plan_id)


def _assign(target: object, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    return changed


# ------------------------------------------------------------------------------ problems
def _validate_problem(data: ProblemInput) -> None:
    problems = Problems()
    problems.text("statement", data.statement, "Problem statement", required=True, limit=500)
    problems.text("description", data.description, "Description", limit=LONG_TEXT)
    problems.raise_if_any()


def diagnoses_of(session: Session, client_id: int, ids: tuple[int, ...]) -> list[Diagnosis]:
    found = list(
        session.scalars(
            select(Diagnosis).where(Diagnosis.id.in_(ids), Diagnosis.client_id == client_id)
        )
    )
    if len(found) != len(set(ids)):
        raise ValidationError({"diagnosis_ids": "Link only this client's own diagnoses."})
    return found


def add_problem(vault: Vault, plan_id: int, data: ProblemInput) -> Problem:
    _validate_problem(data)
    with vault.unit_of_work() as session:
        plan = editable_plan(session, plan_id)
        position = session.scalar(
            select(func.max(Problem.position)).where(Problem.plan_id == plan_id)
        )
        problem = Problem(
            plan_id=plan_id,
            position=0 if position is None else position + 1,
            statement=data.statement.strip(),
            description=data.description.strip(),
            diagnoses=diagnoses_of(session, plan.client_id, data.diagnosis_ids),
        )
        session.add(problem)
        session.flush()
        audit.append(session, "problem.added", entity="problem", entity_id=str(problem.id))
    return problem


def update_problem(vault: Vault, problem_id: int, data: ProblemInput) -> Problem:
    _validate_problem(data)
    with vault.unit_of_work() as session:
        problem = _problem_in_editable_plan(session, problem_id)
        problem.statement = data.statement.strip()
        problem.description = data.description.strip()
        problem.diagnoses = diagnoses_of(session, problem.plan.client_id, data.diagnosis_ids)
        audit.append(session, "problem.updated", entity="problem", entity_id=str(problem_id))
    return problem


# ------------------------------------------------------------------------------ goals
_GAS_FIELDS = ("gas_much_less", "gas_less", "gas_expected", "gas_more", "gas_much_more")


def goal_values(data: GoalInput, plan: TreatmentPlan) -> dict[str, Any]:
    """Validate the goal form against its plan; the values to store, or every problem at once."""
    problems = Problems()
    problems.text(
        "statement", data.statement, "Goal (clinical wording)", required=True, limit=LONG_TEXT
    )
    problems.text("client_words", data.client_words, "Client's own words", limit=LONG_TEXT)
    problems.text("measure_name", data.measure_name, "Measure")
    problems.text("measure_unit", data.measure_unit, "Unit", limit=100)
    baseline = problems.number("baseline", data.baseline, "Baseline")
    target = problems.number("target", data.target, "Target")
    weight = problems.number("weight", data.weight, "Weight")
    if weight is not None and weight <= 0:
        problems.add("weight", "Weight must be more than 0 (1 is the usual weight).")
    if not 1 <= data.priority <= 5:
        problems.add("priority", "Priority runs from 1 (highest) to 5.")
    if (baseline is not None or target is not None) and not data.measure_name.strip():
        problems.add("measure_name", "Name the measure the baseline and target count.")
    if baseline is not None and target is not None and data.direction is not None:
        wrong_way = (
            target >= baseline if data.direction is Direction.DECREASE else target <= baseline
        )
        if wrong_way:
            problems.add("target", f"The target should be {_way(data.direction)} the baseline.")
    problems.not_before(
        "target_date",
        data.target_date,
        "Target date",
        plan.effective_date,
        "the plan's effective date",
    )
    for name in _GAS_FIELDS:
        problems.text(name, getattr(data, name), "GAS level description", limit=2000)
    problems.raise_if_any()
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values.update(baseline=baseline, target=target, weight=weight if weight is not None else 1.0)
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _way(direction: Direction) -> str:
    return "below" if direction is Direction.DECREASE else "above"


def add_goal(vault: Vault, problem_id: int, data: GoalInput) -> Goal:
    with vault.unit_of_work() as session:
        problem = _problem_in_editable_plan(session, problem_id)
        values = goal_values(data, problem.plan)
        position = session.scalar(
            select(func.max(Goal.position)).where(Goal.problem_id == problem_id)
        )
        goal = Goal(
            problem_id=problem_id, position=0 if position is None else position + 1, **values
        )
        session.add(goal)
        session.flush()
        audit.append(session, "goal.added", entity="goal", entity_id=str(goal.id))
    return goal


def update_goal(vault: Vault, goal_id: int, data: GoalInput, reason: str = "") -> Goal:
    """Change a goal in a draft plan, keeping each changed field's old value and the reason."""
    with vault.unit_of_work() as session:
        goal = _goal_in_editable_plan(session, goal_id)
        values = goal_values(data, goal.problem.plan)
        reasons = Problems()
        reasons.text("reason", reason, "Reason", limit=2000)
        reasons.raise_if_any()
        now = datetime.now(UTC)
        changed = []
        for name, value in values.items():
            old = getattr(goal, name)
            if old != value:
                session.add(
                    GoalRevision(
                        goal_id=goal_id,
                        changed_at=now,
                        field=name,
                        old_value=_text(old),
                        new_value=_text(value),
                        reason=reason.strip(),
                    )
                )
                setattr(goal, name, value)
                changed.append(name)
        if changed:
            audit.append(
                session,
                "goal.updated",
                entity="goal",
                entity_id=str(goal_id),
                detail={"fields": changed},
            )
    return goal


def set_goal_status(vault: Vault, goal_id: int, status: GoalStatus, reason: str) -> Goal:
    """Achieved, on hold, revised, discontinued...: always with the reason, kept in history."""
    problems = Problems()
    problems.text("reason", reason, "Reason for the change", required=True, limit=2000)
    problems.raise_if_any()
    with vault.unit_of_work() as session:
        goal = _goal_in_editable_plan(session, goal_id)
        if goal.status is not status:
            session.add(
                GoalRevision(
                    goal_id=goal_id,
                    field="status",
                    old_value=goal.status.value,
                    new_value=status.value,
                    reason=reason.strip(),
                )
            )
            goal.status = status
            audit.append(
                session,
                "goal.status_changed",
                entity="goal",
                entity_id=str(goal_id),
                detail={"status": status.value},
            )
    return goal


def goal_history(vault: Vault, goal_id: int) -> list[GoalRevision]:
    with vault.reading() as session:
        return list(
            session.scalars(
                select(GoalRevision)
                .where(GoalRevision.goal_id == goal_id)
                .order_by(GoalRevision.id)
            )
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value.value if hasattr(value, "value") else value)


def move_goal(vault: Vault, goal_id: int, offset: int) -> None:
    """Move a goal up (-1) or down (+1) among its problem's goals."""
    with vault.unit_of_work() as session:
        goal = _goal_in_editable_plan(session, goal_id)
        siblings = list(goal.problem.goals)
        index = siblings.index(goal)
        new_index = max(0, min(len(siblings) - 1, index + offset))
        siblings.insert(new_index, siblings.pop(index))
        for position, sibling in enumerate(siblings):
            sibling.position = position
        audit.append(session, "goal.moved", entity="goal", entity_id=str(goal_id))


# ------------------------------------------------------------------------------ objectives
def add_objective(vault: Vault, goal_id: int, data: ObjectiveInput) -> Objective:
    with vault.unit_of_work() as session:
        goal = _goal_in_editable_plan(session, goal_id)
        problems = Problems()
        problems.text("statement", data.statement, "Objective", required=True, limit=LONG_TEXT)
        problems.not_before(
            "target_date",
            data.target_date,
            "Target date",
            goal.problem.plan.effective_date,
            "the plan's effective date",
        )
        problems.raise_if_any()
        objective = Objective(
            goal_id=goal_id,
            position=len(goal.objectives),
            statement=data.statement.strip(),
            target_date=data.target_date,
            status=data.status,
        )
        session.add(objective)
        session.flush()
        audit.append(session, "objective.added", entity="objective", entity_id=str(objective.id))
    return objective


def add_intervention(vault: Vault, goal_id: int, data: InterventionInput) -> Intervention:
    problems = Problems()
    problems.text("description", data.description, "Intervention", required=True, limit=LONG_TEXT)
    problems.text("modality", data.modality, "Modality", limit=SHORT_TEXT)
    problems.text("frequency", data.frequency, "Frequency", limit=SHORT_TEXT)
    problems.raise_if_any()
    with vault.unit_of_work() as session:
        goal = _goal_in_editable_plan(session, goal_id)
        intervention = Intervention(
            goal_id=goal_id,
            position=len(goal.interventions),
            description=data.description.strip(),
            modality=data.modality.strip(),
            frequency=data.frequency.strip(),
        )
        session.add(intervention)
        session.flush()
        audit.append(
            session, "intervention.added", entity="intervention", entity_id=str(intervention.id)
        )
    return intervention


# ------------------------------------------------------------------------------ signing
def _validate_signatures(data: SignatureInput, plan: TreatmentPlan, today: date) -> None:
    problems = Problems()
    for name, label in (
        ("clinician_signed_on", "Clinician's signature date"),
        ("client_signed_on", "Client's signature date"),
        ("supervisor_signed_on", "Supervisor's signature date"),
    ):
        value = getattr(data, name)
        problems.not_future(name, value, label, today)
        problems.not_before(name, value, label, plan.effective_date, "the plan's effective date")
    problems.text("supervisor_name", data.supervisor_name, "Supervisor's name")
    if data.supervisor_signed_on is not None and not data.supervisor_name.strip():
        problems.add("supervisor_name", "Name the supervisor who signed.")
    problems.raise_if_any()


def sign_plan(
    vault: Vault, plan_id: int, data: SignatureInput, *, today: date | None = None
) -> TreatmentPlan:
    """The clinician signs: the version is frozen and becomes the active plan."""
    today = today or date.today()
    with vault.unit_of_work() as session:
        plan = editable_plan(session, plan_id)
        _validate_signatures(data, plan, today)
        if data.clinician_signed_on is None:
            raise ValidationError(
                {
                    "clinician_signed_on": "The clinician's signature date is "
                    "required to sign the plan."
                }
            )
        goals = session.scalar(
            select(func.count(Goal.id)).join(Problem).where(Problem.plan_id == plan_id)
        )
        if not goals:
            raise ValidationError({"plan": "Add at least one problem with a goal before signing."})
        for name in ("clinician_signed_on", "client_signed_on", "supervisor_signed_on"):
            setattr(plan, name, getattr(data, name))
        plan.supervisor_name = data.supervisor_name.strip()
        plan.signed_at = datetime.now(UTC)
        plan.status = PlanStatus.ACTIVE
        if plan.supersedes_id is not None:
            previous = session.get(TreatmentPlan, plan.supersedes_id)
            if previous is not None:
                previous.status = PlanStatus.SUPERSEDED
        audit.append(
            session,
            "plan.signed",
            entity="plan",
            entity_id=str(plan_id),
            detail={
                "version": plan.version,
                "signatures": [
                    n
                    for n in ("client_signed_on", "supervisor_signed_on")
                    if getattr(data, n) is not None
                ],
            },
        )
    return get_plan(vault, plan_id)


def add_late_signature(
    vault: Vault, plan_id: int, data: SignatureInput, *, today: date | None = None
) -> TreatmentPlan:
    """Record a client's or supervisor's signature that came after the clinician's.

    Only empty signature dates are filled; nothing already recorded is overwritten.
    """
    with vault.unit_of_work() as session:
        plan = session.get(TreatmentPlan, plan_id)
        if plan is None:
            raise ValidationError({"plan": "This treatment plan no longer exists."})
        if not plan.is_signed:
            raise ValidationError({"plan": "Sign the plan first; its draft takes every date."})
        _validate_signatures(data, plan, today or date.today())
        added = []
        for name in ("client_signed_on", "supervisor_signed_on"):
            value = getattr(data, name)
            if value is None:
                continue
            if getattr(plan, name) is not None:
                raise ValidationError({name: "This signature is already recorded."})
            setattr(plan, name, value)
            added.append(name)
        if data.supervisor_signed_on is not None:
            plan.supervisor_name = data.supervisor_name.strip()
        audit.append(
            session,
            "plan.signature_added",
            entity="plan",
            entity_id=str(plan_id),
            detail={"signatures": added},
        )
    return get_plan(vault, plan_id)


def revise_plan(vault: Vault, plan_id: int, *, effective_date: date | None = None) -> TreatmentPlan:
    """Copy a signed version into a new draft version; the signed one stays as it was."""
    with vault.unit_of_work() as session:
        source = _plan_tree(session, plan_id)
        if not source.is_signed:
            raise ValidationError({"plan": "This version is still a draft: edit it directly."})
        newest = session.scalar(
            select(func.max(TreatmentPlan.version)).where(
                TreatmentPlan.client_id == source.client_id
            )
        )
        if newest != source.version:
            raise ValidationError({"plan": "A newer version of this plan exists; revise that one."})
        start = effective_date or date.today()
        copy = TreatmentPlan(
            client_id=source.client_id,
            version=source.version + 1,
            supersedes_id=source.id,
            status=PlanStatus.DRAFT,
            effective_date=start,
            review_interval_days=source.review_interval_days,
            next_review_date=start + timedelta(days=source.review_interval_days),
            last_reviewed_on=source.last_reviewed_on,
            **{
                name: getattr(source, name)
                for name in (
                    "strengths",
                    "barriers",
                    "modality",
                    "frequency",
                    "participants",
                    "discharge_criteria",
                )
            },
        )
        for problem in source.problems:
            copy.problems.append(_copy_problem(problem))
        session.add(copy)
        session.flush()
        audit.append(
            session,
            "plan.revised",
            entity="plan",
            entity_id=str(copy.id),
            detail={"from_version": source.version, "version": copy.version},
        )
    return get_plan(vault, copy.id)


def _copy_problem(problem: Problem) -> Problem:
    copy = Problem(
        position=problem.position,
        statement=problem.statement,
        description=problem.description,
        diagnoses=list(problem.diagnoses),
    )
    for goal in problem.goals:
        goal_copy = Goal(
            **{
                c.key: getattr(goal, c.key)
                for c in Goal.__table__.columns
                if c.key not in ("id", "problem_id", "created_at", "updated_at")
            }
        )
        goal_copy.objectives = [
            Objective(
                position=o.position,
                statement=o.statement,
                target_date=o.target_date,
                status=o.status,
            )
            for o in goal.objectives
        ]
        goal_copy.interventions = [
            Intervention(
                position=i.position,
                description=i.description,
                modality=i.modality,
                frequency=i.frequency,
            )
            for i in goal.interventions
        ]
        copy.goals.append(goal_copy)
    return copy


def record_review(
    vault: Vault, plan_id: int, reviewed_on: date, *, today: date | None = None
) -> TreatmentPlan:
    """A review held: it sets the next review date from the plan's interval."""
    problems = Problems()
    problems.not_future("reviewed_on", reviewed_on, "Review date", today or date.today())
    with vault.unit_of_work() as session:
        plan = session.get(TreatmentPlan, plan_id)
        if plan is None:
            raise ValidationError({"plan": "This treatment plan no longer exists."})
        problems.not_before(
            "reviewed_on",
            reviewed_on,
            "Review date",
            plan.effective_date,
            "the plan's effective date",
        )
        problems.raise_if_any()
        plan.last_reviewed_on = reviewed_on
        plan.next_review_date = reviewed_on + timedelta(days=plan.review_interval_days)
        audit.append(session, "plan.reviewed", entity="plan", entity_id=str(plan_id))
    return get_plan(vault, plan_id)
