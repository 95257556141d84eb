"""The goal form: clinical wording beside the client's own words, the measure, GAS levels, and a
live SMART panel that says what is missing or vague, with a suggestion for each.

The panel is advice, never a gate: a goal saves with findings still listed. The client's words
are never checked (they are the client's voice, kept as said).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain import smart
from practice_planner.domain.enums import Direction, GoalCategory, GoalHorizon, GoalKind
from practice_planner.ui.fields import DateField, FieldSet, combo_box, line_edit, text_area
from practice_planner.ui.widgets import MessageLabel, push_button, text_label

GAS_LEVELS = (
    ("gas_much_less", "-2  much less than expected"),
    ("gas_less", "-1  somewhat less"),
    ("gas_expected", " 0  expected outcome"),
    ("gas_more", "+1  somewhat more"),
    ("gas_much_more", "+2  much more than expected"),
)
SMART_DONE = "Nothing missing: this goal is specific, measurable and has a date."


def _choices(
    enum: type[GoalCategory] | type[GoalHorizon] | type[GoalKind],
) -> list[tuple[str, str]]:
    return [(member.label, member.value) for member in enum]


class SmartPanel(QGroupBox):
    """What the SMART check finds in the goal as typed; activate a finding to go to its field."""

    go_to_field = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("SMART check", parent)
        self.setObjectName("smart_panel")
        self.list = QListWidget()
        self.list.setObjectName("smart_findings")
        self.list.setAccessibleName("SMART findings")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(
            lambda item: self.go_to_field.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.summary = text_label("", name="smart_summary")
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 7 + 8)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)

    def show_findings(self, findings: list[smart.Finding]) -> None:
        self.list.clear()
        for finding in findings:
            item = QListWidgetItem(f"{finding.message}: {finding.suggestion}")
            item.setData(Qt.ItemDataRole.UserRole, finding.field)
            item.setToolTip(finding.suggestion)
            self.list.addItem(item)
        if findings:
            count = len(findings)
            self.summary.setText(
                f"{count} thing{'s' if count != 1 else ''} to make this goal SMART "
                "(advice only; the goal saves as it is):"
            )
        else:
            self.summary.setText(SMART_DONE)
        self.list.setVisible(bool(findings))

    def findings_text(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]


class GoalEditor(QWidget):
    """Edits one goal's fields (raw text); ``edited`` carries every field after each change."""

    edited = Signal(dict)
    reason_edited = Signal(str)
    library_requested = Signal()
    save_to_library_requested = Signal()
    status_requested = Signal()
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goal_editor")
        self.fields = FieldSet(self)
        self.start_date: date | None = None
        self.today = date.today()

        self.statement = text_area("goal_statement", lines=4)
        self.client_words = text_area("goal_client_words", lines=4)
        words = QGridLayout()
        words.addWidget(_caption("Goal, clinical &wording", self.statement), 0, 0)
        words.addWidget(_caption("In the client's own wor&ds", self.client_words), 0, 1)
        words.addWidget(self.statement, 1, 0)
        words.addWidget(self.client_words, 1, 1)
        for column, (name, caption, widget) in enumerate(
            (
                ("statement", "Goal (clinical wording)", self.statement),
                ("client_words", "Client's own words", self.client_words),
            )
        ):
            error = MessageLabel(f"{widget.objectName()}_error")
            words.addWidget(error, 2, column)
            self.fields.register(name, caption, widget, error)
        self.client_words.setPlaceholderText('e.g. "I want to take the bus to work again"')
        self.statement.setPlaceholderText("e.g. Reduce panic attacks to one a week or fewer")

        left = QGridLayout()
        right = QGridLayout()
        add = self.fields.add_row
        add(left, "category", "Cate&gory", combo_box("goal_category", _choices(GoalCategory)))
        add(left, "horizon", "Hori&zon", combo_box("goal_horizon", _choices(GoalHorizon)))
        add(left, "kind", "Process or outcome", combo_box("goal_kind", _choices(GoalKind)))
        add(
            left,
            "priority",
            "Priorit&y",
            combo_box(
                "goal_priority",
                [(f"{n}{' (highest)' if n == 1 else ''}", str(n)) for n in range(1, 6)],
            ),
        )
        add(
            left,
            "weight",
            "GAS weight",
            line_edit("goal_weight", max_length=10),
            hint="Weight of this goal in the GAS T-score (1 unless some goals matter more)",
        )
        add(
            right,
            "measure_name",
            "&Measure",
            line_edit("goal_measure"),
            hint="What you will count or rate, e.g. panic attacks, or mood rating",
        )
        add(right, "measure_unit", "U&nit", line_edit("goal_unit", max_length=100))
        direction = combo_box(
            "goal_direction",
            [
                ("(choose)", ""),
                ("Lower is better", Direction.DECREASE.value),
                ("Higher is better", Direction.INCREASE.value),
            ],
        )
        add(right, "direction", "Direction", direction)
        add(right, "baseline", "&Baseline", line_edit("goal_baseline", max_length=20))
        add(right, "target", "&Target", line_edit("goal_target", max_length=20))
        add(right, "target_date", "Target &date", DateField("goal_target_date"))
        numbers = QHBoxLayout()
        numbers.addLayout(left, 1)
        numbers.addLayout(right, 1)

        gas_box = QGroupBox("Goal Attainment Scaling: what each level would look like")
        gas_box.setObjectName("gas_box")
        gas = QGridLayout(gas_box)
        for name, caption in GAS_LEVELS:
            add(gas, name, caption, line_edit(f"goal_{name}", max_length=2000))

        self.status_label = QLabel()
        self.status_label.setObjectName("goal_status_label")
        self.status_button = push_button("Change &status…", "goal_status_button")
        self.status_button.clicked.connect(self.status_requested)
        self.history_button = push_button("&History…", "goal_history_button")
        self.history_button.clicked.connect(self.history_requested)
        self.library_button = push_button("From &library…", "goal_library_button")
        self.library_button.setToolTip(
            "Start from a goal template; it is inserted as editable text"
        )
        self.library_button.clicked.connect(self.library_requested)
        self.save_template_button = push_button("Save to li&brary…", "goal_save_template_button")
        self.save_template_button.clicked.connect(self.save_to_library_requested)
        bar = QHBoxLayout()
        bar.addWidget(self.status_label, 1)
        for button in (
            self.status_button,
            self.history_button,
            self.library_button,
            self.save_template_button,
        ):
            bar.addWidget(button)

        self.reason = line_edit("goal_change_reason", max_length=2000)
        self.reason.setPlaceholderText(
            "Why this goal changed (kept with each change in its history)"
        )
        self.reason.setAccessibleName("Reason for changes")
        self.reason.textEdited.connect(self.reason_edited)
        self.reason_error = MessageLabel("goal_change_reason_error")
        reason_row = QHBoxLayout()
        reason_label = QLabel("&Reason for changes")
        reason_label.setBuddy(self.reason)
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason, 1)

        self.smart_panel = SmartPanel()
        self.smart_panel.go_to_field.connect(self._focus_field)
        form = QVBoxLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addLayout(bar)
        form.addLayout(words)
        form.addWidget(self.smart_panel)
        form.addLayout(numbers)
        form.addWidget(gas_box)
        form.addLayout(reason_row)
        form.addWidget(self.reason_error)
        form.addStretch(1)

        self.fields.edited.connect(self._changed)

    # ------------------------------------------------------------------ values
    def load(self, values: dict[str, str], *, status: str, reason: str, saved: bool) -> None:
        self.fields.clear_errors()
        self.reason_error.clear_message()
        self.fields.set_values(values)
        self.reason.setText(reason)
        self.reason.setEnabled(saved and not self.statement.isReadOnly())
        self.status_label.setText(f"Status: {status}")
        self.history_button.setEnabled(saved)
        self.refresh_smart()

    def values(self) -> dict[str, str]:
        return self.fields.values()

    def set_read_only(self, read_only: bool) -> None:
        fields_read_only(self.fields, read_only)
        for button in (self.status_button, self.library_button):
            button.setEnabled(not read_only)
        self.reason.setEnabled(not read_only)

    def _changed(self) -> None:
        self.refresh_smart()
        self.edited.emit(self.values())

    def refresh_smart(self) -> None:
        self.smart_panel.show_findings(smart.check(self.smart_draft()))

    def smart_draft(self) -> smart.GoalDraft:
        values = self.values()
        try:
            target_date = (
                date.fromisoformat(values["target_date"].strip())
                if values["target_date"].strip()
                else None
            )
        except ValueError:
            target_date = None
        direction = values["direction"]
        return smart.GoalDraft(
            statement=values["statement"],
            today=self.today,
            client_words=values["client_words"],
            measure_name=values["measure_name"],
            unit=values["measure_unit"],
            baseline=values["baseline"],
            target=values["target"],
            direction=Direction(direction) if direction else None,
            target_date=target_date,
            start_date=self.start_date,
        )

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        leftover = self.fields.show_errors(errors)
        for name in ("change_reason", "status_reason"):
            if name in leftover:
                self.reason_error.show_message(leftover.pop(name))
        return leftover

    def _focus_field(self, name: str) -> None:
        widget = self.fields.widget("measure_unit" if name == "unit" else name)
        widget.setFocus()


