"""Addenda below a signed note: each dated, with its author; the note above never changes.

A signed note is corrected only by appending, so the record shows what was written when. The
form for a new addendum appears only once the note is signed (a draft is simply edited).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from practice_planner.storage.models import Addendum
from practice_planner.ui.fields import FieldSet, line_edit, text_area
from practice_planner.ui.widgets import MessageLabel, button_row, push_button, text_label

KEYS = {"text": "addendum.text", "author": "addendum.author"}
"""Service field name -> the name in the note editor's values (and drafts)."""


def local_stamp(addendum: Addendum) -> str:
    return f"{addendum.written_at.astimezone():%Y-%m-%d %H:%M}"


class AddendaPanel(QWidget):
    """The addenda written so far, then a form for one more; ``add_requested`` on the button."""

    add_requested = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addenda_panel")
        self._list = QVBoxLayout()
        self._list.setSpacing(6)
        self.none_label = text_label("No addenda.", name="no_addenda_text")

        self.fields = FieldSet(self)
        self.form = QWidget()
        grid = QGridLayout(self.form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        self.fields.add_row(grid, "text", "New addendum", text_area("addendum_text", lines=3))
        author = line_edit("addendum_author")
        self.fields.add_row(grid, "author", "Author", author)
        self.add_button = push_button("Add addendum", "add_addendum_button")
        self.add_button.setToolTip("Append this dated correction below the signed note")
        self.add_button.clicked.connect(self.add_requested)
        grid.addLayout(button_row(self.add_button), grid.rowCount(), 1)
        self.fields.edited.connect(self.edited)
        self.error = MessageLabel("addendum_error")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.none_label)
        layout.addLayout(self._list)
        layout.addWidget(self.form)
        layout.addWidget(self.error)

    def set_addenda(self, addenda: Sequence[Addendum]) -> None:
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # out of the window's tree now, deleted later
                widget.deleteLater()
        for number, addendum in enumerate(addenda, start=1):
            self._list.addWidget(_addendum_frame(number, addendum))
        self.none_label.setVisible(not addenda)

    def set_form_visible(self, visible: bool) -> None:
        self.form.setVisible(visible)

    def values(self) -> dict[str, str]:
        texts = self.fields.values()
        return {KEYS[name]: texts[name] for name in KEYS}

    def set_values(self, values: Mapping[str, str]) -> None:
        self.fields.set_values({name: values.get(key, "") for name, key in KEYS.items()})

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        self.error.clear_message()
        return self.fields.show_errors(errors)

    def clear_errors(self) -> None:
        self.fields.clear_errors()
        self.error.clear_message()

    def clear(self) -> None:
        self.set_addenda([])
        self.set_values({})
        self.clear_errors()


def _addendum_frame(number: int, addendum: Addendum) -> QFrame:
    frame = QFrame()
    frame.setObjectName(f"addendum_{number}")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    head = text_label(
        f"Addendum {number} · {local_stamp(addendum)} · {addendum.author}",
        name=f"addendum_{number}_heading",
    )
    font = QFont(head.font())
    font.setBold(True)
    head.setFont(font)
    layout.addWidget(head)
    layout.addWidget(text_label(addendum.text, name=f"addendum_{number}_text"))
    return frame
