"""File > Export all records (JSON) and Import records (JSON), off the GUI thread with progress.

The whole-vault JSON export is the clinician's way out of this program (or into a new vault), so
it must work on a large practice without freezing the window; the progress dialog can cancel it,
and a cancelled export leaves no file, a cancelled import leaves the vault as it was (the service
writes in one transaction). File choosers are module-level functions so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from practice_planner.errors import PracticePlannerError
from practice_planner.services import portability
from practice_planner.services.portability import TransferSummary
from practice_planner.storage.vault import Vault
from practice_planner.ui.background import Job

JSON_FILTER = "Practice Planner export (*.json)"


class Cancelled(PracticePlannerError):
    """The user pressed Cancel in the progress dialog."""

    def __init__(self) -> None:
        super().__init__("Cancelled: nothing was written.")


def ask_export_path(parent: QWidget, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export all records", str(suggested), JSON_FILTER)
    return Path(path) if path else None


def ask_import_path(parent: QWidget, folder: Path) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import records", str(folder), JSON_FILTER)
    return Path(path) if path else None


class _Relay(QObject):
    """Carries progress from the worker thread to the dialog (a queued signal)."""

    progressed = Signal(int, int)


class Transfer(QObject):
    """One export or import under way: a progress dialog, a job, and a result signal."""

    done = Signal(object)
    """A ``TransferSummary``."""
    failed = Signal(object)
    """The exception (``Cancelled`` if the user cancelled)."""

    def __init__(self, parent: QWidget, vault: Vault, kind: str, path: Path) -> None:
        super().__init__(parent)
        self.kind, self.path = kind, path
        self._cancel = False
        title = "Exporting all records…" if kind == "export" else "Importing records…"
        self.dialog = QProgressDialog(title, "Cancel", 0, 100, parent)
        self.dialog.setObjectName("transfer_progress")
        self.dialog.setWindowTitle("Export" if kind == "export" else "Import")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.relay = _Relay(self)
        self.relay.progressed.connect(self._progressed)

        def report(done: int, total: int) -> None:  # runs on the worker thread
            if self._cancel:
                raise Cancelled
            self.relay.progressed.emit(done, total)

        def work() -> TransferSummary:
            if kind == "export":
                return portability.export_json(vault, path, progress=report)
            return portability.import_json(vault, path, progress=report)

        self.job = Job(work, self)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)

    def start(self) -> None:
        self.job.start()

    @property
    def running(self) -> bool:
        return self.job.running

    def cancel(self) -> None:
        self._cancel = True

    def _progressed(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(
            f"{'Exported' if self.kind == 'export' else 'Imported'} {done:,} of {total:,} rows…"
        )

    def _finished(self, summary: object) -> None:
        self.dialog.close()
        self.done.emit(summary)

    def _failed(self, error: object) -> None:
        self.dialog.close()
        self.failed.emit(error)
