"""Client records through the main window: list, search, add, edit, validation, archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from practice_planner.domain.enums import ClientStatus
from practice_planner.services import clients
from practice_planner.ui import messages
from practice_planner.ui.client_list import SEARCH_DELAY_MS
from practice_planner.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, click, label, unlock


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, people_vault: Path) -> MainWindow:
    opened = make_window(people_vault)
    unlock(qtbot, opened)
    assert opened.current_page == "workspace"
    return opened


def listed(window: MainWindow) -> list[str]:
    model = window.client_list.model
    return [str(model.index(row, 1).data()) for row in range(model.rowCount())]


def choose(qtbot: QtBot, window: MainWindow, row: int) -> None:
    table = window.client_list.table
    rect = table.visualRect(window.client_list.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()  # the window hears of the choice through a queued signal


def field(window: MainWindow, name: str) -> QLineEdit:
    widget = window.chart.form.fields.widget(name)
    assert isinstance(widget, QLineEdit)
    return widget


def retype(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


# ------------------------------------------------------------------------------- the list
def test_list_shows_clients_by_family_name(window: MainWindow) -> None:
    assert listed(window) == [
        "Example, Jonas",
        "Fictional, Alexandra “Alex”",
        "Sample, Mira",
        "Ångström, Zoë",
    ]
    assert label(window, "client_count").text() == "4 clients"
    assert window.chart.stack.currentWidget().objectName() == "no_client_page"


def test_sorting_by_a_column_asks_the_services(window: MainWindow) -> None:
    window.client_list.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model = window.client_list.model
    assert [model.index(r, 0).data() for r in range(4)] == [
        "C-00004",
        "C-00003",
        "C-00002",
        "C-00001",
    ]


def test_search_as_you_type_waits_for_a_pause(qtbot: QtBot, window: MainWindow) -> None:
    search = window.client_list.search
    qtbot.keyClicks(search, "alex")
    assert len(listed(window)) == 4  # nothing asked yet: the debounce timer is running
    qtbot.waitUntil(lambda: listed(window) == ["Fictional, Alexandra “Alex”"], timeout=1000)
    retype(qtbot, search, "c-00003")
    qtbot.wait(SEARCH_DELAY_MS + 50)
    assert listed(window) == ["Sample, Mira"]
    retype(qtbot, search, "nobody like this")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Return searches at once
    assert listed(window) == []
    assert label(window, "client_count").text() == "0 clients"


def test_status_filter(qtbot: QtBot, window: MainWindow) -> None:
    vault = window.vault
    assert vault is not None
    jonas = clients.find_by_record_number(vault, "C-00002")
    data = clients.ClientInput.from_client(jonas)
    clients.update_client(
        vault, jonas.id, data.__class__(**{**data.__dict__, "status": ClientStatus.INACTIVE})
    )
    status = window.client_list.status
    status.setCurrentIndex(status.findData("inactive"))
    assert listed(window) == ["Example, Jonas"]
    status.setCurrentIndex(0)
    assert len(listed(window)) == 4


def test_find_shortcut_focuses_search(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window, 0)
    press(qtbot, window, Qt.Key.Key_F)
    assert window.client_list.search.hasFocus()


# ------------------------------------------------------------------------------- add and edit
def test_new_client_with_suggested_number(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_N)
    assert label(window, "client_name").text() == "New client"
    assert field(window, "record_number").text() == "C-00005"
    assert field(window, "legal_given_name").hasFocus()
    qtbot.keyClicks(field(window, "legal_given_name"), "Noor")
    qtbot.keyClicks(field(window, "legal_family_name"), "Placeholder")
    assert window.chart.save_button.isEnabled()
    press(qtbot, window, Qt.Key.Key_S)
    assert label(window, "client_name").text() == "Noor Placeholder"
    assert "Placeholder, Noor" in listed(window)
    assert window.client_list.selected_client() == window.chart.client_id
    assert window.vault is not None
    assert clients.find_by_record_number(window.vault, "C-00005").legal_given_name == "Noor"
    assert not window.chart.is_dirty()


def test_validation_messages_sit_under_their_fields_and_input_stays(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.new_client_action.trigger()
    qtbot.keyClicks(field(window, "legal_given_name"), "Noor")
    qtbot.keyClicks(field(window, "date_of_birth"), "1990-02-30")
    qtbot.keyClicks(field(window, "email"), "not an address")
    click(qtbot, window.chart.save_button)
    assert "YYYY-MM-DD" in label(window, "date_of_birth_error").text()
    assert field(window, "date_of_birth").text() == "1990-02-30"
    # Dates are checked first; once they parse, the services' own rules answer.
    retype(qtbot, field(window, "date_of_birth"), "1990-02-28")
    click(qtbot, window.chart.save_button)
    assert "required" in label(window, "legal_family_name_error").text()
    assert "name@example.org" in label(window, "email_error").text()
    assert not label(window, "date_of_birth_error").isVisible()
    assert field(window, "legal_given_name").text() == "Noor"
    assert field(window, "email").text() == "not an address"
    assert field(window, "legal_family_name").hasFocus() or field(window, "email").hasFocus()
    assert len(listed(window)) == 4
    assert window.chart.is_dirty()


def test_duplicate_record_number_is_refused_beside_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.new_client_action.trigger()
    retype(qtbot, field(window, "record_number"), "c-00001")
    qtbot.keyClicks(field(window, "legal_given_name"), "Noor")
    qtbot.keyClicks(field(window, "legal_family_name"), "Placeholder")
    click(qtbot, window.chart.save_button)
    assert "Another client" in label(window, "record_number_error").text()
    assert field(window, "record_number").text() == "c-00001"


def test_edit_a_client_and_revert(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window, 1)
    assert label(window, "client_name").text() == "Alex Fictional"
    assert field(window, "preferred_name").text() == "Alex"
    assert not window.chart.revert_button.isEnabled()
    retype(qtbot, field(window, "preferred_name"), "Sasha")
    assert window.chart.revert_button.isEnabled()
    click(qtbot, window.chart.revert_button)
    assert field(window, "preferred_name").text() == "Alex"
    assert not window.chart.is_dirty()
    retype(qtbot, field(window, "preferred_name"), "Sasha")
    click(qtbot, window.chart.save_button)
    assert label(window, "client_name").text() == "Sasha Fictional"
    assert "Fictional, Alexandra “Sasha”" in listed(window)
    assert label(window, "chart_banner").text() == "Saved."


def test_leaving_unsaved_changes_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[messages.Unsaved] = []
    monkeypatch.setattr(messages, "ask_unsaved", lambda parent: answers.pop(0))
    choose(qtbot, window, 0)
    retype(qtbot, field(window, "pronouns"), "he/him")

    answers.append(messages.Unsaved.CANCEL)
    choose(qtbot, window, 2)
    assert label(window, "client_name").text() == "Jonas Example"
    assert field(window, "pronouns").text() == "he/him"
    assert window.client_list.selected_client() == window.chart.client_id

    answers.append(messages.Unsaved.SAVE)
    choose(qtbot, window, 2)
    assert label(window, "client_name").text() == "Mira Sample"
    assert window.vault is not None
    assert clients.find_by_record_number(window.vault, "C-00002").pronouns == "he/him"

    retype(qtbot, field(window, "pronouns"), "she/her")
    answers.append(messages.Unsaved.DISCARD)
    window.new_client_action.trigger()
    assert label(window, "client_name").text() == "New client"
    assert clients.find_by_record_number(window.vault, "C-00003").pronouns == ""
    assert answers == []


# ------------------------------------------------------------------------------- diagnoses
def test_add_and_edit_diagnoses(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window, 0)
    panel = window.chart.diagnoses
    code = panel.fields.widget("icd10_code")
    description = panel.fields.widget("description")
    assert isinstance(code, QLineEdit) and isinstance(description, QLineEdit)
    qtbot.keyClicks(code, "panic")
    click(qtbot, panel.save_button)
    assert "F41.1" in label(window, "icd10_code_error").text()
    assert "required" in label(window, "description_error").text()
    assert code.text() == "panic"

    retype(qtbot, code, "f41.0")
    qtbot.keyClicks(description, "Panic disorder")
    qtbot.keyClick(panel.fields.widget("is_primary"), Qt.Key.Key_Space)
    click(qtbot, panel.save_button)
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == "F41.0"
    assert panel.model.index(0, 2).data() == "Primary"
    assert code.text() == ""  # ready for the next one

    panel.table.selectRow(0)
    assert code.text() == "F41.0" and panel.save_button.text() == "&Save diagnosis"
    qtbot.keyClicks(panel.fields.widget("resolved_on"), "2025-13-01")
    click(qtbot, panel.save_button)
    assert "YYYY-MM-DD" in label(window, "resolved_on_error").text()
    retype(qtbot, panel.fields.widget("resolved_on"), "2025-06-01")  # type: ignore[arg-type]
    click(qtbot, panel.save_button)
    assert panel.model.index(0, 4).data() == "2025-06-01"


def test_new_client_cannot_take_diagnoses_before_it_is_saved(window: MainWindow) -> None:
    window.new_client_action.trigger()
    assert window.chart.diagnoses.hint.isVisibleTo(window)
    assert not window.chart.diagnoses.save_button.isEnabled()


# ------------------------------------------------------------------------------- archive
def test_archive_asks_and_cancel_changes_nothing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def decline(parent: object, title: str, text: str, accept_label: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(messages, "confirm", decline)
    choose(qtbot, window, 2)
    click(qtbot, window.chart.archive_button)
    assert asked and "Nothing is deleted" in asked[0]
    assert len(listed(window)) == 4
    assert window.chart.client is not None and window.chart.client.archived_at is None


def test_archive_and_unarchive_through_the_real_question(qtbot: QtBot, window: MainWindow) -> None:
    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        accept = next(b for b in box.findChildren(QPushButton) if b.text() == text)
        accept.click()

    choose(qtbot, window, 2)  # Mira Sample
    QTimer.singleShot(0, lambda: answer("Archive"))
    click(qtbot, window.chart.archive_button)
    assert listed(window) == ["Example, Jonas", "Fictional, Alexandra “Alex”", "Ångström, Zoë"]
    assert "archived" in label(window, "client_details").text()
    assert window.chart.archive_button.text() == "Unarchive"

    qtbot.keyClick(window.client_list.archived, Qt.Key.Key_Space)
    assert "Sample, Mira" in listed(window)
    row = window.client_list.model.row_of(window.chart.client_id)
    assert row is not None
    assert window.client_list.model.index(row, 3).data() == "Active (archived)"
    assert window.client_list.selected_client() == window.chart.client_id

    QTimer.singleShot(0, lambda: answer("Unarchive"))
    window.archive_action.trigger()
    assert window.chart.archive_button.text() == "Archive…"
    assert window.client_list.model.index(row, 3).data() == "Active"


# ------------------------------------------------------------------------------- window state
def test_geometry_and_splitter_are_remembered(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path, settings_file: Path
) -> None:
    first = make_window(people_vault)
    first.resize(780, 560)  # the offscreen screen is 800 x 600
    first.splitter.setSizes([300, 480])
    sizes = first.splitter.sizes()
    first.close()
    assert QSettings(str(settings_file), QSettings.Format.IniFormat).contains("window/geometry")
    second = make_window(people_vault)
    assert (second.size().width(), second.size().height()) == (780, 560)
    assert second.splitter.sizes() == sizes


def test_tab_order_runs_down_the_list_panel(qtbot: QtBot, window: MainWindow) -> None:
    window.client_list.search.setFocus()
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        window.client_list.status,
        window.client_list.archived,
        window.client_list.table,
    ]


def test_controls_have_accessible_names(window: MainWindow) -> None:
    assert window.client_list.search.accessibleName() == "Search clients"
    assert window.client_list.table.accessibleName() == "Clients"
    window.new_client_action.trigger()
    for name in window.chart.form.fields.names():
        assert window.chart.form.fields.widget(name).accessibleName(), name
