"""The Measures tab in the real main window: give a PHQ-9, see it on the chart and the dashboard.

Driven with real clicks on the radio buttons and the save button, on a real vault; the charts
are inspected through their QLineSeries points, the dashboard through its list model.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton
from pytestqt.qtbot import QtBot

from practice_planner.domain.enums import Direction, Instrument
from practice_planner.services import measures, sessions
from practice_planner.services.dashboard import SectionName
from practice_planner.services.sessions import EncounterInput
from practice_planner.storage.vault import Vault
from practice_planner.ui.custom_measure_dialog import CustomMeasureDialog
from practice_planner.ui.dashboard import CLIENT_ID_ROLE
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.measure_history import HEADERS
from practice_planner.ui.measures_tab import MeasuresTab
from practice_planner.ui.progress_charts import msecs
from tests.ui.conftest import MakeWindow, child, click, unlock

TODAY = date.today()
FIRST = TODAY - timedelta(days=56)
# a PHQ-9 of 12 (moderate) with item 9 answered "several days": 2+2+1+2+1+1+2+0+1
ANSWERS = (2, 2, 1, 2, 1, 1, 2, 0, 1)


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, people_vault: Path) -> MainWindow:
    opened = make_window(people_vault)
    unlock(qtbot, opened)
    assert opened.current_page == "workspace"
    return opened


def vault_of(window: MainWindow) -> Vault:
    assert window.vault is not None
    return window.vault


def client_id(window: MainWindow, number: str = "C-00001") -> int:
    from practice_planner.services.clients import find_by_record_number

    return find_by_record_number(vault_of(window), number).id


def open_client(qtbot: QtBot, window: MainWindow, client: int) -> None:
    window.client_list.client_chosen.emit(client)  # as a click in the list does
    qtbot.waitUntil(lambda: window.chart.client_id == client)


def open_measures(qtbot: QtBot, window: MainWindow, client: int) -> MeasuresTab:
    open_client(qtbot, window, client)
    tab = window.chart.measures
    window.chart.tabs.setCurrentWidget(tab)
    return tab


def answer(qtbot: QtBot, tab: MeasuresTab, answers: tuple[int, ...], prefix: str = "phq9") -> None:
    for item, value in enumerate(answers, start=1):
        button = child(tab, QRadioButton, f"{prefix}_item_{item}_{value}")
        click(qtbot, button)


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def points(series: object) -> list[tuple[float, float]]:
    return [(p.x(), p.y()) for p in series.points()]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------ the main path
def test_a_new_phq9_appears_on_the_progress_chart_and_the_dashboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    alex = client_id(window)
    vault = vault_of(window)
    measures.record_instrument(vault, alex, Instrument.PHQ9, [1, 1, 1, 0, 0, 0, 0, 0, 0], FIRST)
    tab = open_measures(qtbot, window, alex)
    assert tab.history.rowCount() == 1

    answer(qtbot, tab, ANSWERS)
    form = tab.forms[Instrument.PHQ9]
    assert form.total_label.text() == "PHQ-9 total 12 of 27: Moderate"
    assert form.risk_flag.isVisible()
    assert "Item 9 answered above 0" in form.risk_flag.text()
    click(qtbot, tab.save_questionnaire_button)

    assert tab.q_notice.text() == (
        f"Saved: PHQ-9 on {TODAY.isoformat()}, total 12 (Moderate). "
        "The item 9 flag is recorded with it."
    )
    assert form.answers() == [None] * 9 and not form.risk_flag.isVisible()
    newest = tab.history.row(0)
    assert (newest.name, newest.total, newest.band, newest.item9_flag) == (
        "PHQ-9",
        12.0,
        "Moderate",
        True,
    )
    (saved,) = [a for a in measures.administrations(vault, alex, Instrument.PHQ9) if a.item9_flag]
    assert saved.answers == list(ANSWERS)

    # the progress tab: the new point, marked against the first score (3 -> 12: +9)
    progress = window.chart.progress
    with qtbot.waitSignal(progress.loaded, timeout=10_000):
        window.chart.tabs.setCurrentWidget(progress)
    chart = progress.panels["phq9"].chart
    line = chart.named["PHQ-9"]
    assert points(line) == [(msecs(FIRST), 3.0), (msecs(TODAY), 12.0)]
    assert points(chart.named["Reliable deterioration"]) == [(msecs(TODAY), 12.0)]
    assert points(chart.named["Item 9 above 0"]) == [(msecs(TODAY), 12.0)]
    assert "Reliable improvement" not in chart.named
    tip = chart.tip_near(line, QPointF(msecs(TODAY), 11.6))
    assert tip == (
        f"{TODAY.isoformat()}: PHQ-9 12 (Moderate); reliable deterioration since "
        f"{FIRST.isoformat()} (3); item 9 above 0"
    )
    assert progress.panels["phq9"].sentences[1] == (
        "PHQ-9 rose from 3 to 12 (+9): reliable deterioration, and now at or above the "
        "clinical threshold of 10."
    )

    # the dashboard lists the client, item 9 first; its entry opens the client again
    dashboard = window.chart.dashboard
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        window.dashboard_action.trigger()
    assert window.chart.client_id is None
    (alert,) = dashboard.entries(SectionName.ALERTS)
    assert (alert.client.client_id, alert.total, alert.first_total) == (alex, 12, 3)
    assert alert.item9 and alert.deteriorated
    assert alert.reason == "item 9 (self-harm) answered above 0; reliable deterioration from 3"
    table = dashboard.sections[SectionName.ALERTS].table
    index = table.model().index(0, 0)
    assert index.data(CLIENT_ID_ROLE) == alex
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: window.chart.client_id == alex)
    assert window.chart.is_showing
    assert window.client_list.table.currentIndex().row() >= 0  # the list follows, as on a click


def test_the_chart_refreshes_while_in_view(qtbot: QtBot, window: MainWindow) -> None:
    """Saved from the Measures tab while Progress was loaded once: it loads again when shown."""
    alex = client_id(window)
    progress = window.chart.progress
    open_client(qtbot, window, alex)
    with qtbot.waitSignal(progress.loaded, timeout=10_000):
        window.chart.tabs.setCurrentWidget(progress)
    assert "phq9" not in progress.panels
    assert child(progress, object, "no_phq9")  # type: ignore[arg-type]
    tab = window.chart.measures
    window.chart.tabs.setCurrentWidget(tab)
    answer(qtbot, tab, (0, 0, 0, 0, 0, 0, 0, 0, 0))
    click(qtbot, tab.save_questionnaire_button)
    with qtbot.waitSignal(progress.loaded, timeout=10_000):
        window.chart.tabs.setCurrentWidget(progress)
    assert points(progress.panels["phq9"].chart.named["PHQ-9"]) == [(msecs(TODAY), 0.0)]


# ------------------------------------------------------------------------------ bad input
def test_every_problem_is_named_beside_its_field_and_nothing_typed_is_lost(
    qtbot: QtBot, window: MainWindow
) -> None:
    alex = client_id(window)
    tab = open_measures(qtbot, window, alex)
    answer(qtbot, tab, (1, 1, 1, 1, 1, 1, 1))  # items 8 and 9 left out
    retype(qtbot, tab.q_date, "2026-13-40")
    form = tab.forms[Instrument.PHQ9]
    assert form.total_label.text() == (
        "PHQ-9 total so far 7 of 27; 2 of 9 items to answer (the band shows when all are answered)"
    )
    click(qtbot, tab.save_questionnaire_button)
    assert tab.q_fields.error_text("administered_on") == (
        "Date given: type the date as YYYY-MM-DD, e.g. 1984-03-07."
    )
    assert form.answers_error.text() == "Answer all 9 items (2 are missing)"
    assert form.answers_error.isVisible()
    red = [label.objectName() for label in form._item_labels if label.styleSheet()]
    assert red == ["phq9_item_8", "phq9_item_9"]
    assert tab.q_date.text() == "2026-13-40"
    assert form.answers() == [1, 1, 1, 1, 1, 1, 1, None, None]

    # a date in the future is the service's refusal, beside the same field
    retype(qtbot, tab.q_date, (TODAY + timedelta(days=1)).isoformat())
    answer(qtbot, tab, (1, 1, 1, 1, 1, 1, 1, 0, 0))
    assert not any(label.styleSheet() for label in form._item_labels)
    click(qtbot, tab.save_questionnaire_button)
    assert tab.q_fields.error_text("administered_on") == ("The date given cannot be in the future.")
    assert form.answers_error.text() == ""
    assert form.answers() == [1, 1, 1, 1, 1, 1, 1, 0, 0]
    assert measures.administrations(vault_of(window), alex, Instrument.PHQ9) == []

    retype(qtbot, tab.q_date, TODAY.isoformat())
    click(qtbot, tab.save_questionnaire_button)
    assert tab.q_fields.error_text("administered_on") == ""
    assert [a.total for a in measures.administrations(vault_of(window), alex, Instrument.PHQ9)] == [
        7.0
    ]


def test_gad7_scores_live_and_has_no_item9_flag(qtbot: QtBot, window: MainWindow) -> None:
    tab = open_measures(qtbot, window, client_id(window))
    tab.instrument_choice.setCurrentIndex(tab.instrument_choice.findData("gad7"))
    assert tab.stack.currentWidget() is tab.forms[Instrument.GAD7]
    assert tab.save_questionnaire_button.text() == "Save GAD-7"
    answer(qtbot, tab, (3, 3, 2, 2, 1, 1, 3), prefix="gad7")
    form = tab.forms[Instrument.GAD7]
    assert form.total_label.text() == "GAD-7 total 15 of 21: Severe"
    assert not form.risk_flag.isVisible()
    # the wording on screen is the instrument's, verbatim
    assert child(tab, object, "gad7_item_2").text() == (  # type: ignore[arg-type]
        "Not being able to stop or control worrying"
    )


def test_the_administration_is_tied_to_the_session_held_today(
    qtbot: QtBot, window: MainWindow
) -> None:
    alex = client_id(window)
    held = sessions.create_encounter(vault_of(window), alex, EncounterInput(session_date=TODAY))
    tab = open_measures(qtbot, window, alex)
    assert tab.q_session.currentData() == str(held.id)
    assert tab.q_session.itemText(0) == "Not tied to a session"
    answer(qtbot, tab, ANSWERS)
    click(qtbot, tab.save_questionnaire_button)
    (saved,) = measures.administrations(vault_of(window), alex, Instrument.PHQ9)
    assert (saved.encounter_id, saved.item9_flag) == (held.id, True)
    assert tab.history.row(0).session_date == TODAY


# ------------------------------------------------------------------------------ custom measures
def test_define_and_record_a_custom_measure(qtbot: QtBot, window: MainWindow) -> None:
    alex = client_id(window)
    tab = open_measures(qtbot, window, alex)
    assert not tab.save_custom_button.isEnabled()
    assert tab.c_range.text() == "No custom measure defined yet: define one first."
    dialog = tab.open_define_dialog()
    assert isinstance(dialog, CustomMeasureDialog)
    qtbot.keyClicks(child(dialog, QLineEdit, "measure_name"), "Mood")
    qtbot.keyClicks(child(dialog, QLineEdit, "measure_unit"), "0-10")
    qtbot.keyClicks(child(dialog, QLineEdit, "min_value"), "10")
    qtbot.keyClicks(child(dialog, QLineEdit, "max_value"), "0")
    click(qtbot, dialog.save_button)
    assert dialog.fields.error_text("max_value") == (
        "The highest value must be greater than the lowest."
    )
    assert dialog.isVisible() and child(dialog, QLineEdit, "measure_name").text() == "Mood"
    retype(qtbot, child(dialog, QLineEdit, "min_value"), "0")
    retype(qtbot, child(dialog, QLineEdit, "max_value"), "10")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tab.c_measure.currentText() == "Mood (0-10)"
    assert tab.c_range.text() == "From 0 to 10; higher is better."
    assert tab.save_custom_button.isEnabled()

    qtbot.keyClicks(tab.c_value, "11")
    click(qtbot, tab.save_custom_button)
    assert tab.c_fields.error_text("value") == "Enter a value from 0 to 10 for this measure."
    assert tab.c_value.text() == "11"
    retype(qtbot, tab.c_value, "7,5")
    click(qtbot, tab.save_custom_button)
    assert tab.c_fields.error_text("value") == ""
    assert tab.c_notice.text() == f"Saved: Mood (0-10) 7.5 on {TODAY.isoformat()}."
    assert (tab.history.row(0).name, tab.history.row(0).total) == ("Mood", 7.5)
    (mood,) = measures.custom_measures(vault_of(window))
    assert (mood.min_value, mood.max_value, mood.better) == (0.0, 10.0, Direction.INCREASE)

    progress = window.chart.progress
    with qtbot.waitSignal(progress.loaded, timeout=10_000):
        window.chart.tabs.setCurrentWidget(progress)
    panel = progress.panels[f"custom_{mood.id}"]
    assert points(panel.chart.named["Mood"]) == [(msecs(TODAY), 7.5)]
    assert panel.chart.title() == "Mood (0-10): higher is better"
    assert (panel.chart.axis_y.min(), panel.chart.high) == (0.0, 10.0)


# ------------------------------------------------------------------------------ leaving, locking
def test_unsaved_answers_survive_a_lock(qtbot: QtBot, window: MainWindow) -> None:
    alex = client_id(window)
    tab = open_measures(qtbot, window, alex)
    answer(qtbot, tab, (3, 2, 1))
    assert window.chart.is_dirty()
    window.lock()
    assert tab.forms[Instrument.PHQ9].answers() == [None] * 9  # nothing left on screen
    unlock(qtbot, window)
    QApplication.processEvents()
    assert window.chart.client_id == alex
    assert tab.forms[Instrument.PHQ9].answers()[:4] == [3, 2, 1, None]
    assert window.chart.banner.text().startswith("Unsaved changes from before the lock")


def test_the_closing_difficulty_question_is_kept_unscored_and_survives_a_lock(
    qtbot: QtBot, window: MainWindow
) -> None:
    alex = client_id(window)
    tab = open_measures(qtbot, window, alex)
    form = tab.forms[Instrument.PHQ9]
    question = child(tab, object, "phq9_difficulty_q").text()  # type: ignore[arg-type]
    assert question.startswith("If you checked off any problems, how difficult")
    answer(qtbot, tab, ANSWERS)
    form.difficulty_box.setCurrentIndex(form.difficulty_box.findText("Very difficult"))
    assert form.total_label.text() == "PHQ-9 total 12 of 27: Moderate"  # not scored

    window.lock()
    assert form.difficulty() is None  # nothing left on screen
    unlock(qtbot, window)
    QApplication.processEvents()
    assert form.difficulty_box.currentText() == "Very difficult"

    click(qtbot, tab.save_questionnaire_button)
    (saved,) = measures.administrations(vault_of(window), alex, Instrument.PHQ9)
    assert (saved.total, saved.difficulty) == (12, 2)
    assert "Difficulty: very difficult." in tab.q_notice.text()
    history = tab.history
    assert history.data(history.index(0, HEADERS.index("Difficulty"))) == "Very difficult"
    assert form.difficulty() is None  # the form is ready for the next one
