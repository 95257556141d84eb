"""Treatment plans through the services: validation, signing freezes, revision makes versions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from practice_planner.domain.enums import Direction, GoalCategory, GoalStatus, PlanStatus
from practice_planner.errors import ValidationError
from practice_planner.services import clients, plans
from practice_planner.services.clients import ClientInput, DiagnosisInput
from practice_planner.services.plans import (
    GoalInput,
    InterventionInput,
    ObjectiveInput,
    PlanHeaderInput,
    ProblemInput,
    SignatureInput,
)
from practice_planner.storage import audit
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 22)
START = date(2026, 11, 1)
PANIC = GoalInput(
    statement="Reduce panic attacks to one a week or fewer",
    category=GoalCategory.SYMPTOM,
    client_words="I want to take the bus to work again",
    measure_name="Panic attacks",
    measure_unit="per week",
    baseline="5",
    target="1",
    direction=Direction.DECREASE,
    target_date=date(2027, 3, 1),
    gas_expected="Two or fewer panic attacks a week",
)


@pytest.fixture
def client_id(vault: Vault) -> int:
    client = clients.create_client(
        vault,
        ClientInput(record_number="C-1", legal_given_name="Robin", legal_family_name="Example"),
        today=TODAY,
    )
    return client.id


@pytest.fixture
def plan_id(vault: Vault, client_id: int) -> int:
    return plans.create_plan(vault, client_id, PlanHeaderInput(effective_date=START)).id


def fields_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return error.value.fields


def build_plan(vault: Vault, plan_id: int) -> list[int]:
    """Two problems and four goals, as the issue's acceptance test describes; the goal ids."""
    goal_ids = []
    for p in range(2):
        problem = plans.add_problem(vault, plan_id, ProblemInput(f"Problem {p + 1}"))
        for g in range(2):
            goal = plans.add_goal(vault, problem.id, replace(PANIC, statement=f"Goal {p}.{g}"))
            plans.add_objective(vault, goal.id, ObjectiveInput("Practise breathing daily"))
            plans.add_intervention(vault, goal.id, InterventionInput("Interoceptive exposure"))
            goal_ids.append(goal.id)
    return goal_ids


def test_new_plan_is_a_draft_with_a_review_date(vault: Vault, plan_id: int) -> None:
    plan = plans.get_plan(vault, plan_id)
    assert plan.status is PlanStatus.DRAFT and plan.version == 1
    assert plan.next_review_date == date(2026, 12, 1)  # 30 days after the effective date


def test_plan_header_rules(vault: Vault, client_id: int) -> None:
    with pytest.raises(ValidationError) as error:
        plans.create_plan(vault, client_id, PlanHeaderInput(START, review_interval_days=0))
    assert "review_interval_days" in fields_of(error)
    plans.create_plan(vault, client_id, PlanHeaderInput(START))
    with pytest.raises(ValidationError) as error:
        plans.create_plan(vault, client_id, PlanHeaderInput(START))
    assert "revise" in fields_of(error)["plan"]


def test_archived_client_gets_no_new_plan(vault: Vault, client_id: int) -> None:
    clients.set_archived(vault, client_id, True)
    with pytest.raises(ValidationError) as error:
        plans.create_plan(vault, client_id, PlanHeaderInput(START))
    assert "archived" in fields_of(error)["client"]


def test_build_a_plan_of_two_problems_and_four_goals(vault: Vault, plan_id: int) -> None:
    build_plan(vault, plan_id)
    plan = plans.get_plan(vault, plan_id)
    assert [p.statement for p in plan.problems] == ["Problem 1", "Problem 2"]
    assert [[g.statement for g in p.goals] for p in plan.problems] == [
        ["Goal 0.0", "Goal 0.1"],
        ["Goal 1.0", "Goal 1.1"],
    ]
    goal = plan.problems[0].goals[0]
    assert (goal.baseline, goal.target, goal.is_measurable) == (5.0, 1.0, True)
    assert goal.objectives[0].statement == "Practise breathing daily"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"statement": " "}, "statement", "required"),
        ({"baseline": "five"}, "baseline", "must be a number"),
        ({"target": "1..2"}, "target", "must be a number"),
        ({"target": "6"}, "target", "below the baseline"),
        ({"direction": Direction.INCREASE}, "target", "above the baseline"),
        ({"measure_name": ""}, "measure_name", "Name the measure"),
        ({"target_date": date(2026, 10, 1)}, "target_date", "effective date"),
        ({"weight": "0"}, "weight", "more than 0"),
        ({"priority": 9}, "priority", "1 (highest) to 5"),
        ({"client_words": "x" * 20_001}, "client_words", "too long"),
    ],
)
def test_goal_rules(
    vault: Vault, plan_id: int, change: dict[str, object], field: str, words: str
) -> None:
    problem = plans.add_problem(vault, plan_id, ProblemInput("Panic"))
    with pytest.raises(ValidationError) as error:
        plans.add_goal(vault, problem.id, replace(PANIC, **change))  # type: ignore[arg-type]
    assert words in fields_of(error)[field]
    assert plans.get_plan(vault, plan_id).problems[0].goals == []


