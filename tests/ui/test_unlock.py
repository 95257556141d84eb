"""Unlocking an existing vault: wrong then right passphrase, every refusal in words, lock, quit."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from practice_planner.errors import VaultDamaged, VaultInUse, VaultTooNew
from practice_planner.services import vault_access
from practice_planner.storage.vault import Vault
from practice_planner.ui.messages import WRONG_PASSPHRASE_MESSAGE
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import MakeWindow, label, line_edit, unlock


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_existing_vault_shows_unlock_page(make_window: MakeWindow, closed_vault: Path) -> None:
    window = make_window(closed_vault)
    assert window.current_page == "unlock_page"
    assert line_edit(window, "passphrase").echoMode() == QLineEdit.EchoMode.Password
    assert window.unlock_page.unlock_button.isDefault()
    assert not label(window, "unlock_error").isVisible()
    assert not window.lock_action.isEnabled()


def test_wrong_then_right_passphrase(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    before = sha256(closed_vault)
    window = make_window(closed_vault)
    unlock(qtbot, window, "violet kettle orbit mountains")
    error = label(window, "unlock_error")
    assert error.isVisible() and error.text() == WRONG_PASSPHRASE_MESSAGE
    field = line_edit(window, "passphrase")
    assert field.text() == "violet kettle orbit mountains"
    assert field.selectedText() == field.text()  # ready to be typed over
    assert window.current_page == "unlock_page" and window.vault is None
    assert sha256(closed_vault) == before

    unlock(qtbot, window, PASSPHRASE)
    assert window.current_page == "workspace"
    assert window.vault is not None and window.vault.is_unlocked
    assert field.text() == ""
    assert not error.isVisible()
    assert window.lock_action.isEnabled() and window.new_client_action.isEnabled()


def test_return_in_the_field_unlocks(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    field = line_edit(window, "passphrase")
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.current_page == "workspace"


def test_ctrl_l_locks_and_unlock_reuses_the_same_vault(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window)
    opened = window.vault
    assert opened is not None
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == "unlock_page"
    assert not opened.is_unlocked
    assert label(window, "unlock_notice").text().startswith("Locked.")
    assert not window.new_client_action.isEnabled() and not window.lock_action.isEnabled()
    unlock(qtbot, window, "wrong after locking")
    assert label(window, "unlock_error").text() == WRONG_PASSPHRASE_MESSAGE
    unlock(qtbot, window)
    assert window.current_page == "workspace"
    assert window.vault is opened and opened.is_unlocked


def test_second_window_on_an_open_vault_is_told_it_is_in_use(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    first = make_window(closed_vault)
    unlock(qtbot, first)
    second = make_window(closed_vault)
    unlock(qtbot, second)
    assert "another copy of Practice Planner" in label(second, "unlock_error").text()
    assert second.current_page == "unlock_page" and second.vault is None


def test_closing_the_window_releases_the_vault(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window)
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
    unlock(qtbot, window)
    text = label(window, "unlock_error").text()
    assert text == WRONG_PASSPHRASE_MESSAGE or "damaged" in text
    assert window.vault is None and sha256(path) == before


def test_truncated_file_is_reported_damaged_with_the_backup_folder(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    path = tmp_path / "short.db"
    path.write_bytes(os.urandom(100))
    (tmp_path / "backups").mkdir()
    window = make_window(path)
    unlock(qtbot, window)
    text = label(window, "unlock_error").text()
    assert "truncated" in text and "backup" in text
    assert str(tmp_path / "backups") in text
    assert window.vault is None


def test_vault_removed_after_start_is_reported_missing(
    qtbot: QtBot, make_window: MakeWindow, closed_vault: Path
) -> None:
    window = make_window(closed_vault)
    closed_vault.unlink()
    unlock(qtbot, window)
    assert "no vault" in label(window, "unlock_error").text()


@pytest.mark.parametrize("error", [VaultTooNew, VaultDamaged, VaultInUse])
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

    monkeypatch.setattr(vault_access, "open_vault", refuse)
    window = make_window(closed_vault)
    unlock(qtbot, window)
    assert label(window, "unlock_error").text() == message
    assert window.current_page == "unlock_page"


def test_quit_closes_the_window(qtbot: QtBot, make_window: MakeWindow, closed_vault: Path) -> None:
    window = make_window(closed_vault)
    unlock(qtbot, window)
    assert not window.quit_action.shortcut().isEmpty()
    window.quit_action.trigger()
    assert not window.isVisible() and window.vault is None
