"""Small building blocks every screen shares: titles, message labels, centred page columns.

Kept in one place so the welcome, unlock and main screens look like one program, and so the error
colour is chosen once from the palette (legible on light and dark themes alike).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from practice_planner.resource_files import APP_ICON, resource_path

APP_TITLE = "Practice Planner"


def window_icon() -> QIcon:
    return QIcon(str(resource_path(APP_ICON)))


def is_dark() -> bool:
    """Whether the current palette puts light text on a dark window."""
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour() -> str:
    """Red that reads on either palette: dark red on light windows, light red on dark ones."""
    return "#ffb4ab" if is_dark() else "#b3261e"


def success_colour() -> str:
    return "#8fd19e" if is_dark() else "#1e6b34"


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """Busy cursor while work runs on the GUI thread (the KDF costs about a quarter second)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


@contextlib.contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Set widgets programmatically without their change signals looking like user input."""
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was_blocked in zip(objects, previous, strict=True):
            obj.blockSignals(was_blocked)


def text_label(text: str = "", *, name: str = "", selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never markup
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class MessageLabel(QLabel):
    """A one-paragraph message shown only while it has text: errors in red, notices plain.

    Hidden when empty so forms do not carry blank gaps; plain text only, since messages can quote
    what was typed.
    """

    def __init__(self, name: str = "", *, error: bool = True) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            self.setObjectName(name)
        self._error = error
        self.setVisible(False)

    def show_message(self, message: str, *, error: bool | None = None) -> None:
        is_error = self._error if error is None else error
        self.setStyleSheet(f"color: {error_colour()};" if is_error else "")
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


def path_label(caption: str, path: Path) -> QLabel:
    """A path, wrapped after each separator so a deep folder never widens the window.

    Zero-width spaces are break opportunities only; the label is not selectable, so they cannot
    end up in a copied path. The exact path is also the tooltip.
    """
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    set_path_text(label, caption, path)
    return label


def set_path_text(label: QLabel, caption: str, path: Path) -> None:
    breakable = str(path).replace(os.sep, os.sep + "\u200b")
    if os.altsep:
        breakable = breakable.replace(os.altsep, os.altsep + "\u200b")
    label.setText(f"{caption} {breakable}".strip())
    label.setToolTip(str(path))


def icon_label(size: int = 56) -> QLabel:
    """The program's icon above a screen's title, so the lock screen is recognisably ours."""
    label = QLabel()
    label.setPixmap(window_icon().pixmap(size, size))
    label.setAccessibleName(APP_TITLE)
    return label


def title_label(text: str, *, scale: float = 1.5, name: str = "") -> QLabel:
    label = text_label(text, name=name)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def page(name: str, *items: QWidget | QLayout, width: int = 520) -> QWidget:
    """A page whose content column is at most ``width`` px wide, centred, anchored at the top.

    Top-anchored rather than vertically centred, so fields do not move while feedback appears.
    """
    column = QWidget()
    column.setMaximumWidth(width)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(14)
    for item in items:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    result = QWidget()
    result.setObjectName(name)
    outer = QVBoxLayout(result)
    outer.setContentsMargins(32, 36, 32, 24)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 100)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(1)
    return result


def button_row(*buttons: QPushButton, stretch_first: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    if stretch_first:
        row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def push_button(text: str, name: str, *, accessible: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    if accessible:
        button.setAccessibleName(accessible)
    return button
