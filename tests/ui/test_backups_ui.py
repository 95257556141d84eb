"""File > Back up now and Restore from backup, Help > Check vault, the backup on closing, and
the backup offered on the unlock page when the vault is damaged. Real vault files, fast KDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from practice_planner.errors import PracticePlannerError
from practice_planner.services import backups, clients
from practice_planner.services.demo import make_demo
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.backup_dialogs import WRONG_BACKUP_PASSPHRASE, RestoreDialog
from practice_planner.ui.main_window import MainWindow
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import MakeWindow, button, client_input, label, unlock

SHOTS = Path("/tmp/shots")


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirm() answered with the accept button; the questions asked are recorded."""
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, _accept: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", answer)
    return asked


def _unlocked_window(qtbot: QtBot, make_window: MakeWindow, path: Path) -> MainWindow:
    window = make_window(path)
    unlock(qtbot, window)
    assert window.current_page == "workspace"
    return window


def _back_up(qtbot: QtBot, window: MainWindow) -> Path:
    folder = backups.default_folder(window.vault.path if window.vault else Path())
    before = set(folder.glob("*")) if folder.exists() else set()
    assert window.backup_action.isEnabled()
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=20_000)
    made = [info.path for info in backups.list_backups(folder) if info.path not in before]
    assert len(made) == 1
    assert made[0].name in window.statusBar().currentMessage()
    return made[0]


def test_back_up_now_writes_a_verified_backup(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path
) -> None:
    window = _unlocked_window(qtbot, make_window, people_vault)
    path = _back_up(qtbot, window)
    assert path.parent == backups.default_folder(people_vault)
    (info,) = backups.list_backups(path.parent)
    assert info.verified and info.label == "Manual backup"
    assert window.backup_action.isEnabled()


def test_restore_brings_back_the_vault_as_it_was(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path, yes: list[str]
) -> None:
    window = _unlocked_window(qtbot, make_window, people_vault)
    backup = _back_up(qtbot, window)
    vault = window.vault
    assert vault is not None
    clients.create_client(vault, client_input(99, "After", "Backup"))
    window.client_list.reload()

    window.restore_action.trigger()
    dialog = window.findChild(RestoreDialog, "restore_dialog")
    assert isinstance(dialog, RestoreDialog)
    assert [info.path for info in dialog.backups] == [backup]
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Manual backup"
    assert dialog.table.item(0, 3).text() == "Verified"
    assert dialog.selected() is not None and not dialog.restore_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "restore.png"))
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()

    assert yes and "The current vault is kept aside first" in yes[0]
    assert not dialog.isVisible()
    assert vault.is_unlocked and window.current_page == "workspace"
    with pytest.raises(PracticePlannerError):
        clients.find_by_record_number(vault, "C-00099")
    assert clients.find_by_record_number(vault, "C-00001").legal_given_name == "Alexandra"
    message = window.statusBar().currentMessage()
    assert "Backup restored" in message and "kept as" in message
    kept = [info for info in backups.list_backups(backup.parent) if info.path != backup]
    assert len(kept) == 1 and kept[0].path.name in message
    assert "before a restore" in kept[0].label


def test_wrong_backup_passphrase_keeps_the_dialog(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path, yes: list[str]
) -> None:
    window = _unlocked_window(qtbot, make_window, people_vault)
    _back_up(qtbot, window)
    dialog = window.open_restore()
    assert dialog is not None
    qtbot.keyClicks(dialog.passphrase, "not the passphrase at all")
    dialog.restore_button.click()
    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == WRONG_BACKUP_PASSPHRASE
    assert dialog.passphrase.selectedText() == dialog.passphrase.text()
    assert window.vault is not None and window.vault.is_unlocked
    assert window.current_page == "workspace"
    dialog.reject()


def test_check_vault_reports_ok(qtbot: QtBot, make_window: MakeWindow, people_vault: Path) -> None:
    window = _unlocked_window(qtbot, make_window, people_vault)
    window.check_action.trigger()

    def shown() -> QMessageBox | None:
        box = window.findChild(QMessageBox, "check_result")
        return box if isinstance(box, QMessageBox) and box.isVisible() else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=20_000)
    box = shown()
    assert box is not None and box.text().startswith("Vault OK")
    assert window.statusBar().currentMessage().startswith("Vault OK")
    box.accept()


def test_closing_makes_the_daily_automatic_backup(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path
) -> None:
    window = _unlocked_window(qtbot, make_window, people_vault)
    window.close()
    (info,) = backups.list_backups(backups.default_folder(people_vault))
    assert info.verified and info.label == "Automatic backup on closing"


def _damage(path: Path) -> None:
    vault = Vault.open(path, PASSPHRASE, kdf_iterations=FAST_KDF)
    with vault, vault.raw_connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size > 4096 * 4
    with path.open("r+b") as file:
        file.seek(4096 * 3 + 100)
        file.write(b"\x5a\xa5" * 100)


def test_damaged_vault_offers_the_newest_backup(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, yes: list[str]
) -> None:
    with Vault.create(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        make_demo(vault, clients=1, seed=1)
        made = backups.back_up_now(vault)
        make_demo(vault, clients=3, seed=2)  # enough pages that page 4 exists
    _damage(vault_path)

    window = make_window(vault_path)
    unlock(qtbot, window)
    assert window.current_page == "unlock_page"
    error = label(window, "unlock_error")
    assert "damaged" in error.text()
    assert made.backup.made_at.astimezone().strftime("%Y-%m-%d %H:%M") in error.text()
    restore = button(window, "restore_backup_button")
    assert restore.isVisible()
    assert window.unlock_page.offered_backup == made.backup

    restore.click()
    assert yes and "kept aside first" in yes[0]
    assert window.current_page == "workspace"
    vault = window.vault
    assert vault is not None and vault.is_unlocked
    assert clients.find_by_record_number(vault, "DEMO-00001")
    with pytest.raises(PracticePlannerError):
        clients.find_by_record_number(vault, "DEMO-00002")
    assert not restore.isVisible()
    QApplication.processEvents()
