"""The Treatment plan tab: the plan tree on the left, the chosen item's editor on the right.

Edits change a working copy (``PlanEdit``) through a ``QUndoStack``, so every change can be
undone until the plan is saved; Save writes the whole copy in one transaction. A signed version
is shown read-only: "Revise plan" starts the next version, "Review plan" walks the goals, and the
version list shows every earlier version as it was signed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import GoalStatus, PlanStatus
from practice_planner.domain.review import ReviewState, review_state
from practice_planner.errors import PlanItemInvalid, PracticePlannerError, ValidationError
from practice_planner.services import clients, plans, settings
from practice_planner.services.plan_edits import (
    GoalEdit,
    ItemEdit,
    PlanEdit,
    ProblemEdit,
    blank_goal,
    edit_from_json,
    edit_of,
    edit_to_json,
    remove_goal_allowed,
    save_plan_edit,
)
from practice_planner.services.plans import PlanHeaderInput
from practice_planner.storage.models import Diagnosis, TreatmentPlan
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.goal_editor import (
    GoalEditor,
    SimpleEditor,
    header_editor,
    intervention_editor,
    objective_editor,
    problem_editor,
)
from practice_planner.ui.plan_dialogs import (
    HistoryDialog,
    ReviewDialog,
    ReviewResult,
    SignDialog,
    StatusDialog,
)
from practice_planner.ui.plan_tree_model import HEADER_KEY, PlanTreeModel
from practice_planner.ui.widgets import MessageLabel, push_button, text_label

NO_PLAN_TEXT = (
    "This client has no treatment plan yet. Start one to write the problems you agreed on, the "
    "goals in your words and the client's, objectives, interventions and the review schedule."
)


class Snapshot(QUndoCommand):
    """One edit of the working copy, kept as the copy before and after it.

    Consecutive typing in the same item merges into one step, so Undo takes back a whole edit of
    a field group rather than one keystroke.
    """

    MERGE_ID = 1

    def __init__(
        self, tab: PlanTab, text: str, before: PlanEdit, after: PlanEdit, key: int, merge: bool
    ) -> None:
        super().__init__(text)
        self.tab, self.before, self.after, self.key, self.merge = tab, before, after, key, merge
        self._first = True

    def id(self) -> int:
        return self.MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, Snapshot) or not other.merge or other.key != self.key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:  # the change is already in the working copy and on screen
            self._first = False
            return
        self.tab.restore_state(self.after, self.key)

    def undo(self) -> None:
        self.tab.restore_state(self.before, self.key)


class PlanTab(QWidget):
    """Shows and edits the chosen client's treatment plan (see the module docstring)."""

    dirty_changed = Signal(bool)
    plan_saved = Signal(int)
    """The client's plan changed in the vault (the list may mark review dates)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("treatment_plan_tab")
        self._vault: Vault | None = None
        self.client_id: int | None = None
        self.plan: TreatmentPlan | None = None
        self.versions: list[TreatmentPlan] = []
        self.diagnoses: list[Diagnosis] = []
        """The client's diagnoses, offered for linking to a problem."""
        self.edit: PlanEdit | None = None
        self.read_only = True
        self.today = date.today()
        self._loading = False

        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self._dirty(not clean))
        self.model = PlanTreeModel(self)

        self.version_box = QComboBox()
        self.version_box.setObjectName("plan_version_box")
        self.version_box.setAccessibleName("Plan version")
        self.version_box.activated.connect(self._version_chosen)
        self.state_label = text_label("", name="plan_state_label")
        self.review_button = self._button("Re&view plan…", "review_plan_button", self.review)
        self.revise_button = self._button("Re&vise plan", "revise_plan_button", self.revise)
        self.sign_button = self._button("Si&gn…", "sign_plan_button", self.sign)
        top = QHBoxLayout()
        version_label = QLabel("Versio&n")
        version_label.setBuddy(self.version_box)
        top.addWidget(version_label)
        top.addWidget(self.version_box)
        top.addWidget(self.state_label, 1)
        for button in (self.review_button, self.revise_button, self.sign_button):
            top.addWidget(button)

        self.add_problem_button = self._button(
            "Add &problem", "add_problem_button", self.add_problem
        )
        self.add_goal_button = self._button("Add &goal", "add_goal_button", self.add_goal)
        self.add_objective_button = self._button(
            "Add &objective", "add_objective_button", self.add_objective
        )
        self.add_intervention_button = self._button(
            "Add &intervention", "add_intervention_button", self.add_intervention
        )
        self.up_button = self._button("Move &up", "move_up_button", lambda: self.move_item(-1))
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.up_button.setToolTip("Move the chosen item up (Alt+Up)")
        self.down_button = self._button("Move do&wn", "move_down_button", lambda: self.move_item(1))
        self.down_button.setShortcut(QKeySequence("Alt+Down"))
        self.down_button.setToolTip("Move the chosen item down (Alt+Down)")
        self.remove_button = self._button("&Remove…", "remove_item_button", self.remove)
        self.undo_button = self._button("Undo", "plan_undo_button", self.undo_stack.undo)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button = self._button("Redo", "plan_redo_button", self.undo_stack.redo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_stack.canUndoChanged.connect(self._update_buttons)
        self.undo_stack.canRedoChanged.connect(self._update_buttons)
        self.undo_stack.undoTextChanged.connect(
            lambda text: self.undo_button.setToolTip(
                f"Undo {text.lower()} (Ctrl+Z)" if text else ""
            )
        )
        self.revert_button = self._button("Rever&t", "revert_plan_button", self.revert)
        self.save_button = self._button("&Save plan", "save_plan_button", self.save)
        self.save_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_button.setToolTip("Save the whole plan (Ctrl+S or Ctrl+Shift+S)")
        # The structure buttons sit under the tree in two columns, so the tab stays narrow
        # enough to leave the client list its width on a laptop screen.
        structure = QGridLayout()
        structure.setContentsMargins(0, 0, 0, 0)
        for number, button in enumerate(
            (
                self.add_problem_button,
                self.add_goal_button,
                self.add_objective_button,
                self.add_intervention_button,
                self.up_button,
                self.down_button,
                self.remove_button,
            )
        ):
            structure.addWidget(button, number // 2, number % 2)
        tools = QHBoxLayout()
        tools.addStretch(1)
        for button in (self.undo_button, self.redo_button, self.revert_button, self.save_button):
            tools.addWidget(button)

        self.tree = QTreeView()
        self.tree.setObjectName("plan_tree")
        self.tree.setAccessibleName("Treatment plan")
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.header_editor = header_editor()
        self.problem_editor = problem_editor()
        self.diagnosis_list = QListWidget()
        self.diagnosis_list.setObjectName("problem_diagnoses")
        self.diagnosis_list.setAccessibleName("Linked diagnoses")
        self.diagnosis_list.setMaximumHeight(110)
        self.diagnosis_list.itemChanged.connect(self._diagnosis_toggled)
        self.problem_editor.extra.addWidget(QLabel("Linked diagnoses (tick those this addresses)"))
        self.problem_editor.extra.addWidget(self.diagnosis_list)
        self.goal_editor = GoalEditor()
        self.objective_editor = objective_editor()
        self.objective_status = push_button("Change &status…", "objective_status_button")
        self.objective_status.clicked.connect(self.change_status)
        self.objective_editor.extra.addWidget(self.objective_status)
        self.intervention_editor = intervention_editor()
        self.editors: dict[str, QWidget] = {
            "header": self.header_editor,
            "problem": self.problem_editor,
            "goal": self.goal_editor,
            "objective": self.objective_editor,
            "intervention": self.intervention_editor,
        }
        self.editor_stack = QStackedWidget()
        for editor in self.editors.values():
            self.editor_stack.addWidget(editor)
        self.header_editor.edited.connect(
            lambda v: self._edit_fields(HEADER_KEY, v, "plan details")
        )
        self.problem_editor.edited.connect(
            lambda v: self._edit_fields(self.current_key(), v, "problem")
        )
        self.goal_editor.edited.connect(lambda v: self._edit_fields(self.current_key(), v, "goal"))
        self.goal_editor.reason_edited.connect(self._reason_edited)
        self.goal_editor.status_requested.connect(self.change_status)
        self.goal_editor.history_requested.connect(self.show_history)
        self.goal_editor.library_requested.connect(self.insert_from_library)
        self.goal_editor.save_to_library_requested.connect(self.save_to_library)
        self.objective_editor.edited.connect(
            lambda v: self._edit_fields(self.current_key(), v, "objective")
        )
        self.intervention_editor.edited.connect(
            lambda v: self._edit_fields(self.current_key(), v, "intervention")
        )
        scroll = QScrollArea()
        scroll.setObjectName("plan_editor_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.editor_stack)

        outline = QWidget()
        outline.setObjectName("plan_outline")
        outline_layout = QVBoxLayout(outline)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_layout.addWidget(self.tree, 1)
        outline_layout.addLayout(structure)
        self.splitter = QSplitter()
        self.splitter.addWidget(outline)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 800])

        self.banner = MessageLabel("plan_banner", error=False)
        editing = QWidget()
        editing.setObjectName("plan_editing_page")
        layout = QVBoxLayout(editing)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        self.start_button = push_button("&Start a treatment plan", "start_plan_button")
        self.start_button.clicked.connect(self.start_plan)
        self.no_plan_message = MessageLabel("no_plan_message")
        empty = QWidget()
        empty.setObjectName("no_plan_page")
        empty_layout = QVBoxLayout(empty)
        empty_layout.addWidget(text_label(NO_PLAN_TEXT, name="no_plan_text"))
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addWidget(self.no_plan_message)
        empty_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(editing)
        self._empty_page, self._editing_page = empty, editing
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addWidget(self.pages)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = push_button(text, name)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ showing
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    def clear(self) -> None:
        """Forget everything shown (on lock, or when another client is chosen)."""
        self.client_id = self.plan = self.edit = None
        self.versions = []
        self.diagnoses = []
        self.model.set_plan(None)
        self.undo_stack.clear()
        self.version_box.clear()
        self.state_label.clear()
        self.banner.clear_message()
        for editor in (
            self.header_editor,
            self.problem_editor,
            self.objective_editor,
            self.intervention_editor,
        ):
            editor.load(dict.fromkeys(editor.fields.names(), ""))
        self.goal_editor.fields.set_values(dict.fromkeys(self.goal_editor.fields.names(), ""))
        self.diagnosis_list.clear()
        self.pages.setCurrentWidget(self._empty_page)

    def show_client(self, client_id: int | None) -> None:
        self.clear()
        self.client_id = client_id
        if client_id is not None:
            self.reload()

    def reload(self, version_id: int | None = None, select: int | None = None) -> None:
        """Read the client's versions again and show one (the newest unless ``version_id``)."""
        if self._vault is None or self.client_id is None:
            return
        try:
            self.versions = plans.plan_versions(self._vault, self.client_id)
            if not self.versions:
                self.plan = None
                self.pages.setCurrentWidget(self._empty_page)
                return
            chosen = version_id if version_id is not None else self.versions[-1].id
            self.plan = plans.get_plan(self._vault, chosen)
            self.diagnoses = list(clients.get_client(self._vault, self.client_id).diagnoses)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(messages.error_text(error), error=True)
            return
        self._fill_versions()
        self._load_edit(edit_of(self.plan), select)

    def _load_edit(self, edit: PlanEdit, select: int | None = None) -> None:
        assert self.plan is not None
        self.edit = edit
        newest = self.versions and self.plan.id == self.versions[-1].id
        self.read_only = self.plan.is_signed or not newest
        self.undo_stack.clear()
        self.model.today = self.today
        self.model.set_plan(self.edit)
        self.tree.expandAll()
        for editor in self.editors.values():
            editor.set_read_only(self.read_only)  # type: ignore[attr-defined]
        self.diagnosis_list.setEnabled(not self.read_only)
        self.goal_editor.start_date = self.plan.effective_date
        self.goal_editor.today = self.today
        self._show_state()
        self.pages.setCurrentWidget(self._editing_page)
        self.select(select if select is not None and self.edit.find(select) else HEADER_KEY)
        self._update_buttons()

    def _fill_versions(self) -> None:
        self.version_box.clear()
        for plan in self.versions:
            signed = (
                f", signed {plan.clinician_signed_on.isoformat()}"
                if plan.clinician_signed_on
                else ""
            )
            self.version_box.addItem(
                f"Version {plan.version} · {plan.status.label}{signed}", plan.id
            )
        if self.plan is not None:
            self.version_box.setCurrentIndex(self.version_box.findData(self.plan.id))

    def _show_state(self) -> None:
        plan = self.plan
        assert plan is not None
        parts = [plan.status.label, f"effective {plan.effective_date.isoformat()}"]
        if plan.next_review_date is not None:
            state = review_state(plan.next_review_date, self.today)
            review = f"next review {plan.next_review_date.isoformat()}"
            if state in (ReviewState.OVERDUE, ReviewState.DUE_SOON):
                review += f" ({state.label.lower()})"
            parts.append(review)
        if plan.is_signed:
            signers = [f"clinician {plan.clinician_signed_on}"]
            signers.append(
                f"client {plan.client_signed_on}" if plan.client_signed_on else "client not yet"
            )
            if plan.supervisor_signed_on:
                signers.append(f"supervisor {plan.supervisor_signed_on}")
            parts.append("signed: " + ", ".join(signers))
        self.state_label.setText(" · ".join(parts))
        if self.read_only and plan.is_signed and self.plan is self._newest():
            self.banner.show_message(
                "This version is signed and frozen. Revise plan starts a new version to edit; "
                "Review plan walks through the goals.",
                error=False,
            )
        elif self.read_only:
            self.banner.show_message(
                f"Version {plan.version} is an earlier version, shown as it was (read-only).",
                error=False,
            )
        else:
            self.banner.clear_message()

    def _newest(self) -> TreatmentPlan | None:
        if not self.versions or self.plan is None:
            return None
        return self.plan if self.plan.id == self.versions[-1].id else None

    def _update_buttons(self) -> None:
        if not shiboken6.isValid(self.undo_stack):  # the window is being torn down
            return
        has_plan = self.edit is not None
        editable = has_plan and not self.read_only
        key = self.current_key()
        kind = self.model.kind_of(key) if key is not None else None
        for button in (self.add_problem_button,):
            button.setEnabled(editable)
        in_goal = kind in ("goal", "objective", "intervention")
        self.add_goal_button.setEnabled(
            editable and kind in ("problem", "goal", "objective", "intervention")
        )
        self.add_objective_button.setEnabled(editable and in_goal)
        self.add_intervention_button.setEnabled(editable and in_goal)
        movable = editable and kind not in (None, "header")
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)
        self.remove_button.setEnabled(movable)
        self.undo_button.setEnabled(editable and self.undo_stack.canUndo())
        self.redo_button.setEnabled(editable and self.undo_stack.canRedo())
        dirty = self.is_dirty()
        self.save_button.setEnabled(editable and dirty)
        self.revert_button.setEnabled(editable and dirty)
        newest = self._newest() is not None
        plan = self.plan
        self.sign_button.setEnabled(
            has_plan
            and newest
            and not (plan is not None and plan.is_signed and plan.client_signed_on is not None)
        )
        self.sign_button.setText(
            "Add si&gnature…" if plan is not None and plan.is_signed else "Si&gn…"
        )
        self.revise_button.setEnabled(bool(has_plan and newest and plan and plan.is_signed))
        self.review_button.setEnabled(bool(has_plan and newest))
        self.objective_status.setEnabled(editable)

    # ------------------------------------------------------------------ selection
    def current_key(self) -> int | None:
        node = self.model.node(self.tree.currentIndex())
        return None if node is None else node.key

    def select(self, key: int) -> None:
        index = self.model.index_of(key)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)
            self._load_editor(key)

    def _current_changed(self) -> None:
        key = self.current_key()
        if key is not None and not self._loading:
            self._load_editor(key)
        self._update_buttons()

    def _load_editor(self, key: int) -> None:
        if self.edit is None:
            return
        kind = self.model.kind_of(key)
        item = self.edit if key == HEADER_KEY else self.edit.find(key)
        if kind is None or item is None:
            return
        self._loading = True
        try:
            if isinstance(item, PlanEdit):
                self.header_editor.load(item.header)
            elif isinstance(item, ProblemEdit):
                self.problem_editor.load(item.fields)
                self._fill_diagnoses(item)
            elif isinstance(item, GoalEdit):
                self.goal_editor.load(
                    item.fields,
                    status=item.status.label,
                    reason=item.change_reason,
                    saved=item.id is not None,
                )
            else:
                editor = self.objective_editor if kind == "objective" else self.intervention_editor
                editor.load(item.fields)
        finally:
            self._loading = False
        self.editor_stack.setCurrentWidget(self.editors[kind])

    def _fill_diagnoses(self, problem: ProblemEdit) -> None:
        self.diagnosis_list.clear()
        for diagnosis in self.diagnoses:
            item = QListWidgetItem(f"{diagnosis.icd10_code}  {diagnosis.description}")
            item.setData(Qt.ItemDataRole.UserRole, diagnosis.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked
                if diagnosis.id in problem.diagnosis_ids
                else Qt.CheckState.Unchecked
            )
            self.diagnosis_list.addItem(item)
        if not self.diagnosis_list.count():
            self.diagnosis_list.addItem("(no diagnoses recorded: add them on the Overview tab)")

    # ------------------------------------------------------------------ changing the copy
    def change(
        self,
        text: str,
        mutate: Callable[[PlanEdit], None],
        *,
        key: int,
        merge: bool = False,
        structural: bool = True,
    ) -> None:
        """Apply ``mutate`` to the working copy as one undoable step."""
        if self.edit is None or self.read_only:
            return
        before = copy.deepcopy(self.edit)
        mutate(self.edit)
        after = copy.deepcopy(self.edit)
        if structural:
            self._refresh_tree(key)
        else:
            self.model.refresh(key)
        self.undo_stack.push(Snapshot(self, text, before, after, key, merge))
        self._update_buttons()

    def restore_state(self, state: PlanEdit, key: int) -> None:
        """Undo/redo: put a kept copy back and show the item it concerned."""
        self.edit = copy.deepcopy(state)
        self._refresh_tree(key if self.edit.find(key) or key == HEADER_KEY else HEADER_KEY)
        self._update_buttons()

    def _refresh_tree(self, key: int) -> None:
        assert self.edit is not None
        self.model.set_plan(self.edit)
        self.tree.expandAll()
        self.select(key if key == HEADER_KEY or self.edit.find(key) else HEADER_KEY)

    def _edit_fields(self, key: int | None, values: dict[str, str], what: str) -> None:
        if self._loading or key is None:
            return

        def apply(edit: PlanEdit) -> None:
            if key == HEADER_KEY:
                edit.header.update(values)
                return
            item = edit.find(key)
            if item is not None:
                item.fields.update(values)

        self.change(f"Edit {what}", apply, key=key, merge=True, structural=False)

    def _reason_edited(self, text: str) -> None:
        key = self.current_key()
        if self._loading or key is None:
            return

        def apply(edit: PlanEdit) -> None:
            goal = edit.find(key)
            if isinstance(goal, GoalEdit):
                goal.change_reason = text

        self.change("Edit reason", apply, key=key, merge=True, structural=False)

    def _diagnosis_toggled(self, item: QListWidgetItem) -> None:
        key = self.current_key()
        diagnosis_id = item.data(Qt.ItemDataRole.UserRole)
        if self._loading or key is None or diagnosis_id is None:
            return
        linked = item.checkState() == Qt.CheckState.Checked

        def apply(edit: PlanEdit) -> None:
            problem = edit.find(key)
            if isinstance(problem, ProblemEdit):
                ids = [i for i in problem.diagnosis_ids if i != diagnosis_id]
                problem.diagnosis_ids = tuple([*ids, diagnosis_id] if linked else ids)

        self.change("Link diagnosis", apply, key=key, structural=False)

    # ------------------------------------------------------------------ structure
    def _context(self) -> tuple[ProblemEdit | None, GoalEdit | None]:
        """The problem and goal the current item belongs to."""
        key = self.current_key()
        if self.edit is None or key is None:
            return None, None
        for problem in self.edit.problems:
            if problem.key == key:
                return problem, None
            for goal in problem.goals:
                if goal.key == key or any(
                    i.key == key for i in (*goal.objectives, *goal.interventions)
                ):
                    return problem, goal
        return None, None

    def add_problem(self) -> None:
        problem = ProblemEdit({"statement": "", "description": ""})
        self.change("Add problem", lambda e: e.problems.append(problem), key=problem.key)
        self.problem_editor.fields.widget("statement").setFocus()

    def add_goal(self) -> None:
        problem, _goal = self._context()
        if problem is None:
            return
        goal = GoalEdit(fields=blank_goal())
        parent_key = problem.key

        def apply(edit: PlanEdit) -> None:
            target = edit.find(parent_key)
            assert isinstance(target, ProblemEdit)
            target.goals.append(goal)

        self.change("Add goal", apply, key=goal.key)
        self.goal_editor.statement.setFocus()

    def _add_item(self, kind: str) -> None:
        _problem, goal = self._context()
        if goal is None:
            return
        if kind == "objective":
            item = ItemEdit({"statement": "", "target_date": ""})
        else:
            item = ItemEdit({"description": "", "modality": "", "frequency": ""})
        goal_key = goal.key

        def apply(edit: PlanEdit) -> None:
            target = edit.find(goal_key)
            assert isinstance(target, GoalEdit)
            (target.objectives if kind == "objective" else target.interventions).append(item)

        self.change(f"Add {kind}", apply, key=item.key)
        editor = self.objective_editor if kind == "objective" else self.intervention_editor
        editor.fields.widget("statement" if kind == "objective" else "description").setFocus()

    def add_objective(self) -> None:
        self._add_item("objective")

    def add_intervention(self) -> None:
        self._add_item("intervention")

    def _siblings(self, edit: PlanEdit, key: int) -> list[Any] | None:
        if any(p.key == key for p in edit.problems):
            return edit.problems
        for problem in edit.problems:
            if any(g.key == key for g in problem.goals):
                return problem.goals
            for goal in problem.goals:
                for items in (goal.objectives, goal.interventions):
                    if any(i.key == key for i in items):
                        return items
        return None

    def move_item(self, offset: int) -> None:
        key = self.current_key()
        if key is None or key == HEADER_KEY or self.edit is None:
            return
        siblings = self._siblings(self.edit, key)
        if siblings is None:
            return
        index = next(i for i, s in enumerate(siblings) if s.key == key)
        if not 0 <= index + offset < len(siblings):
            return

        def apply(edit: PlanEdit) -> None:
            items = self._siblings(edit, key)
            assert items is not None
            items.insert(index + offset, items.pop(index))

        self.change("Move up" if offset < 0 else "Move down", apply, key=key)

    def remove(self) -> None:
        key = self.current_key()
        if key is None or key == HEADER_KEY or self.edit is None or self._vault is None:
            return
        item = self.edit.find(key)
        goals = [item] if isinstance(item, GoalEdit) else getattr(item, "goals", [])
        if any(not remove_goal_allowed(self._vault, g.id) for g in goals):
            self.banner.show_message(
                "This goal is already used in session notes or milestones, so it stays in the "
                "plan: change its status to Discontinued instead.",
                error=True,
            )
            return
        kind = self.model.kind_of(key) or "item"
        if not messages.confirm(
            self,
            f"Remove {kind}",
            f"Remove this {kind}"
            + (" and everything under it" if kind in ("problem", "goal") else "")
            + " from the draft? You can undo this until the plan is saved.",
            f"Remove {kind}",
        ):
            return
        parent = self.model.parent_key(key)

        def apply(edit: PlanEdit) -> None:
            items = self._siblings(edit, key)
            if items is not None:
                items[:] = [i for i in items if i.key != key]

        self.change(f"Remove {kind}", apply, key=parent if parent is not None else HEADER_KEY)

    def change_status(self) -> None:
        key = self.current_key()
        if key is None or self.edit is None or self.read_only:
            return
        item = self.edit.find(key)
        if not isinstance(item, GoalEdit | ItemEdit):
            return
        reason = item.status_reason if isinstance(item, GoalEdit) else ""
        dialog = StatusDialog(item.status, reason, self)
        if not dialog.exec():
            return
        status, why = dialog.chosen, dialog.reason.text().strip()

        def apply(edit: PlanEdit) -> None:
            target = edit.find(key)
            if isinstance(target, GoalEdit):
                target.status, target.status_reason = status, why
            elif isinstance(target, ItemEdit):
                target.status = status

        self.change(f"Mark {status.label.lower()}", apply, key=key)

    # ------------------------------------------------------------------ saving
    def is_dirty(self) -> bool:
        return self.edit is not None and not self.read_only and not self.undo_stack.isClean()

    def _dirty(self, dirty: bool) -> None:
        if not shiboken6.isValid(self):  # the window is being torn down
            return
        self._update_buttons()
        self.dirty_changed.emit(dirty and not self.read_only)

    def save(self) -> bool:
        """Write the working copy; on a refusal, show the item and the message under its field."""
        if self._vault is None or self.edit is None or self.read_only:
            return False
        if not self.is_dirty():
            return True
        selected = self.current_key()
        try:
            saved = save_plan_edit(self._vault, copy.deepcopy(self.edit))
        except PlanItemInvalid as error:
            self._show_refusal(error)
            return False
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(messages.error_text(error), error=True)
            return False
        position = self._position(selected)
        self.reload(saved.id)
        if position is not None:
            self._select_position(position)
        self.banner.show_message("Plan saved.", error=False)
        self.plan_saved.emit(saved.client_id)
        return True

    def _show_refusal(self, error: PlanItemInvalid) -> None:
        key = HEADER_KEY if error.item_key is None else error.item_key
        self.select(key)
        kind = self.model.kind_of(key) or "header"
        editor = self.editors[kind]
        if isinstance(editor, GoalEditor):
            leftover = editor.show_errors(error.fields)
        else:
            assert isinstance(editor, SimpleEditor)
            leftover = editor.fields.show_errors(error.fields)
        text = "Not saved: fix the marked field." if not leftover else " ".join(leftover.values())
        self.banner.show_message(text, error=True)

    def _position(self, key: int | None) -> tuple[int, ...] | None:
        """Where an item sits (problem, goal, item index), to select it again after a reload."""
        if key is None or self.edit is None:
            return None
        for p, problem in enumerate(self.edit.problems):
            if problem.key == key:
                return (p,)
            for g, goal in enumerate(problem.goals):
                if goal.key == key:
                    return (p, g)
                for i, item in enumerate((*goal.objectives, *goal.interventions)):
                    if item.key == key:
                        return (p, g, i)
        return None

    def _select_position(self, position: tuple[int, ...]) -> None:
        index = self.model.index(position[0] + 1, 0)
        for row in position[1:]:
            index = self.model.index(row, 0, index)
        node = self.model.node(index)
        if node is not None:
            self.select(node.key)

    def revert(self) -> None:
        if not self.is_dirty():
            return
        if messages.confirm(
            self,
            "Revert plan",
            "Throw away every change since the plan was last saved?",
            "Revert",
        ):
            self.reload(self.plan.id if self.plan else None)

    def discard(self) -> None:
        """Drop unsaved edits without asking (the user already said so)."""
        if self.plan is not None:
            self.reload(self.plan.id)

    def _ask_to_save(self) -> bool:
        """Before signing, revising or switching: save or drop pending edits; False to stay."""
        if not self.is_dirty():
            return True
        answer = messages.ask_unsaved(self)
        if answer is messages.Unsaved.SAVE:
            return self.save()
        if answer is messages.Unsaved.DISCARD:
            self.discard()
            return True
        return False

    # ------------------------------------------------------------------ versions
    def start_plan(self) -> None:
        if self._vault is None or self.client_id is None:
            return
        try:
            interval = settings.get_preferences(self._vault).review_interval_days
            plans.create_plan(
                self._vault,
                self.client_id,
                PlanHeaderInput(effective_date=self.today, review_interval_days=interval),
            )
        except (PracticePlannerError, OSError) as error:
            self.no_plan_message.show_message(messages.error_text(error))
            return
        self.reload()
        self.plan_saved.emit(self.client_id)
        self.add_problem()

    def _version_chosen(self, index: int) -> None:
        plan_id = self.version_box.itemData(index)
        if self.plan is not None and plan_id == self.plan.id:
            return
        if not self._ask_to_save():
            self._fill_versions()
            return
        self.reload(plan_id)

    def sign(self) -> None:
        if self._vault is None or self.plan is None or not self._ask_to_save():
            return
        dialog = SignDialog(self._vault, self.plan, self, today=self.today)
        if dialog.exec() and dialog.result_plan is not None:
            self.reload(dialog.result_plan.id)
            self.banner.show_message(
                "Signatures recorded." if dialog.late else "Signed. This version is now frozen.",
                error=False,
            )
            self.plan_saved.emit(dialog.result_plan.client_id)

    def revise(self) -> None:
        if self._vault is None or self.plan is None:
            return
        if not messages.confirm(
            self,
            "Revise plan",
            f"Start version {self.plan.version + 1} as an editable copy of this signed version? "
            "The signed version stays as it is and can still be viewed.",
            "Start new version",
        ):
            return
        try:
            draft = plans.revise_plan(self._vault, self.plan.id, effective_date=self.today)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(messages.error_text(error), error=True)
            return
        self.reload(draft.id)
        self.banner.show_message(
            f"Version {draft.version} started. Edit it, then sign it to make it the active plan.",
            error=False,
        )

    def show_history(self) -> None:
        key = self.current_key()
        item = self.edit.find(key) if self.edit is not None and key is not None else None
        if self._vault is None or not isinstance(item, GoalEdit) or item.id is None:
            return
        try:
            revisions = plans.goal_history(self._vault, item.id)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(messages.error_text(error), error=True)
            return
        HistoryDialog(revisions, self).exec()

    # ------------------------------------------------------------------ review
    def review(self) -> None:
        if self._vault is None or self.plan is None or not self._ask_to_save():
            return
        dialog = ReviewDialog(self.plan, self, today=self.today)
        if not dialog.exec() or dialog.result_value is None:
            return
        try:
            self.apply_review(dialog.result_value)
        except ValidationError as error:
            self.banner.show_message(messages.error_text(error), error=True)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(messages.error_text(error), error=True)

    def apply_review(self, result: ReviewResult) -> None:
        """Record the review; goal changes go into the draft (a new version if this one is
        signed), which is saved with the reasons given."""
        assert self._vault is not None and self.plan is not None
        plan = self.plan
        plans.record_review(self._vault, plan.id, result.reviewed_on, today=self.today)
        if not result.changes_plan:
            self.reload(plan.id)
            self.banner.show_message(
                f"Review recorded. Next review {self.plan.next_review_date}.", error=False
            )
            self.plan_saved.emit(plan.client_id)
            return
        target = plan
        if plan.is_signed:
            target = plans.revise_plan(self._vault, plan.id, effective_date=result.reviewed_on)
            plans.record_review(self._vault, target.id, result.reviewed_on, today=self.today)
        old_goals = [g.id for p in plan.problems for g in p.goals]
        edit = edit_of(plans.get_plan(self._vault, target.id))
        new_goals = edit.goals()
        by_old = dict(zip(old_goals, new_goals, strict=True))
        revise_key: int | None = None
        for decision in result.decisions:
            goal = by_old[decision.goal_id]
            if decision.choice == "keep":
                continue
            if decision.choice == "revise":
                goal.change_reason = decision.reason
                revise_key = revise_key or goal.key
                continue
            goal.status = GoalStatus(decision.choice)
            goal.status_reason = decision.reason
        saved = save_plan_edit(self._vault, edit)
        self.reload(saved.id)
        self.plan_saved.emit(plan.client_id)
        note = (
            f"Review recorded; version {saved.version} holds the changes: edit it, then sign it."
            if saved.status is PlanStatus.DRAFT and saved.id != plan.id
            else "Review recorded and the goals updated."
        )
        self.banner.show_message(note, error=False)
        if revise_key is not None:
            position = [g.key for g in new_goals].index(revise_key)
            self.select(self.edit.goals()[position].key if self.edit else HEADER_KEY)
        if result.add_goal:
            problem, _goal = self._context()
            if problem is None and self.edit is not None and self.edit.problems:
                self.select(self.edit.problems[0].key)
            if self.edit is not None and self.edit.problems:
                self.add_goal()
            else:
                self.add_problem()

    # ------------------------------------------------------------------ goal library
    def insert_from_library(self) -> None:
        from practice_planner.ui.goal_library_dialog import GoalLibraryDialog

        key = self.current_key()
        if self._vault is None or key is None or self.read_only:
            return
        dialog = GoalLibraryDialog(self._vault, self)
        if not dialog.exec() or dialog.chosen is None:
            return
        template = dialog.chosen

        def apply(edit: PlanEdit) -> None:
            goal = edit.find(key)
            if not isinstance(goal, GoalEdit):
                return
            goal.fields.update(
                statement=template.statement,
                client_words=goal.fields.get("client_words") or template.client_words,
                category=template.category.value,
                horizon=template.horizon.value,
                kind=template.kind.value,
                measure_name=template.measure_name,
                measure_unit=template.measure_unit,
                direction=template.direction.value if template.direction else "",
            )
            goal.objectives.extend(
                ItemEdit({"statement": text, "target_date": ""}) for text in template.objectives
            )
            goal.interventions.extend(
                ItemEdit({"description": text, "modality": "", "frequency": ""})
                for text in template.interventions
            )

        self.change("Insert goal from library", apply, key=key)

    def save_to_library(self) -> None:
        from practice_planner.ui.goal_library_dialog import save_goal_as_template

        key = self.current_key()
        item = self.edit.find(key) if self.edit is not None and key is not None else None
        if self._vault is None or not isinstance(item, GoalEdit):
            return
        message = save_goal_as_template(self._vault, item, self)
        if message:
            self.banner.show_message(message, error=False)

    # ------------------------------------------------------------------ drafts across a lock
    def draft(self) -> dict[str, Any] | None:
        if not self.is_dirty() or self.edit is None or self.plan is None:
            return None
        return {"plan_id": self.plan.id, "edit": edit_to_json(self.edit)}

    def restore_draft(self, draft: dict[str, Any]) -> None:
        plan_id = draft.get("plan_id")
        stored = draft.get("edit")
        if not isinstance(plan_id, int) or not isinstance(stored, dict):
            return
        self.reload(plan_id)
        if self.plan is None or self.plan.id != plan_id or self.read_only:
            return
        saved = copy.deepcopy(self.edit)
        restored = edit_from_json(stored)
        self._load_edit(saved)  # type: ignore[arg-type]
        self.change("Restore unsaved edits", lambda e: _replace(e, restored), key=HEADER_KEY)


def _replace(edit: PlanEdit, other: PlanEdit) -> None:
    edit.header = other.header
    edit.problems = other.problems
