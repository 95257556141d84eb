"""File > Export: the preview is built off the GUI thread, then saved (audited) or printed."""

from __future__ import annotations

import stat
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from practice_planner.services import clients
from practice_planner.services.demo import make_demo
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault
from practice_planner.ui.export_dialog import ExportDialog
from practice_planner.ui.main_window import MainWindow
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import MakeWindow


def _window_with_demo(make_window: MakeWindow, vault_path: Path) -> tuple[MainWindow, int]:
    vault = Vault.create(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF)
    make_demo(vault, clients=2, seed=11)
    client = clients.find_by_record_number(vault, "DEMO-00001")
    window = make_window(vault_path, vault=vault)
    assert window.chart.show_client(client.id)
    return window, client.id


def _ready(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)


def test_preview_save_and_print_a_treatment_plan(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, tmp_path: Path
) -> None:
    window, _ = _window_with_demo(make_window, vault_path)
    dialog = window.open_export("plan")
    assert dialog is not None
    _ready(qtbot, dialog)
    assert dialog.page_count >= 1
    assert "Nothing is saved yet" in dialog.status.text()
    assert "DEMO" not in dialog.default_name()  # file names never say whose record it is

    target = tmp_path / "out" / "plan"
    target.parent.mkdir()
    dialog.choose_path = lambda: str(target)  # type: ignore[method-assign]
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=20_000)
    saved = target.with_name("plan.pdf")
    assert dialog.saved_path == saved
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Treatment plan" in text and "DEMO-00001" in text
    assert window.vault is not None
    with window.vault.reading() as session:
        assert session.scalars(select(AuditEvent.action)).all()[-1] == "export.treatment_plan"

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_document(printer)
    assert len(PdfReader(printed).pages) == dialog.page_count


def test_progress_summary_takes_a_period_and_the_narrative(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path, tmp_path: Path
) -> None:
    window, _ = _window_with_demo(make_window, vault_path)
    dialog = window.open_export("progress")
    assert dialog is not None
    _ready(qtbot, dialog)
    dialog.date_from.setDate(dialog.date_from.date().addYears(-5))
    qtbot.keyClicks(dialog.narrative, "Good progress & <b>steady</b> effort.")
    dialog.preview_button.click()
    _ready(qtbot, dialog)
    target = tmp_path / "summary.pdf"
    dialog.choose_path = lambda: str(target)  # type: ignore[method-assign]
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=20_000)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Good progress & <b>steady</b> effort." in text


def test_a_backwards_period_is_explained(
    qtbot: QtBot, make_window: MakeWindow, vault_path: Path
) -> None:
    window, _ = _window_with_demo(make_window, vault_path)
    dialog = window.open_export("progress")
    assert dialog is not None
    _ready(qtbot, dialog)
    dialog.date_from.setDate(dialog.date_to.date().addDays(1))
    dialog.preview_button.click()
    assert "starts after it ends" in dialog.status.text()


def test_lock_closes_the_export(qtbot: QtBot, make_window: MakeWindow, vault_path: Path) -> None:
    window, _ = _window_with_demo(make_window, vault_path)
    dialog = window.open_export("plan")
    assert dialog is not None
    _ready(qtbot, dialog)
    window.lock()
    assert not dialog.isVisible()
    assert window.current_page == "unlock_page"


def test_no_plan_yet_says_so(qtbot: QtBot, make_window: MakeWindow, vault_path: Path) -> None:
    vault = Vault.create(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF)
    client = clients.create_client(vault, clients.ClientInput("C-1", "Robin", "Example"))
    window = make_window(vault_path, vault=vault)
    assert window.chart.show_client(client.id)
    assert window.open_export("plan") is None
