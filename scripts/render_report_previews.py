"""Render page 1 of the treatment plan and progress summary PDFs to docs/screenshots/*.png.

    python scripts/render_report_previews.py              # writes the two PNGs
    python scripts/render_report_previews.py --keep DIR   # also keeps the PDFs there
    python scripts/render_report_previews.py --time       # and times each export (median of 5)

The client, practice and history are invented (record number DEMO-R0001, a "fictional practice"),
built through the same services the program uses, in a temporary vault that is deleted at the
end. Needs ``pdftoppm`` from poppler-utils.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from practice_planner.domain.enums import (
    Attendance,
    Direction,
    GoalCategory,
    GoalHorizon,
    GoalKind,
    GoalStatus,
    Instrument,
    ProgressRating,
)
from practice_planner.reports import exports
from practice_planner.services import (
    clients,
    measures,
    milestones,
    plans,
    practice,
    sessions,
)
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
from practice_planner.storage.vault import Vault

PASSPHRASE = "violet kettle orbit mountain"
FAST_KDF = 2  # a throwaway vault: the pictures do not depend on the key-derivation cost
TODAY = date(2026, 11, 20)
START = date(2024, 11, 25)
REVISED = date(2025, 12, 1)
SUMMARY_FROM, SUMMARY_TO = date(2024, 11, 25), date(2026, 11, 20)
NARRATIVE = """\
Jordan began treatment in late 2024 with panic attacks most days of the week and had stopped \
using public transport. Work in the first months focused on psychoeducation about the panic cycle, \
paced breathing and interoceptive exposure; panic frequency fell steadily from the spring onwards, \
with a setback in early summer around a change of team at work.

In the second year the emphasis moved to low mood and withdrawal. Behavioural activation and \
scheduled contact with friends were taken up with some hesitation at first. Sleep improved to the \
agreed level and that goal was marked achieved at the plan review in December 2025.

