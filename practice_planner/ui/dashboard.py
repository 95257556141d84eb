"""The practice dashboard: the start page when no client is chosen.

What needs the clinician across the practice, most urgent first: questionnaires flagged on item 9
or reliably worse, plan reviews due, unsigned notes, goals past their target date, and the week's
wins. Each list is read by its own worker (``services.dashboard.load_section``), so the quick
ones show at once while a slow one fills in; each entry opens that client's chart, through the
same path as choosing them in the client list (``client_chosen``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.review import ReviewState
from practice_planner.errors import PracticePlannerError
from practice_planner.services import dashboard
from practice_planner.services.dashboard import MeasureAlert, ReviewDue, Section, SectionName
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.background import Job
from practice_planner.ui.widgets import error_colour, push_button, text_label, title_label

Index = QModelIndex | QPersistentModelIndex
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LOADING = "Loading…"
LOAD_ORDER = (
    SectionName.REVIEWS,
    SectionName.WINS,
    SectionName.GOALS_PAST_DUE,
    SectionName.ALERTS,
    SectionName.UNSIGNED,
)
"""Quick lists first: the worker threads are few, and the last two read a whole table each."""
VISIBLE_ROWS = 8


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]


@dataclass(frozen=True)
class Spec:
    title: str
    empty: str
    columns: tuple[Column, ...]
    stretch: int = -1
    """The column that takes the spare width and is cut short (…) when there is too little."""


def _client(item: Any) -> str:
    return f"{item.client.name} ({item.client.record_number})"


SPECS: dict[SectionName, Spec] = {
    SectionName.ALERTS: Spec(
        "Questionnaires needing attention",
        "No client's latest PHQ-9 or GAD-7 is flagged on item 9 or reliably worse than their "
        "first.",
        (
            Column("Client", _client),
            Column("Latest", lambda a: f"{a.instrument.label} {a.total} ({a.band})"),
            Column("Given", lambda a: a.administered_on.isoformat()),
            Column("Why", lambda a: a.reason),
        ),
    ),
    SectionName.REVIEWS: Spec(
        "Plan reviews due",
        "No treatment plan is due for review in the next week.",
        (
            Column("Client", _client),
            Column("Plan", lambda r: f"Version {r.version}"),
            Column("Review date", lambda r: r.next_review.isoformat()),
            Column("When", lambda r: r.when),
        ),
    ),
    SectionName.UNSIGNED: Spec(
        "Unsigned notes",
        "Every progress note is signed.",
        (
            Column("Client", _client),
            Column("Session", lambda n: n.session_date.isoformat()),
            Column("Waiting", lambda n: "Today" if n.days_old == 0 else _days(n.days_old)),
        ),
    ),
    SectionName.GOALS_PAST_DUE: Spec(
        "Goals past their target date",
        "No active goal is past its target date.",
        (
            Column("Client", _client),
            Column("Goal", lambda g: " ".join(g.statement.split())),
            Column("Target date", lambda g: g.target_date.isoformat()),
            Column("Past by", lambda g: _days(g.days_past)),
        ),
        stretch=1,
    ),
    SectionName.WINS: Spec(
        "This week's wins",
        "No milestone marked in the last seven days yet.",
        (
            Column("Client", _client),
            Column("Date", lambda w: w.achieved_on.isoformat()),
            Column("Milestone", lambda w: " ".join(w.description.split())),
        ),
        stretch=2,
    ),
}


class DashboardListModel(QAbstractTableModel):
    """One section's entries; ``CLIENT_ID_ROLE`` gives the client each row opens."""

    def __init__(self, spec: Spec, parent: Any = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._items: list[Any] = []

    def set_items(self, items: tuple[Any, ...] | list[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.spec.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == CLIENT_ID_ROLE:
            return item.client.client_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.spec.columns[index.column()].text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return " · ".join(c.text(item) for c in self.spec.columns)
        if role == Qt.ItemDataRole.ForegroundRole and _urgent(item):
            return QColor(error_colour())
        return None


def _urgent(item: Any) -> bool:
    return (isinstance(item, MeasureAlert) and item.item9) or (
        isinstance(item, ReviewDue) and item.state is ReviewState.OVERDUE
    )


class SectionBox(QGroupBox):
    """One list: its table, and a line saying how many there are (or that there are none)."""

    chosen = Signal(int)

    def __init__(self, name: SectionName) -> None:
        spec = SPECS[name]
        super().__init__(spec.title)
        self.name = name
        self.setObjectName(f"dashboard_{name.value}")
        self.model = DashboardListModel(spec, self)
        self.table = QTableView()
        self.table.setObjectName(f"dashboard_{name.value}_table")
        self.table.setAccessibleName(spec.title)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        stretch = spec.stretch % len(spec.columns)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.activated.connect(self._open)
        self.table.clicked.connect(self._open)
        self.table.setToolTip("Click a row (or press Enter) to open that client's chart")
        self.note = text_label(LOADING, name=f"dashboard_{name.value}_note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.table.setVisible(False)

    def _open(self, index: QModelIndex) -> None:
        client_id = self.model.data(index, CLIENT_ID_ROLE)
        if isinstance(client_id, int):
            self.chosen.emit(client_id)

    def show_loading(self) -> None:
        if self.model.rowCount() == 0:
            self.note.setText(LOADING)

    def show_section(self, section: Section[Any]) -> None:
        self.model.set_items(section.items)
        self.table.setVisible(bool(section.items))
        self._fit(len(section.items))
        shown = len(section.items)
        self.setTitle(
            f"{self.model.spec.title} ({section.total})"
            if section.total
            else (self.model.spec.title)
        )
        if not section.items:
            self.note.setText(self.model.spec.empty)
        elif section.more:
            self.note.setText(f"Showing the first {shown} of {section.total}.")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    def _fit(self, rows: int) -> None:
        """As tall as its rows (up to ``VISIBLE_ROWS``; more scroll), never a blank expanse."""
        height = self.table.horizontalHeader().sizeHint().height()
        height += self.table.verticalHeader().defaultSectionSize() * min(rows, VISIBLE_ROWS)
        height += 2 * self.table.frameWidth()
        if rows > VISIBLE_ROWS or self.table.horizontalScrollBar().isVisible():
            height += self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(height)

    def show_error(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(True)

    def empty(self) -> None:
        self.model.set_items([])
        self.table.setVisible(False)
        self.setTitle(self.model.spec.title)
        self.note.setText(LOADING)
        self.note.setVisible(True)


class DashboardPage(QWidget):
    """All the lists; ``client_chosen`` when an entry is opened, ``loaded`` when all arrived."""

    client_chosen = Signal(int)
    loaded = Signal()

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._vault: Vault | None = None
        self._generation = 0
        self._pending: set[SectionName] = set()
        self._jobs: list[Job] = []
        # one reader of its own: a slow list on a large vault never holds up the threads that
        # load a client's charts or an export
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._fresh = False
        self.today: date | None = None
        """Fixed by tests; otherwise the clock's date at each load."""
        self.heading = title_label("Practice dashboard", scale=1.35, name="dashboard_title")
        self.date_label = QLabel()
        self.date_label.setObjectName("dashboard_date")
        self.refresh_button = push_button("&Refresh", "dashboard_refresh_button")
        self.refresh_button.clicked.connect(self.refresh)
        self.hint = text_label(hint, name="no_client_text")
        self.sections = {name: SectionBox(name) for name in SectionName}
        for box in self.sections.values():
            box.chosen.connect(self.client_chosen)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.heading)
        titles.addWidget(self.date_label)
        top.addLayout(titles, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(top)
        inner_layout.addWidget(self.hint)
        for box in self.sections.values():  # one column: each list gets the full width
            inner_layout.addWidget(box)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("dashboard_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # ------------------------------------------------------------------ state
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    @property
    def busy(self) -> bool:
        return any(job.running for job in self._jobs)

    def wait(self) -> None:
        """Until the lists being read are read (before the vault locks)."""
        self._pool.waitForDone()

    def clear(self) -> None:
        """Nothing of any client stays on the page; loads under way are dropped on arrival.

        The page loads again once it is in view and the vault open (not at once: a lock
        empties the page and then locks the vault in one go).
        """
        self._generation += 1
        self._fresh = False
        self._pending.clear()
        self.date_label.clear()
        for box in self.sections.values():
            box.empty()
        QTimer.singleShot(0, self._refresh_if_shown)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        if self.isVisible() and not self._fresh:
            self.refresh()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        vault = self._vault
        if vault is None or not vault.is_unlocked:
            return
        today = self.today or date.today()
        self._generation += 1
        self._fresh = True
        generation = self._generation
        self._pending = set(SectionName)
        self.date_label.setText(f"Today, {today.strftime('%A')} {today.isoformat()}")
        for box in self.sections.values():
            box.show_loading()
        for name in LOAD_ORDER:
            work = functools.partial(dashboard.load_section, vault, name, today)
            job = Job(work, self, pool=self._pool)
            job.finished.connect(
                lambda section, name=name: self._arrived(generation, name, section)
            )
            job.failed.connect(lambda error, name=name: self._failed(generation, name, error))
            for signal in (job.finished, job.failed):
                signal.connect(lambda _result, job=job: self._forget(job))
            self._jobs.append(job)
            job.start()

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        job.deleteLater()

    def _arrived(self, generation: int, name: SectionName, section: object) -> None:
        if generation != self._generation:
            return
        assert isinstance(section, Section)
        self.sections[name].show_section(section)
        self._done(name)

    def _failed(self, generation: int, name: SectionName, error: object) -> None:
        if generation != self._generation:
            return
        if isinstance(error, PracticePlannerError | OSError):
            text = messages.error_text(error)
        else:
            text = "This list could not be read."
        self.sections[name].show_error(text)
        self._done(name)

    def _done(self, name: SectionName) -> None:
        self._pending.discard(name)
        if not self._pending:
            self.loaded.emit()

    def entries(self, name: SectionName) -> list[Any]:
        """The entries of one list as shown (for tests and screenshots)."""
        model = self.sections[name].model
        return [model.item(row) for row in range(model.rowCount())]
