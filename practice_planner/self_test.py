"""``practice-planner --self-test``: prove an installation works, end to end, without a display.

A frozen bundle can build cleanly and still miss a piece that is only loaded at run time (the
Alembic scripts, a ReportLab font module, SQLCipher's compiled library, a Qt plugin). This walks
the path a clinician's data takes through all of them, in a temporary folder with a fictional
client, and says which step broke. Nothing in the user's own data or settings folders is touched.

One line per step; exit status 0 when every step passed, 1 at the first that failed (named, without
a traceback unless ``PRACTICE_PLANNER_DEBUG`` is set: the message is for a person reading it).
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from practice_planner import __version__

if TYPE_CHECKING:
    from practice_planner.storage.vault import Vault

DEBUG_ENV = "PRACTICE_PLANNER_DEBUG"
PASSPHRASE = "self-test lantern quartz meadow 47"
"""Fictional and throwaway: the vault lives only as long as the test's temporary folder."""
RECORD_NUMBER = "SELFTEST-1"
GOALS = 2


@dataclass
class _State:
    """What one step leaves for the next."""

    folder: Path
    vault: Vault | None = None
    client_id: int = 0
    plan_id: int = 0
    backup: Path | None = None


@dataclass(frozen=True)
class _Step:
    doing: str
    """Named in the failure line: "FAIL  exporting the treatment plan PDF: ..."."""
    run: Callable[[_State], str]
    """Does the work; returns the success line's text."""


def _vault(state: _State) -> Vault:
    if state.vault is None:
        raise RuntimeError("there is no vault: an earlier step failed")
    return state.vault


def _create_vault(state: _State) -> str:
    from practice_planner.services.vault_access import create_vault

    started = time.perf_counter()
    vault = create_vault(state.folder / "vault" / "practice.db", PASSPHRASE)
    state.vault = vault
    seconds = time.perf_counter() - started
    with vault.raw_connection() as conn:
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        provider = conn.execute("PRAGMA cipher_provider").fetchone()[0]
    return f"created an encrypted vault (SQLCipher {version}, {provider}; {seconds:.2f} s)"


def _write_records(state: _State) -> str:
    """A client, a signed plan with two goals, two sessions rated on them and two PHQ-9s."""
    from practice_planner.domain.enums import Direction, GoalCategory, Instrument, ProgressRating
    from practice_planner.services import clients, measures, plans, practice, sessions
    from practice_planner.services.clients import ClientInput, DiagnosisInput
    from practice_planner.services.plans import (
        GoalInput,
        InterventionInput,
        ObjectiveInput,
        PlanHeaderInput,
        ProblemInput,
        SignatureInput,
    )
    from practice_planner.services.practice import ProfileInput
    from practice_planner.services.sessions import EncounterInput, GoalProgressInput, NoteInput

    vault = _vault(state)
    today = date.today()
    start = today - timedelta(days=70)
    practice.update_profile(
        vault,
        ProfileInput(
            practice_name="Self-Test Counselling (fictional)",
            address="1 Example Street\nNowhere",
            clinician_name="Dr Example Clinician",
            credentials="PsyD",
        ),
    )
    client = clients.create_client(
        vault,
        ClientInput(
            record_number=RECORD_NUMBER,
            legal_given_name="Zoë",
            legal_family_name="Σελφτεστ-Тест",  # more than one script, as real names have
            date_of_birth=date(1990, 1, 1),
            intake_date=start,
        ),
        today=today,
    )
    state.client_id = client.id
    diagnosis = clients.add_diagnosis(
        vault,
        client.id,
        DiagnosisInput(
            "F41.1", "Generalized anxiety disorder", is_primary=True, diagnosed_on=start
        ),
        today=today,
    )
    plan = plans.create_plan(
        vault, client.id, PlanHeaderInput(effective_date=start, modality="CBT", frequency="Weekly")
    )
    state.plan_id = plan.id
    problem = plans.add_problem(
        vault, plan.id, ProblemInput("Worry most days", diagnosis_ids=(diagnosis.id,))
    )
    goal_ids = []
    for number in range(1, GOALS + 1):
        goal = plans.add_goal(
            vault,
            problem.id,
            GoalInput(
                statement=f"Self-test goal {number}: fewer worry episodes a day",
                category=GoalCategory.SYMPTOM,
                client_words="I want to worry less",
                measure_name="Worry episodes",
                measure_unit="per day",
                baseline="6",
                target="2",
                direction=Direction.DECREASE,
                target_date=start + timedelta(days=180),
            ),
        )
        plans.add_objective(vault, goal.id, ObjectiveInput("Keep a worry log", start))
        plans.add_intervention(vault, goal.id, InterventionInput("Worry postponement", "CBT"))
        goal_ids.append(goal.id)
    plans.sign_plan(
        vault,
        plan.id,
        SignatureInput(clinician_signed_on=start, client_signed_on=start),
        today=today,
    )
    for weeks, observed, answers in ((1, "5", [2] * 9), (8, "3", [1] * 9)):
        held = start + timedelta(weeks=weeks)
        encounter = sessions.create_encounter(
            vault, client.id, EncounterInput(session_date=held), today=today
        )
        note = sessions.save_note_draft(
            vault, encounter.id, NoteInput(sections={"subjective": "Fictional self-test note."})
        )
        sessions.record_goal_progress(
            vault,
            note.id,
            [
                GoalProgressInput(goal_id, rating=ProgressRating.IMPROVING, observed_value=observed)
                for goal_id in goal_ids
            ],
        )
        measures.record_instrument(
            vault, client.id, Instrument.PHQ9, answers, held, encounter.id, today=today
        )
    return f"wrote a fictional client with a signed plan of {GOALS} goals, 2 sessions, 2 PHQ-9s"


