"""The plan as a tree: plan details, then problems > goals > objectives and interventions.

An item model over the editor's working copy (``PlanEdit``). Items are addressed by their editor
key (the index's internal id), never by position, so a selection survives the resets that follow
every edit, undo and redo. The first row is the plan's own details, so everything the editor
changes is one click away in the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from practice_planner.domain.enums import GoalStatus
from practice_planner.services.plan_edits import GoalEdit, ItemEdit, PlanEdit, ProblemEdit

HEADER_KEY = 0
"""The key of the "Plan details" row (editor keys start at 1)."""

COLUMNS = ("Item", "Status", "Target date")
HEADER_TIP = "Dates, review schedule, modality, strengths, barriers and discharge criteria"

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Node:
    key: int
    kind: str
    """"header", "problem", "goal", "objective" or "intervention"."""
    parent: int | None
    row: int
    item: PlanEdit | ProblemEdit | GoalEdit | ItemEdit
    children: list[int]


class PlanTreeModel(QAbstractItemModel):
    """Read-only view of the working copy; the plan tab changes the copy, then calls reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit: PlanEdit | None = None
        self._nodes: dict[int, Node] = {}
        self._top: list[int] = []
        self.today = date.today()

    def set_plan(self, edit: PlanEdit | None) -> None:
        self.beginResetModel()
        self._edit = edit
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        self._nodes, self._top = {}, []
        edit = self._edit
        if edit is None:
            return
        self._nodes[HEADER_KEY] = Node(HEADER_KEY, "header", None, 0, edit, [])
        self._top.append(HEADER_KEY)
        for problem in edit.problems:
            self._add(problem.key, "problem", None, problem, self._top)
            kids = self._nodes[problem.key].children
            for goal in problem.goals:
                self._add(goal.key, "goal", problem.key, goal, kids)
                grandkids = self._nodes[goal.key].children
                for objective in goal.objectives:
                    self._add(objective.key, "objective", goal.key, objective, grandkids)
                for intervention in goal.interventions:
                    self._add(intervention.key, "intervention", goal.key, intervention, grandkids)

    def _add(
        self,
        key: int,
        kind: str,
        parent: int | None,
        item: ProblemEdit | GoalEdit | ItemEdit,
        siblings: list[int],
    ) -> None:
        self._nodes[key] = Node(key, kind, parent, len(siblings), item, [])
        siblings.append(key)

    def refresh(self, key: int) -> None:
        """Fields changed in place: repaint the row (no reset, so the editor keeps its focus)."""
        node = self._nodes.get(key)
        if node is not None:
            first = self.createIndex(node.row, 0, key)
            last = self.createIndex(node.row, len(COLUMNS) - 1, key)
            self.dataChanged.emit(first, last)

    # ------------------------------------------------------------------ lookups
    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        return self._nodes.get(index.internalId())

    def index_of(self, key: int) -> QModelIndex:
        node = self._nodes.get(key)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, key)

    def kind_of(self, key: int) -> str | None:
        node = self._nodes.get(key)
        return None if node is None else node.kind

    def parent_key(self, key: int) -> int | None:
        node = self._nodes.get(key)
        return None if node is None else node.parent

    # ------------------------------------------------------------------ the model
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self._children(parent)
        if not 0 <= row < len(siblings) or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.index_of(node.parent)

    def _children(self, parent: Index) -> list[int]:
        if not parent.isValid():
            return self._top
        node = self.node(parent)
        return [] if node is None else node.children

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return HEADER_TIP if node.kind == "header" else _display(node, 0)
        if role == Qt.ItemDataRole.FontRole and node.kind in ("header", "problem"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(node, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.kind.capitalize()}: {_display(node, 0)}"
        return None

    def _foreground(self, node: Node, column: int) -> QBrush | None:
        palette = QApplication.palette()
        if node.kind in ("goal", "objective"):
            status = node.item.status  # type: ignore[union-attr]
            if status in (GoalStatus.DISCONTINUED, GoalStatus.REVISED, GoalStatus.ON_HOLD):
                return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
            if column == 2 and status is GoalStatus.ACTIVE and _overdue(node, self.today):
                return QBrush(Qt.GlobalColor.red)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _one_line(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _display(node: Node, column: int) -> str:
    item = node.item
    if node.kind == "header":
        return "Plan details" if column == 0 else ""
    if isinstance(item, ProblemEdit):
        return _one_line(item.fields.get("statement", "")) or "(new problem)" if column == 0 else ""
    if isinstance(item, GoalEdit):
        if column == 0:
            return _one_line(item.fields.get("statement", "")) or "(new goal)"
        if column == 1:
            return item.status.label
        return item.fields.get("target_date", "")
    assert isinstance(item, ItemEdit)
    if node.kind == "objective":
        if column == 0:
            return "Objective: " + (_one_line(item.fields.get("statement", "")) or "(new)")
        if column == 1:
            return item.status.label
        return item.fields.get("target_date", "")
    if column == 0:
        return "Intervention: " + (_one_line(item.fields.get("description", "")) or "(new)")
    return ""


def _overdue(node: Node, today: date) -> bool:
    text = node.item.fields.get("target_date", "")  # type: ignore[union-attr]
    try:
        return bool(text) and date.fromisoformat(text) < today
    except ValueError:
        return False
