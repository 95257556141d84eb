"""Building real records through the services, and reading exported PDFs back with pypdf."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from practice_planner.domain.enums import Direction, GoalCategory
from practice_planner.services import clients, plans, practice
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
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 22)
PLAN_START = date(2026, 1, 5)
PRACTICE = ProfileInput(
    practice_name="Harbour Lane Counselling",
    address="12 Harbour Lane, Suite 3\nPortsmouth, NH 03801",
    phone="(603) 555-0142",
    email="office@harbourlane.example",
    clinician_name="Maren Solberg",
    credentials="PsyD, LP",
    license_number="NH-PSY-0000",
    npi="1234567893",
)
NAMES = [
    ("Łukasz", "Żółć"),
    ("Σωκράτης", "Παππάς"),
    ("Фёдор", "Иванов"),
    ("<b>&amp;</b>", 'O\'Brien "Jr" <i>x</i> & <br/>'),
]


@dataclass
class BuiltPlan:
    client_id: int
    plan_id: int
    goal_ids: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    """Every goal, client-words, objective and intervention text typed in."""


def make_client(
    vault: Vault, given: str = "Robin", family: str = "Example", number: str = "C-00042"
) -> int:
    practice.update_profile(vault, PRACTICE)
    client = clients.create_client(
        vault,
        ClientInput(
            record_number=number,
            legal_given_name=given,
            legal_family_name=family,
            date_of_birth=date(1988, 5, 17),
        ),
        today=TODAY,
    )
    return client.id


def make_plan(
    vault: Vault,
    client_id: int,
    goals_per_problem: Sequence[int] = (2, 1),
    *,
    sign: bool = True,
) -> BuiltPlan:
    """A plan with distinctive wording everywhere, so each text can be found in the PDF."""
    diagnosis = clients.add_diagnosis(
        vault,
        client_id,
        DiagnosisInput("F41.0", "Panic disorder", is_primary=True, diagnosed_on=PLAN_START),
        today=TODAY,
    )
    plan = plans.create_plan(
        vault,
        client_id,
        PlanHeaderInput(
            effective_date=PLAN_START,
            modality="Cognitive behavioural therapy",
            frequency="Weekly, 50 minutes",
            strengths="Curious, keeps a journal, supportive sister",
            barriers="Rotating shifts make weekly sessions hard",
            discharge_criteria="Fewer than one panic attack a month for two months",
        ),
    )
    built = BuiltPlan(client_id, plan.id)
    for p, goal_count in enumerate(goals_per_problem, start=1):
        problem = plans.add_problem(
            vault,
            plan.id,
            ProblemInput(f"Problem {p}: panic at work", diagnosis_ids=(diagnosis.id,)),
        )
        for g in range(1, goal_count + 1):
            tag = f"{p}-{g}"
            goal = plans.add_goal(
                vault,
                problem.id,
                GoalInput(
                    statement=f"Reduce panic attacks, goal {tag}, to one a week or fewer",
                    category=GoalCategory.SYMPTOM,
                    client_words=f"I want to take the bus to work again ({tag})",
                    measure_name="Panic attacks",
                    measure_unit="per week",
                    baseline="5",
                    target="1",
                    direction=Direction.DECREASE,
                    target_date=PLAN_START + timedelta(days=180),
                    gas_expected=f"Two or fewer a week ({tag})",
                ),
            )
            objective = f"Practise paced breathing ten minutes daily ({tag})"
            intervention = f"Interoceptive exposure with graded hierarchy ({tag})"
            plans.add_objective(vault, goal.id, ObjectiveInput(objective, PLAN_START))
            plans.add_intervention(vault, goal.id, InterventionInput(intervention, "CBT", "Weekly"))
            built.goal_ids.append(goal.id)
            built.texts += [goal.statement, goal.client_words, objective, intervention]
    if sign:
        plans.sign_plan(
            vault,
            plan.id,
            SignatureInput(clinician_signed_on=PLAN_START, client_signed_on=PLAN_START),
            today=TODAY,
        )
    return built


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Whitespace collapsed: a line break in the PDF is a space in the typed text."""
    return " ".join(text.split())


def audit_events(vault: Vault, action: str) -> list[AuditEvent]:
    with vault.reading() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
