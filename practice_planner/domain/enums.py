"""The field's own vocabulary as enumerations; values are stored in the vault as these strings.

``label`` gives the words a clinician reads on screen and in documents.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())


class ClientStatus(_Labelled):
    ACTIVE = "active"
    INACTIVE = "inactive"
    DISCHARGED = "discharged"


class PlanStatus(_Labelled):
    DRAFT = "draft"
    ACTIVE = "active"
    UNDER_REVIEW = "under_review"
    COMPLETED = "completed"
    SUPERSEDED = "superseded"


class GoalStatus(_Labelled):
    """Status of a goal or an objective (both are revised, paused, met or dropped)."""

    ACTIVE = "active"
    ON_HOLD = "on_hold"
    ACHIEVED = "achieved"
    REVISED = "revised"
    DISCONTINUED = "discontinued"


class GoalCategory(_Labelled):
    SYMPTOM = "symptom"
    BEHAVIORAL = "behavioral"
    EMOTIONAL_REGULATION = "emotional_regulation"
    RELATIONSHIP = "relationship"
    PERSONAL_GROWTH = "personal_growth"


class GoalHorizon(_Labelled):
    SHORT_TERM = "short_term"
    LONG_TERM = "long_term"


class GoalKind(_Labelled):
    """Process goals say how ("practise mindfulness"); outcome goals say what changes."""

    PROCESS = "process"
    OUTCOME = "outcome"


class Direction(_Labelled):
    """Which way is better for a measured goal or a custom measure."""

    DECREASE = "decrease"
    INCREASE = "increase"


class SessionType(_Labelled):
    INTAKE = "intake"
    INDIVIDUAL = "individual"
    COUPLE = "couple"
    FAMILY = "family"
    GROUP = "group"


class Attendance(_Labelled):
    ATTENDED = "attended"
    CANCELLED = "cancelled"
    LATE_CANCELLED = "late_cancelled"
    NO_SHOW = "no_show"


class Delivery(_Labelled):
    """How the session was held (the therapy modality lives on the plan and interventions)."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class NoteFormat(_Labelled):
    SOAP = "soap"
    DAP = "dap"
    BIRP = "birp"
    FREE = "free"

    @property
    def sections(self) -> tuple[str, ...]:
        """The labelled sections a note of this format is written in, in order."""
        return _NOTE_SECTIONS[self.value]


class RiskLevel(_Labelled):
    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def needs_safety_plan(self) -> bool:
        return self in (RiskLevel.MODERATE, RiskLevel.HIGH)


class ProgressRating(_Labelled):
    """Per-session progress on a goal (maps onto FHIR Goal.achievementStatus)."""

    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    IMPROVING = "improving"
    ACHIEVED = "achieved"


class Instrument(_Labelled):
    PHQ9 = "phq9"
    GAD7 = "gad7"
    CUSTOM = "custom"


_NOTE_SECTIONS: dict[str, tuple[str, ...]] = {
    "soap": ("subjective", "objective", "assessment", "plan"),
    "dap": ("data", "assessment", "plan"),
    "birp": ("behavior", "intervention", "response", "plan"),
    "free": ("note",),
}

_LABELS: dict[str, str] = {
    "soap": "SOAP",
    "dap": "DAP",
    "birp": "BIRP",
    "free": "Free text",
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "custom": "Custom measure",
    "on_hold": "On hold",
    "under_review": "Under review",
    "late_cancelled": "Late-cancelled",
    "no_show": "No-show",
    "in_person": "In person",
    "short_term": "Short-term",
    "long_term": "Long-term",
    "symptom": "Symptom-focused",
    "emotional_regulation": "Emotional regulation",
    "personal_growth": "Personal growth",
    "no_change": "No change",
}
