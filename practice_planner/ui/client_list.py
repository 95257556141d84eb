"""The left side of the main window: search as you type, status filter, the sortable client table.

Typing restarts a 150 ms timer and only its timeout asks the services, so a fast typist costs one
query, not one per key. Selecting a row asks (``client_chosen``) rather than tells: the window may
refuse while the open record has unsaved changes, and then puts the selection back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import ClientStatus
from practice_planner.storage.vault import Vault
from practice_planner.ui.client_list_model import REVIEW_COLUMN, ClientListModel
from practice_planner.ui.widgets import MessageLabel, signals_blocked

SEARCH_DELAY_MS = 150
ALL_STATUSES = ""


class ClientListPanel(QWidget):
    """Search box, filters, count and the table over a ``ClientListModel``."""

    client_chosen = Signal(int)
    """The user selected this client's row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_list_panel")
        self.model = ClientListModel(self)

        self.search = QLineEdit()
        self.search.setObjectName("client_search")
        self.search.setPlaceholderText("Search name or record number")
        self.search.setAccessibleName("Search clients")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(200)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.setAccessibleName("Show clients with status")
        self.status.addItem("All statuses", ALL_STATUSES)
        for status in ClientStatus:
            self.status.addItem(status.label, status.value)
        self.archived = QCheckBox("Show a&rchived")
        self.archived.setObjectName("show_archived")
        self.count = QLabel()
        self.count.setObjectName("client_count")
        self.error = MessageLabel("client_list_error")

        self.table = QTableView()
        self.table.setObjectName("client_table")
        self.table.setAccessibleName("Clients")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        # Fixed row heights: the view never asks every row for its size (which would load them).
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the last column takes what is left
        header.setHighlightSections(False)
        for column, width in ((0, 104), (1, 200), (2, 92), (3, 96), (REVIEW_COLUMN, 150)):
            header.resizeSection(column, width)
        # Shown beside the name: whether a plan review is due matters more day to day than the
        # date of birth, and a narrow list still shows it without scrolling.
        header.moveSection(header.visualIndex(REVIEW_COLUMN), 2)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._search_now)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.archived.toggled.connect(self.apply_filter)
        self.model.modelReset.connect(self._update_count)
        self.model.failed.connect(self.error.show_message)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._quiet = False
        self._shown: int | None = None  # the client the chart shows, selected whenever listed

        filters = QHBoxLayout()
        filters.addWidget(self.status, 1)
        filters.addWidget(self.archived)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.count)

    # ------------------------------------------------------------------ data
    def set_vault(self, vault: Vault | None) -> None:
        self.error.clear_message()
        self.model.set_vault(vault)
        self.apply_filter()

    def apply_filter(self) -> None:
        """Ask the services now; the client on the chart stays selected if it is listed."""
        self._debounce.stop()
        value = self.status.currentData()
        statuses = (ClientStatus(value),) if value else ()
        self.model.set_filter(self.search.text(), statuses, self.archived.isChecked())
        self.select_client(self._shown)

    def _search_now(self) -> None:
        self.apply_filter()
        if self.model.rowCount() and self.selected_client() is None:
            self.table.setFocus()

    def reload(self) -> None:
        self.model.reload()
        self.select_client(self._shown)

    def clear(self) -> None:
        """Lock: empty the table and the search box (what was typed may be a client's name)."""
        self._debounce.stop()
        self._shown = None
        self.model.clear()
        with signals_blocked(self.search, self.status, self.archived):
            self.search.clear()
            self.status.setCurrentIndex(0)
            self.archived.setChecked(False)
        self.error.clear_message()

    def _update_count(self) -> None:
        rows = self.model.rowCount()
        self.count.setText(f"{rows:,} client{'s' if rows != 1 else ''}")

    # ------------------------------------------------------------------ selection
    def selected_client(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.client_id(index.row())

    def select_client(self, client_id: int | None) -> None:
        """The chart shows this client: select its row (if listed) without asking again."""
        self._shown = client_id
        row = self.model.row_of(client_id)
        selection = self.table.selectionModel()
        self._quiet = True
        try:
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
                return
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._quiet = False

    def _row_changed(self, current: QModelIndex, previous: Any) -> None:
        if self._quiet or not current.isValid():
            return
        client_id = self.model.client_id(current.row())
        if client_id is not None:
            self.client_chosen.emit(client_id)

    # ------------------------------------------------------------------ drafts
    def state(self) -> dict[str, Any]:
        return {
            "search": self.search.text(),
            "status": self.status.currentData(),
            "archived": self.archived.isChecked(),
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        with signals_blocked(self.search, self.status, self.archived):
            self.search.setText(str(state.get("search", "")))
            index = self.status.findData(state.get("status", ALL_STATUSES))
            self.status.setCurrentIndex(max(index, 0))
            self.archived.setChecked(bool(state.get("archived", False)))
        self.apply_filter()
