"""Running slow work (PDF builds, exports) off the GUI thread, with the answer back on it.

A ``Job`` runs one callable in a Qt thread pool (the global one unless told) and emits
``finished`` with its result or ``failed`` with the error. Both signals belong to a QObject
created on the GUI thread, so the connected slots run there: widgets are only ever touched from
the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        work: Callable[[], Any],
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._pool = pool
        self.running = False

    def start(self) -> None:
        self.running = True
        (self._pool or QThreadPool.globalInstance()).start(_Runner(self))

    def _done(self, result: Any) -> None:
        self.running = False
        self.finished.emit(result)

    def _error(self, error: BaseException) -> None:
        self.running = False
        self.failed.emit(error)


class _Runner(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        try:
            result = self._job._work()
        except Exception as error:  # handed to the GUI thread, which turns it into words
            self._job._error(error)
            return
        self._job._done(result)
