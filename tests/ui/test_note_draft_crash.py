"""A note being written survives the program being killed: the autosaved draft comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from practice_planner.services import drafts, sessions
from practice_planner.ui.sessions_tab import draft_name
from tests.ui.conftest import MakeWindow, label, unlock
from tests.ui.sessions_setup import add_practice, open_sessions, text_field

ROOT = Path(__file__).resolve().parents[2]
TYPED = "Slept six hours twice this week; first time since spring."


@pytest.mark.slow
def test_a_draft_survives_killing_and_restarting_the_program(
    qtbot: QtBot, make_window: MakeWindow, people_vault: Path, tmp_path: Path
) -> None:
    practice = add_practice(people_vault)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ui.note_writer_child",
            str(people_vault),
            str(tmp_path / "child-window.ini"),
            TYPED,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None
        said = child.stdout.readline()
        if said != b"autosaved\n":
            child.kill()
            _, errors = child.communicate(timeout=30)
            pytest.fail(f"the child did not autosave: {said!r} {errors.decode()[-2000:]}")
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    window = make_window(people_vault)
    unlock(qtbot, window)
    assert window.current_page == "workspace"
    tab = open_sessions(window, practice.client_id)
    assert tab.encounter_id == practice.encounter_id
    assert text_field(tab, "sections.subjective").toPlainText() == TYPED
    assert tab.is_dirty()
    assert "are back" in label(tab, "sessions_notice").text()
    row = tab.model.row_of(practice.encounter_id)
    assert row is not None and "unsaved" in tab.model.index(row, 3).data()

    assert tab.save()
    assert window.vault is not None
    note = sessions.note_for_encounter(window.vault, practice.encounter_id)
    assert note is not None and note.sections["subjective"] == TYPED
    name = draft_name(practice.encounter_id, practice.client_id)
    assert name not in drafts.draft_names(window.vault)
