"""What the documents are built from: plain, frozen, detached snapshots of the record.

``services.report_data`` fills these in one read transaction; the document builders take nothing
else, so they never touch the vault, cannot trigger a lazy load, and can be rendered (and tested)
from hand-made values. Psychotherapy notes have no place here by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practice_planner.domain.enums import (
    Attendance,
    Direction,
    GoalCategory,
    GoalHorizon,
    GoalKind,
    GoalStatus,
    PlanStatus,
    ProgressRating,
    SessionType,
)


@dataclass(frozen=True)
class Letterhead:
    """The practice profile as printed at the top of the first page."""

    practice_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    clinician_name: str = ""
    credentials: str = ""
    license_number: str = ""
    npi: str = ""


@dataclass(frozen=True)
class ClientIdentity:
    """The identifiers every page header carries (legal name: these documents go to insurers)."""

    legal_name: str
    date_of_birth: date | None
    record_number: str
    preferred_name: str = ""
    client_id: int = 0  # for the audit trail; never printed


@dataclass(frozen=True)
class DiagnosisLine:
    code: str
    description: str
    is_primary: bool = False
    diagnosed_on: date | None = None
    resolved_on: date | None = None


@dataclass(frozen=True)
class ObjectiveLine:
    statement: str
    target_date: date | None = None
    status: GoalStatus = GoalStatus.ACTIVE


@dataclass(frozen=True)
class InterventionLine:
    description: str
    modality: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class GoalView:
    id: int
    statement: str
    category: GoalCategory
    client_words: str = ""
    horizon: GoalHorizon = GoalHorizon.LONG_TERM
    kind: GoalKind = GoalKind.OUTCOME
    measure_name: str = ""
    measure_unit: str = ""
    baseline: float | None = None
    target: float | None = None
    direction: Direction | None = None
    target_date: date | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    priority: int = 3
    weight: float = 1.0
    gas_levels: tuple[str, str, str, str, str] = ("", "", "", "", "")
    objectives: tuple[ObjectiveLine, ...] = ()
    interventions: tuple[InterventionLine, ...] = ()

    @property
    def is_measurable(self) -> bool:
        return bool(self.measure_name) and self.baseline is not None and self.target is not None


@dataclass(frozen=True)
class ProblemView:
    statement: str
    description: str = ""
    diagnosis_codes: tuple[str, ...] = ()
    goals: tuple[GoalView, ...] = ()


@dataclass(frozen=True)
class PlanView:
    id: int
    version: int
    status: PlanStatus
    effective_date: date
    review_interval_days: int = 30
    next_review_date: date | None = None
    last_reviewed_on: date | None = None
    strengths: str = ""
    barriers: str = ""
    modality: str = ""
    frequency: str = ""
    participants: str = ""
    discharge_criteria: str = ""
    clinician_signed_on: date | None = None
    client_signed_on: date | None = None
    supervisor_name: str = ""
    supervisor_signed_on: date | None = None
    problems: tuple[ProblemView, ...] = ()

    @property
    def goals(self) -> tuple[GoalView, ...]:
        return tuple(goal for problem in self.problems for goal in problem.goals)

    @property
    def is_signed(self) -> bool:
        return self.clinician_signed_on is not None


@dataclass(frozen=True)
class TreatmentPlanData:
    letterhead: Letterhead
    client: ClientIdentity
    diagnoses: tuple[DiagnosisLine, ...]
    plan: PlanView


@dataclass(frozen=True)
class SessionLine:
    session_date: date
    attendance: Attendance
    session_type: SessionType = SessionType.INDIVIDUAL


@dataclass(frozen=True)
class GoalObservation:
    """One goal's entry in one session's progress note."""

    goal_id: int
    note_id: int
    session_date: date
    rating: ProgressRating | None = None
    gas_score: int | None = None
    observed_value: float | None = None


@dataclass(frozen=True)
class MeasurePoint:
    administered_on: date
    total: int
    band: str = ""
    item9_flag: bool = False


@dataclass(frozen=True)
class MilestoneLine:
    achieved_on: date
    description: str
    goal_id: int | None = None


@dataclass(frozen=True)
class CustomSeries:
    """One custom measure's readings for a client, oldest first (a chart of its own)."""

    measure_id: int
    name: str
    unit: str = ""
    min_value: float | None = None
    max_value: float | None = None
    better: Direction = Direction.INCREASE
    points: tuple[tuple[date, float], ...] = ()


@dataclass(frozen=True)
class ProgressSummaryData:
    """A client's whole history; the document picks the date range it reports on.

    ``plans`` holds every version, oldest first: goal progress recorded against an earlier
    version's goals still belongs in the summary.
    """

    letterhead: Letterhead
    client: ClientIdentity
    plans: tuple[PlanView, ...]
    sessions: tuple[SessionLine, ...] = ()
    observations: tuple[GoalObservation, ...] = ()
    phq9: tuple[MeasurePoint, ...] = ()
    gad7: tuple[MeasurePoint, ...] = ()
    milestones: tuple[MilestoneLine, ...] = ()
    custom: tuple[CustomSeries, ...] = ()