def test_decimal_comma_baseline(vault: Vault, plan_id: int) -> None:
    problem = plans.add_problem(vault, plan_id, ProblemInput("Sleep"))
    goal = plans.add_goal(
        vault, problem.id, replace(PANIC, baseline="4,5", target="7", direction=Direction.INCREASE)
    )
    assert goal.baseline == 4.5


def test_goal_changes_are_kept_with_reason(vault: Vault, plan_id: int) -> None:
    (goal_id, *_) = build_plan(vault, plan_id)
    plans.update_goal(
        vault,
        goal_id,
        replace(PANIC, statement="Goal 0.0", target="2"),
        reason="One a week felt out of reach",
    )
    plans.set_goal_status(vault, goal_id, GoalStatus.ON_HOLD, reason="Client travelling")
    history = plans.goal_history(vault, goal_id)
    assert [(h.field, h.old_value, h.new_value) for h in history] == [
        ("target", "1.0", "2.0"),
        ("status", "active", "on_hold"),
    ]
    assert history[0].reason == "One a week felt out of reach"
    with pytest.raises(ValidationError) as error:
        plans.set_goal_status(vault, goal_id, GoalStatus.ACHIEVED, reason=" ")
    assert "reason" in fields_of(error)


def test_diagnoses_link_only_to_the_same_client(vault: Vault, client_id: int, plan_id: int) -> None:
    mine = clients.add_diagnosis(
        vault, client_id, DiagnosisInput("F41.0", "Panic disorder"), today=TODAY
    )
    other = clients.create_client(vault, ClientInput("C-2", "Kim", "Other"), today=TODAY)
    theirs = clients.add_diagnosis(
        vault, other.id, DiagnosisInput("F51.01", "Insomnia"), today=TODAY
    )
    problem = plans.add_problem(vault, plan_id, ProblemInput("Panic", diagnosis_ids=(mine.id,)))
    assert [d.icd10_code for d in plans.get_plan(vault, plan_id).problems[0].diagnoses] == ["F41.0"]
    with pytest.raises(ValidationError):
        plans.update_problem(vault, problem.id, ProblemInput("Panic", diagnosis_ids=(theirs.id,)))


def test_reorder_goals(vault: Vault, plan_id: int) -> None:
    first, second, *_ = build_plan(vault, plan_id)
    plans.move_goal(vault, second, -1)
    goals = plans.get_plan(vault, plan_id).problems[0].goals
    assert [g.id for g in goals] == [second, first]


def test_signing_needs_a_goal_and_the_clinicians_date(vault: Vault, plan_id: int) -> None:
    with pytest.raises(ValidationError) as error:
        plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    assert "at least one problem with a goal" in fields_of(error)["plan"]
    build_plan(vault, plan_id)
    with pytest.raises(ValidationError) as error:
        plans.sign_plan(vault, plan_id, SignatureInput(client_signed_on=TODAY), today=TODAY)
    assert "clinician_signed_on" in fields_of(error)
    with pytest.raises(ValidationError) as error:
        plans.sign_plan(
            vault, plan_id, SignatureInput(clinician_signed_on=date(2026, 12, 1)), today=TODAY
        )
    assert "future" in fields_of(error)["clinician_signed_on"]
    with pytest.raises(ValidationError) as error:
        plans.sign_plan(
            vault,
            plan_id,
            SignatureInput(clinician_signed_on=TODAY, supervisor_signed_on=TODAY),
            today=TODAY,
        )
    assert "supervisor_name" in fields_of(error)


def test_a_signed_plan_is_frozen(vault: Vault, plan_id: int) -> None:
    goal_id, *_ = build_plan(vault, plan_id)
    plan = plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    assert plan.status is PlanStatus.ACTIVE and plan.is_signed
    problem_id = plan.problems[0].id
    refusals = [
        lambda: plans.update_plan_header(vault, plan_id, PlanHeaderInput(START, modality="CBT")),
        lambda: plans.add_problem(vault, plan_id, ProblemInput("Another")),
        lambda: plans.update_problem(vault, problem_id, ProblemInput("Changed")),
        lambda: plans.add_goal(vault, problem_id, PANIC),
        lambda: plans.update_goal(vault, goal_id, replace(PANIC, target="2"), reason="x"),
        lambda: plans.set_goal_status(vault, goal_id, GoalStatus.ACHIEVED, reason="done"),
        lambda: plans.add_objective(vault, goal_id, ObjectiveInput("More")),
        lambda: plans.add_intervention(vault, goal_id, InterventionInput("More")),
        lambda: plans.move_goal(vault, goal_id, 1),
        lambda: plans.sign_plan(
            vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY
        ),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError) as error:
            refuse()
        assert "Revise plan" in fields_of(error)["plan"]
    assert plans.get_plan(vault, plan_id).problems[0].goals[0].target == 1.0


