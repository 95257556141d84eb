"""The Treatment plan tab driven through its widgets on a real vault: build, SMART, undo, sign,
revise, review, library, and unsaved edits across a lock."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from practice_planner.domain.enums import GoalStatus, PlanStatus
from practice_planner.services import plans
from practice_planner.storage.models import TreatmentPlan
from practice_planner.ui import messages
from practice_planner.ui.client_list_model import REVIEW_COLUMN
from practice_planner.ui.goal_library_dialog import GoalLibraryDialog
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.plan_dialogs import ReviewDialog, SignDialog
from practice_planner.ui.plan_tab import PlanTab
from tests.ui.conftest import MakeWindow, click, unlock

TODAY = date.today()


@pytest.fixture
def window(make_window: MakeWindow, people_vault: Path, qtbot: QtBot) -> MainWindow:
    window = make_window(people_vault)
    unlock(qtbot, window)
    window.client_list.table.selectRow(0)
    qtbot.waitUntil(lambda: window.chart.is_showing)
    window.chart.tabs.setCurrentWidget(window.chart.plan_tab)
    return window


@pytest.fixture
def tab(window: MainWindow) -> PlanTab:
    return window.chart.plan_tab


def answer_dialogs(monkeypatch: pytest.MonkeyPatch, act: object = None) -> None:
    """Dialogs are answered in code: ``act(dialog)`` fills them in, then they are accepted."""

    def run(dialog: QDialog) -> int:
        if callable(act):
            act(dialog)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", run)
    monkeypatch.setattr(messages, "confirm", lambda *args: True)


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClicks(widget, text)  # type: ignore[arg-type]


def build(qtbot: QtBot, tab: PlanTab) -> None:
    """Two problems with two goals each, typed into the widgets."""
    click(qtbot, tab.start_button)
    for p in range(2):
        if p:
            click(qtbot, tab.add_problem_button)
        type_into(qtbot, tab.problem_editor.fields.widget("statement"), f"Problem {p + 1}")
        problem_key = tab.current_key()
        for g in range(2):
            tab.select(problem_key)  # type: ignore[arg-type]
            click(qtbot, tab.add_goal_button)
            editor = tab.goal_editor
            type_into(qtbot, editor.statement, f"Walk {p}{g} minutes on 4 days a week")
            type_into(qtbot, editor.client_words, "I want my energy back")
            type_into(qtbot, editor.fields.widget("measure_name"), "Days walking")
            type_into(qtbot, editor.fields.widget("measure_unit"), "days per week")
            type_into(qtbot, editor.fields.widget("baseline"), "1")
            type_into(qtbot, editor.fields.widget("target"), "4")
            type_into(qtbot, editor.fields.widget("target_date"), str(TODAY + timedelta(days=90)))
            click(qtbot, tab.add_objective_button)
            type_into(qtbot, tab.objective_editor.fields.widget("statement"), "Walk after lunch")


def test_a_plan_of_two_problems_and_four_goals_is_built_through_the_widgets(
    qtbot: QtBot, window: MainWindow, tab: PlanTab
) -> None:
    build(qtbot, tab)
    assert tab.is_dirty() and window.chart.is_dirty()
    click(qtbot, tab.save_button)
    assert not tab.is_dirty(), tab.banner.text()
    assert tab.banner.text() == "Plan saved."
    saved = plans.current_plan(window.vault, window.chart.client_id)  # type: ignore[arg-type]
    assert saved is not None
    assert [p.statement for p in saved.problems] == ["Problem 1", "Problem 2"]
    goals = [g for p in saved.problems for g in p.goals]
    assert [g.statement for g in goals] == [
        f"Walk {p}{g} minutes on 4 days a week" for p in range(2) for g in range(2)
    ]
    assert {(g.baseline, g.target, g.client_words) for g in goals} == {
        (1.0, 4.0, "I want my energy back")
    }
    assert all(g.objectives[0].statement == "Walk after lunch" for g in goals)
    assert tab.model.rowCount() == 3  # plan details + two problems


def test_the_smart_panel_reacts_to_typing(qtbot: QtBot, tab: PlanTab) -> None:
    click(qtbot, tab.start_button)
    type_into(qtbot, tab.problem_editor.fields.widget("statement"), "Low mood")
    click(qtbot, tab.add_goal_button)
    panel = tab.goal_editor.smart_panel
    type_into(qtbot, tab.goal_editor.statement, "I want to be happier")
    findings = panel.findings_text()
    assert any("days per week with mood >= 6/10" in text for text in findings)
    before = len(findings)
    type_into(qtbot, tab.goal_editor.fields.widget("measure_name"), "Days with mood 6/10 or more")
    type_into(qtbot, tab.goal_editor.fields.widget("measure_unit"), "days per week")
    after = panel.findings_text()
    assert len(after) < before
    assert not any("mood >= 6/10" in text for text in after)


def test_undo_and_redo_an_edit(qtbot: QtBot, tab: PlanTab) -> None:
    build(qtbot, tab)
    click(qtbot, tab.save_button)
    goal = tab.edit.problems[0].goals[0]  # type: ignore[union-attr]
    tab.select(goal.key)
    type_into(qtbot, tab.goal_editor.fields.widget("target"), "0")  # 4 -> 40
    assert goal.key == tab.current_key()
    assert tab.edit.find(goal.key).fields["target"] == "40"  # type: ignore[union-attr]
    assert tab.undo_button.isEnabled()
    click(qtbot, tab.undo_button)
    assert tab.goal_editor.fields.text("target") == "4"
    assert not tab.is_dirty()
    click(qtbot, tab.redo_button)
    assert tab.goal_editor.fields.text("target") == "40"
    assert tab.is_dirty()


def test_a_refused_field_is_shown_on_its_item_and_nothing_typed_is_lost(
    qtbot: QtBot, tab: PlanTab
) -> None:
    build(qtbot, tab)
    goal = tab.edit.problems[1].goals[0]  # type: ignore[union-attr]
    tab.select(goal.key)
    tab.goal_editor.fields.widget("baseline").clear()  # type: ignore[union-attr]
    type_into(qtbot, tab.goal_editor.fields.widget("baseline"), "five")
    tab.select(tab.edit.problems[0].key)  # type: ignore[union-attr]
    click(qtbot, tab.save_button)
    assert tab.current_key() == goal.key
    assert "must be a number" in tab.goal_editor.fields.error_text("baseline")
    assert tab.goal_editor.fields.text("baseline") == "five"
    assert tab.is_dirty()


def sign(monkeypatch: pytest.MonkeyPatch, tab: PlanTab) -> None:
    answer_dialogs(monkeypatch)
    tab.sign()
    assert tab.plan is not None and tab.plan.is_signed, tab.banner.text()


def test_revising_a_signed_plan_keeps_the_old_version_intact(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, tab: PlanTab
) -> None:
    build(qtbot, tab)
    click(qtbot, tab.save_button)
    sign(monkeypatch, tab)
    assert tab.read_only and not tab.add_goal_button.isEnabled()
    assert tab.goal_editor.statement.isReadOnly()
    first_id = tab.plan.id  # type: ignore[union-attr]
    click(qtbot, tab.revise_button)
    assert tab.plan is not None and tab.plan.version == 2 and not tab.read_only
    goal = tab.edit.problems[0].goals[0]  # type: ignore[union-attr]
    tab.select(goal.key)
    tab.goal_editor.statement.selectAll()
    type_into(qtbot, tab.goal_editor.statement, "Walk 30 minutes on 5 days a week")
    type_into(qtbot, tab.goal_editor.reason, "Client is ready for more")
    click(qtbot, tab.save_button)
    assert not tab.is_dirty(), tab.banner.text()

    old = plans.get_plan(window.vault, first_id)  # type: ignore[arg-type]
    assert old.problems[0].goals[0].statement == "Walk 00 minutes on 4 days a week"
    assert old.is_signed
    assert tab.version_box.count() == 2
    tab.version_box.setCurrentIndex(0)
    tab.version_box.activated.emit(0)
    assert tab.plan is not None and tab.plan.id == first_id and tab.read_only
    tab.select(tab.edit.problems[0].goals[0].key)  # type: ignore[union-attr]
    assert tab.goal_editor.statement.toPlainText() == "Walk 00 minutes on 4 days a week"
    assert "earlier version" in tab.banner.text()


def test_a_review_marks_a_goal_achieved_and_moves_the_next_review(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, tab: PlanTab
) -> None:
    build(qtbot, tab)
    click(qtbot, tab.save_button)
    sign(monkeypatch, tab)
    signed = tab.plan
    assert signed is not None
    goal_id = signed.problems[0].goals[1].id

    def decide(dialog: QDialog) -> None:
        assert isinstance(dialog, ReviewDialog)
        dialog.choose(goal_id, GoalStatus.ACHIEVED.value, "Walking four days most weeks")

    # Weeks pass: the review falls due and the client list marks it.
    with window.vault.unit_of_work() as session:  # type: ignore[union-attr]
        session.execute(
            update(TreatmentPlan)
            .where(TreatmentPlan.id == signed.id)
            .values(next_review_date=TODAY - timedelta(days=10))
        )
    window.client_list.reload()
    listed = window.client_list.model
    row = listed.row_of(signed.client_id)
    assert row is not None
    assert listed.index(row, REVIEW_COLUMN).data() == "Overdue by 10 days"

    answer_dialogs(monkeypatch, decide)
    click(qtbot, tab.review_button)
    reviewed = plans.get_plan(window.vault, signed.id)  # type: ignore[arg-type]
    assert reviewed.last_reviewed_on == TODAY
    assert reviewed.next_review_date == TODAY + timedelta(days=reviewed.review_interval_days)
    # The client list's plan-review column follows at once.
    row = listed.row_of(signed.client_id)
    assert row is not None
    assert listed.index(row, REVIEW_COLUMN).data() == reviewed.next_review_date.isoformat()
    assert tab.plan is not None and tab.plan.version == 2
    assert tab.plan.status is PlanStatus.DRAFT
    statuses = [g.status for p in tab.plan.problems for g in p.goals]
    assert statuses == [
        GoalStatus.ACTIVE,
        GoalStatus.ACHIEVED,
        GoalStatus.ACTIVE,
        GoalStatus.ACTIVE,
    ]
    history = plans.goal_history(window.vault, tab.plan.problems[0].goals[1].id)  # type: ignore[arg-type]
    assert [(r.field, r.new_value, r.reason) for r in history] == [
        ("status", "achieved", "Walking four days most weeks")
    ]


def test_a_review_needs_a_reason_for_each_change(qtbot: QtBot, tab: PlanTab) -> None:
    build(qtbot, tab)
    click(qtbot, tab.save_button)
    assert tab.plan is not None
    dialog = ReviewDialog(tab.plan, tab)
    qtbot.addWidget(dialog)
    dialog.choose(tab.plan.problems[0].goals[0].id, GoalStatus.DISCONTINUED.value)
    dialog.accept()
    assert dialog.result_value is None
    assert "Give a reason" in dialog.message.text()


def test_signing_needs_the_clinicians_date(qtbot: QtBot, tab: PlanTab, window: MainWindow) -> None:
    build(qtbot, tab)
    click(qtbot, tab.save_button)
    assert tab.plan is not None and window.vault is not None
    dialog = SignDialog(window.vault, tab.plan, tab)
    qtbot.addWidget(dialog)
    dialog.dates["clinician_signed_on"].clear()
    dialog.accept()
    assert dialog.result_plan is None
    assert "required" in dialog.fields.error_text("clinician_signed_on")
    assert not plans.get_plan(window.vault, tab.plan.id).is_signed


def test_a_template_from_the_library_is_inserted_as_editable_text(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tab: PlanTab
) -> None:
    click(qtbot, tab.start_button)
    type_into(qtbot, tab.problem_editor.fields.widget("statement"), "Panic")
    click(qtbot, tab.add_goal_button)
    chosen = {}

    def pick(dialog: QDialog) -> None:
        assert isinstance(dialog, GoalLibraryDialog)
        dialog.search.setText("panic")
        dialog.refresh()
        assert dialog.list.count() >= 1
        template = dialog._template(dialog.list.currentItem())
        assert template is not None
        chosen["statement"] = template.statement

    answer_dialogs(monkeypatch, pick)
    click(qtbot, tab.goal_editor.library_button)
    statement = tab.goal_editor.statement.toPlainText()
    assert statement == chosen["statement"]
    assert "panic" in statement.casefold()
    goal = tab.edit.goals()[0]  # type: ignore[union-attr]
    assert goal.objectives, "the template's objectives came along"
    tab.goal_editor.statement.moveCursor(QTextCursor.MoveOperation.End)
    type_into(qtbot, tab.goal_editor.statement, " (edited)")
    assert tab.goal_editor.statement.toPlainText().endswith("(edited)")
    click(qtbot, tab.undo_button)
    click(qtbot, tab.undo_button)
    assert tab.edit.goals()[0].objectives == []  # type: ignore[union-attr]


def test_unsaved_plan_edits_survive_an_auto_lock(
    qtbot: QtBot, window: MainWindow, tab: PlanTab
) -> None:
    build(qtbot, tab)
    window.lock(idle=True)
    assert tab.edit is None and tab.model.rowCount() == 0
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.chart.is_showing)
    restored = window.chart.plan_tab
    assert restored.is_dirty()
    assert [p.fields["statement"] for p in restored.edit.problems] == ["Problem 1", "Problem 2"]  # type: ignore[union-attr]
    click(qtbot, restored.save_button)
    assert not restored.is_dirty()
    saved = plans.current_plan(window.vault, window.chart.client_id)  # type: ignore[arg-type]
    assert saved is not None and len([g for p in saved.problems for g in p.goals]) == 4


def test_overdue_target_dates_show_in_red(qtbot: QtBot, tab: PlanTab) -> None:
    build(qtbot, tab)
    goal = tab.edit.goals()[0]  # type: ignore[union-attr]
    tab.select(goal.key)
    tab.model.today = TODAY + timedelta(days=365)
    index = tab.model.index_of(goal.key).siblingAtColumn(2)
    assert tab.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None


def test_ctrl_s_on_the_plan_tab_saves_the_plan(
    qtbot: QtBot, window: MainWindow, tab: PlanTab
) -> None:
    click(qtbot, tab.start_button)
    type_into(qtbot, tab.problem_editor.fields.widget("statement"), "Sleep")
    window.save_action.trigger()
    assert not tab.is_dirty()
    saved = plans.current_plan(window.vault, window.chart.client_id)  # type: ignore[arg-type]
    assert saved is not None and [p.statement for p in saved.problems] == ["Sleep"]
