"""The right side of the main window: the chosen client's chart, in tabs, or the dashboard.

Overview edits the record and the diagnoses; Treatment plan edits the plan (``ui.plan_tab``);
Sessions lists the sessions and writes their notes (``ui.sessions_tab``); Measures gives
questionnaires and custom measures; Progress draws them over time. With no client chosen, the
practice dashboard shows instead. ``clear()`` empties every widget that shows client data (on
lock), and ``draft()`` / ``restore_draft()`` carry unsaved input across a lock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practice_planner.errors import PracticePlannerError
from practice_planner.services import clients
from practice_planner.storage.models import Client
from practice_planner.storage.vault import Vault
from practice_planner.ui.client_form import ClientForm
from practice_planner.ui.dashboard import DashboardPage
from practice_planner.ui.diagnoses import DiagnosesPanel
from practice_planner.ui.measures_tab import MeasuresTab
from practice_planner.ui.messages import error_text
from practice_planner.ui.plan_tab import PlanTab
from practice_planner.ui.progress_tab import ProgressTab
from practice_planner.ui.sessions_tab import SessionsTab
from practice_planner.ui.widgets import MessageLabel, push_button, text_label, title_label

EMPTY_TEXT = (
    "Choose a client on the left, or create a new one (File ▸ New client). "
    "Search finds names, preferred names and record numbers."
)
SESSIONS_TAB = 2
"""After Overview and Treatment plan."""


class ClientChart(QWidget):
    """Header (who, status, archive) above the tabs; an explanation when nobody is chosen."""

    saved = Signal(int)
    """A record was created or updated (the list should reload and select it)."""
    archive_requested = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_chart")
        self._vault: Vault | None = None
        self.client: Client | None = None

        self.name_label = title_label("", scale=1.35, name="client_name")
        self.details_label = text_label("", name="client_details")
        self.archive_button = push_button("Archive…", "archive_button")
        self.archive_button.clicked.connect(self.archive_requested)
        self.banner = MessageLabel("chart_banner", error=False)

        self.form = ClientForm()
        self.diagnoses = DiagnosesPanel()
        self.save_button = push_button("&Save record", "save_client_button")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_record)
        self.revert_button = push_button("Re&vert", "revert_client_button")
        self.revert_button.setToolTip("Put back the record as it was last saved")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self.form.revert)
        self.form.dirty_changed.connect(self._form_dirty)
        self.form.saved.connect(self._record_saved)
        self.diagnoses.changed.connect(self._diagnoses_changed)
        self.diagnoses.dirty_changed.connect(lambda _dirty: self._emit_dirty())
        self.sessions = SessionsTab()
        self.sessions.dirty_changed.connect(lambda _dirty: self._emit_dirty())
        self.addAction(self.sessions.new_session_action)  # Ctrl+Shift+N from every tab

        self.tabs = QTabWidget()
        self.tabs.setObjectName("chart_tabs")
        self.tabs.setAccessibleName("Client chart")
        self.tabs.addTab(self._overview(), "&Overview")
        self.plan_tab = PlanTab()
        self.plan_tab.dirty_changed.connect(lambda _dirty: self._emit_dirty())
        self.plan_tab.plan_saved.connect(self.saved.emit)  # the list's plan-review column
        self.tabs.addTab(self.plan_tab, "Treatment &plan")
        self.tabs.insertTab(SESSIONS_TAB, self.sessions, "&Sessions")
        self.sessions.show_me.connect(lambda: self.tabs.setCurrentWidget(self.sessions))
        self.measures = MeasuresTab()
        self.progress = ProgressTab()
        self.measures.administration_saved.connect(lambda _client: self.progress.invalidate())
        self.tabs.addTab(self.measures, "&Measures")
        self.tabs.addTab(self.progress, "P&rogress")

        chart = QWidget()
        chart.setObjectName("chart_page")
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.name_label)
        names.addWidget(self.details_label)
        header.addLayout(names, 1)
        header.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(chart)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        empty = QWidget()
        empty.setObjectName("no_client_page")
        empty_layout = QVBoxLayout(empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        self.dashboard = DashboardPage(EMPTY_TEXT)
        empty_layout.addWidget(self.dashboard)

        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(chart)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._empty, self._chart = empty, chart

    def _overview(self) -> QWidget:
        inner = QWidget()
        inner.setObjectName("overview_tab")
        layout = QVBoxLayout(inner)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        layout.addWidget(self.form)
        box = QGroupBox("Diagnoses")
        box.setObjectName("section_diagnoses")
        QVBoxLayout(box).addWidget(self.diagnoses)
        layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("overview_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    # ------------------------------------------------------------------ what is shown
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.diagnoses.set_vault(vault)
        self.plan_tab.set_vault(vault)
        self.sessions.set_vault(vault)
        for tab in (self.measures, self.progress, self.dashboard):
            tab.set_vault(vault)

    def _client_tabs(self, client_id: int | None) -> None:
        """Measures and Progress follow the client on screen (a new record has neither yet)."""
        if client_id is None:
            self.measures.clear()
            self.progress.clear()
        else:
            self.measures.show_client(client_id)
            self.progress.show_client(client_id)

    @property
    def busy(self) -> bool:
        """Reading the vault off the GUI thread (a lock waits for that to end)."""
        return self.progress.busy or self.dashboard.busy

    def wait_for_reads(self) -> None:
        """Block until those reads are done (the progress tab's run in the global pool)."""
        self.dashboard.wait()

    @property
    def client_id(self) -> int | None:
        return self.form.client_id

    @property
    def is_showing(self) -> bool:
        return self.stack.currentWidget() is self._chart

    def show_client(self, client_id: int) -> bool:
        """Load the client fresh from the vault; False (with a message) if that fails."""
        if self._vault is None:
            return False
        try:
            client = clients.get_client(self._vault, client_id)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(error_text(error), error=True)
            return False
        self.banner.clear_message()
        self._show(client)
        self.form.load(client)
        self.diagnoses.show_client(client.id, client.diagnoses)
        self.plan_tab.show_client(client.id)
        self.sessions.show_client(client.id)
        self._client_tabs(client.id)
        return True

    def _show(self, client: Client | None) -> None:
        self.client = client
        if client is None:
            self.name_label.setText("New client")
            self.details_label.setText("Not saved yet. Name and record number are required.")
            self.archive_button.setVisible(False)
        else:
            self.name_label.setText(client.display_name)
            self.details_label.setText(_details(client))
            archived = client.archived_at is not None
            self.archive_button.setText("Unarchive" if archived else "Archive…")
            self.archive_button.setAccessibleName(
                "Unarchive client" if archived else "Archive client"
            )
            self.archive_button.setVisible(True)
        self.stack.setCurrentWidget(self._chart)

    def new_client(self) -> bool:
        """An empty record with the next free record number suggested."""
        if self._vault is None:
            return False
        try:
            number = clients.suggest_record_number(self._vault)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(error_text(error), error=True)
            return False
        self.banner.clear_message()
        self._show(None)
        self.form.start_new(number)
        self.diagnoses.show_client(None, [])
        self.plan_tab.show_client(None)
        self.sessions.clear()
        self._client_tabs(None)
        self.tabs.setCurrentIndex(0)
        self.form.fields.widget("legal_given_name").setFocus()
        return True

    def clear(self) -> None:
        """Empty every field, label and table that shows a client (on lock, or nobody chosen)."""
        self.client = None
        self.form.clear()
        self.diagnoses.clear()
        self.plan_tab.clear()
        self.sessions.clear()
        self._client_tabs(None)
        self.dashboard.clear()
        self.name_label.clear()
        self.details_label.clear()
        self.banner.clear_message()
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(self._empty)

    def notify(self, message: str, *, error: bool = False) -> None:
        self.banner.show_message(message, error=error)

    # ------------------------------------------------------------------ saving
    def is_dirty(self) -> bool:
        return (
            self.form.is_dirty()
            or self.diagnoses.is_dirty()
            or self.plan_tab.is_dirty()
            or self.sessions.is_dirty()
            or self.measures.is_dirty()
        )

    def _emit_dirty(self) -> None:
        self.dirty_changed.emit(self.is_dirty())

    def _form_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty and self.form.mode == "edit")
        self._emit_dirty()

    def save_record(self) -> bool:
        """Ctrl+S: the plan or the note when their tab shows, else the client's record."""
        if self.tabs.currentWidget() is self.plan_tab and self.plan_tab.is_dirty():
            return self.plan_tab.save()
        if self.tabs.currentWidget() is self.sessions and self.sessions.is_dirty():
            return self.sessions.save()
        if self._vault is None or not self.form.is_dirty():
            return self._vault is not None
        return self.form.save(self._vault)

    def save_all(self) -> bool:
        """Save the record, the diagnosis and the note being edited; False if one was refused."""
        if self.form.is_dirty() and not self.save_record():
            return False
        if self.plan_tab.is_dirty() and not self.plan_tab.save():
            self.tabs.setCurrentWidget(self.plan_tab)
            return False
        if self.diagnoses.is_dirty() and not self.diagnoses.save():
            return False
        if self.sessions.is_dirty() and not self.sessions.save():
            return False
        return self.measures.save_unsaved()

    def discard(self) -> None:
        """Drop unsaved input (the user said so)."""
        if self.form.mode == "new":
            self.clear()
            return
        self.form.revert()
        self.diagnoses.start_new()
        self.plan_tab.discard()
        self.sessions.revert()
        self.measures.discard()

    def _record_saved(self, client_id: int) -> None:
        try:
            client = clients.get_client(self._vault, client_id) if self._vault else None
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(error_text(error), error=True)
            client = None
        if client is not None:
            self._show(client)
            self.diagnoses.show_client(client.id, client.diagnoses)
            if self.sessions.client_id != client.id:  # a new client: their (empty) sessions
                self.sessions.show_client(client.id)
            if self.plan_tab.client_id != client.id:  # ... and no plan yet
                self.plan_tab.show_client(client.id)
            self._client_tabs(client.id)
            self.banner.show_message("Saved.")
        self.saved.emit(client_id)

    def _diagnoses_changed(self) -> None:
        if self.client_id is None or self._vault is None:
            return
        try:
            client = clients.get_client(self._vault, self.client_id)
        except (PracticePlannerError, OSError) as error:
            self.banner.show_message(error_text(error), error=True)
            return
        self.diagnoses.show_client(client.id, client.diagnoses)
        self.plan_tab.diagnoses = list(client.diagnoses)
        self.banner.show_message("Diagnosis saved.")

    # ------------------------------------------------------------------ drafts
    def draft(self) -> dict[str, Any]:
        """What a lock must keep: which client and tab, and any unsaved input."""
        result: dict[str, Any] = {
            "client_id": self.client_id if self.form.mode == "edit" else None,
            "tab": self.tabs.currentIndex(),
        }
        if self.form.is_dirty():
            result["form"] = self.form.draft()
        if self.diagnoses.is_dirty():
            result["diagnosis"] = self.diagnoses.draft()
        plan = self.plan_tab.draft()
        if plan is not None:
            result["plan"] = plan
        result["note" if self.sessions.is_dirty() else "session"] = self.sessions.draft()
        if self.measures.is_dirty():
            result["measures"] = self.measures.draft()
        return result

    def restore_draft(self, draft: dict[str, Any]) -> None:
        client_id = draft.get("client_id")
        form = draft.get("form")
        if isinstance(client_id, int):
            self.show_client(client_id)
        if isinstance(form, dict):
            if form.get("mode") == "new":
                self.new_client()
            if self.is_showing:
                self.form.restore_draft(form)
        diagnosis = draft.get("diagnosis")
        if isinstance(diagnosis, dict) and self.client_id is not None:
            self.diagnoses.restore_draft(diagnosis)
        plan = draft.get("plan")
        if isinstance(plan, dict) and self.client_id is not None:
            self.plan_tab.restore_draft(plan)
        note = draft.get("note") or draft.get("session")
        if isinstance(note, dict) and self.client_id is not None:
            self.sessions.restore_draft(note)
        measures = draft.get("measures")
        if isinstance(measures, dict) and self.client_id is not None:
            self.measures.restore_draft(measures)
        tab = draft.get("tab")
        if isinstance(tab, int) and self.is_showing:
            self.tabs.setCurrentIndex(tab)


def _details(client: Client) -> str:
    parts = [client.record_number, client.status.label]
    legal = f"{client.legal_given_name} {client.legal_family_name}".strip()
    if client.preferred_name and legal != client.display_name:
        parts.append(f"legal name {legal}")
    if client.pronouns:
        parts.append(client.pronouns)
    if client.date_of_birth is not None:
        parts.append(f"born {client.date_of_birth.isoformat()} (age {_age(client.date_of_birth)})")
    if client.archived_at is not None:
        parts.append(f"archived {client.archived_at.date().isoformat()}")
    return " · ".join(parts)


def _age(born: date, today: date | None = None) -> int:
    today = today or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