Jordan now commutes alone on most days and reports rare, brief panic symptoms that no longer \
lead to avoidance. PHQ-9 and GAD-7 scores are in the minimal to mild range. We plan to reduce \
sessions to fortnightly and to review discharge at the next plan review."""


@dataclass(frozen=True)
class GoalSpec:
    """A goal of the fictional plan and the shape its measurements take over two years."""

    goal: GoalInput
    objectives: tuple[str, ...]
    interventions: tuple[tuple[str, str, str], ...]
    start: float
    end: float


PANIC = GoalSpec(
    GoalInput(
        statement="Reduce panic attacks to one a week or fewer",
        category=GoalCategory.SYMPTOM,
        client_words="I want to take the bus to work again without planning an escape route.",
        measure_name="Panic attacks",
        measure_unit="per week",
        baseline="5",
        target="1",
        direction=Direction.DECREASE,
        target_date=date(2025, 11, 30),
        priority=1,
        gas_much_less="More than 5 a week",
        gas_less="4 or 5 a week",
        gas_expected="2 or 3 a week",
        gas_more="1 a week",
        gas_much_more="None for a month",
    ),
    (
        "Practise paced breathing for 10 minutes daily and log it in the panic diary",
        "Name the panic cycle's steps unaided in session",
    ),
    (
        ("Interoceptive exposure with a graded hierarchy", "CBT", "Weekly"),
        ("Psychoeducation on the panic cycle and safety behaviours", "CBT", "Sessions 1-3"),
    ),
    5,
    0.6,
)
COMMUTE = GoalSpec(
    GoalInput(
        statement="Travel to work by public transport, alone, on at least four days a week",
        category=GoalCategory.BEHAVIORAL,
        client_words="Just get on the bus like everyone else.",
        measure_name="Days commuting alone",
        measure_unit="days per week",
        baseline="0",
        target="4",
        direction=Direction.INCREASE,
        target_date=date(2026, 6, 1),
        priority=2,
        gas_much_less="No trips alone",
        gas_less="1 day a week",
        gas_expected="2 or 3 days a week",
        gas_more="4 days a week",
        gas_much_more="Every working day",
    ),
    ("Ride two stops with a support person, then alone", "Complete the full route alone once"),
    (("In-vivo exposure planned in session, practised between sessions", "CBT", "Weekly"),),
    0,
    4.2,
)
SLEEP = GoalSpec(
    GoalInput(
        statement="Sleep at least 6.5 hours on most nights",
        category=GoalCategory.SYMPTOM,
        horizon=GoalHorizon.SHORT_TERM,
        measure_name="Sleep",
        measure_unit="hours per night",
        baseline="5",
        target="6.5",
        direction=Direction.INCREASE,
        target_date=date(2025, 9, 1),
    ),
    ("Keep a fixed wake-up time seven days a week",),
    (("Sleep hygiene and stimulus control", "CBT-I", "Sessions 4-8"),),
    5,
    6.8,
)
FRIENDS = GoalSpec(
    GoalInput(
        statement="Meet a friend or join a social activity twice a week",
        category=GoalCategory.RELATIONSHIP,
        client_words="I miss having people around. I used to be the one who organised things.",
        measure_name="Social contacts",
        measure_unit="per week",
        baseline="0",
        target="2",
        direction=Direction.INCREASE,
        target_date=date(2026, 9, 1),
        gas_expected="One contact a week",
        gas_more="Two a week",
    ),
    ("Schedule one pleasant activity with another person each week",),
    (("Behavioural activation with activity scheduling", "BA", "Weekly"),),
    0,
    2.3,
)
KINDNESS = GoalSpec(
    GoalInput(
        statement="Respond to setbacks with self-compassion rather than self-criticism",
        category=GoalCategory.PERSONAL_GROWTH,
        kind=GoalKind.PROCESS,
        client_words="Stop calling myself useless when something goes wrong.",
        measure_name="Self-criticism",
        measure_unit="0-10 rating",
        baseline="8",
        target="4",
        direction=Direction.DECREASE,
        target_date=date(2026, 12, 1),
    ),
    ("Write a compassionate letter to self after one setback a week",),
    (("Compassion-focused exercises", "CFT", "Fortnightly"),),
    8,
    4.8,
)
PROBLEMS = (
    ("Panic attacks keep Jordan from commuting to work", "F41.0", (PANIC, COMMUTE, SLEEP)),
    ("Low mood and withdrawal from friends since moving city", "F32.1", (FRIENDS, KINDNESS)),
)


def build_practice(vault: Vault) -> tuple[int, int]:
    """The fictional practice, client and signed plan (revised once); (client id, plan id)."""
    practice.update_profile(
        vault,
        ProfileInput(
            practice_name="Harbour Lane Counselling (fictional practice)",
            address="12 Example Street, Suite 3\nDemo Town, NH 03801",
            phone="(603) 555-0142",
            email="office@example.com",
            clinician_name="Dr. Maren Demo",
            credentials="PsyD, Licensed Psychologist",
            license_number="DEMO-PSY-0000",
            npi="1234567893",
        ),
    )
    client = clients.create_client(
        vault,
        ClientInput(
            record_number="DEMO-R0001",
            legal_given_name="Jordan",
            legal_family_name="Sample-Fictional",
            preferred_name="Jo",
            date_of_birth=date(1991, 3, 14),
            intake_date=START,
        ),
        today=TODAY,
    )
    codes = {
        "F41.0": clients.add_diagnosis(
            vault,
            client.id,
            DiagnosisInput("F41.0", "Panic disorder", is_primary=True, diagnosed_on=START),
            today=TODAY,
        ).id,
        "F32.1": clients.add_diagnosis(
            vault,
            client.id,
            DiagnosisInput(
                "F32.1", "Major depressive disorder, single episode, moderate", diagnosed_on=START
            ),
            today=TODAY,
        ).id,
    }
    plan = plans.create_plan(
        vault,
        client.id,
        PlanHeaderInput(
            effective_date=START,
            review_interval_days=90,
            modality="Cognitive behavioural therapy with behavioural activation",
            frequency="Weekly, 50 minutes",
            participants="Client; sister joins one session per quarter",
            strengths="Curious and reflective; keeps a journal; close to a supportive sister; "
            "stable job with an understanding manager.",
            barriers="Rotating shifts make weekly sessions hard to keep; "
            "avoids talking about low mood, which can read as 'fine'.",
            discharge_criteria="Panic attacks fewer than one a month for two consecutive months, "
            "commuting alone on most working days, and PHQ-9 below 10 at two consecutive "
            "administrations.",
        ),
    )
    for statement, code, specs in PROBLEMS:
        problem = plans.add_problem(vault, plan.id, ProblemInput(statement, "", (codes[code],)))
        for spec in specs:
            goal = plans.add_goal(vault, problem.id, spec.goal)
            for text in spec.objectives:
                plans.add_objective(vault, goal.id, ObjectiveInput(text, spec.goal.target_date))
            for description, modality, frequency in spec.interventions:
                plans.add_intervention(
                    vault, goal.id, InterventionInput(description, modality, frequency)
                )
    plans.sign_plan(
        vault,
        plan.id,
        SignatureInput(clinician_signed_on=START, client_signed_on=START),
        today=TODAY,
    )
    revised = plans.revise_plan(vault, plan.id, effective_date=REVISED)
    sleep = next(g for p in revised.problems for g in p.goals if g.statement.startswith("Sleep"))
    plans.set_goal_status(
        vault, sleep.id, GoalStatus.ACHIEVED, "Six and a half hours or more on most nights"
    )
    plans.sign_plan(
        vault,
        revised.id,
        SignatureInput(
            clinician_signed_on=REVISED,
            client_signed_on=REVISED + timedelta(days=7),
            supervisor_name="Dr. Sam Supervisor",
            supervisor_signed_on=REVISED + timedelta(days=2),
        ),
        today=TODAY,
    )
    return client.id, revised.id


def _answers(total: int, items: int) -> list[int]:
    """An answer set with the given total, spread evenly; PHQ-9 item 9 is answered last."""
    answers = [0] * items
    spread = items - 1 if items == 9 else items
    for n in range(total):
        index = n % spread if n < 3 * spread else items - 1
        answers[index] += 1
    return answers


def record_history(vault: Vault, client_id: int) -> None:
    """About a hundred weekly sessions over two years, measures every four weeks, milestones."""
    rng = random.Random(7)
    versions = plans.plan_versions(vault, client_id)
    goal_ids = {
        version.id: [g.id for p in plans.get_plan(vault, version.id).problems for g in p.goals]
        for version in versions
    }
    specs = [spec for _, _, group in PROBLEMS for spec in group]
    weeks = (TODAY - START).days // 7
    for week in range(weeks):
        held = START + timedelta(weeks=week)
        roll = rng.random()
        attendance = (
            Attendance.ATTENDED
            if roll < 0.86
            else Attendance.CANCELLED
            if roll < 0.92
            else Attendance.LATE_CANCELLED
            if roll < 0.96
            else Attendance.NO_SHOW
        )
        encounter = sessions.create_encounter(
            vault,
            client_id,
            EncounterInput(session_date=held, attendance=attendance, cpt_code="90834"),
            today=TODAY,
        )
        if week % 4 == 0:
            progress = week / weeks
            phq = round(max(0, min(27, 17 - 12 * progress + rng.uniform(-2, 2))))
            gad = round(max(0, min(21, 15 - 11 * progress + rng.uniform(-2, 2))))
            measures.record_instrument(
                vault, client_id, Instrument.PHQ9, _answers(phq, 9), held, today=TODAY
            )
            measures.record_instrument(
                vault, client_id, Instrument.GAD7, _answers(gad, 7), held, today=TODAY
            )
        if attendance is not Attendance.ATTENDED:
            continue
        note = sessions.save_note_draft(
            vault,
            encounter.id,
            NoteInput(sections={"subjective": "Fictional note.", "plan": "Continue."}),
        )
        version = versions[-1] if held >= REVISED else versions[0]
        entries = []
        for spec, goal_id in zip(specs, goal_ids[version.id], strict=True):
            progress = min(1.0, week / 70)
            setback = 0.25 if 26 <= week <= 32 else 0.0  # a rough patch in early summer
            value = spec.start + (spec.end - spec.start) * max(0.0, progress - setback)
            value += rng.uniform(-0.6, 0.6) * abs(spec.end - spec.start) / 5
            share = (value - spec.start) / (spec.end - spec.start)
            gas = max(-2, min(2, round(share * 3 - 1.5)))
            entries.append(
                GoalProgressInput(
                    goal_id,
                    rating=ProgressRating.IMPROVING if share > 0.3 else ProgressRating.NO_CHANGE,
                    gas_score=gas,
                    observed_value=f"{max(0.0, value):.1f}",
                )
            )
        sessions.record_goal_progress(vault, note.id, entries)
    first_goals = goal_ids[versions[0].id]
    for day, text, goal_index in (
        (date(2025, 3, 3), "Took the bus two stops alone for the first time", 1),
        (date(2025, 6, 16), "Slept more than seven hours for a whole week", 2),
        (date(2025, 10, 6), "Went to a colleague's birthday dinner and stayed to the end", 3),
        (date(2026, 2, 9), "A full month without a panic attack", 0),
    ):
        milestones.add_milestone(vault, client_id, text, day, first_goals[goal_index], today=TODAY)


def render(pdf: Path, png: Path) -> None:
    """Page 1 at 80 dpi, as the README shows it."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found: install poppler-utils")
    stem = png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    print(png)


