"""The first window: create a vault or unlock one, then say that it is open (and lock it again).

Three pages in one stack, so the window never jumps around: *create* when no file exists yet,
*unlock* when one does, *open* once a vault is unlocked. Errors are the program's own
(``PracticePlannerError``) shown beside the field, never a traceback, and the passphrase lives only
in the line edits: it is cleared after success and never kept in an attribute.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.passphrase import MIN_LENGTH, assess
from practice_planner.errors import (
    PracticePlannerError,
    VaultExists,
    WeakPassphrase,
    WrongPassphrase,
)
from practice_planner.resource_files import APP_ICON, resource_path
from practice_planner.services.vault_access import create_vault, open_vault
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.vault import Vault

WRONG_PASSPHRASE_MESSAGE = (
    "That passphrase does not open this vault. Check Caps Lock and try again."
)
NO_RECOVERY_WARNING = (
    "If you forget this passphrase, nobody can recover your records. "
    "Write it down and keep it somewhere safe."
)
EXISTS_MESSAGE = "A vault already exists at this location. Unlock it with its passphrase."
MISMATCH_MESSAGE = "The two passphrases do not match."
EMPTY_HINT = (
    f"Use at least {MIN_LENGTH} characters. A few unrelated words make a strong, "
    "memorable passphrase."
)
_ERROR_STYLE = "color: #b3261e;"
_METER_WEAK, _METER_FAIR, _METER_OK = "#c0392b", "#d68910", "#1e8449"


def _window_icon() -> QIcon:
    return QIcon(str(resource_path(APP_ICON)))


def _disk_message(error: OSError) -> str:
    """An operating-system failure (permissions, full disk) in words, never a traceback."""
    reason = error.strerror or type(error).__name__
    return f"The vault's folder could not be used: {reason}. Choose a folder you can write to."


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    """Busy cursor while the KDF runs on the GUI thread (about 0.4 s at full cost)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _label(text: str = "", *, name: str = "", error: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if error:
        label.setStyleSheet(_ERROR_STYLE)
        label.setVisible(bool(text))
    return label


def _path_label(caption: str, path: Path) -> QLabel:
    """The vault's path, wrapped after each separator so a deep folder never widens the window.

    Zero-width spaces are break opportunities only; the label is not selectable, so they cannot
    end up in a copied path. The exact path is also the tooltip.
    """
    breakable = str(path).replace(os.sep, os.sep + "\u200b")
    if os.altsep:
        breakable = breakable.replace(os.altsep, os.altsep + "\u200b")
    label = QLabel(f"{caption} {breakable}")
    label.setWordWrap(True)
    label.setToolTip(str(path))
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _title(text: str) -> QLabel:
    label = _label(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _field_group(caption: str, field: QLineEdit, *below: QWidget) -> QVBoxLayout:
    """Caption above the field (room for long translations), feedback right under it."""
    group = QVBoxLayout()
    group.setSpacing(4)
    label = QLabel(caption)
    label.setBuddy(field)
    group.addWidget(label)
    group.addWidget(field)
    for widget in below:
        group.addWidget(widget)
    return group


def _page(name: str, *items: QWidget | QLayout) -> QWidget:
    """A page whose content column is at most 520 px wide, centred, anchored at the top.

    Top-anchored rather than vertically centred, so fields do not move while feedback appears.
    """
    column = QWidget()
    column.setMaximumWidth(520)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(14)
    for item in items:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    page = QWidget()
    page.setObjectName(name)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(32, 36, 32, 24)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 100)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(1)
    return page


def _show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


class StartWindow(QMainWindow):
    """Create or unlock the vault at ``vault_path``; holds the open ``Vault`` until closed."""

    def __init__(self, vault_path: Path, *, kdf_iterations: int = KDF_ITERATIONS) -> None:
        super().__init__()
        self._vault_path = Path(vault_path).expanduser().absolute()
        self._kdf_iterations = kdf_iterations
        self._vault: Vault | None = None
        self.setWindowTitle("Practice Planner")
        self.setMinimumSize(560, 420)
        self.resize(640, 480)
        self.setWindowIcon(_window_icon())

        self._stack = QStackedWidget()
        self._create_page = self._build_create_page()
        self._unlock_page = self._build_unlock_page()
        self._open_page = self._build_open_page()
        for page in (self._create_page, self._unlock_page, self._open_page):
            self._stack.addWidget(page)
        self.setCentralWidget(self._stack)
        self._build_menu()
        if self._vault_path.exists():
            self._show_page(self._unlock_page, self._passphrase)
        else:
            self._show_page(self._create_page, self._new_passphrase)

    @property
    def vault(self) -> Vault | None:
        """The open vault (locked or unlocked), or None before the first create or unlock."""
        return self._vault

    @property
    def current_page(self) -> str:
        """``create_page``, ``unlock_page`` or ``open_page``: which step the window is at."""
        page = self._stack.currentWidget()
        return page.objectName() if page is not None else ""

    # ----------------------------------------------------------------- building
    def _build_create_page(self) -> QWidget:
        self._new_passphrase = _password_field("new_passphrase")
        self._repeat_passphrase = _password_field("repeat_passphrase")
        self._strength_meter = QProgressBar()
        self._strength_meter.setObjectName("strength_meter")
        self._strength_meter.setRange(0, 4)
        self._strength_meter.setTextVisible(False)
        self._strength_meter.setMaximumHeight(8)
        self._strength_label = _label(EMPTY_HINT, name="strength_label")
        self._mismatch_label = _label(name="mismatch_label", error=True)
        self._create_error = _label(name="create_error", error=True)
        self._create_button = QPushButton("Create vault")
        self._create_button.setObjectName("create_button")
        self._create_button.setEnabled(False)
        self._create_button.clicked.connect(self._create)
        for field in (self._new_passphrase, self._repeat_passphrase):
            field.textChanged.connect(self._update_create_state)
            field.returnPressed.connect(self._create_button.click)

        warning = _label(NO_RECOVERY_WARNING)
        warning.setStyleSheet("font-weight: bold;")
        return _page(
            "create_page",
            _title("Create your encrypted vault"),
            _path_label("A new vault will be created at", self._vault_path),
            _field_group(
                "&Passphrase", self._new_passphrase, self._strength_meter, self._strength_label
            ),
            _field_group("&Repeat the passphrase", self._repeat_passphrase, self._mismatch_label),
            warning,
            self._create_error,
            _button_row(self._create_button),
        )

    def _build_unlock_page(self) -> QWidget:
        self._passphrase = _password_field("passphrase")
        self._unlock_error = _label(name="unlock_error", error=True)
        self._unlock_button = QPushButton("Unlock")
        self._unlock_button.setObjectName("unlock_button")
        self._unlock_button.setDefault(True)
        self._unlock_button.setEnabled(False)
        self._passphrase.textChanged.connect(
            lambda text: self._unlock_button.setEnabled(bool(text))
        )
        self._unlock_button.clicked.connect(self._unlock)
        self._passphrase.returnPressed.connect(self._unlock_button.click)
        return _page(
            "unlock_page",
            _title("Unlock your vault"),
            _path_label("Vault:", self._vault_path),
            _field_group("&Passphrase", self._passphrase),
            self._unlock_error,
            _button_row(self._unlock_button),
        )

    def _build_open_page(self) -> QWidget:
        lock_button = QPushButton("Lock")
        lock_button.setObjectName("lock_button")
        lock_button.clicked.connect(self._lock)
        return _page(
            "open_page",
            _title("Vault unlocked"),
            _path_label("Vault:", self._vault_path),
            _label("Client records, plans, notes and measures arrive in the next versions."),
            _button_row(lock_button),
        )

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self._lock)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    # ----------------------------------------------------------------- behaviour
    def _show_page(self, page: QWidget, focus: QWidget | None = None) -> None:
        self._stack.setCurrentWidget(page)
        self.lock_action.setEnabled(page is self._open_page)
        if focus is not None:
            focus.setFocus()

    def _update_create_state(self) -> None:
        """Live strength and match feedback; the button waits for an acceptable, matching pair."""
        first, second = self._new_passphrase.text(), self._repeat_passphrase.text()
        # assess("") is never asked: zxcvbn 4.5 raises IndexError on an empty string.
        verdict = assess(first) if first else None
        score = verdict.score if verdict else 0
        acceptable = verdict is not None and verdict.acceptable
        self._strength_meter.setValue(score)
        self._colour_meter(score, acceptable=acceptable)
        self._strength_label.setText(verdict.reason if verdict else EMPTY_HINT)
        mismatch = bool(second) and second != first
        _show_error(self._mismatch_label, MISMATCH_MESSAGE if mismatch else "")
        self._create_button.setEnabled(acceptable and first == second)

    def _colour_meter(self, score: int, *, acceptable: bool) -> None:
        """Green once the policy accepts, amber for fair, red below; the label says it in words."""
        colour = _METER_OK if acceptable else _METER_FAIR if score >= 2 else _METER_WEAK
        palette = self._strength_meter.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(colour))
        self._strength_meter.setPalette(palette)

    def _create(self) -> None:
        if not self._create_button.isEnabled():
            return
        try:
            with _busy():
                vault = create_vault(
                    self._vault_path,
                    self._new_passphrase.text(),
                    kdf_iterations=self._kdf_iterations,
                )
        except VaultExists:
            # Another copy created it meanwhile: never overwrite, offer to unlock it instead.
            self._new_passphrase.clear()
            self._repeat_passphrase.clear()
            _show_error(self._unlock_error, EXISTS_MESSAGE)
            self._show_page(self._unlock_page, self._passphrase)
            return
        except PracticePlannerError as error:
            message = error.reason if isinstance(error, WeakPassphrase) else str(error)
            _show_error(self._create_error, message)
            return
        except OSError as error:
            _show_error(self._create_error, _disk_message(error))
            return
        self._vault = vault
        self._new_passphrase.clear()
        self._repeat_passphrase.clear()
        _show_error(self._create_error, "")
        self._show_page(self._open_page)

    def _unlock(self) -> None:
        passphrase = self._passphrase.text()
        try:
            with _busy():
                if self._vault is None:
                    self._vault = open_vault(
                        self._vault_path, passphrase, kdf_iterations=self._kdf_iterations
                    )
                else:
                    self._vault.unlock(passphrase)
        except (PracticePlannerError, OSError) as error:
            if isinstance(error, WrongPassphrase):
                message = WRONG_PASSPHRASE_MESSAGE
            elif isinstance(error, OSError):
                message = _disk_message(error)
            else:
                message = str(error)
            _show_error(self._unlock_error, message)
            self._passphrase.setFocus()
            self._passphrase.selectAll()
            return
        self._passphrase.clear()
        _show_error(self._unlock_error, "")
        self._show_page(self._open_page)

    def _lock(self) -> None:
        """Forget the key but keep the file reserved; unlocking again reuses this Vault."""
        if self._vault is None or not self._vault.is_unlocked:
            return
        self._vault.lock()
        self._passphrase.clear()
        _show_error(self._unlock_error, "")
        self._show_page(self._unlock_page, self._passphrase)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window locks the vault and releases the file for other copies."""
        if self._vault is not None:
            self._vault.close()
            self._vault = None
        super().closeEvent(event)


def _button_row(button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    return row
