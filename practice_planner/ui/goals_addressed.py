"""Goals addressed: the plan's goals inside a progress note, each with what this session showed.

Ties every note to the plan, which is what clinicians say the incumbents fail at. For each goal
worked on: a progress rating, a GAS score shown against the goal's own five described levels (a
bare number means little; "+1: two panic attacks a week" is what the score is scored against),
and for a measured goal the value observed. Goals left blank are not recorded. Field names are
the services' (``goal_progress[7].gas_score``) so a refusal lands under the right field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import Direction, ProgressRating
from practice_planner.services.sessions import GoalProgressInput
from practice_planner.storage.models import Goal, GoalProgress
from practice_planner.ui.fields import FieldSet, combo_box, line_edit
from practice_planner.ui.widgets import MessageLabel, push_button, text_label

MINUS = "\u2212"
"""A typographic minus sign: a score reads clearer with it than with a hyphen."""
GAS_LEVELS = (
    (-2, f"{MINUS}2", "much less than expected"),
    (-1, f"{MINUS}1", "less than expected"),
    (0, "0", "expected outcome"),
    (1, "+1", "more than expected"),
    (2, "+2", "much more than expected"),
)
NO_GOALS = (
    "No active goals to address: this client's treatment plan has none yet. "
    "Goals added to the plan appear here."
)
BLANK_HINT = "Fill in the goals you worked on; a goal left blank is not recorded in this note."
PARTS = ("rating", "gas_score", "observed_value", "comment")


def field_name(goal_id: int, part: str) -> str:
    """The services' name for one goal's field (``goal_progress[7].rating``)."""
    return f"goal_progress[{goal_id}].{part}"


def typed_number(value: float | None) -> str:
    """A stored number as a person types it: 3, not 3.0."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def progress_values(rows: Sequence[GoalProgress]) -> dict[str, str]:
    """Recorded goal progress as the raw field texts this widget shows."""
    values: dict[str, str] = {}
    for row in rows:
        values[field_name(row.goal_id, "rating")] = row.rating.value if row.rating else ""
        values[field_name(row.goal_id, "gas_score")] = (
            "" if row.gas_score is None else str(row.gas_score)
        )
        values[field_name(row.goal_id, "observed_value")] = typed_number(row.observed_value)
        values[field_name(row.goal_id, "comment")] = row.comment
    return values


def _measure_line(goal: Goal) -> str:
    if not goal.measure_name:
        return ""
    unit = f" ({goal.measure_unit})" if goal.measure_unit else ""
    parts = [f"Measured: {goal.measure_name}{unit}"]
    if goal.baseline is not None:
        parts.append(f"baseline {typed_number(goal.baseline)}")
    if goal.target is not None:
        way = ""
        if goal.direction is not None:
            way = (
                " (lower is better)"
                if goal.direction is Direction.DECREASE
                else " (higher is better)"
            )
        parts.append(f"target {typed_number(goal.target)}{way}")
    return " · ".join(parts)


class GasLevels(QWidget):
    """The goal's five described levels; the one scored is shown in bold."""

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.setObjectName(f"goal_{goal.id}_gas_levels")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(1)
        grid.setColumnStretch(1, 1)
        self._labels: dict[int, tuple[QLabel, QLabel]] = {}
        for row, ((score, sign, meaning), text) in enumerate(
            zip(GAS_LEVELS, goal.gas_levels, strict=True)
        ):
            number = QLabel(sign)
            description = text_label(text or f"({meaning}: not described)")
            description.setObjectName(f"goal_{goal.id}_gas_level_{score}")
            description.setToolTip(f"{sign}: {meaning}")
            grid.addWidget(number, row, 0)
            grid.addWidget(description, row, 1)
            self._labels[score] = (number, description)
        self.highlight(None)

    def highlight(self, score: int | None) -> None:
        for level, labels in self._labels.items():
            for label in labels:
                font = QFont(label.font())
                font.setBold(level == score)
                label.setFont(font)
                label.setEnabled(score is None or level == score)

    def chosen_text(self, score: int) -> str:
        return self._labels[score][1].text()


