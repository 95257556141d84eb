"""Starting the desktop application: the real vault (``run``) or a throwaway demo (``run_demo``)."""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEventLoop, QThread, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from practice_planner.domain.passphrase import assess
from practice_planner.errors import PracticePlannerError
from practice_planner.services import vault_access
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.vault import Vault
from practice_planner.ui.main_window import ORGANIZATION, MainWindow
from practice_planner.ui.widgets import APP_TITLE, window_icon

DEMO_FILE_NAME = "demo-practice.db"

# Plain, unambiguous words: the demo passphrase is read off the title bar and typed after a lock.
_WORD_LIST = (
    "amber anchor apple arrow autumn badger basket beacon birch blossom bramble breeze "
    "brook cabin candle canyon cedar cherry clover comet copper coral cotton crane crystal "
    "daisy delta desert dolphin dune eagle ember falcon fern festival fjord forest fossil "
    "garden glacier granite harbor hazel heron island ivory jasmine kettle lagoon lantern "
    "lemon lilac maple marble meadow meteor mint mosaic nectar nutmeg oasis ocean olive "
    "orbit orchard otter paddle pebble pepper pine planet plum prairie quartz rabbit raven "
    "reef river saffron salmon canvas sequoia shadow silver spruce summit thistle thunder "
    "tulip tundra valley velvet violet walnut willow winter zephyr"
)
_WORDS = tuple(_WORD_LIST.split())


DESKTOP_ID = "io.github.practiceplanner.PracticePlanner"
"""The desktop entry's id (``packaging/<id>.desktop``)."""


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one ``QApplication``, named so ``QSettings`` finds the program's own file."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_TITLE)
    app.setWindowIcon(window_icon())
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to its desktop entry and icon
    return app


def _quiet_excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """A bug in a slot: one line on stderr, never a traceback (it could quote client data)."""
    print(f"practice-planner: unexpected {kind.__name__}; the window stays open", file=sys.stderr)


def run(vault_path: Path) -> int:
    app = create_application()
    sys.excepthook = _quiet_excepthook
    window = MainWindow(vault_path)
    window.show()
    return int(app.exec())


# ------------------------------------------------------------------------------- demo
def demo_passphrase() -> str:
    """Four random words and a number: strong by the policy, easy to type back from the title."""
    while True:
        words = [secrets.choice(_WORDS) for _ in range(4)]
        candidate = "-".join([*words, str(secrets.randbelow(90) + 10)])
        if assess(candidate).acceptable:
            return candidate


class _Cancelled(Exception):
    """Raised from the progress callback to stop filling the demo vault."""


class DemoFiller(QThread):
    """Runs ``services.demo.make_demo`` off the GUI thread, reporting after every batch."""

    progressed = Signal(int, int)

    def __init__(self, vault: Vault, clients: int, seed: int) -> None:
        super().__init__()
        self._vault, self._clients, self._seed = vault, clients, seed
        self.cancelled = False
        """Set from the GUI thread: stop after the batch being written."""
        self.stopped = False
        """Whether it did stop early."""
        self.error: BaseException | None = None

    def run(self) -> None:
        from practice_planner.services.demo import make_demo

        try:
            make_demo(self._vault, clients=self._clients, seed=self._seed, progress=self._report)
        except _Cancelled:
            self.stopped = True
        except (PracticePlannerError, OSError) as error:
            self.error = error

    def _report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)
        if self.cancelled:
            raise _Cancelled


def fill_demo_vault(vault: Vault, clients: int, seed: int) -> bool:
    """Fill ``vault`` with a progress dialog that can cancel; False if the user cancelled."""
    dialog = QProgressDialog("Inventing a demo practice…", "Cancel", 0, clients)
    dialog.setWindowTitle(APP_TITLE)
    dialog.setMinimumDuration(400)
    dialog.setValue(0)
    filler = DemoFiller(vault, clients, seed)
    loop = QEventLoop()
    filler.progressed.connect(lambda done, _total: dialog.setValue(done))
    filler.finished.connect(loop.quit)
    dialog.canceled.connect(lambda: setattr(filler, "cancelled", True))
    filler.start()
    if not filler.isFinished():
        loop.exec()
    filler.wait()
    dialog.canceled.disconnect()
    dialog.close()
    if filler.error is not None:
        raise filler.error
    return not filler.stopped


def run_demo(clients: int = 25, seed: int = 1, *, kdf_iterations: int = KDF_ITERATIONS) -> int:
    """Open a throwaway demo vault in a temporary folder; it is deleted when the window closes.

    The passphrase is random and shown in the title bar, so the demo can be locked and unlocked
    like a real vault. Errors (``PracticePlannerError``, ``OSError``) reach the caller, which
    reports them in one line.
    """
    app = create_application()
    sys.excepthook = _quiet_excepthook
    with tempfile.TemporaryDirectory(prefix="practice-planner-demo-") as folder:
        passphrase = demo_passphrase()
        vault = vault_access.create_vault(
            Path(folder) / DEMO_FILE_NAME, passphrase, kdf_iterations=kdf_iterations
        )
        try:
            if not fill_demo_vault(vault, clients, seed):
                return 0
            window = MainWindow(
                vault.path,
                kdf_iterations=kdf_iterations,
                vault=vault,
                title_note=f"DEMO with fictional clients · passphrase: {passphrase}",
            )
            window.show()
            return int(app.exec())
        finally:
            vault.close()
