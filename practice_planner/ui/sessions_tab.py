"""The Sessions tab: the client's sessions, newest first, and the note of the one chosen.

Where a therapist spends most of the week, so writing must be fast and must never be lost:

- New session starts from the last one (time, length, type, how it was held) and the default
  note format from Preferences.
- Edits are kept as an encrypted draft inside the vault (``services.drafts``) a few seconds after
  the last keystroke, when another session is chosen, and when the window locks or closes, so a
  crash or an auto-lock loses at most those few seconds. A draft is not the record: Save writes
  the note through the services (which check it), and the draft is then dropped. Drafts keep the
  raw text, so even input the services would refuse (a half-typed value, moderate risk without
  a safety plan yet) survives.
- Sign and lock asks first, then the note is read-only; corrections are dated addenda.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import NoteFormat
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import drafts, milestones, sessions, settings
from practice_planner.services.practice import get_profile
from practice_planner.services.sessions import EncounterInput, NoteInput
from practice_planner.storage.models import Encounter, ProgressNote
from practice_planner.storage.vault import Vault
from practice_planner.ui import sign_note_dialog
from practice_planner.ui.addenda import KEYS as ADDENDUM_KEYS
from practice_planner.ui.goals_addressed import progress_values
from practice_planner.ui.messages import error_text
from practice_planner.ui.milestone_dialog import MilestoneDialog
from practice_planner.ui.note_editor import NoteEditor, encounter_texts, note_texts
from practice_planner.ui.session_list_model import SessionListModel
from practice_planner.ui.widgets import MessageLabel, push_button, text_label

SIDE_BY_SIDE_WIDTH = 1100
"""Tab width from which the list sits beside the note rather than above it."""
AUTOSAVE_MS = 5000
"""Quiet time after the last edit before the draft is written (seconds of typing at risk)."""
DRAFT_PREFIX = "note:"
EMPTY_TEXT = (
    "No sessions yet. New session (Ctrl+Shift+N) starts one, pre-filled from the last session."
)
RESTORED = "Unsaved edits from {when} are back. Save the note when you are ready."
STILL_EDITABLE = ("psychotherapy_note", *ADDENDUM_KEYS.values())
"""What a signed note's page still takes as input (and so what a draft of it may put back)."""

Mode = Literal["none", "new", "edit"]


def draft_name(encounter_id: int | None, client_id: int) -> str:
    """The vault draft of one session's note; a session not saved yet has one per client."""
    if encounter_id is None:
        return f"{DRAFT_PREFIX}new:{client_id}"
    return f"{DRAFT_PREFIX}{encounter_id}"


def _drafted_encounters(names: Iterable[str]) -> set[int]:
    found = set()
    for name in names:
        rest = name[len(DRAFT_PREFIX) :] if name.startswith(DRAFT_PREFIX) else ""
        if rest.isdigit():
            found.add(int(rest))
    return found