def _check_pdf(path: Path) -> int:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise ValueError(f"{path.name} is not a PDF")
    return len(data)


def _export_plan(state: _State) -> str:
    from practice_planner.reports.exports import export_treatment_plan

    path = export_treatment_plan(_vault(state), state.plan_id, state.folder / "plan.pdf")
    return f"exported the treatment plan PDF ({_check_pdf(path):,} bytes)"


def _export_progress(state: _State) -> str:
    from practice_planner.reports.exports import export_progress_summary

    path = export_progress_summary(
        _vault(state), state.client_id, state.folder / "progress.pdf", narrative="Self-test."
    )
    return f"exported the progress summary PDF ({_check_pdf(path):,} bytes)"


def _back_up(state: _State) -> str:
    """The use case behind ``practice-planner backup`` and File > Back up now."""
    from practice_planner.services.backups import back_up_now

    made = back_up_now(_vault(state))
    state.backup = made.backup.path
    return f"backed up to a verified encrypted copy ({made.backup.size:,} bytes)"


def _check_backup(state: _State) -> str:
    """The backup opens with the passphrase and passes its checks (read-only: it stays as is)."""
    from practice_planner.storage.backup import check_backup

    if state.backup is None:
        raise RuntimeError("there is no backup to check")
    started = time.perf_counter()
    check_backup(state.backup, PASSPHRASE)
    seconds = time.perf_counter() - started
    return f"opened the backup with the passphrase and checked it ({seconds:.2f} s)"


def _check(state: _State) -> str:
    from practice_planner.services.vault_access import check

    report = check(_vault(state))
    if not report.ok:
        raise ValueError(report.summary)
    return f"checked the vault: {report.summary}"


def _start_qt(state: _State) -> str:
    """The GUI toolkit loads, starts without a display, and has its SVG plugin (the icon)."""
    import PySide6
    from PySide6.QtGui import QGuiApplication, QImage
    from PySide6.QtWidgets import QApplication

    from practice_planner.resource_files import APP_ICON, resource_path

    app = QApplication.instance()
    if app is None:  # an argument, not the environment: the caller's variables stay as they were
        app = QApplication(["practice-planner", "-platform", "offscreen"])
    icon = QImage(str(resource_path(APP_ICON)))
    if icon.isNull():
        raise RuntimeError("Qt cannot read the SVG icon: its image-format plugin is missing")
    return (
        f"started Qt {PySide6.__version__} ({QGuiApplication.platformName()} platform) "
        f"and drew the {icon.width()}x{icon.height()} SVG icon"
    )


STEPS = (
    _Step("creating the vault", _create_vault),
    _Step("writing the client and plan", _write_records),
    _Step("exporting the treatment plan PDF", _export_plan),
    _Step("exporting the progress summary PDF", _export_progress),
    _Step("backing up", _back_up),
    _Step("checking the backup", _check_backup),
    _Step("checking the vault", _check),
    _Step("starting Qt offscreen", _start_qt),
)


def run_self_test(out: TextIO) -> int:
    """Run every step in a temporary folder; 0 if all passed, 1 at the first failure."""
    print(
        f"Practice Planner {__version__} self-test, in a temporary folder with a fictional client",
        file=out,
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(
        prefix="practice-planner-self-test-", ignore_cleanup_errors=True
    ) as folder:
        state = _State(Path(folder))
        try:
            for step in STEPS:
                try:
                    done = step.run(state)
                except Exception as error:
                    print(f"FAIL  {step.doing}: {type(error).__name__}: {error}", file=out)
                    if os.environ.get(DEBUG_ENV):
                        traceback.print_exc(file=out)
                    print(f"self-test failed while {step.doing}", file=out)
                    return 1
                print(f"ok  {done}", file=out, flush=True)
        finally:
            if state.vault is not None:
                state.vault.close()  # before the folder goes: Windows keeps open files
    seconds = time.perf_counter() - started
    print(f"self-test passed: {len(STEPS)} steps in {seconds:.1f} s", file=out)
    return 0
