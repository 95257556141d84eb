"""A whole draft plan edited as one working copy, then saved in one transaction.

The plan editor lets the clinician add, reword, reorder and re-status many things, undo any of it,
and only then save; a half-applied plan must never reach the vault. So the editor works on a
``PlanEdit`` (plain data: every field kept as the raw text typed, so a half-typed date or number
is never lost) and ``save_plan_edit`` writes the differences in one unit of work, validating every
item with the same rules as the single-item services in ``plans``. A refused field raises
``PlanItemInvalid`` naming the field and the editor's key of the item, so the editor can select
that item and show the message under the field.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practice_planner.domain.enums import Direction, GoalCategory, GoalHorizon, GoalKind, GoalStatus
from practice_planner.errors import PlanItemInvalid, ValidationError
from practice_planner.services import plans
from practice_planner.services.plans import GoalInput, PlanHeaderInput
from practice_planner.services.validation import LONG_TEXT, SHORT_TEXT, Problems
from practice_planner.storage import audit
from practice_planner.storage.models import (
    Goal,
    GoalProgress,
    GoalRevision,
    Intervention,
    Milestone,
    Objective,
    Problem,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault

_keys = itertools.count(1)


def new_key() -> int:
    """A key no other item in this program run has: items are found by it, not by position."""
    return next(_keys)


HEADER_FIELDS = (
    "effective_date",
    "review_interval_days",
    "modality",
    "frequency",
    "participants",
    "strengths",
    "barriers",
    "discharge_criteria",
)
GOAL_FIELDS = (
    "statement",
    "client_words",
    "category",
    "horizon",
    "kind",
    "measure_name",
    "measure_unit",
    "baseline",
    "target",
    "direction",
    "target_date",
    "priority",
    "weight",
    "gas_much_less",
    "gas_less",
    "gas_expected",
    "gas_more",
    "gas_much_more",
)


@dataclass
class ItemEdit:
    """An objective (statement, target_date) or an intervention (description, modality,
    frequency)."""

    fields: dict[str, str]
    id: int | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    key: int = field(default_factory=new_key)


@dataclass
class GoalEdit:
    fields: dict[str, str]
    id: int | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    saved_status: GoalStatus | None = None
    """The status in the vault; a change from it needs ``status_reason``."""
    status_reason: str = ""
    change_reason: str = ""
    """Why the wording or numbers changed (kept with each changed field in the history)."""
    objectives: list[ItemEdit] = field(default_factory=list)
    interventions: list[ItemEdit] = field(default_factory=list)
    key: int = field(default_factory=new_key)


@dataclass
class ProblemEdit:
    fields: dict[str, str]
    diagnosis_ids: tuple[int, ...] = ()
    id: int | None = None
    goals: list[GoalEdit] = field(default_factory=list)
    key: int = field(default_factory=new_key)


@dataclass
class PlanEdit:
    plan_id: int
    header: dict[str, str]
    problems: list[ProblemEdit] = field(default_factory=list)

    def find(self, key: int) -> ProblemEdit | GoalEdit | ItemEdit | None:
        for problem in self.problems:
            if problem.key == key:
                return problem
            for goal in problem.goals:
                if goal.key == key:
                    return goal
                for item in (*goal.objectives, *goal.interventions):
                    if item.key == key:
                        return item
        return None

    def goals(self) -> list[GoalEdit]:
        return [goal for problem in self.problems for goal in problem.goals]


# ------------------------------------------------------------------------------ texts
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(getattr(value, "value", value))


def edit_of(plan: TreatmentPlan) -> PlanEdit:
    """The working copy of a loaded plan tree (see ``plans.get_plan``)."""
    return PlanEdit(
        plan_id=plan.id,
        header={name: _text(getattr(plan, name)) for name in HEADER_FIELDS},
        problems=[
            ProblemEdit(
                id=problem.id,
                fields={"statement": problem.statement, "description": problem.description},
                diagnosis_ids=tuple(d.id for d in problem.diagnoses),
                goals=[_goal_edit(goal) for goal in problem.goals],
            )
            for problem in plan.problems
        ],
    )


def _goal_edit(goal: Goal) -> GoalEdit:
    return GoalEdit(
        id=goal.id,
        fields={name: _text(getattr(goal, name)) for name in GOAL_FIELDS},
        status=goal.status,
        saved_status=goal.status,
        objectives=[
            ItemEdit(
                id=o.id,
                fields={"statement": o.statement, "target_date": _text(o.target_date)},
                status=o.status,
            )
            for o in goal.objectives
        ],
        interventions=[
            ItemEdit(
                id=i.id,
                fields={
                    "description": i.description,
                    "modality": i.modality,
                    "frequency": i.frequency,
                },
            )
            for i in goal.interventions
        ],
    )


def blank_goal(category: GoalCategory = GoalCategory.SYMPTOM) -> dict[str, str]:
    """The fields of a new goal: the form's defaults."""
    values = dict.fromkeys(GOAL_FIELDS, "")
    values.update(
        category=category.value,
        horizon=GoalHorizon.LONG_TERM.value,
        kind=GoalKind.OUTCOME.value,
        priority="3",
        weight="1",
    )
    return values


