"""The main window: one stack of screens (welcome, practice profile, unlock, workspace).

Locking never opens a second window: the workspace is emptied and the unlock screen takes its
place, so nothing of a client can remain visible or be reached by keyboard behind a dialog. What
was typed but not saved goes into an encrypted draft inside the vault just before the key is
dropped (see ``services.drafts`` for why there and not in memory), and comes back after unlocking.

This class wires signals to the screens and to the services; the screens do their own work.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from practice_planner.errors import PracticePlannerError
from practice_planner.services import backups, clients, drafts, plans, portability, settings
from practice_planner.services.practice import ProfileInput
from practice_planner.services.settings import Preferences
from practice_planner.storage.backup import RestoreResult
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.integrity import CheckReport, check_vault
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages, transfer
from practice_planner.ui.auto_lock import AutoLock
from practice_planner.ui.background import Job
from practice_planner.ui.backup_dialogs import RestoreDialog
from practice_planner.ui.chart import ClientChart
from practice_planner.ui.client_list import ClientListPanel
from practice_planner.ui.export_dialog import ExportDialog
from practice_planner.ui.preferences import PreferencesDialog
from practice_planner.ui.transfer import Transfer
from practice_planner.ui.unlock import UnlockPage
from practice_planner.ui.welcome import EXISTS_MESSAGE, ProfilePage, WelcomePage
from practice_planner.ui.widgets import APP_TITLE, busy, window_icon

ORGANIZATION = "PracticePlanner"
SETTINGS_APPLICATION = "PracticePlanner"
DRAFT_NAME = "window"
KEPT_NOTICE = "Your unsaved changes are kept and come back when you unlock."
RESTORED_NOTICE = "Unsaved changes from before the lock are back. Save them when you are ready."


def window_settings() -> QSettings:
    """Per-user window geometry (never client data); an INI file under the user's config folder.

    INI on every platform so tests can redirect it with ``QSettings.setPath``.
    """
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        ORGANIZATION,
        SETTINGS_APPLICATION,
    )


def _keys(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's binding, or the common one where the platform defines none."""
    keys = QKeySequence.keyBindings(standard)
    return list(keys) if keys else [QKeySequence(fallback)]