def timed(label: str, run: object, repeat: int = 5) -> None:
    assert callable(run)
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    print(
        f"{label}: median {statistics.median(seconds) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{s * 1000:.0f}' for s in seconds)} ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--keep", type=Path, help="also copy the PDFs into this folder")
    parser.add_argument("--time", action="store_true", help="time each export (median of 5)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pp-reports-") as folder:
        tmp = Path(folder)
        vault = Vault.create(tmp / "vault" / "practice.db", PASSPHRASE, kdf_iterations=FAST_KDF)
        try:
            client_id, plan_id = build_practice(vault)
            record_history(vault, client_id)
            plan_pdf = tmp / "treatment-plan.pdf"
            summary_pdf = tmp / "progress-summary.pdf"

            def export_plan() -> None:
                exports.export_treatment_plan(vault, plan_id, plan_pdf, today=TODAY)

            def export_summary() -> None:
                exports.export_progress_summary(
                    vault,
                    client_id,
                    summary_pdf,
                    SUMMARY_FROM,
                    SUMMARY_TO,
                    NARRATIVE,
                    today=TODAY,
                )

            started = time.perf_counter()
            export_plan()
            first = time.perf_counter() - started
            export_summary()
            if args.time:
                print(f"first export in this process (fonts load): {first * 1000:.0f} ms")
                timed("treatment plan, 5 goals", export_plan)
                timed("progress summary, two years", export_summary)
            render(plan_pdf, args.out / "treatment-plan-page1.png")
            render(summary_pdf, args.out / "progress-summary-page1.png")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for pdf in (plan_pdf, summary_pdf):
                    shutil.copy2(pdf, args.keep / pdf.name)
        finally:
            vault.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
