"""The plan editor's dialogs: a status change with its reason, signing, a goal's history, and the
goal-by-goal review.

Each dialog validates what it can, shows messages under its fields, and keeps what was typed when
something is refused; the plan tab does the saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import GoalStatus
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import plans
from practice_planner.services.plans import SignatureInput
from practice_planner.storage.models import GoalRevision, TreatmentPlan
from practice_planner.storage.vault import Vault
from practice_planner.ui.fields import DateField, FieldSet, combo_box, line_edit, parse_dates
from practice_planner.ui.messages import error_text
from practice_planner.ui.widgets import MessageLabel, text_label

STATUS_CHOICES = (
    GoalStatus.ACTIVE,
    GoalStatus.ON_HOLD,
    GoalStatus.ACHIEVED,
    GoalStatus.REVISED,
    GoalStatus.DISCONTINUED,
)


def _buttons(dialog: QDialog, accept_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    accept = box.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setObjectName("accept_button")
    accept.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class StatusDialog(QDialog):
    """A goal's or objective's new status, and why (the reason goes into the history)."""

    def __init__(self, current: GoalStatus, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_dialog")
        self.setWindowTitle("Change status")
        self.fields = FieldSet(self)
        grid = QGridLayout()
        self.status = combo_box("status_choice", [(s.label, s.value) for s in STATUS_CHOICES])
        self.status.setCurrentIndex(STATUS_CHOICES.index(current))
        self.fields.add_row(grid, "status", "&Status", self.status)
        self.reason = line_edit("status_reason", max_length=2000)
        self.reason.setText(reason)
        self.reason.setPlaceholderText("e.g. Client reports sleeping 7 hours most nights")
        self.fields.add_row(grid, "status_reason", "&Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(_buttons(self, "Change status"))
        self.resize(460, self.sizeHint().height())

    @property
    def chosen(self) -> GoalStatus:
        return GoalStatus(self.status.currentData())

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.fields.show_errors({"status_reason": "Say why, in a few words: it is kept."})
            return
        super().accept()


class SignDialog(QDialog):
    """Signature dates; signing freezes the version, so the dialog says so before it is done."""

    def __init__(
        self,
        vault: Vault,
        plan: TreatmentPlan,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_dialog")
        self._vault, self._plan = vault, plan
        self.today = today or date.today()
        self.late = plan.is_signed
        self.setWindowTitle("Add signatures" if self.late else "Sign treatment plan")
        self.fields = FieldSet(self)
        grid = QGridLayout()
        self.dates = {
            "clinician_signed_on": DateField("clinician_signed_on"),
            "client_signed_on": DateField("client_signed_on"),
            "supervisor_signed_on": DateField("supervisor_signed_on"),
        }
        self.labels = {
            "clinician_signed_on": "Clinician signed on",
            "client_signed_on": "Client signed on",
            "supervisor_signed_on": "Supervisor signed on",
        }
        self.supervisor = line_edit("supervisor_name")
        add = self.fields.add_row
        add(grid, "clinician_signed_on", "&Clinician signed on", self.dates["clinician_signed_on"])
        add(grid, "client_signed_on", "C&lient signed on", self.dates["client_signed_on"])
        add(grid, "supervisor_name", "&Supervisor (optional)", self.supervisor)
        add(
            grid,
            "supervisor_signed_on",
            "Supervisor si&gned on",
            self.dates["supervisor_signed_on"],
        )
        for name, field in self.dates.items():
            value = getattr(plan, name)
            field.set_date(value)
            if self.late and value is not None:
                field.setReadOnly(True)
        self.supervisor.setText(plan.supervisor_name)
        if not self.late:
            self.dates["clinician_signed_on"].set_date(self.today)
            self.dates["client_signed_on"].set_date(self.today)
        explanation = (
            "Record a signature that came after the clinician's. Dates already recorded stay."
            if self.late
            else "Signing freezes this version of the plan: it can no longer be edited, only "
            "revised into a new version. Leave the client's date empty if they sign later."
        )
        self.message = MessageLabel("sign_message")
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(explanation, name="sign_explanation"))
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, "Add signatures" if self.late else "Sign and &freeze"))
        self.result_plan: TreatmentPlan | None = None

    def accept(self) -> None:
        try:
            dates = parse_dates(self.dates, self.labels)
            data = SignatureInput(supervisor_name=self.supervisor.text(), **dates)
            if self.late:
                data = SignatureInput(
                    client_signed_on=None
                    if self._plan.client_signed_on
                    else dates["client_signed_on"],
                    supervisor_name=self.supervisor.text(),
                    supervisor_signed_on=None
                    if self._plan.supervisor_signed_on
                    else dates["supervisor_signed_on"],
                )
                self.result_plan = plans.add_late_signature(
                    self._vault, self._plan.id, data, today=self.today
                )
            else:
                self.result_plan = plans.sign_plan(
                    self._vault, self._plan.id, data, today=self.today
                )
        except ValidationError as error:
            leftover = self.fields.show_errors(error.fields)
            self.message.show_message(
                " ".join(leftover.values())
            ) if leftover else self.message.clear_message()
            return
        except (PracticePlannerError, OSError) as error:
            self.message.show_message(error_text(error))
            return
        super().accept()


FIELD_CAPTIONS = {
    "statement": "Goal wording",
    "client_words": "Client's words",
    "measure_name": "Measure",
    "measure_unit": "Unit",
    "target_date": "Target date",
    "gas_much_less": "GAS -2",
    "gas_less": "GAS -1",
    "gas_expected": "GAS 0",
    "gas_more": "GAS +1",
    "gas_much_more": "GAS +2",
}


class HistoryDialog(QDialog):
    """Every recorded change to one goal: when, what, from, to, and why. Read-only."""

    def __init__(self, revisions: list[GoalRevision], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle("Goal history")
        self.table = QTableWidget(len(revisions), 5)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels(["When", "What", "Was", "Became", "Why"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, revision in enumerate(revisions):
            field = FIELD_CAPTIONS.get(
                revision.field, revision.field.replace("_", " ").capitalize()
            )
            old, new = revision.old_value, revision.new_value
            if revision.field == "status":
                old, new = GoalStatus(old).label, GoalStatus(new).label
            when = revision.changed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            for column, text in enumerate((when, field, old, new, revision.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        empty = text_label("No changes recorded yet: this goal is as first written.")
        empty.setVisible(not revisions)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(empty)
        layout.addWidget(self.table)
        layout.addWidget(box)
        self.resize(760, 380)


REVIEW_CHOICES = (
    ("keep", "Keep"),
    ("revise", "Revise wording"),
    (GoalStatus.ACHIEVED.value, "Achieved"),
    (GoalStatus.ON_HOLD.value, "On hold"),
    (GoalStatus.DISCONTINUED.value, "Discontinue"),
)


@dataclass(frozen=True)
class ReviewDecision:
    goal_id: int
    choice: str
    """"keep", "revise", or a GoalStatus value."""
    reason: str


@dataclass(frozen=True)
class ReviewResult:
    reviewed_on: date
    decisions: tuple[ReviewDecision, ...]
    add_goal: bool

    @property
    def changes_plan(self) -> bool:
        return self.add_goal or any(d.choice != "keep" for d in self.decisions)


class ReviewDialog(QDialog):
    """Goal by goal: keep, revise, achieved, on hold or discontinue, each with a reason."""

    def __init__(
        self, plan: TreatmentPlan, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("review_dialog")
        self.setWindowTitle(f"Review treatment plan (version {plan.version})")
        self.today = today or date.today()
        self._plan = plan
        self.groups: dict[int, QButtonGroup] = {}
        self.reasons: dict[int, tuple[object, MessageLabel]] = {}
        inner = QWidget()
        rows = QVBoxLayout(inner)
        number = 0
        for problem in plan.problems:
            for goal in problem.goals:
                if goal.status not in (GoalStatus.ACTIVE, GoalStatus.ON_HOLD):
                    continue
                number += 1
                rows.addWidget(
                    self._goal_box(number, problem.statement, goal.id, goal.statement, goal.status)
                )
        if not number:
            rows.addWidget(text_label("No active goals to review. Add a new goal below."))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.fields = FieldSet(self)
        grid = QGridLayout()
        self.reviewed_on = DateField("reviewed_on")
        self.reviewed_on.set_date(self.today)
        self.fields.add_row(grid, "reviewed_on", "Review &held on", self.reviewed_on)
        self.reviewed_on.textEdited.connect(self._show_next)
        self.next_label = text_label("", name="next_review_label")
        grid.addWidget(self.next_label, grid.rowCount(), 1)
        self.add_goal_box = QCheckBox("&Add a new goal after this review")
        self.add_goal_box.setObjectName("review_add_goal")
        self.message = MessageLabel("review_message")
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Go through each goal with the client. Anything other than Keep starts a new "
                "version of a signed plan for you to finish and sign; the signed one stays as it "
                "was.",
                name="review_explanation",
            )
        )
        layout.addWidget(scroll, 1)
        layout.addWidget(self.add_goal_box)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, "&Record review"))
        self._show_next()
        self.resize(720, 560)
        self.result_value: ReviewResult | None = None

    def _goal_box(
        self, number: int, problem: str, goal_id: int, statement: str, status: GoalStatus
    ) -> QGroupBox:
        box = QGroupBox(f"Goal {number}  ·  {status.label}")
        box.setObjectName(f"review_goal_{goal_id}")
        layout = QVBoxLayout(box)
        text = text_label(statement)
        text.setToolTip(f"Problem: {problem}")
        layout.addWidget(text)
        choices = QHBoxLayout()
        group = QButtonGroup(box)
        for index, (value, label) in enumerate(REVIEW_CHOICES):
            button = QRadioButton(label)
            button.setObjectName(f"review_{goal_id}_{value}")
            button.setProperty("choice", value)
            group.addButton(button, index)
            choices.addWidget(button)
            if value == "keep":
                button.setChecked(True)
        choices.addStretch(1)
        layout.addLayout(choices)
        reason = line_edit(f"review_reason_{goal_id}", max_length=2000)
        reason.setPlaceholderText("Reason (needed for anything but Keep)")
        reason.setAccessibleName("Reason")
        error = MessageLabel(f"review_reason_{goal_id}_error")
        layout.addWidget(reason)
        layout.addWidget(error)
        self.groups[goal_id] = group
        self.reasons[goal_id] = (reason, error)
        return box

    def choose(self, goal_id: int, choice: str, reason: str = "") -> None:
        """Pick a decision for one goal (used by the keyboard-free tests and the screenshots)."""
        for button in self.groups[goal_id].buttons():
            if button.property("choice") == choice:
                button.setChecked(True)
        field, _error = self.reasons[goal_id]
        field.setText(reason)  # type: ignore[attr-defined]

    def _next_review(self) -> date | None:
        try:
            held = date.fromisoformat(self.reviewed_on.text().strip())
        except ValueError:
            return None
        return held + timedelta(days=self._plan.review_interval_days)

    def _show_next(self) -> None:
        upcoming = self._next_review()
        self.next_label.setText(
            f"Next review: {upcoming.isoformat()} (every {self._plan.review_interval_days} days)"
            if upcoming
            else "Type the date as YYYY-MM-DD."
        )

    def accept(self) -> None:
        decisions = []
        problems = False
        for goal_id, group in self.groups.items():
            checked = group.checkedButton()
            choice = str(checked.property("choice")) if checked else "keep"
            field, error = self.reasons[goal_id]
            reason = field.text().strip()  # type: ignore[attr-defined]
            error.clear_message()
            if choice != "keep" and not reason:
                error.show_message("Say why, in a few words: it is kept with the goal.")
                problems = True
            decisions.append(ReviewDecision(goal_id, choice, reason))
        try:
            held = parse_dates({"reviewed_on": self.reviewed_on}, {"reviewed_on": "Review date"})
            reviewed_on = held["reviewed_on"]
            if reviewed_on is None:
                raise ValidationError({"reviewed_on": "Type the date the review was held."})
            if reviewed_on > self.today:
                raise ValidationError({"reviewed_on": "Review date cannot be in the future."})
            self.fields.clear_errors()
        except ValidationError as error:
            self.fields.show_errors(error.fields)
            return
        if problems:
            self.message.show_message("Give a reason for each goal that changes.")
            return
        self.result_value = ReviewResult(
            reviewed_on, tuple(decisions), self.add_goal_box.isChecked()
        )
        super().accept()