def fields_read_only(fields: FieldSet, read_only: bool) -> None:
    """Text stays selectable and copyable when read-only; choices are disabled."""
    for name in fields.names():
        widget = fields.widget(name)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setReadOnly(read_only)
        else:
            widget.setEnabled(not read_only)


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class SimpleEditor(QWidget):
    """A problem, an objective or an intervention: a few named fields in a grid."""

    edited = Signal(dict)

    def __init__(
        self, name: str, rows: list[tuple[str, str, object]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.fields = FieldSet(self)
        grid = QGridLayout()
        for field_name, caption, widget in rows:
            self.fields.add_row(grid, field_name, caption, widget)  # type: ignore[arg-type]
        grid.setColumnStretch(1, 1)
        self.extra = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(self.extra)
        layout.addStretch(1)
        self.fields.edited.connect(lambda: self.edited.emit(self.fields.values()))

    def load(self, values: dict[str, str]) -> None:
        self.fields.clear_errors()
        self.fields.set_values(values)

    def set_read_only(self, read_only: bool) -> None:
        fields_read_only(self.fields, read_only)


def problem_editor() -> SimpleEditor:
    return SimpleEditor(
        "problem_editor",
        [
            ("statement", "&Problem", line_edit("problem_statement", max_length=500)),
            ("description", "&Description", text_area("problem_description", lines=5)),
        ],
    )


def objective_editor() -> SimpleEditor:
    return SimpleEditor(
        "objective_editor",
        [
            ("statement", "&Objective", text_area("objective_statement", lines=3)),
            ("target_date", "Target &date", DateField("objective_target_date")),
        ],
    )


def intervention_editor() -> SimpleEditor:
    return SimpleEditor(
        "intervention_editor",
        [
            ("description", "&Intervention", text_area("intervention_description", lines=3)),
            ("modality", "&Modality", line_edit("intervention_modality")),
            ("frequency", "&Frequency", line_edit("intervention_frequency")),
        ],
    )


def header_editor() -> SimpleEditor:
    interval = line_edit("plan_review_interval", max_length=3)
    interval.setMaximumWidth(80)
    return SimpleEditor(
        "plan_header_editor",
        [
            ("effective_date", "&Effective date", DateField("plan_effective_date")),
            ("review_interval_days", "Review every (&days)", interval),
            ("modality", "&Modality", line_edit("plan_modality")),
            ("frequency", "&Frequency", line_edit("plan_frequency")),
            ("participants", "Partici&pants", line_edit("plan_participants", max_length=300)),
            ("strengths", "&Strengths", text_area("plan_strengths", lines=3)),
            ("barriers", "&Barriers", text_area("plan_barriers", lines=3)),
            ("discharge_criteria", "Disc&harge criteria", text_area("plan_discharge", lines=3)),
        ],
    )
