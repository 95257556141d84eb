"""First run through the welcome screen: passphrase rules, the file, backup folder, profile."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from practice_planner.errors import VaultInUse
from practice_planner.services import practice, settings, vault_access
from practice_planner.storage.vault import Vault
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.welcome import EXISTS_MESSAGE, MISMATCH_MESSAGE, NO_RECOVERY_WARNING
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import MakeWindow, click, label, line_edit, unlock


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def type_new_passphrase(qtbot: QtBot, window: MainWindow, first: str, second: str) -> None:
    qtbot.keyClicks(line_edit(window, "new_passphrase"), first)
    qtbot.keyClicks(line_edit(window, "repeat_passphrase"), second)


def create(qtbot: QtBot, window: MainWindow) -> None:
    type_new_passphrase(qtbot, window, PASSPHRASE, PASSPHRASE)
    click(qtbot, window.welcome_page.create_button)


def test_new_location_asks_for_a_passphrase_twice(
    make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    assert window.windowTitle() == "Practice Planner"
    assert window.current_page == "welcome_page"
    assert window.vault is None
    for name in ("new_passphrase", "repeat_passphrase"):
        assert line_edit(window, name).echoMode() == QLineEdit.EchoMode.Password
    assert not window.welcome_page.create_button.isEnabled()
    texts = [widget.text() for widget in window.findChildren(QLabel)]
    assert NO_RECOVERY_WARNING in texts
    assert not window.lock_action.isEnabled() and not window.new_client_action.isEnabled()


def test_weak_passphrase_keeps_create_disabled_and_says_why(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, "short", "short")
    assert label(window, "strength_label").text().startswith("Too short")
    assert window.welcome_page.strength_meter.value() <= 2
    click(qtbot, window.welcome_page.create_button)
    assert not vault_path.exists()
    assert window.current_page == "welcome_page"


def test_guessable_passphrase_is_refused_with_zxcvbn_words(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, "password1234", "password1234")
    assert label(window, "strength_label").text().startswith("Too easy to guess")
    assert not window.welcome_page.create_button.isEnabled()


def test_different_repeat_shows_mismatch_until_fixed(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, PASSPHRASE, PASSPHRASE + "s")
    mismatch = label(window, "mismatch_label")
    assert mismatch.isVisible() and mismatch.text() == MISMATCH_MESSAGE
    assert label(window, "strength_label").text().startswith("Strength:")
    assert not window.welcome_page.create_button.isEnabled()
    qtbot.keyClick(line_edit(window, "repeat_passphrase"), Qt.Key.Key_Backspace)
    assert not mismatch.isVisible()
    assert window.welcome_page.create_button.isEnabled()


def test_create_makes_vault_and_backup_folder_then_asks_for_the_profile(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    assert window.welcome_page.make_backup_folder.isChecked()
    create(qtbot, window)
    assert vault_path.exists()
    assert window.current_page == "profile_page"
    vault = window.vault
    assert vault is not None and vault.is_unlocked and vault.path == vault_path
    assert line_edit(window, "new_passphrase").text() == ""
    assert line_edit(window, "repeat_passphrase").text() == ""
    folder = settings.default_backup_folder(vault_path)
    assert folder.is_dir()
    assert settings.get_preferences(vault).backup_folder == str(folder)
    assert window.lock_action.isEnabled() and not window.new_client_action.isEnabled()


def test_backup_folder_can_be_declined(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    qtbot.keyClick(window.welcome_page.make_backup_folder, Qt.Key.Key_Space)
    create(qtbot, window)
    assert not settings.default_backup_folder(vault_path).exists()
    assert window.vault is not None
    assert settings.get_preferences(window.vault).backup_folder == ""


def test_backup_folder_that_cannot_be_made_is_reported_on_the_profile_page(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    window = make_window(vault_path)
    window.welcome_page.set_backup_folder(blocker / "backups")
    create(qtbot, window)
    assert window.current_page == "profile_page"
    notice = label(window, "profile_notice")
    assert notice.isVisible() and "not the backup folder" in notice.text()


def test_profile_form_shows_messages_beside_fields_and_keeps_input(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    create(qtbot, window)
    form = window.profile_page.form
    qtbot.keyClicks(form.fields.widget("credentials"), "PsyD")
    qtbot.keyClicks(form.fields.widget("npi"), "1234567890")
    click(qtbot, window.profile_page.save_button)
    assert window.current_page == "profile_page"
    assert "required" in label(window, "profile_practice_name_error").text()
    assert "required" in label(window, "profile_clinician_name_error").text()
    assert "check digit" in label(window, "profile_npi_error").text()
    assert form.fields.text("credentials") == "PsyD"
    assert form.fields.text("npi") == "1234567890"
    assert "required" in form.fields.widget("practice_name").accessibleDescription()

    qtbot.keyClicks(form.fields.widget("practice_name"), "Harbour Counselling")
    qtbot.keyClicks(form.fields.widget("clinician_name"), "Dr. Robin Example")
    form.fields.widget("npi").clear()  # type: ignore[union-attr]
    click(qtbot, window.profile_page.save_button)
    assert window.current_page == "workspace"
    assert window.vault is not None
    profile = practice.get_profile(window.vault)
    assert profile.practice_name == "Harbour Counselling" and profile.credentials == "PsyD"
    assert window.new_client_action.isEnabled()


def test_profile_can_wait_for_later(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    create(qtbot, window)
    click(qtbot, window.profile_page.skip_button)
    assert window.current_page == "workspace"


def test_create_error_is_shown_and_typed_text_kept(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = "This vault is open in another copy of Practice Planner."

    def refuse(*args: object, **kwargs: object) -> Vault:
        raise VaultInUse(message)

    monkeypatch.setattr(vault_access, "create_vault", refuse)
    window = make_window(vault_path)
    type_new_passphrase(qtbot, window, PASSPHRASE, PASSPHRASE)
    qtbot.keyClick(line_edit(window, "repeat_passphrase"), Qt.Key.Key_Return)
    error = label(window, "create_error")
    assert error.isVisible() and error.text() == message
    assert line_edit(window, "new_passphrase").text() == PASSPHRASE
    assert line_edit(window, "repeat_passphrase").text() == PASSPHRASE
    assert window.current_page == "welcome_page" and window.vault is None


def test_disk_error_is_shown_in_words(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> Vault:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(vault_access, "create_vault", refuse)
    window = make_window(vault_path)
    create(qtbot, window)
    text = label(window, "create_error").text()
    assert "Permission denied" in text and "Traceback" not in text


def test_vault_created_meanwhile_is_never_overwritten(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window = make_window(vault_path)
    Vault.create(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF).close()
    before = sha256(vault_path)
    other = "another kettle violet orbit"
    type_new_passphrase(qtbot, window, other, other)
    click(qtbot, window.welcome_page.create_button)
    assert sha256(vault_path) == before
    assert window.current_page == "unlock_page"
    assert label(window, "unlock_error").text() == EXISTS_MESSAGE
    unlock(qtbot, window)
    assert window.current_page == "workspace"
