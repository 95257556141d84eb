"""Child process of the crash test: open the window, type into a note, wait to be killed.

Run from the repository root as ``python -m tests.ui.note_writer_child VAULT SETTINGS TEXT``. It
unlocks the vault in the real main window, opens the newest session of the fictional client,
types TEXT into Subjective, lets the autosave timer fire, prints ``autosaved`` and then idles
until the parent kills it: nothing is saved, locked or closed on the way out.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from practice_planner.services import clients, drafts
from practice_planner.ui.main_window import MainWindow
from practice_planner.ui.sessions_tab import draft_name
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.sessions_setup import RECORD, open_sessions, text_field

AUTOSAVE_MS = 300
"""The tab's own timer, only quicker than its five seconds so the test does not idle."""


def main() -> None:
    vault_path, settings_path, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = QApplication([sys.argv[0]])
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    window = MainWindow(vault_path, kdf_iterations=FAST_KDF, settings=settings)
    window.show()
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    vault = window.vault
    assert vault is not None and vault.is_unlocked
    client = clients.find_by_record_number(vault, RECORD)
    tab = open_sessions(window, client.id)
    assert tab.encounter_id is not None
    tab.timer.setInterval(AUTOSAVE_MS)
    QTest.keyClicks(text_field(tab, "sections.subjective"), text)
    name = draft_name(tab.encounter_id, client.id)
    deadline = time.monotonic() + 20
    while name not in drafts.draft_names(vault):
        if time.monotonic() > deadline:
            raise SystemExit("the autosave never came")
        app.processEvents()
        time.sleep(0.02)
    print("autosaved", flush=True)
    while True:  # typing goes on, as far as anyone knows, until the kill
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main()
