"""Define a custom measure (mood 0-10, hours slept, drinks a week) for the whole practice.

A small dialog in the established form style: a message under each field that the service
refuses, and everything typed stays in place until it is right.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QGridLayout, QVBoxLayout, QWidget

from practice_planner.domain.enums import Direction
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import measures
from practice_planner.storage.models import CustomMeasure
from practice_planner.storage.vault import Vault
from practice_planner.ui.fields import FieldSet, combo_box, line_edit
from practice_planner.ui.messages import error_text
from practice_planner.ui.widgets import MessageLabel, button_row, push_button, text_label

BETTER = (
    ("Higher is better", Direction.INCREASE.value),
    ("Lower is better", Direction.DECREASE.value),
)


class CustomMeasureDialog(QDialog):
    """Name, unit, range and better direction; ``measure`` holds the new one once accepted."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custom_measure_dialog")
        self.setWindowTitle("Define a custom measure")
        self._vault = vault
        self.measure: CustomMeasure | None = None
        self.fields = FieldSet(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        name = line_edit("measure_name", max_length=200)
        name.setPlaceholderText("Mood")
        unit = line_edit("measure_unit", max_length=100)
        unit.setPlaceholderText("0-10, hours, drinks a week")
        low, high = line_edit("min_value", max_length=30), line_edit("max_value", max_length=30)
        low.setPlaceholderText("blank: no lower limit")
        high.setPlaceholderText("blank: no upper limit")
        self.fields.add_row(grid, "name", "&Name", name)
        self.fields.add_row(grid, "unit", "&Unit", unit)
        self.fields.add_row(grid, "min_value", "&Lowest value", low)
        self.fields.add_row(grid, "max_value", "&Highest value", high)
        self.fields.add_row(grid, "better", "&Better when", combo_box("better", BETTER))
        self.error = MessageLabel("custom_measure_error")
        self.save_button = push_button("&Define measure", "define_measure_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = push_button("Cancel", "cancel_measure_button")
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Custom measures belong to the practice: once defined, you can record them for "
                "any client. Values outside the range are refused."
            )
        )
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addLayout(button_row(cancel, self.save_button))

    def save(self) -> bool:
        texts = self.fields.values()
        self.fields.clear_errors()
        self.error.clear_message()
        try:
            self.measure = measures.define_custom_measure(
                self._vault,
                texts["name"],
                texts["unit"],
                texts["min_value"],
                texts["max_value"],
                Direction(texts["better"]),
            )
        except ValidationError as error:
            leftover = self.fields.show_errors(error.fields)
            if leftover:
                self.error.show_message(" ".join(leftover.values()))
            return False
        except (PracticePlannerError, OSError) as error:
            self.error.show_message(error_text(error))
            return False
        self.accept()
        return True