class MainWindow(QMainWindow):
    """Create or unlock the vault at ``vault_path``, then the client list and chart."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        vault_path: Path,
        *,
        kdf_iterations: int = KDF_ITERATIONS,
        settings: QSettings | None = None,
        vault: Vault | None = None,
        title_note: str = "",
    ) -> None:
        super().__init__()
        self._vault_path = Path(vault_path).expanduser().absolute()
        self._settings = settings if settings is not None else window_settings()
        self._vault: Vault | None = None
        self._held_draft: dict[str, Any] | None = None
        self._preferences: PreferencesDialog | None = None
        self._kdf_iterations = kdf_iterations
        self._jobs: list[Job] = []
        self.setObjectName("main_window")
        self.setWindowTitle(f"{APP_TITLE} — {title_note}" if title_note else APP_TITLE)
        self.setWindowIcon(window_icon())
        self.setMinimumSize(760, 520)

        self.auto_lock = AutoLock(self)
        self.auto_lock.idle.connect(lambda: self.lock(idle=True))

        self.welcome_page = WelcomePage(self._vault_path, kdf_iterations=kdf_iterations)
        self.welcome_page.created.connect(self._vault_created)
        self.welcome_page.exists.connect(lambda: self._show_unlock(error=EXISTS_MESSAGE))
        self.profile_page = ProfilePage()
        self.profile_page.finished.connect(self._enter_workspace)
        self.unlock_page = UnlockPage(self._vault_path, kdf_iterations=kdf_iterations)
        self.unlock_page.unlocked.connect(self._unlocked)

        self.client_list = ClientListPanel()
        # Queued: the question about unsaved changes, and putting the selection back, happen
        # after the view has finished handling the click or key that moved the selection.
        self.client_list.client_chosen.connect(
            self._client_chosen, Qt.ConnectionType.QueuedConnection
        )
        self.chart = ClientChart()
        self.chart.saved.connect(self._client_saved)
        self.chart.archive_requested.connect(self.toggle_archive)
        # the dashboard opens a client exactly as the list does
        self.chart.dashboard.client_chosen.connect(
            self._client_chosen, Qt.ConnectionType.QueuedConnection
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspace")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([460, 720])

        self._stack = QStackedWidget()
        for page in (self.welcome_page, self.profile_page, self.unlock_page, self.splitter):
            self._stack.addWidget(page)
        self.setCentralWidget(self._stack)
        self._build_actions()
        self._build_menus()
        vault_label = QLabel(f"Vault: {self._vault_path}")
        vault_label.setObjectName("vault_path_label")
        self.statusBar().addPermanentWidget(vault_label)
        self._restore_geometry()

        if vault is not None:
            self._vault = vault
            self._enter_workspace()
        elif self._vault_path.exists():
            self._show_unlock()
        else:
            self._show_page(self.welcome_page, self.welcome_page.new_passphrase)

    # ----------------------------------------------------------------- state
    @property
    def vault(self) -> Vault | None:
        """The open vault (locked or unlocked), or None before the first create or unlock."""
        return self._vault

    @property
    def current_page(self) -> str:
        """``welcome_page``, ``profile_page``, ``unlock_page`` or ``workspace``."""
        page = self._stack.currentWidget()
        return page.objectName() if page is not None else ""

    @property
    def preferences_dialog(self) -> PreferencesDialog | None:
        return self._preferences

    def _is_unlocked(self) -> bool:
        return self._vault is not None and self._vault.is_unlocked

    # ----------------------------------------------------------------- building
    def _action(
        self, text: str, name: str, keys: list[QKeySequence], slot: Any, *, enabled: bool = False
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_client_action = self._action(
            "&New client", "new_client_action", _keys(std.New, "Ctrl+N"), self.new_client
        )
        self.save_action = self._action(
            "&Save record", "save_action", _keys(std.Save, "Ctrl+S"), self.chart.save_record
        )
        self.archive_action = self._action(
            "&Archive or unarchive client…", "archive_action", [], self.toggle_archive
        )
        self.export_plan_action = self._action(
            "&Export treatment plan…", "export_plan_action", [], lambda: self.open_export("plan")
        )
        self.export_progress_action = self._action(
            "Export &progress summary…",
            "export_progress_action",
            [],
            lambda: self.open_export("progress"),
        )
        self.find_action = self._action(
            "&Find client", "find_action", _keys(std.Find, "Ctrl+F"), self.focus_search
        )
        self.dashboard_action = self._action(
            "Practice &dashboard",
            "dashboard_action",
            [QKeySequence("Alt+Home")],
            self.show_dashboard,
        )
        self.lock_action = self._action(
            "&Lock", "lock_action", [QKeySequence("Ctrl+L")], lambda: self.lock()
        )
        self.preferences_action = self._action(
            "&Preferences…",
            "preferences_action",
            _keys(std.Preferences, "Ctrl+,"),
            lambda: self.open_preferences(),
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.backup_action = self._action("&Back up now", "backup_action", [], self.back_up_now)
        self.restore_action = self._action(
            "&Restore from backup…", "restore_action", [], lambda: self.open_restore()
        )
        self.check_action = self._action("&Check vault", "check_action", [], self.check_vault)
        self.export_json_action = self._action(
            "Export all records (&JSON)…", "export_json_action", [], lambda: self.export_all()
        )
        self.import_json_action = self._action(
            "&Import records (JSON)…", "import_json_action", [], lambda: self.import_records()
        )
        self.quit_action = self._action(
            "&Quit", "quit_action", _keys(std.Quit, "Ctrl+Q"), self.close, enabled=True
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_client_action)
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_plan_action)
        file_menu.addAction(self.export_progress_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_json_action)
        file_menu.addAction(self.import_json_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.dashboard_action)
        client_menu = bar.addMenu("&Client")
        client_menu.addAction(self.archive_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.check_action)

    def _show_page(self, page: QWidget, focus: QWidget | None = None) -> None:
        self._stack.setCurrentWidget(page)
        in_workspace = page is self.splitter
        for action in (
            self.new_client_action,
            self.save_action,
            self.archive_action,
            self.export_plan_action,
            self.export_progress_action,
            self.find_action,
            self.dashboard_action,
            self.preferences_action,
            self.backup_action,
            self.restore_action,
            self.check_action,
            self.export_json_action,
            self.import_json_action,
        ):
            action.setEnabled(in_workspace)
        self.lock_action.setEnabled(self._is_unlocked())
        if focus is not None:
            focus.setFocus()

    def _show_unlock(self, *, notice: str = "", error: str = "") -> None:
        self.unlock_page.set_vault(self._vault)
        self.unlock_page.reset(notice=notice, error=error)
        self._show_page(self.unlock_page, self.unlock_page.passphrase)

    # ----------------------------------------------------------------- opening
    def _vault_created(self, vault: Vault, notice: str) -> None:
        self._vault = vault
        self._start_auto_lock()
        self.profile_page.set_vault(vault)
        self.profile_page.notice.show_message(notice, error=True)
        self._show_page(self.profile_page, self.profile_page.form.fields.widget("practice_name"))

    def _unlocked(self, vault: Vault) -> None:
        self._vault = vault
        self._start_auto_lock()
        self.unlocked.emit()
        self._restore_draft()

    def _start_auto_lock(self) -> Preferences:
        prefs = settings.DEFAULTS
        if self._vault is not None:
            try:
                prefs = settings.get_preferences(self._vault)
            except (PracticePlannerError, OSError) as error:
                self.statusBar().showMessage(messages.error_text(error))
        self.auto_lock.set_minutes(prefs.auto_lock_minutes)
        self.auto_lock.start()
        return prefs

    def _enter_workspace(self) -> None:
        """Show the list and chart of the unlocked vault."""
        if self._vault is None:
            return
        if not self.auto_lock.active:
            self._start_auto_lock()
        self.profile_page.set_vault(self._vault)
        self.client_list.set_vault(self._vault)
        self.chart.set_vault(self._vault)
        self._show_page(self.splitter, self.client_list.search)

    # ----------------------------------------------------------------- locking
    def lock(self, *, idle: bool = False) -> None:
        """Keep unsaved input as a draft, empty every client widget, forget the key."""
        vault = self._vault
        if vault is None or not vault.is_unlocked:
            return
        self._wait_for_jobs()
        payload = self._collect_draft()
        self._close_dialogs()
        try:
            drafts.save_draft(vault, DRAFT_NAME, payload)
            self._held_draft = None
        except (PracticePlannerError, OSError):
            self._held_draft = payload  # the vault refused: keep it in memory instead
        self.client_list.clear()
        self.chart.clear()
        self.profile_page.form.load(ProfileInput())
        self.auto_lock.stop()
        vault.lock()
        if idle:
            minutes = round(self.auto_lock.minutes)
            notice = f"Locked after {minutes} idle minute{'s' if minutes != 1 else ''}."
        else:
            notice = "Locked."
        if payload.get("unsaved"):
            notice += " " + KEPT_NOTICE
        self._show_unlock(notice=notice)
        self.statusBar().clearMessage()
        self.locked.emit()

    def _collect_draft(self) -> dict[str, Any]:
        """Where the user was and everything typed but not saved, as plain JSON values."""
        on_profile = self._stack.currentWidget() is self.profile_page
        chart = self.chart.draft()
        payload: dict[str, Any] = {
            "page": "profile" if on_profile else "workspace",
            "list": self.client_list.state(),
            "chart": chart,
            "unsaved": on_profile
            or any(key in chart for key in ("form", "diagnosis", "note", "plan", "measures")),
        }
        if on_profile:
            payload["profile"] = self.profile_page.form.fields.values()
        if self._preferences is not None:
            payload["preferences"] = self._preferences.draft()
            payload["unsaved"] = True
        return payload

    def _close_dialogs(self) -> None:
        """Close every dialog of this window (questions answer "cancel"): nothing stays on top."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        if self._preferences is not None:
            self._preferences.deleteLater()
            self._preferences = None

    def _restore_draft(self) -> None:
        """After unlocking: back to where the user was, with their unsaved input."""
        payload, self._held_draft = self._held_draft, None
        if payload is None and self._vault is not None:
            try:
                payload = drafts.load_draft(self._vault, DRAFT_NAME)
                if payload is not None:
                    drafts.discard_draft(self._vault, DRAFT_NAME)
            except (PracticePlannerError, OSError) as error:
                self.statusBar().showMessage(messages.error_text(error))
        if payload is not None and payload.get("page") == "profile":
            self.profile_page.set_vault(self._vault)
            self.profile_page.form.fields.set_values(dict(payload.get("profile", {})))
            self._show_page(self.profile_page)
            return
        self._enter_workspace()
        if payload is None:
            return
        self.client_list.restore_state(dict(payload.get("list", {})))
        self.chart.restore_draft(dict(payload.get("chart", {})))
        self.client_list.select_client(self.chart.client_id)
        if isinstance(payload.get("preferences"), dict):
            self.open_preferences(payload["preferences"])
        if payload.get("unsaved"):
            self.chart.notify(RESTORED_NOTICE)

    # ----------------------------------------------------------------- clients
    def focus_search(self) -> None:
        self.client_list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.client_list.search.selectAll()

    def _leave_current(self) -> bool:
        """May the chart show something else? Asks first if there are unsaved changes."""
        if not self.chart.is_dirty():
            return True
        answer = messages.ask_unsaved(self)
        if not self._is_unlocked():
            return False  # locked while the question was open: the draft has it all
        if answer is messages.Unsaved.SAVE:
            return self.chart.save_all()
        if answer is messages.Unsaved.DISCARD:
            self.chart.discard()
            return True
        return False

    def new_client(self) -> None:
        if not self._is_unlocked() or not self._leave_current():
            return
        self.client_list.select_client(None)
        self.chart.new_client()

    def show_dashboard(self) -> None:
        """View > Practice dashboard: no client chosen, the practice at a glance."""
        if not self._is_unlocked() or not self._leave_current():
            return
        self.client_list.select_client(None)
        self.chart.clear()

    def _client_chosen(self, client_id: int) -> None:
        if not self._is_unlocked() or client_id == self.chart.client_id:
            return
        if self._leave_current() and self.chart.show_client(client_id):
            self.client_list.select_client(client_id)
        else:
            self.client_list.select_client(self.chart.client_id)

    def _client_saved(self, client_id: int) -> None:
        self.client_list.reload()
        self.client_list.select_client(client_id)

    def toggle_archive(self) -> None:
        """Archive or bring back the client on screen, after confirmation."""
        client = self.chart.client
        if client is None or self._vault is None or not self._leave_current():
            return
        archive = client.archived_at is None
        if archive:
            title, verb = "Archive client", "Archive"
            text = (
                f"Archive {client.display_name} ({client.record_number})?\n\n"
                "Archived clients leave the everyday list (tick “Show archived” to see them) "
                "and cannot get new sessions. Nothing is deleted, and you can unarchive at any "
                "time."
            )
        else:
            title, verb = "Unarchive client", "Unarchive"
            text = (
                f"Bring {client.display_name} ({client.record_number}) back to the everyday "
                "client list?"
            )
        if not messages.confirm(self, title, text, verb) or not self._is_unlocked():
            return
        try:
            clients.set_archived(self._vault, client.id, archive)
        except (PracticePlannerError, OSError) as error:
            self.chart.notify(messages.error_text(error), error=True)
            return
        self.chart.show_client(client.id)
        self.chart.notify("Archived." if archive else "Back in the client list.")
        self.client_list.reload()
        self.client_list.select_client(client.id)

    # ----------------------------------------------------------------- exports
    def open_export(self, kind: str) -> ExportDialog | None:
        """Preview, save or print the client's current plan or a progress summary."""
        client = self.chart.client
        vault = self._vault
        if client is None or vault is None or not vault.is_unlocked:
            self.statusBar().showMessage("Choose a client first.", 5000)
            return None
        try:
            plan = plans.current_plan(vault, client.id)
        except (PracticePlannerError, OSError) as error:
            self.chart.notify(messages.error_text(error), error=True)
            return None
        if kind == "plan" and plan is None:
            self.chart.notify("This client has no treatment plan yet.", error=True)
            return None
        dialog = ExportDialog(
            vault,
            kind,
            client_id=client.id,
            plan_id=plan.id if plan is not None else None,
            plan_version=plan.version if plan is not None else 1,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # ----------------------------------------------------------------- preferences
    def open_preferences(self, draft: dict[str, Any] | None = None) -> None:
        if self._vault is None or not self._vault.is_unlocked:
            return
        if self._preferences is not None:
            self._preferences.raise_()
            self._preferences.activateWindow()
            return
        dialog = PreferencesDialog(self._vault, self)
        dialog.saved.connect(self._preferences_saved)
        dialog.finished.connect(self._preferences_closed)
        if draft:
            dialog.restore_draft(draft)
        self._preferences = dialog
        dialog.open()

    def _preferences_saved(self, prefs: Preferences) -> None:
        self.auto_lock.set_minutes(prefs.auto_lock_minutes)
        self.statusBar().showMessage("Preferences saved.", 5000)

    def _preferences_closed(self) -> None:
        dialog, self._preferences = self._preferences, None
        if dialog is not None:
            dialog.deleteLater()

    # ----------------------------------------------------------------- backups and checks
    def _backup_place(self, vault: Vault | None) -> tuple[Path, int]:
        """The backup folder and how many to keep, from Preferences (defaults if unreadable)."""
        prefs = settings.DEFAULTS
        if vault is not None and vault.is_unlocked:
            with contextlib.suppress(PracticePlannerError, OSError):
                prefs = settings.get_preferences(vault)
        folder = prefs.backup_folder.strip()
        place = Path(folder) if folder else backups.default_folder(self._vault_path)
        return place, prefs.backup_count

    def _run(self, work: Any, done: Any, failed: Any) -> Job:
        """``work`` off the GUI thread; ``done`` or ``failed`` back on it."""
        job = Job(work, self)
        self._jobs.append(job)

        def finish(slot: Any) -> Any:
            def handler(value: object) -> None:
                if job in self._jobs:
                    self._jobs.remove(job)
                job.deleteLater()
                slot(value)

            return handler

        job.finished.connect(finish(done))
        job.failed.connect(finish(failed))
        job.start()
        return job

    def _wait_for_jobs(self) -> None:
        """Before the key goes: let work on the vault that is under way end first."""
        if any(job.running for job in self._jobs) or self.chart.busy:
            with busy():
                QThreadPool.globalInstance().waitForDone()
                self.chart.wait_for_reads()

    def back_up_now(self) -> None:
        """File > Back up now: a verified backup, off the GUI thread; the status bar tells."""
        vault = self._vault
        if vault is None or not vault.is_unlocked:
            return
        folder, keep = self._backup_place(vault)
        self.backup_action.setEnabled(False)
        self.statusBar().showMessage("Backing up…")
        self._run(
            lambda: backups.back_up_now(vault, folder, keep),
            self._backed_up,
            self._backup_failed,
        )

    def _backed_up(self, made: object) -> None:
        assert isinstance(made, backups.BackupMade)
        self.backup_action.setEnabled(self.current_page == "workspace")
        path = made.backup.path
        self.statusBar().showMessage(f"Backed up to {path.name} in {path.parent}.")

    def _backup_failed(self, error: object) -> None:
        self.backup_action.setEnabled(self.current_page == "workspace")
        self.statusBar().showMessage("Backup failed: " + _in_words(error))

    def open_restore(self) -> RestoreDialog | None:
        """File > Restore from backup: the list, the backup's passphrase, the restore."""
        if not self._is_unlocked() or not self._leave_current():
            return None
        assert self._vault is not None
        folder, _ = self._backup_place(self._vault)
        dialog = RestoreDialog(
            self._vault, folder, kdf_iterations=self._kdf_iterations, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.locked_out.connect(self._locked_out)
        dialog.open()
        return dialog

    def _restored(self, result: RestoreResult) -> None:
        self.chart.clear()
        self._enter_workspace()
        if result.kept_aside is not None:
            where = f"{result.kept_aside.name} in {result.kept_aside.parent}"
            self.statusBar().showMessage(
                f"Backup restored. The vault as it was is kept as {where}."
            )
        else:
            self.statusBar().showMessage("Backup restored.")

    # ----------------------------------------------------------------- JSON export and import
    def export_all(self) -> Transfer | None:
        """File > Export all records: every record (psychotherapy notes too) to one JSON file."""
        vault = self._vault
        if vault is None or not vault.is_unlocked or not self._leave_current():
            return None
        path = transfer.ask_export_path(self, Path.home() / "practice-planner-export.json")
        if path is None:
            return None
        return self._transfer(vault, "export", path)

    def import_records(self) -> Transfer | None:
        """File > Import records: only into a vault with no clients yet (all or nothing)."""
        vault = self._vault
        if vault is None or not vault.is_unlocked:
            return None
        path = transfer.ask_import_path(self, Path.home())
        if path is None:
            return None
        if not messages.confirm(
            self,
            "Import records",
            "Import every record in this file into this vault? It works only on a new, empty "
            "vault; nothing is written unless the whole file is valid.",
            "Import",
        ):
            return None
        return self._transfer(vault, "import", path)

    def _transfer(self, vault: Vault, kind: str, path: Path) -> Transfer:
        job = Transfer(self, vault, kind, path)
        self._jobs.append(job.job)
        job.done.connect(lambda summary: self._transferred(job, summary))
        job.failed.connect(lambda error: self._transfer_failed(job, error))
        self.statusBar().showMessage("Exporting…" if kind == "export" else "Importing…")
        job.start()
        return job

    def _forget(self, job: Transfer) -> None:
        if job.job in self._jobs:
            self._jobs.remove(job.job)
        job.deleteLater()

    def _transferred(self, job: Transfer, summary: object) -> None:
        self._forget(job)
        assert isinstance(summary, portability.TransferSummary)
        if job.kind == "export":
            where = f"{summary.path.name} in {summary.path.parent}"
            self.statusBar().showMessage(f"Exported {summary.rows:,} rows to {where}.")
        else:
            self.client_list.reload()
            self.statusBar().showMessage(f"Imported {summary.rows:,} rows.")

    def _transfer_failed(self, job: Transfer, error: object) -> None:
        self._forget(job)
        verb = "Export" if job.kind == "export" else "Import"
        if isinstance(error, transfer.Cancelled):
            self.statusBar().showMessage(f"{verb} cancelled: nothing was written.")
            return
        self.statusBar().showMessage(f"{verb} failed: " + _in_words(error))
        messages.show_error(self, f"{verb} failed", _in_words(error))

    def _locked_out(self, message: str) -> None:
        """A restore failed with the vault already locked: the unlock page, with the reason."""
        self.client_list.clear()
        self.chart.clear()
        self.auto_lock.stop()
        self._show_unlock(error=message)
        self.locked.emit()

    def check_vault(self) -> None:
        """Help > Check vault: page HMACs, integrity and audit chain, off the GUI thread."""
        vault = self._vault
        if vault is None or not vault.is_unlocked:
            return
        self.check_action.setEnabled(False)
        self.statusBar().showMessage("Checking the vault…")
        self._run(lambda: check_vault(vault), self._checked, self._check_failed)

    def _checked(self, report: object) -> None:
        assert isinstance(report, CheckReport)
        self.check_action.setEnabled(self.current_page == "workspace")
        self.statusBar().showMessage(report.summary, 10_000)
        box = QMessageBox(self)
        box.setObjectName("check_result")
        box.setWindowTitle("Check vault")
        if report.ok:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(report.summary)
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText("The vault has problems. Restore a backup (File > Restore from backup).")
            box.setDetailedText("\n".join(report.problems))
            box.setInformativeText(report.summary)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _check_failed(self, error: object) -> None:
        self.check_action.setEnabled(self.current_page == "workspace")
        self.statusBar().showMessage("The check could not run: " + _in_words(error))

    # ----------------------------------------------------------------- geometry and closing
    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1180, screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def _save_geometry(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep unsaved input as a draft for next time, then release the vault."""
        self._save_geometry()
        vault, self._vault = self._vault, None
        self.auto_lock.stop()
        if vault is not None:
            self._wait_for_jobs()
            if vault.is_unlocked:
                self._automatic_backup(vault)
                payload = self._collect_draft()
                if payload["unsaved"]:
                    # If the vault refuses there is nowhere safer to put it: it is closing anyway.
                    with contextlib.suppress(PracticePlannerError, OSError):
                        drafts.save_draft(vault, DRAFT_NAME, payload)
            self._close_dialogs()
            self.client_list.clear()
            self.chart.clear()
            vault.close()
        super().closeEvent(event)

    def _automatic_backup(self, vault: Vault) -> None:
        """On closing, at most once a day (the service decides); a failure never stops closing."""
        folder, keep = self._backup_place(vault)
        try:
            with busy():
                backups.automatic_backup_on_close(vault, folder, keep)
        except (PracticePlannerError, OSError) as error:
            self.statusBar().showMessage("Automatic backup failed: " + messages.error_text(error))


def _in_words(error: object) -> str:
    if isinstance(error, PracticePlannerError | OSError):
        return messages.error_text(error)
    return "an unexpected error stopped it."