def test_late_client_signature_fills_only_empty_dates(vault: Vault, plan_id: int) -> None:
    build_plan(vault, plan_id)
    plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    plan = plans.add_late_signature(
        vault, plan_id, SignatureInput(client_signed_on=TODAY), today=TODAY
    )
    assert plan.client_signed_on == TODAY
    with pytest.raises(ValidationError) as error:
        plans.add_late_signature(
            vault, plan_id, SignatureInput(client_signed_on=START), today=TODAY
        )
    assert "already recorded" in fields_of(error)["client_signed_on"]


def test_revise_makes_a_new_version_and_signing_it_supersedes(
    vault: Vault, client_id: int, plan_id: int
) -> None:
    goal_id, *_ = build_plan(vault, plan_id)
    plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    draft = plans.revise_plan(vault, plan_id, effective_date=TODAY)
    assert (draft.version, draft.status, draft.supersedes_id) == (2, PlanStatus.DRAFT, plan_id)
    new_goal = draft.problems[0].goals[0]
    assert new_goal.id != goal_id and new_goal.statement == "Goal 0.0"
    assert [o.statement for o in new_goal.objectives] == ["Practise breathing daily"]
    plans.update_goal(
        vault, new_goal.id, replace(PANIC, statement="Goal 0.0", target="2"), reason="Review"
    )
    with pytest.raises(ValidationError):
        plans.revise_plan(vault, plan_id)  # version 2 exists: revise that one
    plans.sign_plan(vault, draft.id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    versions = plans.plan_versions(vault, client_id)
    assert [(p.version, p.status) for p in versions] == [
        (1, PlanStatus.SUPERSEDED),
        (2, PlanStatus.ACTIVE),
    ]
    # The earlier version reads exactly as it was signed.
    assert plans.get_plan(vault, plan_id).problems[0].goals[0].target == 1.0
    assert plans.current_plan(vault, client_id).id == draft.id  # type: ignore[union-attr]


def test_review_sets_the_next_date(vault: Vault, plan_id: int) -> None:
    build_plan(vault, plan_id)
    plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    plan = plans.record_review(vault, plan_id, TODAY, today=TODAY)
    assert plan.next_review_date == date(2026, 12, 22)
    with pytest.raises(ValidationError):
        plans.record_review(vault, plan_id, date(2026, 12, 1), today=TODAY)


def test_every_change_is_in_the_audit_trail(vault: Vault, plan_id: int) -> None:
    build_plan(vault, plan_id)
    plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        acts = list(session.scalars(select(AuditEvent.action)))
    for action in (
        "plan.created",
        "problem.added",
        "goal.added",
        "objective.added",
        "intervention.added",
        "plan.signed",
    ):
        assert action in acts


def test_deletion_is_deliberate_archived_confirmed_and_after_retention(
    vault: Vault, client_id: int, plan_id: int
) -> None:
    from practice_planner.storage.models import Client, Encounter

    build_plan(vault, plan_id)
    plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    with vault.unit_of_work() as session:
        session.add(Encounter(client_id=client_id, session_date=date(2019, 3, 1)))
    with pytest.raises(ValidationError) as error:
        clients.delete_client(vault, client_id, confirm="C-1", today=TODAY)
    assert "Archive" in fields_of(error)["client"]
    clients.set_archived(vault, client_id, True)
    with pytest.raises(ValidationError) as error:
        clients.delete_client(vault, client_id, confirm="c-1", today=TODAY)
    assert "confirm" in fields_of(error)
    with pytest.raises(ValidationError) as error:
        clients.delete_client(vault, client_id, confirm="C-1", today=date(2026, 2, 28))
    assert "7 years" in fields_of(error)["client"]
    clients.delete_client(vault, client_id, confirm="C-1", today=date(2026, 3, 1))
    with vault.reading() as session:
        assert session.get(Client, client_id) is None
        assert audit.verify_chain(session) == []
        assert session.scalars(select(AuditEvent.action)).all()[-1] == "client.deleted"


def test_a_client_entered_in_error_can_be_deleted_at_once(vault: Vault, client_id: int) -> None:
    clients.set_archived(vault, client_id, True)
    clients.delete_client(vault, client_id, confirm="C-1", today=TODAY)
    assert clients.list_clients(vault, include_archived=True) == []
