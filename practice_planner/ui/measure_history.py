"""The client's measures given so far, newest first, as a read-only table.

Every questionnaire and custom reading in one list, so a clinician sees at a glance what was given
when; a flagged item 9 is shown in the error colour on its row and never scrolls out of the
record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from practice_planner.domain import measures as scoring
from practice_planner.services.measures import AdministrationRow
from practice_planner.services.progress import plain_number
from practice_planner.ui.widgets import error_colour

Index = QModelIndex | QPersistentModelIndex

HEADERS = ("Date", "Measure", "Score", "Band", "Item 9", "Session", "Difficulty")
ITEM9_TEXT = "Above 0: follow up"


class AdministrationsModel(QAbstractTableModel):
    """Rows as ``services.measures.client_administrations`` returns them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AdministrationRow] = []

    def set_rows(self, rows: Sequence[AdministrationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> AdministrationRow:
        return self._rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and row.item9_flag:
            return QColor(error_colour())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        score = plain_number(row.total) + (f" {row.unit}" if row.unit else "")
        values = (
            row.administered_on.isoformat(),
            row.name,
            score,
            row.band,
            ITEM9_TEXT if row.item9_flag else "",
            row.session_date.isoformat() if row.session_date else "",
            _difficulty(row),
        )
        return values[index.column()]


def _difficulty(row: AdministrationRow) -> str:
    """The closing question's answer in the instrument's own words ("Somewhat difficult")."""
    if row.difficulty is None or row.instrument not in scoring.DEFINITIONS:
        return ""
    return scoring.definition(row.instrument).difficulty_answers[row.difficulty]


def history_table(model: AdministrationsModel) -> QTableView:
    table = QTableView()
    table.setObjectName("measure_history")
    table.setAccessibleName("Measures given so far")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    # Columns as wide as what they hold (a client's history is short), the last takes the rest.
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setMinimumHeight(rows.defaultSectionSize() * 6 + 4)
    return table
