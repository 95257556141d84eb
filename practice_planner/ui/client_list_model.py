"""The client list as a lazy table model: all matching ids up front, row details by the page.

``services.clients.client_ids`` returns the ordered ids of every client the search and filter
match (one small query, even for 20,000 clients); the columns of a row are fetched only when the
view paints it, ``PAGE`` rows at a time. So the row count and scroll bar are exact from the start,
jumping to the end costs one page, and the row of any client (to keep the selection across a
reload) is a dictionary look-up.

Fetched rows are kept by client id (at most ``CACHED_ROWS``, least recently shown dropped first),
so a search keystroke, which changes the ids and their order but not the clients, fetches only
the rows of clients not shown before; ``reload`` (after a save, an archive, an import) forgets
them all, so an edited name is read again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from practice_planner.domain.enums import ClientStatus
from practice_planner.domain.review import ReviewState, review_state, review_when
from practice_planner.errors import PracticePlannerError
from practice_planner.services.clients import ClientRow, ClientSort, client_ids, client_rows
from practice_planner.storage.vault import Vault
from practice_planner.ui.messages import error_text

PAGE = 100
CACHED_PAGES = 40
CACHED_ROWS = CACHED_PAGES * PAGE

COLUMNS: tuple[tuple[str, ClientSort], ...] = (
    ("Record no.", ClientSort.RECORD_NUMBER),
    ("Name", ClientSort.FAMILY_NAME),
    ("Born", ClientSort.DATE_OF_BIRTH),
    ("Status", ClientSort.STATUS),
    ("Plan review", ClientSort.NEXT_REVIEW),
)
REVIEW_COLUMN = 4
_PLAIN_ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole}
)
_NAME_ROLES = _PLAIN_ROLES | {Qt.ItemDataRole.DecorationRole}  # the review mark
_REVIEW_ROLES = _PLAIN_ROLES | {Qt.ItemDataRole.ForegroundRole}
_ROLES = {1: _NAME_ROLES, REVIEW_COLUMN: _REVIEW_ROLES}
OVERDUE_COLOUR = QColor("#b00020")
DUE_SOON_COLOUR = QColor("#8a5300")
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ClientListModel(QAbstractTableModel):
    """Rows are clients in list order; ``failed`` carries a message when the vault refuses."""

    failed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._ids: list[int] = []
        self._rows_by_id: dict[int, int] = {}
        self._pages: OrderedDict[int, list[ClientRow | None]] = OrderedDict()
        self._cache: OrderedDict[int, ClientRow] = OrderedDict()
        self.search = ""
        self.statuses: tuple[ClientStatus, ...] = ()
        self.include_archived = False
        self.sort_key = ClientSort.FAMILY_NAME
        self.descending = False
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self._review_icons = {
            ReviewState.OVERDUE: _dot(OVERDUE_COLOUR),
            ReviewState.DUE_SOON: _dot(DUE_SOON_COLOUR),
        }

    # ------------------------------------------------------------------ loading
    def set_vault(self, vault: Vault | None) -> None:
        """Use ``vault`` from the next ``reload`` or ``set_filter`` on."""
        if vault is not self._vault:
            self._cache.clear()
        self._vault = vault

    def set_filter(
        self, search: str, statuses: Sequence[ClientStatus] = (), include_archived: bool = False
    ) -> None:
        """Show the clients matching a new search or filter; rows already fetched are kept."""
        self.search = search
        self.statuses = tuple(statuses)
        self.include_archived = include_archived
        self._query()

    def reload(self) -> None:
        """Ask the services again after the records changed (a save, an archive, an import)."""
        self._cache.clear()
        self._query()

    def clear(self) -> None:
        """Forget every row (on lock): nothing of a client stays in the model."""
        self._vault = None
        self._cache.clear()
        self._reset([])

    def _query(self) -> None:
        ids: list[int] = []
        if self._vault is not None and self._vault.is_unlocked:
            try:
                ids = client_ids(
                    self._vault,
                    self.search,
                    self.statuses,
                    self.include_archived,
                    self.sort_key,
                    self.descending,
                )
            except (PracticePlannerError, OSError) as error:
                self.failed.emit(error_text(error))
        self._reset(ids)

    def _reset(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._rows_by_id = {client_id: row for row, client_id in enumerate(ids)}
        self._pages.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._query()

    # ------------------------------------------------------------------ look-ups
    def client_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, client_id: int | None) -> int | None:
        return None if client_id is None else self._rows_by_id.get(client_id)

    def client_row(self, row: int) -> ClientRow | None:
        """The row's columns, fetching its page if it is not cached yet."""
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page[row - number * PAGE]

    def _fetch(self, number: int) -> list[ClientRow | None]:
        """The page's rows: those not in the row cache from the services, the rest from it."""
        ids = self._ids[number * PAGE : (number + 1) * PAGE]
        cache = self._cache
        missing = [client_id for client_id in ids if client_id not in cache]
        if missing and self._vault is not None and self._vault.is_unlocked:
            try:
                for row in client_rows(self._vault, missing):
                    cache[row.id] = row
            except (PracticePlannerError, OSError) as error:
                self.failed.emit(error_text(error))
        page = [cache.get(client_id) for client_id in ids]
        for client_id in ids:
            if client_id in cache:
                cache.move_to_end(client_id)
        while len(cache) > CACHED_ROWS:
            cache.popitem(last=False)
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    @property
    def cached_rows(self) -> int:
        return len(self._cache)

    # ------------------------------------------------------------------ the model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == CLIENT_ID_ROLE:
            return self.client_id(index.row())
        column = index.column()
        if role not in _ROLES.get(column, _PLAIN_ROLES):
            return None  # asked of every cell as it is painted: answered without the row
        row = self.client_row(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and column == 1 else None
        if column == REVIEW_COLUMN:
            if role == Qt.ItemDataRole.FontRole:
                overdue = _marked_state(row, date.today()) is ReviewState.OVERDUE
                return self._bold if overdue else None
            return _review_data(row, role, date.today())
        if column == 1 and role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            # The name carries the review mark too: the list is often narrower than its columns.
            state = _marked_state(row, date.today())
            if state in self._review_icons:
                if role == Qt.ItemDataRole.DecorationRole:
                    return self._review_icons[state]
                return _review_data(row, Qt.ItemDataRole.ToolTipRole, date.today())
        if role == Qt.ItemDataRole.DecorationRole:
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if row.archived else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Archived" if row.archived else None
        return _cell(row, column)


def _review_data(row: ClientRow, role: int, today: date) -> Any:
    """The plan-review cell's text, tooltip and colour: overdue in red, due within a week in
    amber, in words as well as colour (the bold font of an overdue one is the model's).

    Only clients in care are marked (as on the dashboard); a discharged or archived client's
    date is shown plain.
    """
    if row.next_review is None:
        return None
    state = _marked_state(row, today)
    if role == Qt.ItemDataRole.ForegroundRole:
        if state is ReviewState.OVERDUE:
            return OVERDUE_COLOUR
        return DUE_SOON_COLOUR if state is ReviewState.DUE_SOON else None
    when = review_when(row.next_review, today)
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"Treatment plan review {row.next_review.isoformat()}: {when.lower()}"
    return when if state in (ReviewState.OVERDUE, ReviewState.DUE_SOON) else _date(row.next_review)


def _marked_state(row: ClientRow, today: date) -> ReviewState:
    """The review state to mark: only for clients in care (as on the dashboard)."""
    if row.next_review is None:
        return ReviewState.NOT_SCHEDULED
    if row.status is not ClientStatus.ACTIVE or row.archived:
        return ReviewState.OK
    return review_state(row.next_review, today)


def _dot(colour: QColor) -> QIcon:
    """A small filled circle: the review mark beside a client's name."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _cell(row: ClientRow, column: int) -> str:
    if column == 0:
        return row.record_number
    if column == 1:
        name = f"{row.legal_family_name}, {row.legal_given_name}"
        if row.preferred_name and row.preferred_name != row.legal_given_name:
            name += f" “{row.preferred_name}”"
        return name
    if column == 2:
        return _date(row.date_of_birth)
    status = row.status.label
    return f"{status} (archived)" if row.archived else status


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""
