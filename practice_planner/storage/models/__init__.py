"""Typed SQLAlchemy models; importing this package registers every table on ``Base.metadata``."""

from practice_planner.storage.models.audit import AuditEvent, AuditHead
from practice_planner.storage.models.base import Base
from practice_planner.storage.models.client import Client, Diagnosis
from practice_planner.storage.models.encounter import (
    Addendum,
    Encounter,
    GoalProgress,
    ProgressNote,
    PsychotherapyNote,
)
from practice_planner.storage.models.measure import CustomMeasure, MeasureAdministration, Milestone
from practice_planner.storage.models.plan import (
    Goal,
    GoalRevision,
    Intervention,
    Objective,
    Problem,
    TreatmentPlan,
    problem_diagnosis,
)
from practice_planner.storage.models.practice import PracticeProfile
from practice_planner.storage.models.setting import Setting

__all__ = [
    "Addendum",
    "AuditEvent",
    "AuditHead",
    "Base",
    "Client",
    "CustomMeasure",
    "Diagnosis",
    "Encounter",
    "Goal",
    "GoalProgress",
    "GoalRevision",
    "Intervention",
    "MeasureAdministration",
    "Milestone",
    "Objective",
    "PracticeProfile",
    "Problem",
    "ProgressNote",
    "PsychotherapyNote",
    "Setting",
    "TreatmentPlan",
    "problem_diagnosis",
]
