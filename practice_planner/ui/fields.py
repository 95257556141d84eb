"""Form fields named like the services' input dataclasses, with a message label under each.

A ``FieldSet`` knows every field of one form by the name a ``ValidationError`` uses, so the
service's messages land under the matching widget while what was typed stays untouched. Its raw
text values (``values()`` / ``set_values()``) are also what a draft stores: a half-typed date is
kept exactly as typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from practice_planner.errors import ValidationError
from practice_planner.ui.widgets import MessageLabel

FieldWidget = QLineEdit | QPlainTextEdit | QComboBox | QCheckBox | QSpinBox

DATE_HINT = "YYYY-MM-DD"


class DateField(QLineEdit):
    """A date typed as YYYY-MM-DD; empty means "not recorded".

    A line edit rather than ``QDateEdit``: that widget cannot be empty, and most dates on a
    client's record (birth, discharge) are legitimately unknown or not yet due.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setPlaceholderText(DATE_HINT)
        self.setMaxLength(10)
        self.setMaximumWidth(140)

    def set_date(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")


def parse_dates(
    fields: Mapping[str, DateField], labels: Mapping[str, str]
) -> dict[str, date | None]:
    """Every date field's value; one ``ValidationError`` naming all that are not dates."""
    values: dict[str, date | None] = {}
    problems: dict[str, str] = {}
    for name, field in fields.items():
        text = field.text().strip()
        if not text:
            values[name] = None
            continue
        try:
            values[name] = date.fromisoformat(text)
        except ValueError:
            problems[name] = f"{labels[name]}: type the date as {DATE_HINT}, e.g. 1984-03-07."
    if problems:
        raise ValidationError(problems)
    return values


def line_edit(name: str, *, max_length: int = 200) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setMaxLength(max_length)
    return field


def text_area(name: str, *, lines: int = 4, grow: bool = False) -> QPlainTextEdit:
    """Multi-line text; ``grow`` lets it take up to twice its height when there is room."""
    field = QPlainTextEdit()
    field.setObjectName(name)
    field.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
    height = field.fontMetrics().lineSpacing() * lines + 14
    field.setMinimumHeight(height)
    field.setMaximumHeight(height * 2 if grow else height)
    return field


def combo_box(name: str, items: Iterable[tuple[str, str]]) -> QComboBox:
    """A combo box of (label, stored value) pairs."""
    box = QComboBox()
    box.setObjectName(name)
    for label, value in items:
        box.addItem(label, value)
    return box


class FieldSet(QObject):
    """The fields of one form, by name; ``edited`` fires on any change the user makes."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._widgets: dict[str, FieldWidget] = {}
        self._errors: dict[str, MessageLabel] = {}
        self._captions: dict[str, str] = {}
        self._loading = False

    # ------------------------------------------------------------------ building
    def add_row(
        self, grid: QGridLayout, name: str, caption: str, widget: FieldWidget, *, hint: str = ""
    ) -> FieldWidget:
        """Caption on the left, the field on the right, its message label right under it."""
        row = grid.rowCount()
        label = QLabel(caption)
        label.setBuddy(widget)
        top = isinstance(widget, QPlainTextEdit)
        label.setAlignment(
            Qt.AlignmentFlag.AlignRight
            | (Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter)
        )
        grid.addWidget(label, row, 0)
        grid.addWidget(widget, row, 1)
        error = MessageLabel(f"{widget.objectName() or name}_error")
        grid.addWidget(error, row + 1, 1)
        if hint:
            widget.setToolTip(hint)
        self.register(name, caption, widget, error)
        return widget

    def register(self, name: str, caption: str, widget: FieldWidget, error: MessageLabel) -> None:
        plain = caption.replace("&", "")
        widget.setAccessibleName(plain)
        self._widgets[name] = widget
        self._errors[name] = error
        self._captions[name] = plain
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.edited)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._changed_by_user)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(self.edited)
        elif isinstance(widget, QCheckBox):
            widget.clicked.connect(self.edited)
        else:
            widget.valueChanged.connect(self._changed_by_user)

    def _changed_by_user(self) -> None:
        """Signals that also fire for programmatic changes count only outside ``set_values``."""
        if not self._loading:
            self.edited.emit()

    # ------------------------------------------------------------------ values
    def widget(self, name: str) -> FieldWidget:
        return self._widgets[name]

    def caption(self, name: str) -> str:
        return self._captions[name]

    def names(self) -> list[str]:
        return list(self._widgets)

    def values(self) -> dict[str, str]:
        """Every field's raw text, exactly as typed (what drafts store)."""
        return {name: _raw(widget) for name, widget in self._widgets.items()}

    def set_values(self, values: Mapping[str, str]) -> None:
        """Put raw texts back; names this form does not have are ignored."""
        self._loading = True
        try:
            for name, text in values.items():
                widget = self._widgets.get(name)
                if widget is not None:
                    _set_raw(widget, str(text))
        finally:
            self._loading = False

    def text(self, name: str) -> str:
        return _raw(self._widgets[name])

    # ------------------------------------------------------------------ messages
    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Each message under its field; returns the messages no field here could take."""
        self.clear_errors()
        leftover: dict[str, str] = {}
        first: QWidget | None = None
        for name, message in errors.items():
            label = self._errors.get(name)
            if label is None:
                leftover[name] = message
                continue
            label.show_message(message)
            widget = self._widgets[name]
            widget.setAccessibleDescription(message)
            if first is None:
                first = widget
        if first is not None:
            first.setFocus()
        return leftover

    def clear_errors(self) -> None:
        for name, label in self._errors.items():
            label.clear_message()
            self._widgets[name].setAccessibleDescription("")

    def error_text(self, name: str) -> str:
        return self._errors[name].text()


def _raw(widget: FieldWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return str(data) if data is not None else widget.currentText()
    if isinstance(widget, QCheckBox):
        return "1" if widget.isChecked() else ""
    return str(widget.value())


def _set_raw(widget: FieldWidget, text: str) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    elif isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != text:
            widget.setPlainText(text)
    elif isinstance(widget, QComboBox):
        index = widget.findData(text)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(text))
    else:
        with contextlib.suppress(ValueError):
            widget.setValue(int(text))
