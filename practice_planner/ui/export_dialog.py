"""File > Export: preview a treatment plan or progress summary, then save it or print it.

The PDF is built off the GUI thread and previewed from memory (a QBuffer, never a temporary
file: client data does not touch the disk unless the user saves it). Saving goes through
``reports.exports``, which writes atomically with mode 0600 and records the export in the audit
trail. Printing renders the previewed pages, so what prints is what was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QPointF, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_planner.errors import PracticePlannerError
from practice_planner.reports import exports
from practice_planner.reports.progress_summary import build_progress_summary_pdf
from practice_planner.reports.treatment_plan import build_treatment_plan_pdf
from practice_planner.services import report_data
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.background import Job


def _pdf_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ExportDialog(QDialog):
    """One document kind: ``"plan"`` (a plan version) or ``"progress"`` (a date range)."""

    def __init__(
        self,
        vault: Vault,
        kind: str,
        *,
        client_id: int,
        plan_id: int | None = None,
        plan_version: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._vault, self._kind = vault, kind
        self._client_id, self._plan_id, self._plan_version = client_id, plan_id, plan_version
        self._pdf = b""
        self._buffer: QBuffer | None = None
        self._job: Job | None = None
        self.saved_path: Path | None = None
        is_plan = kind == "plan"
        self.setWindowTitle("Export treatment plan" if is_plan else "Export progress summary")
        self.setObjectName("export_dialog")
        self.resize(900, 760)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Preview")

        self.status = QLabel("Preparing the preview…")
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.preview_button = QPushButton("&Update preview")
        self.preview_button.clicked.connect(self.build_preview)
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setObjectName("save_pdf_button")
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("print_button")
        self.print_button.clicked.connect(self.print_document)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        if not is_plan:
            layout.addLayout(self._range_form())
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.preview_button, self.save_button, self.print_button, close):
            buttons.addWidget(button)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.preview_button.setVisible(not is_plan)
        self._set_ready(False)
        self.build_preview()

    def _range_form(self) -> QFormLayout:
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addYears(-1))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.narrative = QPlainTextEdit()
        self.narrative.setObjectName("narrative")
        self.narrative.setAccessibleName("Narrative")
        self.narrative.setPlaceholderText(
            "Your summary of the period, in your own words (printed as written)."
        )
        self.narrative.setFixedHeight(90)
        form = QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        form.addRow("Period", dates)
        form.addRow("&Narrative", self.narrative)
        return form

    # ----------------------------------------------------------------- building
    def _range(self) -> tuple[date, date, str]:
        """The period and narrative as typed (read here, on the GUI thread)."""
        return (
            _pdf_date(self.date_from.date()),
            _pdf_date(self.date_to.date()),
            self.narrative.toPlainText(),
        )

    def _builder(self) -> Callable[[], bytes]:
        """Work for a worker thread: read the record once, lay the PDF out in memory."""
        vault, client_id, plan_id = self._vault, self._client_id, self._plan_id
        if self._kind == "plan":
            assert plan_id is not None
            return lambda: build_treatment_plan_pdf(report_data.load_treatment_plan(vault, plan_id))
        start, end, narrative = self._range()
        return lambda: build_progress_summary_pdf(
            report_data.load_progress_summary(vault, client_id), start, end, narrative
        )

    def build_preview(self) -> None:
        if self._job is not None and self._job.running:
            return
        if self._kind == "progress" and self.date_from.date() > self.date_to.date():
            self._show_error("The period starts after it ends: check the dates.")
            return
        self._set_ready(False)
        self.status.setText("Preparing the preview…")
        self._job = Job(self._builder(), self)
        self._job.finished.connect(self._preview_ready)
        self._job.failed.connect(self._failed)
        self._job.start()

    def _preview_ready(self, pdf: object) -> None:
        assert isinstance(pdf, bytes)
        self._pdf = pdf
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        pages = self.document.pageCount()
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''}. Nothing is saved yet.")
        self._set_ready(True)

    def _failed(self, error: object) -> None:
        if isinstance(error, PracticePlannerError | OSError):
            self._show_error(messages.error_text(error))
        else:
            self._show_error("The document could not be made; nothing was saved.")

    def _show_error(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;")
        self.preview_button.setEnabled(True)

    def _set_ready(self, ready: bool) -> None:
        self.status.setStyleSheet("")
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        self.preview_button.setEnabled(ready)

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    # ----------------------------------------------------------------- saving and printing
    def default_name(self) -> str:
        """A file name that says what the document is, never whose it is."""
        today = date.today()
        if self._kind == "plan":
            return exports.treatment_plan_filename(self._plan_version, today)
        return exports.progress_summary_filename(
            _pdf_date(self.date_from.date()), _pdf_date(self.date_to.date())
        )

    def choose_path(self) -> str:
        """Ask where to save (a module-level seam tests replace)."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Save PDF", str(Path.home() / self.default_name()), "PDF documents (*.pdf)"
        )
        return path

    def save(self) -> None:
        chosen = self.choose_path()
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self._set_ready(False)
        self.status.setText("Saving…")
        self._job = Job(self._exporter(target), self)
        self._job.finished.connect(self._saved)
        self._job.failed.connect(self._failed)
        self._job.start()

    def _exporter(self, target: Path) -> Callable[[], Path]:
        vault, client_id, plan_id = self._vault, self._client_id, self._plan_id
        if self._kind == "plan":
            assert plan_id is not None
            return lambda: exports.export_treatment_plan(vault, plan_id, target)
        start, end, narrative = self._range()
        return lambda: exports.export_progress_summary(
            vault, client_id, target, start, end, narrative
        )

    def _saved(self, path: object) -> None:
        assert isinstance(path, Path)
        self.saved_path = path
        self._set_ready(True)
        self.status.setText(f"Saved to {path}.")

    def print_document(self, printer: QPrinter | None = None) -> bool:
        """Print the previewed pages; ``printer`` given (tests) skips the print dialog."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        painter = QPainter()
        if not painter.begin(printer):
            self._show_error("The printer could not be started.")
            return False
        try:
            for page in range(self.page_count):
                if page:
                    printer.newPage()
                area = printer.pageRect(QPrinter.Unit.DevicePixel)
                points = self.document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = self.document.render(page, size)
                painter.drawImage(QRectF(QPointF(0, 0), size.toSizeF()), image)
        finally:
            painter.end()
        self.status.setText("Sent to the printer.")
        return True
