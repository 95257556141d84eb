"""Saving a whole edited plan at once: all or nothing, with history, and errors that say where."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from practice_planner.domain.enums import GoalCategory, GoalStatus
from practice_planner.errors import PlanItemInvalid
from practice_planner.services import plans
from practice_planner.services.plan_edits import (
    GoalEdit,
    ItemEdit,
    PlanEdit,
    ProblemEdit,
    blank_goal,
    edit_of,
    save_plan_edit,
)
from practice_planner.services.plans import SignatureInput
from practice_planner.storage.models import Goal
from practice_planner.storage.vault import Vault
from tests.services.test_plans import START, TODAY, client_id, plan_id  # noqa: F401


def goal(statement: str, **values: str) -> GoalEdit:
    fields = blank_goal(GoalCategory.BEHAVIORAL)
    fields.update(statement=statement, **values)
    return GoalEdit(
        fields=fields,
        objectives=[ItemEdit({"statement": "Walk 20 minutes", "target_date": "2027-01-15"})],
        interventions=[ItemEdit({"description": "Activity scheduling", "modality": "CBT"})],
    )


def two_problems(plan: int) -> PlanEdit:
    return PlanEdit(
        plan_id=plan,
        header={"effective_date": START.isoformat(), "review_interval_days": "42"},
        problems=[
            ProblemEdit({"statement": "Low mood"}, goals=[goal("Walk 3 days a week"), goal("B")]),
            ProblemEdit({"statement": "Isolation"}, goals=[goal("C"), goal("D")]),
        ],
    )


def test_a_whole_plan_is_saved_in_order_with_its_items(vault: Vault, plan_id: int) -> None:  # noqa: F811
    saved = save_plan_edit(vault, two_problems(plan_id))
    assert [p.statement for p in saved.problems] == ["Low mood", "Isolation"]
    assert [g.statement for g in saved.problems[0].goals] == ["Walk 3 days a week", "B"]
    assert saved.problems[1].goals[1].objectives[0].target_date == date(2027, 1, 15)
    assert saved.problems[1].goals[1].interventions[0].modality == "CBT"
    assert saved.review_interval_days == 42
    assert saved.next_review_date == date(2026, 12, 13)


def test_a_bad_goal_refuses_everything_and_names_the_goal(vault: Vault, plan_id: int) -> None:  # noqa: F811
    edit = two_problems(plan_id)
    bad = edit.problems[1].goals[0]
    bad.fields.update(baseline="five", measure_name="Walks")
    with pytest.raises(PlanItemInvalid) as refused:
        save_plan_edit(vault, edit)
    assert refused.value.item_key == bad.key
    assert "baseline" in refused.value.fields
    assert plans.get_plan(vault, plan_id).problems == []


def test_rewording_and_status_keep_history_and_need_a_reason(vault: Vault, plan_id: int) -> None:  # noqa: F811
    save_plan_edit(vault, two_problems(plan_id))
    edit = edit_of(plans.get_plan(vault, plan_id))
    first = edit.problems[0].goals[0]
    first.fields["statement"] = "Walk 4 days a week"
    first.change_reason = "Client asked for more"
    first.status = GoalStatus.ON_HOLD
    with pytest.raises(PlanItemInvalid) as refused:
        save_plan_edit(vault, edit)
    assert set(refused.value.fields) == {"status_reason"}
    first.status_reason = "Injury"
    save_plan_edit(vault, edit)
    history = plans.goal_history(vault, first.id or 0)
    assert {(r.field, r.old_value, r.new_value, r.reason) for r in history} == {
        ("statement", "Walk 3 days a week", "Walk 4 days a week", "Client asked for more"),
        ("status", "active", "on_hold", "Injury"),
    }


def test_reorder_move_and_remove(vault: Vault, plan_id: int) -> None:  # noqa: F811
    save_plan_edit(vault, two_problems(plan_id))
    edit = edit_of(plans.get_plan(vault, plan_id))
    moved = edit.problems[0].goals.pop(1)
    edit.problems[1].goals.insert(0, moved)
    edit.problems[1].goals.pop()  # D removed
    edit.problems.reverse()
    saved = save_plan_edit(vault, edit)
    assert [[g.statement for g in p.goals] for p in saved.problems] == [
        ["B", "C"],
        ["Walk 3 days a week"],
    ]
    edit = edit_of(saved)
    edit.problems.pop(0)
    saved = save_plan_edit(vault, edit)
    assert [p.statement for p in saved.problems] == ["Low mood"]
    with vault.reading() as session:
        assert session.scalar(select(func.count(Goal.id))) == 1


def test_a_signed_plan_refuses_the_working_copy(vault: Vault, plan_id: int) -> None:  # noqa: F811
    save_plan_edit(vault, two_problems(plan_id))
    plans.sign_plan(vault, plan_id, SignatureInput(clinician_signed_on=TODAY), today=TODAY)
    edit = edit_of(plans.get_plan(vault, plan_id))
    edit.problems[0].fields["statement"] = "Changed"
    with pytest.raises(PlanItemInvalid) as refused:
        save_plan_edit(vault, edit)
    assert refused.value.item_key is None
    assert plans.get_plan(vault, plan_id).problems[0].statement == "Low mood"


def test_a_half_typed_date_is_named_not_lost(vault: Vault, plan_id: int) -> None:  # noqa: F811
    edit = two_problems(plan_id)
    edit.problems[0].goals[0].objectives[0].fields["target_date"] = "2027-02-3x"
    with pytest.raises(PlanItemInvalid) as refused:
        save_plan_edit(vault, edit)
    assert refused.value.item_key == edit.problems[0].goals[0].objectives[0].key
    assert edit.problems[0].goals[0].objectives[0].fields["target_date"] == "2027-02-3x"
