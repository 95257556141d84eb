"""Starting the program: the throwaway demo vault and its passphrase in the title bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from practice_planner.domain.passphrase import assess
from practice_planner.services import clients
from practice_planner.storage.vault import Vault
from practice_planner.ui import app
from practice_planner.ui.main_window import MainWindow
from tests.conftest import FAST_KDF


def test_demo_passphrase_is_strong_and_fresh() -> None:
    first, second = app.demo_passphrase(), app.demo_passphrase()
    assert assess(first).acceptable and first != second
    assert first.count("-") == 4


def test_fill_demo_vault_fills_off_the_gui_thread(qtbot: QtBot, vault: Vault) -> None:
    assert app.fill_demo_vault(vault, clients=3, seed=2)
    made = clients.list_clients(vault, include_archived=True)
    assert len(made) == 3 and all(c.record_number.startswith("DEMO-") for c in made)


def test_cancelling_the_demo_stops_after_a_batch(
    qtbot: QtBot, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = app.DemoFiller._report

    def cancel_at_once(self: app.DemoFiller, done: int, total: int) -> None:
        self.cancelled = True
        original(self, done, total)

    monkeypatch.setattr(app.DemoFiller, "_report", cancel_at_once)
    assert not app.fill_demo_vault(vault, clients=3, seed=2)


def test_run_demo_opens_a_window_and_removes_the_folder_afterwards(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    class ClosingWindow(MainWindow):
        def showEvent(self, event: Any) -> None:
            super().showEvent(event)
            seen["title"] = self.windowTitle()
            seen["page"] = self.current_page
            seen["rows"] = self.client_list.model.rowCount()
            seen["path"] = Path(self.vault.path) if self.vault else None
            QTimer.singleShot(0, self.close)

    monkeypatch.setattr(app, "MainWindow", ClosingWindow)
    assert app.run_demo(clients=4, seed=3, kdf_iterations=FAST_KDF) == 0
    assert seen["page"] == "workspace" and seen["rows"] >= 1
    title = str(seen["title"])
    assert "DEMO" in title and "passphrase:" in title
    assert assess(title.rsplit("passphrase: ", 1)[1]).acceptable
    assert not seen["path"].exists() and not seen["path"].parent.exists()
