"""The Progress tab on a real record: what each chart plots, and copying or saving it as PNG.

The record (a signed plan with measured goals, six attended sessions with goal progress and GAS
scores, PHQ-9 and GAD-7, a milestone) is the one the progress summary PDF tests use, so screen
and paper are checked against the same hand-worked numbers.
"""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from practice_planner.reports import exports
from practice_planner.storage.vault import Vault
from practice_planner.ui import progress_tab
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.progress_charts import msecs
from practice_planner.ui.progress_tab import ProgressTab
from tests.reports.records import PLAN_START, audit_events, make_client, make_plan
from tests.reports.test_progress_summary_pdf import GAS_SCORES, MILESTONE, History, record_history
from tests.ui.conftest import MakeWindow, button, click

TODAY = date(2026, 11, 22)


def points(series: object) -> list[tuple[float, float]]:
    return [(p.x(), p.y()) for p in series.points()]  # type: ignore[attr-defined]


@pytest.fixture
def shown(
    qtbot: QtBot, make_window: MakeWindow, vault: Vault, vault_path: Path
) -> tuple[MainWindow, ProgressTab, History]:
    history = record_history(vault, make_plan(vault, make_client(vault)))
    window = make_window(vault_path, vault=vault)
    assert window.chart.show_client(history.built.client_id)
    tab = window.chart.progress
    tab.today = TODAY
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        window.chart.tabs.setCurrentWidget(tab)
    return window, tab, history


def test_questionnaires_are_plotted_whole_and_marked_against_the_first(
    shown: tuple[MainWindow, ProgressTab, History],
) -> None:
    _, tab, history = shown
    first, last, october = history.first_session, history.last_session, date(2026, 10, 5)
    phq9 = tab.panels["phq9"].chart
    # 18, then 6 (-12 and below 10: reliable recovery), then 27 (+9: reliable deterioration)
    assert points(phq9.named["PHQ-9"]) == [
        (msecs(first), 18.0),
        (msecs(last), 6.0),
        (msecs(october), 27.0),
    ]
    assert points(phq9.named["Reliable recovery"]) == [(msecs(last), 6.0)]
    assert points(phq9.named["Reliable deterioration"]) == [(msecs(october), 27.0)]
    # the October PHQ-9 answered every item "nearly every day", item 9 included
    assert points(phq9.named["Item 9 above 0"]) == [(msecs(october), 27.0)]
    # the bands: shaded from half a point below to half above each, named on the right
    assert [(c, phq9.band_axis.endValue(c)) for c in phq9.band_axis.categoriesLabels()] == [
        ("Minimal", 4.5),
        ("Mild", 9.5),
        ("Moderate", 14.5),
        ("Moderately severe", 19.5),
        ("Severe", 27.0),
    ]
    assert (phq9.axis_y.min(), phq9.high) == (0.0, 27.0)
    gad7 = tab.panels["gad7"].chart
    # GAD-7 12 -> 9: -3 is not reliable, and 9 is still at or above 8: no mark at all
    assert points(gad7.named["GAD-7"]) == [(msecs(first), 12.0), (msecs(last), 9.0)]
    assert set(gad7.named) == {"GAD-7", "Milestones"}
    assert tab.panels["gad7"].sentences[1] == (
        "GAD-7 fell from 12 to 9 (\u22123): no reliable change (4 points or more needed), still "
        "at or above the clinical threshold of 8."
    )


def test_a_measured_goal_against_baseline_target_and_target_date(
    shown: tuple[MainWindow, ProgressTab, History],
) -> None:
    _, tab, history = shown
    goal_a, goal_b, goal_c = history.built.goal_ids
    panel = tab.panels[f"goal_{goal_a}"]
    chart = panel.chart
    observed = points(chart.named["Observed"])
    # one value per attended session: 5, 4.5, 4, ... as the sessions recorded them
    assert [value for _, value in observed] == [5.0, 4.5, 4.0, 3.5, 3.0, 2.5]
    assert observed[0][0] == msecs(history.first_session)
    assert {y for _, y in points(chart.named["Baseline 5"])} == {5.0}
    assert {y for _, y in points(chart.named["Target 1"])} == {1.0}
    target_date = PLAN_START + timedelta(days=180)
    assert {x for x, _ in points(chart.named["Target date"])} == {msecs(target_date)}
    assert chart.tip_near(chart.named["Target date"], QPointF(msecs(target_date), 2)) == (
        f"Target date {target_date.isoformat()}"
    )
    (win,) = points(chart.named["Milestones"])
    assert win[0] == msecs(history.last_session) and win[1] > chart.high  # above the data
    assert chart.tip_near(chart.named["Milestones"], QPointF(*win)) == (
        f"{history.last_session.isoformat()}: milestone: {MILESTONE}"
    )
    assert panel.sentences[0].startswith("Goal 1.1: Reduce panic attacks, goal 1-1")
    assert panel.sentences[0].endswith(
        "From a baseline of 5 per week to a target of 1 per week by "
        f"{target_date.isoformat()} (passed). 6 values; first 5 per week "
        f"({history.first_session.isoformat()}), latest 2.5 per week "
        f"({history.last_session.isoformat()})."
    )
    # goals without a value yet still get their lines; their milestones are their own
    assert points(tab.panels[f"goal_{goal_b}"].chart.named["Observed"]) == []
    assert "Milestones" not in tab.panels[f"goal_{goal_c}"].chart.named


