"""File > Export all records / Import records: off the GUI thread, with progress, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from practice_planner.ui import messages, transfer
from practice_planner.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, _copy, unlock


def test_export_then_import_into_a_new_vault_through_the_menu(
    qtbot: QtBot,
    make_window: MakeWindow,
    people_vault: Path,
    _empty_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out" / "all.json"
    out.parent.mkdir()
    monkeypatch.setattr(transfer, "ask_export_path", lambda parent, suggested: out)
    monkeypatch.setattr(transfer, "ask_import_path", lambda parent, folder: out)
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: shown.append(text))

    source = make_window(people_vault)
    unlock(qtbot, source)
    assert source.export_json_action.isEnabled()
    job = source.export_all()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running and "Exported" in source.statusBar().currentMessage())
    assert out.stat().st_mode & 0o777 == 0o600
    assert len(json.loads(out.read_text())["tables"]["client"]) == 4

    # Importing into a vault that already holds clients is refused, and says why.
    again = source.import_records()
    assert again is not None
    qtbot.waitUntil(lambda: bool(shown))
    assert "empty" in shown[0] and source.client_list.model.rowCount() == 4
    source.close()

    target = make_window(_copy(_empty_template, tmp_path / "new" / "practice.db"))
    unlock(qtbot, target)
    assert target.client_list.model.rowCount() == 0
    job = target.import_records()
    assert job is not None
    qtbot.waitUntil(lambda: target.client_list.model.rowCount() == 4)
    assert "Imported" in target.statusBar().currentMessage()


def test_a_cancelled_export_leaves_no_file(
    qtbot: QtBot,
    make_window: MakeWindow,
    people_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "all.json"
    monkeypatch.setattr(transfer, "ask_export_path", lambda parent, suggested: out)
    # Cancel is pressed before the first row is written (a small vault exports in a blink).
    monkeypatch.setattr(transfer.Transfer, "start", lambda self: (self.cancel(), self.job.start()))
    window: MainWindow = make_window(people_vault)
    unlock(qtbot, window)
    job = window.export_all()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage())
    assert not out.exists()
    assert list(tmp_path.glob("all*")) == []
