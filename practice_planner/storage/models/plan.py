"""Treatment plans, versioned: plan > problems > goals > objectives and interventions.

A signed plan version is frozen; revising it makes a new version (``supersedes_id`` points back)
so earlier versions stay readable exactly as signed. Every change to a goal leaves a
``GoalRevision`` row with its date and reason.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice_planner.domain.enums import (
    Direction,
    GoalCategory,
    GoalHorizon,
    GoalKind,
    GoalStatus,
    PlanStatus,
)
from practice_planner.storage.models.base import Base
from practice_planner.storage.models.client import Client, Diagnosis
from practice_planner.storage.models.types import UTCDateTime, enum_type, utc_now

problem_diagnosis = Table(
    "problem_diagnosis",
    Base.metadata,
    Column("problem_id", ForeignKey("problem.id"), primary_key=True),
    Column("diagnosis_id", ForeignKey("diagnosis.id"), primary_key=True),
)


class TreatmentPlan(Base):
    __tablename__ = "treatment_plan"
    __table_args__ = (
        UniqueConstraint("client_id", "version"),
        CheckConstraint("review_interval_days BETWEEN 1 AND 365", name="review_interval"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plan.id"))
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus), default=PlanStatus.DRAFT)
    effective_date: Mapped[date] = mapped_column(Date)
    review_interval_days: Mapped[int] = mapped_column(Integer, default=30)
    next_review_date: Mapped[date | None] = mapped_column(Date, index=True)
    last_reviewed_on: Mapped[date | None] = mapped_column(Date)
    strengths: Mapped[str] = mapped_column(Text, default="")
    barriers: Mapped[str] = mapped_column(Text, default="")
    modality: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[str] = mapped_column(String(300), default="")
    discharge_criteria: Mapped[str] = mapped_column(Text, default="")
    clinician_signed_on: Mapped[date | None] = mapped_column(Date)
    client_signed_on: Mapped[date | None] = mapped_column(Date)
    supervisor_name: Mapped[str] = mapped_column(String(200), default="")
    supervisor_signed_on: Mapped[date | None] = mapped_column(Date)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    client: Mapped[Client] = relationship(back_populates="plans")
    problems: Mapped[list[Problem]] = relationship(
        back_populates="plan", order_by="Problem.position", cascade="all, delete-orphan"
    )

    @property
    def is_signed(self) -> bool:
        """Frozen: signed by the clinician (the client's signature may follow on the same day)."""
        return self.signed_at is not None


class Problem(Base):
    __tablename__ = "problem"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[TreatmentPlan] = relationship(back_populates="problems")
    goals: Mapped[list[Goal]] = relationship(
        back_populates="problem", order_by="Goal.position", cascade="all, delete-orphan"
    )
    diagnoses: Mapped[list[Diagnosis]] = relationship(secondary=problem_diagnosis)


class Goal(Base):
    __tablename__ = "goal"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement: Mapped[str] = mapped_column(Text)
    client_words: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[GoalCategory] = mapped_column(enum_type(GoalCategory))
    horizon: Mapped[GoalHorizon] = mapped_column(
        enum_type(GoalHorizon), default=GoalHorizon.LONG_TERM
    )
    kind: Mapped[GoalKind] = mapped_column(enum_type(GoalKind), default=GoalKind.OUTCOME)
    measure_name: Mapped[str] = mapped_column(String(200), default="")
    measure_unit: Mapped[str] = mapped_column(String(100), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[Direction | None] = mapped_column(enum_type(Direction))
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(enum_type(GoalStatus), default=GoalStatus.ACTIVE)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    gas_much_less: Mapped[str] = mapped_column(Text, default="")
    gas_less: Mapped[str] = mapped_column(Text, default="")
    gas_expected: Mapped[str] = mapped_column(Text, default="")
    gas_more: Mapped[str] = mapped_column(Text, default="")
    gas_much_more: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    problem: Mapped[Problem] = relationship(back_populates="goals")
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="goal", order_by="Objective.position", cascade="all, delete-orphan"
    )
    interventions: Mapped[list[Intervention]] = relationship(
        back_populates="goal", order_by="Intervention.position", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[GoalRevision]] = relationship(
        back_populates="goal", order_by="GoalRevision.id", cascade="all, delete-orphan"
    )

    @property
    def gas_levels(self) -> tuple[str, str, str, str, str]:
        """Descriptions for GAS scores -2, -1, 0, +1, +2, in that order."""
        return (
            self.gas_much_less,
            self.gas_less,
            self.gas_expected,
            self.gas_more,
            self.gas_much_more,
        )

    @property
    def is_measurable(self) -> bool:
        return bool(self.measure_name) and self.baseline is not None and self.target is not None


class Objective(Base):
    __tablename__ = "objective"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement: Mapped[str] = mapped_column(Text)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(enum_type(GoalStatus), default=GoalStatus.ACTIVE)

    goal: Mapped[Goal] = relationship(back_populates="objectives")


class Intervention(Base):
    __tablename__ = "intervention"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[str] = mapped_column(String(200), default="")

    goal: Mapped[Goal] = relationship(back_populates="interventions")


class GoalRevision(Base):
    """One change to a goal: which field, from what, to what, when and why."""

    __tablename__ = "goal_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")

    goal: Mapped[Goal] = relationship(back_populates="revisions")