def test_gas_t_scores_per_session(shown: tuple[MainWindow, ProgressTab, History]) -> None:
    _, tab, history = shown
    chart = tab.panels["gas"].chart
    plotted = points(chart.named["GAS T-score"])
    # goal a scored x, goal b scored 0, both weight 1: T = 50 + 10x / sqrt(0.7*2 + 0.3*4)
    expected = [50 + 10 * x / math.sqrt(2.6) for x in GAS_SCORES]
    assert [round(y, 6) for _, y in plotted] == [round(t, 6) for t in expected]
    assert round(expected[0], 1) == 37.6
    assert {y for _, y in points(chart.named["Expected (50)"])} == {50.0}
    assert plotted[0][0] == msecs(history.first_session)
    assert chart.tip_near(chart.named["GAS T-score"], QPointF(*plotted[0])) == (
        f"{history.first_session.isoformat()}: T = 37.6 (2 goals scored)"
    )


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform, on a tooltip
def test_hovering_a_point_shows_its_date_and_value(
    qtbot: QtBot, shown: tuple[MainWindow, ProgressTab, History]
) -> None:
    _, tab, history = shown
    chart = tab.panels["phq9"].chart
    line = chart.named["PHQ-9"]
    line.hovered.emit(QPointF(msecs(history.last_session) + 3_600_000, 6.4), True)
    assert QToolTip.text() == (
        f"{history.last_session.isoformat()}: PHQ-9 6 (Mild); reliable recovery since "
        f"{history.first_session.isoformat()} (18)"
    )
    line.hovered.emit(QPointF(msecs(history.last_session), 6), False)
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_copy_and_save_as_png(
    qtbot: QtBot,
    shown: tuple[MainWindow, ProgressTab, History],
    vault: Vault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, tab, history = shown
    panel = tab.panels["phq9"]
    QGuiApplication.clipboard().clear()
    click(qtbot, button(panel, "copy_chart_phq9"))
    copied = QGuiApplication.clipboard().pixmap()
    assert not copied.isNull() and copied.width() > 300
    (copy_event,) = audit_events(vault, "export.chart_copied")
    assert (copy_event.entity, copy_event.entity_id) == ("client", str(history.built.client_id))
    assert json.loads(copy_event.detail) == {"chart": "PHQ-9"}  # what, never a value
    assert "copied to the clipboard" in tab.status.text()
    menu = panel.view.context_menu()
    assert [a.text() for a in menu.actions()] == ["&Copy chart", "&Save chart as PNG…"]

    asked: list[str] = []

    def choose(_parent: object, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "phq9-chart")

    monkeypatch.setattr(progress_tab, "choose_png_path", choose)
    menu.actions()[1].trigger()
    saved = tmp_path / "phq9-chart.png"
    assert saved.read_bytes().startswith(exports.PNG_SIGNATURE)
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert asked == ["progress-chart-phq-9-2026-11-22.png"]
    (event,) = audit_events(vault, "export.chart_image")
    assert (event.entity, event.entity_id) == ("client", str(history.built.client_id))
    assert json.loads(event.detail)["chart"] == "PHQ-9"
    assert tab.status.text() == f"Saved to {saved}."


def test_a_load_finishing_after_a_lock_shows_nothing(
    qtbot: QtBot, shown: tuple[MainWindow, ProgressTab, History]
) -> None:
    window, tab, _ = shown
    tab.refresh()  # under way when the lock comes
    window.lock()
    assert not tab.busy
    qtbot.wait(50)
    assert tab.panels == {}
    assert tab.findChild(object, "progress_page") is None  # type: ignore[arg-type]