def _date(problems: Problems, name: str, text: str, label: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(name, f"{label}: type the date as YYYY-MM-DD, e.g. 2026-03-31.")
        return None


def header_input(values: dict[str, str]) -> PlanHeaderInput:
    """The header as the service's input; ValidationError naming each field that is not valid."""
    problems = Problems()
    effective = _date(
        problems, "effective_date", values.get("effective_date", ""), "Effective date"
    )
    if effective is None and "effective_date" not in problems.fields:
        problems.add("effective_date", "Effective date is required.")
    interval_text = values.get("review_interval_days", "").strip()
    interval = 0
    if not interval_text.isdigit():
        problems.add("review_interval_days", "Review every 1 to 365 days (a whole number).")
    else:
        interval = int(interval_text)
    problems.raise_if_any()
    assert effective is not None
    return PlanHeaderInput(
        effective_date=effective,
        review_interval_days=interval,
        **{name: values.get(name, "") for name in HEADER_FIELDS[2:]},
    )


def goal_input(values: dict[str, str]) -> GoalInput:
    """The goal as the service's input; the date and choices checked here, the rest by plans."""
    problems = Problems()
    target_date = _date(problems, "target_date", values.get("target_date", ""), "Target date")
    priority_text = values.get("priority", "3").strip() or "3"
    if not priority_text.isdigit():
        problems.add("priority", "Priority runs from 1 (highest) to 5.")
    problems.raise_if_any()
    direction = values.get("direction", "")
    return GoalInput(
        statement=values.get("statement", ""),
        client_words=values.get("client_words", ""),
        category=GoalCategory(values.get("category") or GoalCategory.SYMPTOM.value),
        horizon=GoalHorizon(values.get("horizon") or GoalHorizon.LONG_TERM.value),
        kind=GoalKind(values.get("kind") or GoalKind.OUTCOME.value),
        measure_name=values.get("measure_name", ""),
        measure_unit=values.get("measure_unit", ""),
        baseline=values.get("baseline", ""),
        target=values.get("target", ""),
        direction=Direction(direction) if direction else None,
        target_date=target_date,
        priority=int(priority_text),
        weight=values.get("weight", "") or "1",
        **{name: values.get(name, "") for name in GOAL_FIELDS[-5:]},
    )


def edit_to_json(edit: PlanEdit) -> dict[str, Any]:
    """The working copy as JSON-ready data (an encrypted draft carries it across a lock)."""
    return asdict(edit)


def edit_from_json(data: dict[str, Any]) -> PlanEdit:
    """Back from ``edit_to_json``; items get fresh keys (keys belong to one program run)."""

    def item(raw: dict[str, Any]) -> ItemEdit:
        return ItemEdit(
            fields=dict(raw["fields"]), id=raw.get("id"), status=GoalStatus(raw["status"])
        )

    def goal(raw: dict[str, Any]) -> GoalEdit:
        saved = raw.get("saved_status")
        return GoalEdit(
            fields=dict(raw["fields"]),
            id=raw.get("id"),
            status=GoalStatus(raw["status"]),
            saved_status=GoalStatus(saved) if saved else None,
            status_reason=raw.get("status_reason", ""),
            change_reason=raw.get("change_reason", ""),
            objectives=[item(o) for o in raw.get("objectives", [])],
            interventions=[item(i) for i in raw.get("interventions", [])],
        )

    return PlanEdit(
        plan_id=int(data["plan_id"]),
        header=dict(data["header"]),
        problems=[
            ProblemEdit(
                fields=dict(p["fields"]),
                diagnosis_ids=tuple(p.get("diagnosis_ids", ())),
                id=p.get("id"),
                goals=[goal(g) for g in p.get("goals", [])],
            )
            for p in data.get("problems", [])
        ],
    )


# ------------------------------------------------------------------------------ saving
def save_plan_edit(vault: Vault, edit: PlanEdit) -> TreatmentPlan:
    """Write the working copy over its draft plan in one transaction; all or nothing."""
    with vault.unit_of_work() as session:
        plan = _located(None, lambda: plans.editable_plan(session, edit.plan_id))
        header = _located(None, lambda: header_input(edit.header))
        _located(None, lambda: plans.validate_header(header))
        counts = {"problems": 0, "goals": 0, "removed": 0}
        _apply_header(plan, header)
        counts["removed"] += _remove_goals(session, plan, edit)
        by_id = {p.id: p for p in plan.problems}
        ordered: list[Problem] = []
        for position, problem_edit in enumerate(edit.problems):
            problem = by_id.get(problem_edit.id) if problem_edit.id is not None else None
            if problem_edit.id is not None and problem is None:
                raise PlanItemInvalid(
                    {"problem": "This problem is no longer in the plan."}, problem_edit.key
                )
            problem = _save_problem(session, plan, problem, problem_edit, position)
            ordered.append(problem)
            counts["problems"] += 1
            for goal_position, goal_edit in enumerate(problem_edit.goals):
                _save_goal(session, plan, problem, goal_edit, goal_position)
                counts["goals"] += 1
        for problem in list(plan.problems):
            if problem not in ordered:
                session.delete(problem)
                counts["removed"] += 1
        plan.problems[:] = ordered
        session.flush()
        earliest = session.scalar(
            select(func.min(Goal.target_date)).join(Problem).where(Problem.plan_id == plan.id)
        )
        if earliest is not None and earliest < header.effective_date:
            raise PlanItemInvalid(
                {"effective_date": "A goal's target date falls before this effective date."}, None
            )
        audit.append(session, "plan.edited", entity="plan", entity_id=str(plan.id), detail=counts)
    return plans.get_plan(vault, edit.plan_id)


def _located(key: int | None, work: Any) -> Any:
    """Run ``work``; a ValidationError it raises is re-raised as coming from item ``key``."""
    try:
        return work()
    except PlanItemInvalid:
        raise
    except ValidationError as error:
        raise PlanItemInvalid(error.fields, key) from None


def _apply_header(plan: TreatmentPlan, header: PlanHeaderInput) -> None:
    for name in HEADER_FIELDS:
        value = getattr(header, name)
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    start = plan.last_reviewed_on or header.effective_date
    plan.next_review_date = max(start, header.effective_date) + timedelta(
        days=header.review_interval_days
    )


def _in_use(session: Session, goal_ids: list[int]) -> bool:
    if not goal_ids:
        return False
    for column in (GoalProgress.goal_id, Milestone.goal_id):
        if session.scalar(select(func.count()).where(column.in_(goal_ids))):
            return True
    return False


def _remove_goals(session: Session, plan: TreatmentPlan, edit: PlanEdit) -> int:
    """Delete the goals the working copy no longer has; refuse any already used in notes."""
    kept = {goal.id for goal in edit.goals() if goal.id is not None}
    removed = 0
    for problem in plan.problems:
        for goal in list(problem.goals):
            if goal.id in kept:
                continue
            if _in_use(session, [goal.id]):
                raise PlanItemInvalid(
                    {
                        "goal": "A removed goal is already used in session notes or milestones; "
                        "keep it and set its status to discontinued instead."
                    },
                    None,
                )
            problem.goals.remove(goal)
            removed += 1
    session.flush()
    return removed


def _save_problem(
    session: Session,
    plan: TreatmentPlan,
    problem: Problem | None,
    edit: ProblemEdit,
    position: int,
) -> Problem:
    problems = Problems()
    statement = edit.fields.get("statement", "")
    description = edit.fields.get("description", "")
    problems.text("statement", statement, "Problem statement", required=True, limit=500)
    problems.text("description", description, "Description", limit=LONG_TEXT)
    if problems.fields:
        raise PlanItemInvalid(problems.fields, edit.key)
    diagnoses = _located(
        edit.key, lambda: plans.diagnoses_of(session, plan.client_id, edit.diagnosis_ids)
    )
    if problem is None:
        problem = Problem(plan_id=plan.id)
        session.add(problem)
    problem.position = position
    problem.statement = statement.strip()
    problem.description = description.strip()
    problem.diagnoses = diagnoses
    session.flush()
    edit.id = problem.id
    return problem


def _save_goal(
    session: Session, plan: TreatmentPlan, problem: Problem, edit: GoalEdit, position: int
) -> None:
    data = _located(edit.key, lambda: goal_input(edit.fields))
    values = _located(edit.key, lambda: plans.goal_values(data, plan))
    reasons = Problems()
    reasons.text("change_reason", edit.change_reason, "Reason", limit=2000)
    reasons.text("status_reason", edit.status_reason, "Reason for the status", limit=2000)
    if edit.saved_status is not None and edit.status is not edit.saved_status:
        reasons.required("status_reason", edit.status_reason, "A reason for the status change")
    if reasons.fields:
        raise PlanItemInvalid(reasons.fields, edit.key)
    goal = session.get(Goal, edit.id) if edit.id is not None else None
    if goal is None:
        goal = Goal(status=edit.status, **values)
        session.add(goal)
        goal.problem = problem
        goal.position = position
        session.flush()
        edit.id, edit.saved_status = goal.id, goal.status
        audit.append(session, "goal.added", entity="goal", entity_id=str(goal.id))
    else:
        if goal.problem_id != problem.id:
            goal.problem = problem
        goal.position = position
        _update_goal(session, goal, values, edit)
    _save_items(session, goal, edit)


def _update_goal(session: Session, goal: Goal, values: dict[str, Any], edit: GoalEdit) -> None:
    now = datetime.now(UTC)
    changed = []
    for name, value in values.items():
        old = getattr(goal, name)
        if old != value:
            session.add(
                GoalRevision(
                    goal_id=goal.id,
                    changed_at=now,
                    field=name,
                    old_value=_text(old),
                    new_value=_text(value),
                    reason=edit.change_reason.strip(),
                )
            )
            setattr(goal, name, value)
            changed.append(name)
    if goal.status is not edit.status:
        session.add(
            GoalRevision(
                goal_id=goal.id,
                changed_at=now,
                field="status",
                old_value=goal.status.value,
                new_value=edit.status.value,
                reason=edit.status_reason.strip(),
            )
        )
        goal.status = edit.status
        changed.append("status")
    if changed:
        audit.append(
            session,
            "goal.updated",
            entity="goal",
            entity_id=str(goal.id),
            detail={"fields": changed},
        )
    edit.saved_status = goal.status
    edit.status_reason = edit.change_reason = ""


def _save_items(session: Session, goal: Goal, edit: GoalEdit) -> None:
    objectives: list[Objective] = []
    existing_objectives = {o.id: o for o in goal.objectives}
    for position, item in enumerate(edit.objectives):
        problems = Problems()
        statement = item.fields.get("statement", "")
        problems.text("statement", statement, "Objective", required=True, limit=LONG_TEXT)
        target = _date(problems, "target_date", item.fields.get("target_date", ""), "Target date")
        problems.not_before(
            "target_date",
            target,
            "Target date",
            goal.problem.plan.effective_date,
            "the plan's effective date",
        )
        if problems.fields:
            raise PlanItemInvalid(problems.fields, item.key)
        objective = existing_objectives.get(item.id) if item.id is not None else None
        objective = objective or Objective()
        objective.position = position
        objective.statement = statement.strip()
        objective.target_date = target
        objective.status = item.status
        objectives.append(objective)
    goal.objectives[:] = objectives
    interventions: list[Intervention] = []
    existing_interventions = {i.id: i for i in goal.interventions}
    for position, item in enumerate(edit.interventions):
        problems = Problems()
        texts = {
            name: item.fields.get(name, "") for name in ("description", "modality", "frequency")
        }
        problems.text(
            "description", texts["description"], "Intervention", required=True, limit=LONG_TEXT
        )
        problems.text("modality", texts["modality"], "Modality", limit=SHORT_TEXT)
        problems.text("frequency", texts["frequency"], "Frequency", limit=SHORT_TEXT)
        if problems.fields:
            raise PlanItemInvalid(problems.fields, item.key)
        intervention = existing_interventions.get(item.id) if item.id is not None else None
        intervention = intervention or Intervention()
        intervention.position = position
        for name, value in texts.items():
            setattr(intervention, name, value.strip())
        interventions.append(intervention)
    goal.interventions[:] = interventions
    session.flush()
    for item, objective in zip(edit.objectives, objectives, strict=True):
        item.id = objective.id
    for item, intervention in zip(edit.interventions, interventions, strict=True):
        item.id = intervention.id


def remove_goal_allowed(vault: Vault, goal_id: int | None) -> bool:
    """A goal already used in a note or a milestone is discontinued, never removed."""
    if goal_id is None:
        return True
    with vault.reading() as session:
        return not _in_use(session, [goal_id])
