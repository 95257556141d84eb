"""Mark a win from a note: what happened, when, and which goal it advances.

Kept with the goal (and the note it came up in) so the Progress view and the printed summary can
show it; wins keep motivation up when the numbers plateau. The dialog stays open on a refusal,
with the message beside the field and the text as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QVBoxLayout, QWidget

from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.storage.models import Goal
from practice_planner.ui.fields import DateField, FieldSet, combo_box, parse_dates, text_area
from practice_planner.ui.messages import error_text
from practice_planner.ui.widgets import MessageLabel, text_label

Submit = Callable[[str, date, int | None], object]
"""Stores the win (description, achieved on, goal id); raises ``ValidationError`` if refused."""


class MilestoneDialog(QDialog):
    def __init__(
        self,
        goals: Sequence[Goal],
        achieved_on: date,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("milestone_dialog")
        self.setWindowTitle("Mark a win")
        self._submit = submit
        self.fields = FieldSet(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        description = text_area("milestone_description", lines=3)
        description.setPlaceholderText("e.g. First full night's sleep in months")
        self.fields.add_row(grid, "description", "What happened", description)
        self._date = DateField("milestone_achieved_on")
        self._date.set_date(achieved_on)
        self.fields.add_row(grid, "achieved_on", "Achieved on", self._date)
        choices = [("No particular goal", "")] + [
            (_short(goal.statement), str(goal.id)) for goal in goals
        ]
        self.fields.add_row(grid, "goal", "Goal", combo_box("milestone_goal", choices))
        self.error = MessageLabel("milestone_error")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Mark the win", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_milestone_button")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label("Kept with the goal and shown in the client's progress.", name="win_hint")
        )
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def typed(self) -> dict[str, str]:
        """What is in the fields as typed (kept in the encrypted draft if the window locks)."""
        return {name: self.fields.text(name) for name in ("description", "achieved_on", "goal")}

    def put_back(self, typed: dict[str, str]) -> None:
        """Fill the fields again with ``typed`` (after an unlock); unknown names are ignored."""
        self.fields.set_values({k: v for k, v in typed.items() if isinstance(v, str)})

    def save(self) -> bool:
        self.fields.clear_errors()
        self.error.clear_message()
        try:
            day = parse_dates({"achieved_on": self._date}, {"achieved_on": "The date achieved"})
            achieved_on = day["achieved_on"]
            if achieved_on is None:
                raise ValidationError({"achieved_on": "Type the date as YYYY-MM-DD."})
            goal = self.fields.text("goal")
            self._submit(self.fields.text("description"), achieved_on, int(goal) if goal else None)
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


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
