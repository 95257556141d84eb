"""Auto-lock and Lock: every client widget emptied, unsaved input back after unlocking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from practice_planner.services import clients, drafts, settings
from practice_planner.storage.vault import Vault
from practice_planner.ui import main_window as main_window_module
from practice_planner.ui import messages
from practice_planner.ui.auto_lock import AutoLock
from practice_planner.ui.main_window import DRAFT_NAME, KEPT_NOTICE, RESTORED_NOTICE, MainWindow
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import MakeWindow, label, unlock

CLIENT_WORDS = ("Fictional", "Alexandra", "Sample", "Mira", "Ångström", "C-00001", "Sasha")


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, people_vault: Path) -> MainWindow:
    opened = make_window(people_vault)
    unlock(qtbot, opened)
    return opened


def show(window: MainWindow, record_number: str) -> None:
    assert window.vault is not None
    client = clients.find_by_record_number(window.vault, record_number)
    assert window.chart.show_client(client.id)
    window.client_list.select_client(client.id)


def visible_texts(window: MainWindow) -> list[str]:
    """Every text a widget of the window holds (shown or not)."""
    texts = [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    return texts


def assert_nothing_of_clients(window: MainWindow) -> None:
    assert window.client_list.model.rowCount() == 0
    assert window.client_list.model.cached_pages == 0
    assert window.chart.diagnoses.model.rowCount() == 0
    assert window.chart.client is None
    for text in visible_texts(window):
        for word in CLIENT_WORDS:
            assert word not in text, (word, text)


def type_into(qtbot: QtBot, window: MainWindow, name: str, text: str) -> None:
    widget = window.chart.form.fields.widget(name)
    assert isinstance(widget, QLineEdit)
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_idle_timer_locks_clears_and_restores_unsaved_input(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.auto_lock.active and window.auto_lock.minutes == 10  # the default preference
    qtbot.keyClicks(window.client_list.search, "fict")
    window.client_list.apply_filter()
    show(window, "C-00001")
    window.chart.tabs.setCurrentIndex(0)
    type_into(qtbot, window, "preferred_name", "Sasha")
    diagnosis_code = window.chart.diagnoses.fields.widget("icd10_code")
    assert isinstance(diagnosis_code, QLineEdit)
    qtbot.keyClicks(diagnosis_code, "F41.1")

    window.auto_lock.set_interval_ms(50)
    with qtbot.waitSignal(window.locked, timeout=2000):
        pass
    assert window.current_page == "unlock_page"
    assert window.vault is not None and not window.vault.is_unlocked
    notice = label(window, "unlock_notice").text()
    assert notice.startswith("Locked after") and KEPT_NOTICE in notice
    assert window.client_list.search.text() == ""
    assert_nothing_of_clients(window)
    assert not window.auto_lock.active

    unlock(qtbot, window)
    assert window.current_page == "workspace"
    assert window.client_list.search.text() == "fict"
    assert window.client_list.model.rowCount() == 1
    assert window.chart.form.fields.text("preferred_name") == "Sasha"
    assert window.chart.form.fields.text("legal_family_name") == "Fictional"
    assert window.chart.is_dirty() and window.chart.save_button.isEnabled()
    assert diagnosis_code.text() == "F41.1"
    assert window.client_list.selected_client() == window.chart.client_id
    assert label(window, "chart_banner").text() == RESTORED_NOTICE
    assert window.auto_lock.active
    assert drafts.draft_names(window.vault) == []  # read back, then removed from the vault

    window.chart.save_record()
    assert clients.find_by_record_number(window.vault, "C-00001").preferred_name == "Sasha"


def test_lock_keeps_a_new_client_being_typed(qtbot: QtBot, window: MainWindow) -> None:
    window.new_client_action.trigger()
    type_into(qtbot, window, "legal_given_name", "Noor")
    type_into(qtbot, window, "date_of_birth", "1990-02-3")  # not a date yet: kept as typed
    window.lock_action.trigger()
    assert window.chart.form.fields.text("legal_given_name") == ""
    unlock(qtbot, window)
    assert label(window, "client_name").text() == "New client"
    assert window.chart.form.mode == "new"
    assert window.chart.form.fields.text("legal_given_name") == "Noor"
    assert window.chart.form.fields.text("date_of_birth") == "1990-02-3"
    assert window.chart.form.fields.text("record_number") == "C-00005"


def test_lock_without_changes_says_nothing_about_drafts(qtbot: QtBot, window: MainWindow) -> None:
    show(window, "C-00002")
    window.chart.tabs.setCurrentIndex(2)
    window.lock()
    assert label(window, "unlock_notice").text() == "Locked."
    unlock(qtbot, window)
    assert label(window, "client_name").text() == "Jonas Example"
    assert window.chart.tabs.currentIndex() == 2
    assert not window.chart.is_dirty() and not label(window, "chart_banner").isVisible()


def test_the_draft_is_stored_encrypted_in_the_vault(
    qtbot: QtBot, window: MainWindow, people_vault: Path
) -> None:
    show(window, "C-00001")
    type_into(qtbot, window, "preferred_name", "Quokka-Unique-Marker")
    window.lock()
    window.close()
    raw = b"".join(p.read_bytes() for p in people_vault.parent.glob("practice.db*") if p.is_file())
    assert b"Quokka-Unique-Marker" not in raw
    with Vault.open(people_vault, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        draft = drafts.load_draft(vault, DRAFT_NAME)
    assert draft is not None
    assert draft["chart"]["form"]["values"]["preferred_name"] == "Quokka-Unique-Marker"


def test_quitting_while_locked_keeps_the_draft_for_next_time(
    qtbot: QtBot, make_window: MakeWindow, window: MainWindow, people_vault: Path
) -> None:
    show(window, "C-00003")
    type_into(qtbot, window, "pronouns", "they/them")
    window.lock()
    window.close()
    again = make_window(people_vault)
    unlock(qtbot, again)
    assert label(again, "client_name").text() == "Mira Sample"
    assert again.chart.form.fields.text("pronouns") == "they/them"


def test_quitting_while_unlocked_keeps_unsaved_input_too(
    qtbot: QtBot, make_window: MakeWindow, window: MainWindow, people_vault: Path
) -> None:
    show(window, "C-00003")
    type_into(qtbot, window, "pronouns", "they/them")
    window.quit_action.trigger()
    again = make_window(people_vault)
    unlock(qtbot, again)
    assert again.chart.form.fields.text("pronouns") == "they/them"


def test_draft_is_held_in_memory_when_the_vault_refuses_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafts, "save_draft", refuse)
    show(window, "C-00001")
    type_into(qtbot, window, "pronouns", "she/her")
    window.lock()
    assert_nothing_of_clients(window)
    unlock(qtbot, window)
    assert window.chart.form.fields.text("pronouns") == "she/her"


def test_user_input_postpones_the_lock(qtbot: QtBot, window: MainWindow) -> None:
    window.auto_lock.set_interval_ms(400)
    search = window.client_list.search
    for _ in range(6):
        qtbot.wait(120)
        qtbot.keyClick(search, Qt.Key.Key_A)
    assert window.current_page == "workspace"
    with qtbot.waitSignal(window.locked, timeout=2000):
        pass
    assert window.current_page == "unlock_page"


def test_lock_closes_an_open_question_and_nothing_is_archived(
    qtbot: QtBot, window: MainWindow
) -> None:
    show(window, "C-00002")
    answered: list[bool] = []
    original = messages.confirm

    def confirm_and_record(*args: object) -> bool:
        answered.append(original(*args))  # type: ignore[arg-type]
        return answered[-1]

    def lock_while_asking() -> None:
        assert isinstance(QApplication.activeModalWidget(), QMessageBox)
        window.lock()

    QTimer.singleShot(0, lock_while_asking)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(messages, "confirm", confirm_and_record)
        window.toggle_archive()
    assert answered == [False]
    assert window.current_page == "unlock_page"
    assert QApplication.activeModalWidget() is None
    unlock(qtbot, window)
    assert window.vault is not None
    assert clients.find_by_record_number(window.vault, "C-00002").archived_at is None


def test_preferences_being_edited_come_back_after_a_lock(qtbot: QtBot, window: MainWindow) -> None:
    window.preferences_action.trigger()
    dialog = window.preferences_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.fields.set_values({"auto_lock_minutes": "25"})
    window.lock()
    assert window.preferences_dialog is None
    unlock(qtbot, window)
    reopened = window.preferences_dialog
    assert reopened is not None and reopened.isVisible()
    assert reopened.fields.text("auto_lock_minutes") == "25"


def test_auto_lock_minutes_come_from_the_vault(
    qtbot: QtBot, make_window: MakeWindow, vault: Vault
) -> None:
    settings.update_preferences(vault, settings.Preferences(auto_lock_minutes=3))
    vault.close()
    window = make_window(vault.path)
    unlock(qtbot, window)
    assert window.auto_lock.minutes == 3


def test_profile_page_input_survives_a_lock(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    qtbot.keyClicks(window.welcome_page.new_passphrase, PASSPHRASE)
    qtbot.keyClicks(window.welcome_page.repeat_passphrase, PASSPHRASE)
    qtbot.mouseClick(window.welcome_page.create_button, Qt.MouseButton.LeftButton)
    assert window.current_page == "profile_page" and window.auto_lock.active
    qtbot.keyClicks(window.profile_page.form.fields.widget("practice_name"), "Harbour")
    window.lock()
    assert window.profile_page.form.fields.text("practice_name") == ""
    unlock(qtbot, window)
    assert window.current_page == "profile_page"
    assert window.profile_page.form.fields.text("practice_name") == "Harbour"


def test_auto_lock_filter_counts_input_anywhere(qtbot: QtBot) -> None:
    lock = AutoLock(minutes=1)
    lock.set_interval_ms(300)
    lock.start()
    try:
        assert lock.active
        lock.set_interval_ms(200)
        with qtbot.waitSignal(lock.idle, timeout=1500):
            pass
        assert not lock.active
    finally:
        lock.stop()
    assert main_window_module.window_settings().fileName().endswith(".ini")