class GoalsAddressed(QWidget):
    """Every goal the note lists; ``carry_forward_requested`` asks for the last values."""

    edited = Signal()
    carry_forward_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goals_addressed")
        self.fields = FieldSet(self)
        self._goals: list[Goal] = []
        self._levels: dict[int, GasLevels] = {}
        self._goal_errors: dict[int, MessageLabel] = {}
        self._read_only = False

        self.carry_button = push_button(
            "Carry forward last values",
            "carry_forward_button",
            accessible="Carry forward the last values",
        )
        self.carry_button.setToolTip(
            "Fill blank ratings, GAS scores and values with each goal's latest (Ctrl+Shift+F)"
        )
        self.carry_button.clicked.connect(self.carry_forward_requested)
        self.hint = text_label(BLANK_HINT, name="goals_hint")
        self.notice = MessageLabel("goals_notice", error=False)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.carry_button)

        self._rows = QVBoxLayout()
        self._rows.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addLayout(self._rows)
        self.set_goals([])

    # ------------------------------------------------------------------ building
    def set_goals(self, goals: Sequence[Goal]) -> None:
        """One block per goal, all blank; the previous blocks and their fields are dropped."""
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # out of the window's tree now, deleted later
                widget.deleteLater()
        self.fields.deleteLater()
        self.fields = FieldSet(self)
        self.fields.edited.connect(self.edited)
        self._goals = list(goals)
        self._levels = {}
        self._goal_errors = {}
        self.notice.clear_message()
        if not self._goals:
            self._rows.addWidget(text_label(NO_GOALS, name="no_goals_text"))
        for goal in self._goals:
            self._rows.addWidget(self._block(goal))
        self.set_read_only(self._read_only)

    def _block(self, goal: Goal) -> QFrame:
        frame = QFrame()
        frame.setObjectName(f"goal_{goal.id}_block")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(frame)
        title = text_label(goal.statement, name=f"goal_{goal.id}_statement")
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        if goal.client_words:
            words = text_label(f"In the client's words: “{goal.client_words}”")
            italic = QFont(words.font())
            italic.setItalic(True)
            words.setFont(italic)
            outer.addWidget(words)
        measure = _measure_line(goal)
        if measure:
            outer.addWidget(text_label(measure, name=f"goal_{goal.id}_measure"))

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        rating = combo_box(
            f"goal_{goal.id}_rating",
            [("Not rated", "")] + [(r.label, r.value) for r in ProgressRating],
        )
        rating.setMaximumWidth(280)
        self.fields.add_row(grid, field_name(goal.id, "rating"), "Progress", rating)
        gas = combo_box(
            f"goal_{goal.id}_gas_score",
            [("Not scored", "")]
            + [(f"{sign}  {meaning}", str(score)) for score, sign, meaning in GAS_LEVELS],
        )
        gas.setMaximumWidth(280)
        self.fields.add_row(
            grid,
            field_name(goal.id, "gas_score"),
            "GAS score",
            gas,
            hint="Goal Attainment Scaling: score this session against the levels described below",
        )
        levels = GasLevels(goal)
        self._levels[goal.id] = levels
        grid.addWidget(levels, grid.rowCount(), 1)
        gas.currentIndexChanged.connect(lambda _index, g=goal.id: self._gas_changed(g))
        if goal.measure_name:
            value = line_edit(f"goal_{goal.id}_observed_value", max_length=40)
            value.setMaximumWidth(140)
            value.setPlaceholderText(goal.measure_unit or "a number")
            caption = f"Observed ({goal.measure_unit})" if goal.measure_unit else "Observed value"
            self.fields.add_row(grid, field_name(goal.id, "observed_value"), caption, value)
        comment = line_edit(f"goal_{goal.id}_comment", max_length=2000)
        self.fields.add_row(grid, field_name(goal.id, "comment"), "Comment", comment)
        outer.addLayout(grid)
        error = MessageLabel(f"goal_{goal.id}_error")
        self._goal_errors[goal.id] = error
        outer.addWidget(error)
        return frame

    def _gas_changed(self, goal_id: int) -> None:
        levels = self._levels.get(goal_id)
        if levels is not None:
            levels.highlight(self._gas(goal_id))

    def _gas(self, goal_id: int) -> int | None:
        text = self.fields.values().get(field_name(goal_id, "gas_score"), "")
        return int(text) if text else None

    # ------------------------------------------------------------------ state
    @property
    def goals(self) -> list[Goal]:
        return list(self._goals)

    def goal_ids(self) -> list[int]:
        return [goal.id for goal in self._goals]

    def values(self) -> dict[str, str]:
        return self.fields.values()

    def set_values(self, values: Mapping[str, str]) -> None:
        """Raw texts by field name; each goal's fields not named are emptied."""
        blank = {name: "" for name in self.fields.names()}
        self.fields.set_values(blank | {k: v for k, v in values.items() if k in blank})
        for goal_id in self.goal_ids():
            self._gas_changed(goal_id)

    def entries(self) -> list[GoalProgressInput]:
        """What the services record: one entry per goal (blank ones are dropped there)."""
        texts = self.values()
        result = []
        for goal_id in self.goal_ids():
            rating = texts.get(field_name(goal_id, "rating"), "")
            result.append(
                GoalProgressInput(
                    goal_id=goal_id,
                    rating=ProgressRating(rating) if rating else None,
                    gas_score=self._gas(goal_id),
                    observed_value=texts.get(field_name(goal_id, "observed_value"), ""),
                    comment=texts.get(field_name(goal_id, "comment"), ""),
                )
            )
        return result

    def fill_blanks(self, last: Mapping[int, GoalProgressInput]) -> int:
        """Carry earlier values into empty fields only (nothing typed is replaced); goals filled."""
        texts = self.values()
        changed: dict[str, str] = {}
        filled = 0
        for goal_id in self.goal_ids():
            earlier = last.get(goal_id)
            if earlier is None:
                continue
            offered = {
                "rating": earlier.rating.value if earlier.rating else "",
                "gas_score": "" if earlier.gas_score is None else str(earlier.gas_score),
                "observed_value": earlier.observed_value,
            }
            before = len(changed)
            for part, text in offered.items():
                name = field_name(goal_id, part)
                if text and name in texts and not texts[name]:
                    changed[name] = text
            filled += len(changed) > before
        if changed:
            self.set_values(texts | changed)
            self.edited.emit()
        return filled

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.carry_button.setVisible(bool(self._goals) and not read_only)
        self.hint.setVisible(bool(self._goals) and not read_only)
        for name in self.fields.names():
            widget = self.fields.widget(name)
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, QComboBox):
                widget.setEnabled(not read_only)

    # ------------------------------------------------------------------ messages
    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Messages under their fields; a goal-wide one under its goal; returns the rest."""
        self.clear_errors()
        leftover = self.fields.show_errors(errors)
        rest: dict[str, str] = {}
        for name, message in leftover.items():
            goal_id = _goal_of(name)
            label = self._goal_errors.get(goal_id) if goal_id is not None else None
            if label is None:
                rest[name] = message
            else:
                label.show_message(message)
        return rest

    def clear_errors(self) -> None:
        self.fields.clear_errors()
        for label in self._goal_errors.values():
            label.clear_message()

    def clear(self) -> None:
        self.set_goals([])


def _goal_of(name: str) -> int | None:
    """7 for ``goal_progress[7]`` or ``goal_progress[7].goal_id``."""
    prefix = "goal_progress["
    if not name.startswith(prefix) or "]" not in name:
        return None
    number = name[len(prefix) : name.index("]")]
    return int(number) if number.isdigit() else None
