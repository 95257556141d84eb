"""The start window on real vault files: create, unlock, every refusal in words, lock and close."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from practice_planner.errors import VaultDamaged, VaultInUse, VaultTooNew
from practice_planner.storage.vault import Vault
from practice_planner.ui import start_window
from practice_planner.ui.start_window import (
    EXISTS_MESSAGE,
    MISMATCH_MESSAGE,
    NO_RECOVERY_WARNING,
    WRONG_PASSPHRASE_MESSAGE,
    StartWindow,
)
from tests.conftest import FAST_KDF, PASSPHRASE

MakeWindow = Callable[[Path], StartWindow]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def make_window(qtbot: QtBot) -> MakeWindow:
    """A shown StartWindow with the fast KDF; qtbot closes it (and so its vault) at the end."""

    def make(path: Path) -> StartWindow:
        window = StartWindow(path, kdf_iterations=FAST_KDF)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        return window

    return make


@pytest.fixture
def closed_vault(vault: Vault) -> Path:
    """A vault made with PASSPHRASE and closed again, so a window may open it."""
    vault.close()
    return vault.path


def line_edit(window: StartWindow, name: str) -> QLineEdit:
    widget = window.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def button(window: StartWindow, name: str) -> QPushButton:
    widget = window.findChild(QPushButton, name)
    assert widget is not None, name
    return widget


def label(window: StartWindow, name: str) -> QLabel:
    widget = window.findChild(QLabel, name)
    assert widget is not None, name
    return widget


def type_new_passphrase(qtbot: QtBot, window: StartWindow, first: str, second: str) -> None:
    qtbot.keyClicks(line_edit(window, "new_passphrase"), first)
    qtbot.keyClicks(line_edit(window, "repeat_passphrase"), second)


def unlock(qtbot: QtBot, window: StartWindow, passphrase: str) -> None:
    qtbot.keyClicks(line_edit(window, "passphrase"), passphrase)
    qtbot.mouseClick(button(window, "unlock_button"), Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------------------- create page
def test_new_location_asks_for_a_passphrase_twice(
    make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    assert window.windowTitle() == "Practice Planner"
    assert window.current_page == "create_page"
    assert window.vault is None
    for name in ("new_passphrase", "repeat_passphrase"):
        assert line_edit(window, name).echoMode() == QLineEdit.EchoMode.Password
    assert not button(window, "create_button").isEnabled()
    texts = [widget.text() for widget in window.findChildren(QLabel)]
    assert "Create your encrypted vault" in texts
    assert NO_RECOVERY_WARNING in texts


def test_weak_passphrase_keeps_create_disabled_and_says_why(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, "short", "short")
    assert label(window, "strength_label").text().startswith("Too short")
    meter = window.findChild(QProgressBar, "strength_meter")
    assert meter is not None and meter.value() <= 2
    create = button(window, "create_button")
    assert not create.isEnabled()
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert not vault_path.exists()
    assert window.current_page == "create_page"


def test_guessable_passphrase_is_refused_with_zxcvbn_words(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, "password1234", "password1234")
    assert label(window, "strength_label").text().startswith("Too easy to guess")
    assert not button(window, "create_button").isEnabled()


def test_different_repeat_shows_mismatch_and_keeps_create_disabled(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, PASSPHRASE, PASSPHRASE + "s")
    mismatch = label(window, "mismatch_label")
    assert mismatch.isVisible() and mismatch.text() == MISMATCH_MESSAGE
    assert label(window, "strength_label").text().startswith("Strength:")
    assert not button(window, "create_button").isEnabled()
    qtbot.keyClick(line_edit(window, "repeat_passphrase"), Qt.Key.Key_Backspace)
    assert not mismatch.isVisible()
    assert button(window, "create_button").isEnabled()


def test_create_with_strong_passphrase_makes_the_file_and_opens_it(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, PASSPHRASE, PASSPHRASE)
    qtbot.mouseClick(button(window, "create_button"), Qt.MouseButton.LeftButton)
    assert vault_path.exists()
    assert window.current_page == "open_page"
    assert window.vault is not None and window.vault.is_unlocked
    assert window.vault.path == vault_path
    assert line_edit(window, "new_passphrase").text() == ""
    assert line_edit(window, "repeat_passphrase").text() == ""


def test_create_error_is_shown_and_typed_text_kept(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = "This vault is open in another copy of Practice Planner."

    def refuse(*args: object, **kwargs: object) -> Vault:
        raise VaultInUse(message)

    monkeypatch.setattr(start_window, "create_vault", refuse)
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, PASSPHRASE, PASSPHRASE)
    qtbot.keyClick(line_edit(window, "repeat_passphrase"), Qt.Key.Key_Return)
    error = label(window, "create_error")
    assert error.isVisible() and error.text() == message
    assert line_edit(window, "new_passphrase").text() == PASSPHRASE
    assert line_edit(window, "repeat_passphrase").text() == PASSPHRASE
    assert window.current_page == "create_page"
    assert window.vault is None


def test_vault_created_meanwhile_is_never_overwritten(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    Vault.create(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF).close()
    before = sha256(vault_path)
    type_new_passphrase(qtbot, window, "another kettle violet orbit", "another kettle violet orbit")
    qtbot.mouseClick(button(window, "create_button"), Qt.MouseButton.LeftButton)
    assert sha256(vault_path) == before
    assert window.current_page == "unlock_page"
    assert label(window, "unlock_error").text() == EXISTS_MESSAGE
    unlock(qtbot, window, PASSPHRASE)
    assert window.current_page == "open_page"


# ------------------------------------------------------------------------------- unlock page
def test_existing_vault_shows_unlock_page(make_window: MakeWindow, closed_vault: Path) -> None:
    window = make_window(closed_vault)
    assert window.current_page == "unlock_page"
    assert line_edit(window, "passphrase").echoMode() == QLineEdit.EchoMode.Password
    assert button(window, "unlock_button").isDefault()
    assert not label(window, "unlock_error").isVisible()


def test_wrong_passphrase_says_so_keeps_text_selected_and_leaves_file(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    before = sha256(closed_vault)
    window = make_window(closed_vault)
    unlock(qtbot, window, "violet kettle orbit mountains")
    error = label(window, "unlock_error")
    assert error.isVisible() and error.text() == WRONG_PASSPHRASE_MESSAGE
    field = line_edit(window, "passphrase")
    assert field.text() == "violet kettle orbit mountains"
    assert field.selectedText() == field.text()
    assert window.current_page == "unlock_page"
    assert window.vault is None
    assert sha256(closed_vault) == before


def test_right_passphrase_opens_and_clears_field(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window, "not it at all")
    line_edit(window, "passphrase").clear()
    unlock(qtbot, window, PASSPHRASE)
    assert window.current_page == "open_page"
    assert window.vault is not None and window.vault.is_unlocked
    assert line_edit(window, "passphrase").text() == ""
    assert not label(window, "unlock_error").isVisible()


def test_return_in_the_field_unlocks(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    field = line_edit(window, "passphrase")
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.current_page == "open_page"


def test_ctrl_l_locks_and_unlock_reuses_the_same_vault(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window, PASSPHRASE)
    opened = window.vault
    assert opened is not None
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == "unlock_page"
    assert not opened.is_unlocked
    assert line_edit(window, "passphrase").text() == ""
    unlock(qtbot, window, PASSPHRASE)
    assert window.current_page == "open_page"
    assert window.vault is opened and opened.is_unlocked


def test_lock_button_locks(qtbot: QtBot, make_window: MakeWindow, closed_vault: Path) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window, PASSPHRASE)
    qtbot.mouseClick(button(window, "lock_button"), Qt.MouseButton.LeftButton)
    assert window.current_page == "unlock_page"
    assert window.vault is not None and not window.vault.is_unlocked
    unlock(qtbot, window, "wrong after locking")
    assert label(window, "unlock_error").text() == WRONG_PASSPHRASE_MESSAGE


def test_second_window_on_an_open_vault_is_told_it_is_in_use(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    first = make_window(closed_vault)
    unlock(qtbot, first, PASSPHRASE)
    second = make_window(closed_vault)
    unlock(qtbot, second, PASSPHRASE)
    assert "another copy of Practice Planner" in label(second, "unlock_error").text()
    assert second.current_page == "unlock_page" and second.vault is None


def test_closing_the_window_releases_the_vault(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window, PASSPHRASE)
    opened = window.vault
    assert opened is not None
    window.close()
    assert window.vault is None and not opened.is_unlocked
    Vault.open(closed_vault, PASSPHRASE, kdf_iterations=FAST_KDF).close()


def test_random_bytes_are_refused_in_words(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(os.urandom(4096 * 3))
    before = sha256(path)
    window = make_window(path)
    unlock(qtbot, window, PASSPHRASE)
    text = label(window, "unlock_error").text()
    assert text == WRONG_PASSPHRASE_MESSAGE or "damaged" in text
    assert window.vault is None and sha256(path) == before


def test_truncated_file_is_reported_damaged(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    path = tmp_path / "short.db"
    path.write_bytes(os.urandom(100))
    window = make_window(path)
    unlock(qtbot, window, PASSPHRASE)
    text = label(window, "unlock_error").text()
    assert "truncated" in text and "backup" in text
    assert window.vault is None


def test_vault_removed_after_start_is_reported_missing(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    closed_vault.unlink()
    unlock(qtbot, window, PASSPHRASE)
    assert "no vault" in label(window, "unlock_error").text()


@pytest.mark.parametrize("error", [VaultTooNew, VaultDamaged])
def test_other_refusals_show_their_own_message(
    qtbot: QtBot,
    make_window: MakeWindow,
    closed_vault: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: type[Exception],
) -> None:
    message = f"{error.__name__}: what to do next."

    def refuse(*args: object, **kwargs: object) -> Vault:
        raise error(message)

    monkeypatch.setattr(start_window, "open_vault", refuse)
    window = make_window(closed_vault)
    unlock(qtbot, window, PASSPHRASE)
    assert label(window, "unlock_error").text() == message


def test_quit_closes_the_window(qtbot: QtBot, make_window: MakeWindow, closed_vault: Path) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window, PASSPHRASE)
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    window.quit_action.trigger()
    assert not window.isVisible() and window.vault is None
