"""The practice dashboard in the main window: shown with no client, lists filled off the GUI
thread, each entry opening its client the way the client list does."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from practice_planner.domain.enums import Instrument
from practice_planner.services import clients, measures, milestones, sessions
from practice_planner.services.dashboard import SectionName
from practice_planner.services.sessions import EncounterInput, NoteInput
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.dashboard import DashboardPage
from practice_planner.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, click, unlock

TODAY = date.today()


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, people_vault: Path) -> MainWindow:
    opened = make_window(people_vault)
    with qtbot.waitSignal(opened.chart.dashboard.loaded, timeout=10_000):
        unlock(qtbot, opened)
    return opened


def vault_of(window: MainWindow) -> Vault:
    assert window.vault is not None
    return window.vault


def refresh(qtbot: QtBot, page: DashboardPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        click(qtbot, page.refresh_button)


def test_an_empty_practice_says_so(window: MainWindow) -> None:
    page = window.chart.dashboard
    assert window.chart.stack.currentWidget().objectName() == "no_client_page"
    assert page.isVisible()
    assert page.date_label.text().endswith(TODAY.isoformat())
    for name, box in page.sections.items():
        assert page.entries(name) == []
        assert not box.table.isVisible()
        assert box.note.text() == box.model.spec.empty
    assert page.hint.text().startswith("Choose a client on the left")


def test_entries_open_their_client_like_the_list_does(qtbot: QtBot, window: MainWindow) -> None:
    vault = vault_of(window)
    mira = clients.find_by_record_number(vault, "C-00003").id
    held = sessions.create_encounter(
        vault, mira, EncounterInput(session_date=TODAY - timedelta(days=4))
    )
    sessions.save_note_draft(vault, held.id, NoteInput(sections={"subjective": "Draft"}))
    milestones.add_milestone(vault, mira, "Went to the party after all", TODAY)
    page = window.chart.dashboard
    refresh(qtbot, page)
    (note,) = page.entries(SectionName.UNSIGNED)
    assert (note.client.name, note.days_old) == ("Mira Sample", 4)
    box = page.sections[SectionName.UNSIGNED]
    assert box.title() == "Unsigned notes (1)"
    assert box.model.index(0, 2).data() == "4 days"
    assert [w.description for w in page.entries(SectionName.WINS)] == [
        "Went to the party after all"
    ]

    table = box.table
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.chart.client_id == mira)
    assert window.chart.name_label.text() == "Mira Sample"
    selected = window.client_list.table.currentIndex()
    assert window.client_list.model.index(selected.row(), 0).data() == "C-00003"

    # and back: View > Practice dashboard empties the chart and loads the lists again
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.dashboard_action.trigger()
    assert window.chart.client_id is None and page.isVisible()
    assert len(page.entries(SectionName.UNSIGNED)) == 1


def test_leaving_unsaved_input_for_the_dashboard_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    alex = clients.find_by_record_number(vault_of(window), "C-00001").id
    window.client_list.client_chosen.emit(alex)
    qtbot.waitUntil(lambda: window.chart.client_id == alex)
    window.chart.tabs.setCurrentWidget(window.chart.measures)
    window.chart.measures.forms[Instrument.PHQ9].choose(1, 2)
    monkeypatch.setattr(messages, "ask_unsaved", lambda _parent: messages.Unsaved.CANCEL)
    window.show_dashboard()
    assert window.chart.client_id == alex  # stayed, answers intact
    assert window.chart.measures.forms[Instrument.PHQ9].answers()[0] == 2


def test_a_flagged_phq9_is_listed_in_the_error_colour_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    vault = vault_of(window)
    jonas = clients.find_by_record_number(vault, "C-00002").id
    zoe = clients.find_by_record_number(vault, "C-00004").id
    # Jonas: 2 -> 9 (+7: reliable deterioration); Zoë: item 9 answered "several days"
    measures.record_instrument(vault, jonas, Instrument.PHQ9, [1, 1, 0, 0, 0, 0, 0, 0, 0], TODAY)
    measures.record_instrument(vault, jonas, Instrument.PHQ9, [2, 2, 2, 1, 1, 1, 0, 0, 0], TODAY)
    measures.record_instrument(vault, zoe, Instrument.PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1], TODAY)
    page = window.chart.dashboard
    refresh(qtbot, page)
    alerts = page.entries(SectionName.ALERTS)
    assert [(a.client.client_id, a.reason) for a in alerts] == [
        (zoe, "item 9 (self-harm) answered above 0"),
        (jonas, "reliable deterioration from 2"),
    ]
    model = page.sections[SectionName.ALERTS].model
    assert model.index(0, 1).data() == "PHQ-9 1 (Minimal)"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_locking_empties_the_dashboard_and_unlocking_fills_it_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    vault = vault_of(window)
    mira = clients.find_by_record_number(vault, "C-00003").id
    milestones.add_milestone(vault, mira, "Slept through the night", TODAY)
    page = window.chart.dashboard
    refresh(qtbot, page)
    assert len(page.entries(SectionName.WINS)) == 1
    window.lock()
    QApplication.processEvents()
    assert all(page.entries(name) == [] for name in SectionName)
    assert page.date_label.text() == ""
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        unlock(qtbot, window)
    assert [w.description for w in page.entries(SectionName.WINS)] == ["Slept through the night"]