def _local(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _action(parent: QWidget, text: str, name: str, keys: str, slot: Any) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    action.setEnabled(False)
    return action


class SessionsTab(QWidget):
    """List beside editor; ``show_me`` asks the chart to bring this tab to the front."""

    dirty_changed = Signal(bool)
    show_me = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessions_tab")
        self._vault: Vault | None = None
        self.client_id: int | None = None
        self.encounter_id: int | None = None
        self.mode: Mode = "none"
        self._encounter: EncounterInput | None = None
        self._note: ProgressNote | None = None
        self._win_dialog: MilestoneDialog | None = None
        self._baseline: dict[str, str] = {}
        self._dirty = False
        self._stored: set[str] = set()
        self._flag_days = settings.DEFAULTS.unsigned_note_days
        self._default_format = settings.DEFAULTS.default_note_format
        self._clinician = ""
        self._selecting = False

        self.timer = QTimer(self)
        self.timer.setObjectName("autosave_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)

        self.model = SessionListModel(self)
        self.table = QTableView()
        self.table.setObjectName("session_table")
        self.table.setAccessibleName("Sessions, newest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.new_button = push_button("New session", "new_session_button")
        self.new_button.setToolTip("Start a session pre-filled from the last one (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_session)
        self.save_button = push_button("Save note", "save_note_button")
        self.save_button.setToolTip("Save the session and its note as a draft (Ctrl+Shift+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = push_button("Revert", "revert_note_button")
        self.revert_button.setToolTip("Put back the note as it was last saved")
        self.revert_button.clicked.connect(self.revert)
        self.sign_button = push_button("Sign and lock…", "sign_note_button")
        self.sign_button.setToolTip("Sign the note: it becomes read-only (Ctrl+Shift+G)")
        self.sign_button.clicked.connect(self.sign)
        self.win_button = push_button("Mark a win…", "mark_win_button")
        self.win_button.setToolTip("Keep a milestone with a goal (Ctrl+Shift+M)")
        self.win_button.clicked.connect(self.mark_win)
        self.status = QLabel()
        self.status.setObjectName("note_status")
        self.status.setWordWrap(True)
        self.notice = MessageLabel("sessions_notice", error=False)

        self.editor = NoteEditor()
        self.editor.edited.connect(self._edited)
        self.editor.goals.carry_forward_requested.connect(self.carry_forward)
        self.editor.addenda.add_requested.connect(self.add_addendum)
        self.note_scroll = QScrollArea()
        self.note_scroll.setObjectName("note_scroll")
        self.note_scroll.setWidgetResizable(True)
        self.note_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.note_scroll.setWidget(self.editor)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.table, 1)

        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for button in (self.revert_button, self.save_button, self.sign_button, self.win_button):
            bar.addWidget(button)
        editor_page = QWidget()
        editor_layout = QVBoxLayout(editor_page)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(bar)
        editor_layout.addWidget(self.notice)
        editor_layout.addWidget(self.note_scroll, 1)
        self.empty_text = text_label(EMPTY_TEXT, name="no_sessions_text")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_text)
        self.pages.addWidget(editor_page)
        self._editor_page = editor_page

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("sessions_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.new_session_action = _action(
            self, "New session", "new_session_action", "Ctrl+Shift+N", self._new_from_anywhere
        )
        """Works from every tab of the chart: the chart adds it to itself."""
        for text, name, keys, slot in (
            ("Save note", "save_note_action", "Ctrl+Shift+S", self.save),
            ("Sign and lock note", "sign_note_action", "Ctrl+Shift+G", self.sign),
            (
                "Carry forward last values",
                "carry_forward_action",
                "Ctrl+Shift+F",
                self.carry_forward,
            ),
            ("Mark a win", "mark_win_action", "Ctrl+Shift+M", self.mark_win),
        ):
            self.addAction(_action(self, text, name, keys, slot))
        self._show_mode()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """List beside the note when there is room for both; above it when there is not."""
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation == self.splitter.orientation():
            return
        self.splitter.setOrientation(orientation)
        if wide:
            list_width = min(460, event.size().width() * 2 // 5)
            self.splitter.setSizes([list_width, event.size().width() - list_width])
        else:
            rows = self.table.verticalHeader().defaultSectionSize()
            top = self.new_button.sizeHint().height() + rows * 6 + 12
            self.splitter.setSizes([top, max(event.size().height() - top, 200)])

    # ------------------------------------------------------------------ showing
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    def _usable(self) -> Vault | None:
        vault = self._vault
        return vault if vault is not None and vault.is_unlocked else None

    def show_client(self, client_id: int) -> None:
        """The client's sessions; the note being written for them (if any) stays open."""
        vault = self._usable()
        if vault is None:
            return
        same = client_id == self.client_id
        self._flush()
        keep_new = same and self.mode == "new"
        keep = self.encounter_id if same and self.mode == "edit" else None
        if not same:
            self._set_mode("none")  # nothing of the previous client stays on screen
            self.model.clear()
        self.client_id = client_id
        self.notice.clear_message()
        try:
            prefs = settings.get_preferences(vault)
            self._flag_days, self._default_format = (
                prefs.unsigned_note_days,
                prefs.default_note_format,
            )
            self._clinician = _signature_name(vault)
            self._stored = set(drafts.draft_names(vault))
            self._reload_list()
        except (PracticePlannerError, OSError) as error:
            self._set_mode("none")
            self._fail(error)
            return
        if keep_new or draft_name(None, client_id) in self._stored:
            self._open_new()
        elif keep is not None and self.model.row_of(keep) is not None:
            self._open(keep)
        elif self.model.rowCount():
            first = self.model.session(0)
            assert first is not None
            self._open(first.encounter_id)
        else:
            self._set_mode("none")

    def _reload_list(self) -> None:
        assert self._vault is not None and self.client_id is not None
        self.model.set_sessions(
            sessions.encounters_for(self._vault, self.client_id),
            unsaved=_drafted_encounters(self._stored),
            flag_after_days=self._flag_days,
        )
        self._select_row(self.encounter_id)

    def _select_row(self, encounter_id: int | None) -> None:
        """Show which session is open, without that counting as the user choosing one."""
        row = self.model.row_of(encounter_id)
        selection = self.table.selectionModel()
        self._selecting = True
        try:
            if row is None:
                selection.clear()
            else:
                self.table.selectRow(row)
        finally:
            self._selecting = False

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting:
            return
        item = self.model.session(current.row()) if current.isValid() else None
        if item is None or (self.mode == "edit" and item.encounter_id == self.encounter_id):
            return
        self._flush()
        self._open(item.encounter_id)

    def _open(self, encounter_id: int) -> None:
        """Load one session fresh from the vault, then any unsaved edits kept for it."""
        vault = self._usable()
        if vault is None or self.client_id is None:
            return
        try:
            encounter = sessions.get_encounter(vault, encounter_id)
            note = sessions.note_for_encounter(vault, encounter_id)
            private = sessions.get_psychotherapy_note(vault, encounter_id)
            goals = sessions.goals_to_address(vault, self.client_id, note.id if note else None)
            wins = [
                win
                for win in milestones.milestones_for(vault, self.client_id)
                if note is not None and win.note_id == note.id
            ]
            stored = drafts.load_draft(vault, draft_name(encounter_id, self.client_id))
        except (PracticePlannerError, OSError) as error:
            self._fail(error)
            return
        self.mode, self.encounter_id, self._note = "edit", encounter_id, note
        self._encounter = EncounterInput.from_encounter(encounter)
        values = encounter_texts(self._encounter)
        values |= note_texts(_note_input(note) if note else NoteInput(format=self._default_format))
        values |= progress_values(note.goal_progress) if note else {}
        values |= {"psychotherapy_note": private, ADDENDUM_KEYS["author"]: self._clinician}
        self.editor.show_session(
            _heading(encounter),
            values,
            goals,
            list(note.addenda) if note else [],
            wins,
            signed_text=_signed_text(note),
        )
        self._baseline = self.editor.values()
        self._put_back(stored)
        self._select_row(encounter_id)
        self._set_mode("edit")

    def _open_new(self) -> None:
        """A session not saved yet, pre-filled from the last one (or its kept draft)."""
        vault = self._usable()
        if vault is None or self.client_id is None:
            return
        try:
            prefill = sessions.prefill_from_last(vault, self.client_id)
            goals = sessions.goals_to_address(vault, self.client_id)
            stored = drafts.load_draft(vault, draft_name(None, self.client_id))
        except (PracticePlannerError, OSError) as error:
            self._fail(error)
            return
        self.mode, self.encounter_id, self._note, self._encounter = "new", None, None, None
        values = encounter_texts(prefill) | note_texts(NoteInput(format=self._default_format))
        values |= {"psychotherapy_note": "", ADDENDUM_KEYS["author"]: self._clinician}
        self.editor.show_session("New session", values, goals, [], [])
        self._baseline = self.editor.values()
        self._put_back(stored)
        self._select_row(None)
        self._set_mode("new")

    def _put_back(self, stored: Mapping[str, Any] | None) -> None:
        """Unsaved edits kept in the vault, over what was just loaded."""
        if not stored or not isinstance(stored.get("values"), dict):
            return
        values = {str(k): str(v) for k, v in stored["values"].items()}
        if self.editor.is_signed:
            values = {k: v for k, v in values.items() if k in STILL_EDITABLE}
        self.editor.set_values(self.editor.values() | values)
        when = stored.get("kept_at")
        self.notice.show_message(RESTORED.format(when=when if isinstance(when, str) else "before"))

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        if mode == "none":
            self.encounter_id, self._note, self._encounter = None, None, None
            self.editor.clear()
            self._baseline = self.editor.values()
        self._check_dirty()
        self._show_mode()

    def _show_mode(self) -> None:
        shown = self.mode != "none"
        self.pages.setCurrentWidget(self._editor_page if shown else self.empty_text)
        signed = self.editor.is_signed
        self.new_button.setEnabled(self.client_id is not None)
        self.new_session_action.setEnabled(self.client_id is not None)
        self.save_button.setEnabled(shown and (not signed or self._dirty))
        self.revert_button.setEnabled(shown and self._dirty)
        self.sign_button.setVisible(not signed)
        self.sign_button.setEnabled(shown and not signed)
        self.win_button.setEnabled(shown)
        for action in self.actions():
            name = action.objectName()
            if name == "save_note_action":
                action.setEnabled(self.save_button.isEnabled())
            elif name == "sign_note_action":
                action.setEnabled(self.sign_button.isEnabled())
            elif name == "carry_forward_action":
                action.setEnabled(shown and not signed)
            else:
                action.setEnabled(shown)
        self.status.setText(self._status_text())

    def _status_text(self) -> str:
        if self.mode == "none":
            return ""
        if self.mode == "new":
            text = "New session, not saved yet."
        elif self._note is None:
            text = "No note written yet."
        elif self._note.signed_at is not None:
            text = f"Signed and locked {_local(self._note.signed_at)} by {self._note.signed_by}."
        else:
            text = f"Draft note, saved {_local(self._note.updated_at)}."
        if self._dirty:
            text += " Unsaved edits."
        return text

    # ------------------------------------------------------------------ editing
    def is_dirty(self) -> bool:
        return self._dirty

    def _edited(self) -> None:
        self._check_dirty()
        self.timer.start()  # restarts: the draft is written once typing pauses

    def _check_dirty(self) -> None:
        dirty = self.mode != "none" and self.editor.values() != self._baseline
        changed = dirty != self._dirty
        self._dirty = dirty
        self._show_mode()
        if changed:
            self.dirty_changed.emit(dirty)

    def _draft_name(self) -> str | None:
        if self.mode == "none" or self.client_id is None:
            return None
        return draft_name(self.encounter_id if self.mode == "edit" else None, self.client_id)

    def autosave(self) -> bool:
        """Keep unsaved edits as an encrypted draft in the vault (or drop a draft now moot)."""
        self.timer.stop()
        vault, name = self._usable(), self._draft_name()
        if vault is None or name is None:
            return False
        try:
            if self._dirty:
                kept_at = datetime.now().astimezone()
                drafts.save_draft(
                    vault,
                    name,
                    {
                        "client_id": self.client_id,
                        "encounter_id": self.encounter_id,
                        "values": self.editor.values(),
                        "kept_at": f"{kept_at:%Y-%m-%d %H:%M}",
                    },
                )
                self._stored.add(name)
                self.status.setText(
                    self._status_text() + f" Kept safe in the vault at {kept_at:%H:%M:%S}."
                )
            elif name in self._stored:
                drafts.discard_draft(vault, name)
                self._stored.discard(name)
        except (PracticePlannerError, OSError) as error:
            self.status.setText("Could not keep a draft: " + error_text(error))
            return False
        if self.encounter_id is not None:
            self.model.set_unsaved(self.encounter_id, name in self._stored)
        return True

    def _flush(self) -> None:
        """Before the editor shows something else: keep what is unsaved."""
        if self._dirty:
            self.autosave()
        self.timer.stop()

    def _discard_stored(self) -> None:
        vault, name = self._usable(), self._draft_name()
        if vault is None or name is None or name not in self._stored:
            return
        with contextlib.suppress(PracticePlannerError, OSError):
            drafts.discard_draft(vault, name)
        self._stored.discard(name)

    def revert(self) -> None:
        """Drop unsaved edits (the user said so): the saved note comes back."""
        self.timer.stop()
        self._discard_stored()
        self.notice.clear_message()
        if self.mode == "edit" and self.encounter_id is not None:
            self.model.set_unsaved(self.encounter_id, False)
            self._open(self.encounter_id)
        elif self.mode == "new" and self.client_id is not None:
            self._set_mode("none")
            self.show_client(self.client_id)

    def new_session(self) -> None:
        if self._usable() is None or self.client_id is None:
            return
        self._flush()
        self.notice.clear_message()
        self._open_new()
        self.editor.fields.widget("session_date").setFocus()

    def _new_from_anywhere(self) -> None:
        self.show_me.emit()
        self.new_session()

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Write the session, its note (as a draft), goals addressed and the private note."""
        vault = self._usable()
        if vault is None or self.client_id is None or self.mode == "none":
            return False
        self.timer.stop()
        self.editor.clear_errors()
        self.notice.clear_message()
        try:
            if not self.editor.is_signed:
                self._save_record(vault)
            self._save_private(vault)
        except ValidationError as error:
            self.editor.show_errors(error.fields)
            self._after_partial_save()
            return False
        except (PracticePlannerError, OSError) as error:
            self.editor.error.show_message(error_text(error))
            self._after_partial_save()
            return False
        self._discard_stored()
        assert self.encounter_id is not None
        self._reopen(keep=ADDENDUM_KEYS.values())
        self.notice.show_message("Saved.")
        return True

    def _save_record(self, vault: Vault) -> None:
        data = self.editor.encounter_input()
        if self.mode == "new":
            assert self.client_id is not None
            made = sessions.create_encounter(vault, self.client_id, data)
            self._discard_stored()  # the new-session draft; the next one is kept by session
            self.mode, self.encounter_id, self._encounter = "edit", made.id, data
        elif data != self._encounter:
            assert self.encounter_id is not None
            sessions.update_encounter(vault, self.encounter_id, data)
            self._encounter = data
        assert self.encounter_id is not None
        if self._note is not None or self.editor.has_note_content():
            self._note = sessions.save_note_draft(
                vault, self.encounter_id, self.editor.note_input()
            )
            sessions.record_goal_progress(vault, self._note.id, self.editor.goal_entries())

    def _save_private(self, vault: Vault) -> None:
        if self.encounter_id is None:
            return
        text = self.editor.psychotherapy_text()
        if text == self._baseline.get("psychotherapy_note", ""):
            return
        try:
            sessions.save_psychotherapy_note(vault, self.encounter_id, text)
        except ValidationError as error:
            raise ValidationError({"psychotherapy_note": " ".join(error.fields.values())}) from None
        self._baseline["psychotherapy_note"] = text

    def _after_partial_save(self) -> None:
        """A refusal after the session itself was created: list it, keep every typed value."""
        if self.client_id is None or self._vault is None:
            return
        with contextlib.suppress(PracticePlannerError, OSError):
            self._reload_list()
        self._check_dirty()
        if self._dirty:
            self.autosave()

    def _reopen(self, keep: Iterable[str] = ()) -> None:
        """Reload the list and this session; values named in ``keep`` stay as typed."""
        kept = {name: self.editor.values().get(name, "") for name in keep}
        with contextlib.suppress(PracticePlannerError, OSError):
            self._reload_list()
        if self.encounter_id is not None:
            self._open(self.encounter_id)
        if kept:
            self.editor.set_values(self.editor.values() | kept)
            self._check_dirty()

    # ------------------------------------------------------------------ signing
    def sign(self) -> bool:
        """Save, ask, then sign and lock; the note is read-only from then on."""
        if self._usable() is None or self.mode == "none" or self.editor.is_signed:
            return False
        if (self._dirty or self.mode == "new" or self._note is None) and not self.save():
            return False
        if self._note is None:
            self.editor.show_errors(
                {"sections": "Write the note before signing: at least one section."}
            )
            return False
        name = sign_note_dialog.ask_signature(self, self._clinician)
        vault = self._usable()
        if name is None or vault is None:
            return False
        try:
            sessions.sign_note(vault, self._note.id, name)
        except ValidationError as error:
            self.editor.show_errors(error.fields)
            return False
        except (PracticePlannerError, OSError) as error:
            self.editor.error.show_message(error_text(error))
            return False
        self._reopen(keep=("psychotherapy_note",))
        self.notice.show_message("Signed and locked. Corrections go in an addendum below.")
        return True

    def add_addendum(self) -> bool:
        vault = self._usable()
        if vault is None or self._note is None or not self.editor.is_signed:
            return False
        texts = self.editor.addenda.values()
        self.editor.clear_errors()
        try:
            sessions.add_addendum(
                vault, self._note.id, texts[ADDENDUM_KEYS["text"]], texts[ADDENDUM_KEYS["author"]]
            )
        except ValidationError as error:
            leftover = self.editor.addenda.show_errors(error.fields)
            if leftover:
                self.editor.addenda.error.show_message(" ".join(leftover.values()))
            return False
        except (PracticePlannerError, OSError) as error:
            self.editor.addenda.error.show_message(error_text(error))
            return False
        self._reopen(keep=("psychotherapy_note",))
        if not self._dirty:
            self._discard_stored()
        self.notice.show_message("Addendum added below the note.")
        return True

    # ------------------------------------------------------------------ goals and wins
    def carry_forward(self) -> None:
        vault = self._usable()
        if vault is None or self.client_id is None or self.editor.is_signed:
            return
        goals = self.editor.goals
        try:
            last = sessions.last_goal_progress(
                vault,
                self.client_id,
                goals.goal_ids(),
                exclude_note_id=self._note.id if self._note else None,
            )
        except (PracticePlannerError, OSError) as error:
            goals.notice.show_message(error_text(error), error=True)
            return
        filled = goals.fill_blanks(last)
        if filled:
            plural = "goal" if filled == 1 else "goals"
            goals.notice.show_message(
                f"Carried forward the last values of {filled} {plural}: a starting point to adjust."
            )
        elif last:
            goals.notice.show_message("Nothing to carry: those fields already have values.")
        else:
            goals.notice.show_message("No earlier values for these goals yet.")

    def mark_win(self) -> MilestoneDialog | None:
        """Open "Mark a win" (window-modal); the win is kept with its goal and this note."""
        vault = self._usable()
        if vault is None or self.client_id is None or self.mode == "none":
            return None
        if self.mode == "new" and not self.save():
            return None
        client_id = self.client_id
        note_id = self._note.id if self._note else None

        def submit(description: str, achieved_on: date, goal_id: int | None) -> object:
            return milestones.add_milestone(
                vault, client_id, description, achieved_on, goal_id, note_id
            )

        day = self._encounter.session_date if self._encounter else datetime.now().date()
        dialog = MilestoneDialog(self.editor.goals.goals, day, submit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._win_marked)
        self._win_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "_win_dialog", None))
        dialog.open()
        return dialog

    def _win_marked(self) -> None:
        vault = self._usable()
        if vault is None or self.client_id is None:
            return
        note_id = self._note.id if self._note else None
        with contextlib.suppress(PracticePlannerError, OSError):
            wins = milestones.milestones_for(vault, self.client_id)
            self.editor.set_wins([w for w in wins if note_id is not None and w.note_id == note_id])
        self.notice.show_message("Win marked and kept with the goal.")

    # ------------------------------------------------------------------ lock and drafts
    def clear(self) -> None:
        """Keep unsaved edits in the vault (if it is still open), then empty every widget."""
        self._flush()
        self.client_id = None
        self.model.clear()
        self._stored = set()
        self._clinician = ""
        self.notice.clear_message()
        self._set_mode("none")

    def draft(self) -> dict[str, Any]:
        """Which session is open, and while there are unsaved edits, every raw value."""
        result: dict[str, Any] = {"mode": self.mode, "encounter_id": self.encounter_id}
        if self._dirty:
            result["values"] = self.editor.values()
        win = self._win_dialog
        if win is not None and win.isVisible() and win.typed()["description"].strip():
            result["win"] = win.typed()  # "Mark a win" was open with text in it
        return result

    def restore_draft(self, draft: Mapping[str, Any]) -> None:
        """After unlocking: the same session again, with what was typed."""
        mode, encounter_id = draft.get("mode"), draft.get("encounter_id")
        if mode == "new" and self.mode != "new":
            self._open_new()
        elif (
            mode == "edit"
            and isinstance(encounter_id, int)
            and (self.mode != "edit" or self.encounter_id != encounter_id)
        ):
            self._open(encounter_id)
        values = draft.get("values")
        if isinstance(values, dict) and self.mode == mode:
            self._put_back({"values": values, "kept_at": "before the lock"})
            self._check_dirty()
        win = draft.get("win")
        if isinstance(win, dict) and self.mode == mode == "edit":
            dialog = self.mark_win()  # open again, as it was, over the same note
            if dialog is not None:
                dialog.put_back(win)

    def _fail(self, error: PracticePlannerError | OSError) -> None:
        self.notice.show_message(error_text(error), error=True)


def _note_input(note: ProgressNote) -> NoteInput:
    return NoteInput(
        format=note.format if isinstance(note.format, NoteFormat) else NoteFormat.SOAP,
        sections={str(k): str(v) for k, v in (note.sections or {}).items()},
        risk_level=note.risk_level,
        safety_note=note.safety_note,
        homework=note.homework,
        next_steps=note.next_steps,
    )


def _heading(encounter: Encounter) -> str:
    parts = [f"{encounter.session_date:%A} {encounter.session_date.isoformat()}"]
    if encounter.start_time is not None:
        parts[0] += f" {encounter.start_time:%H:%M}"
    parts += [
        f"{encounter.duration_minutes} min",
        encounter.session_type.label,
        encounter.attendance.label,
        encounter.delivery.label,
    ]
    return " · ".join(parts)


def _signed_text(note: ProgressNote | None) -> str:
    if note is None or note.signed_at is None:
        return ""
    local = note.signed_at.astimezone()
    return (
        f"Signed and locked on {local:%Y-%m-%d} at {local:%H:%M} by {note.signed_by}. "
        "The note can no longer change; corrections go in an addendum below."
    )


def _signature_name(vault: Vault) -> str:
    """The clinician's name with credentials, as the profile gives them."""
    profile = get_profile(vault)
    name = profile.clinician_name.strip()
    if name and profile.credentials.strip():
        name += f", {profile.credentials.strip()}"
    return name
