"""Sessions (encounters) and what is written about them.

Progress notes are signed and locked, then only take addenda. Psychotherapy notes (the
clinician's private process notes, HIPAA 45 CFR 164.501) live in their own table so that no query
for the record, a report or an export reaches them by accident.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice_planner.domain.enums import (
    Attendance,
    Delivery,
    NoteFormat,
    ProgressRating,
    RiskLevel,
    SessionType,
)
from practice_planner.storage.models.base import Base
from practice_planner.storage.models.types import UTCDateTime, enum_type, utc_now


class Encounter(Base):
    """A scheduled or held session with a client."""

    __tablename__ = "encounter"
    __table_args__ = (CheckConstraint("duration_minutes BETWEEN 1 AND 600", name="duration_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plan.id"))
    session_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=50)
    session_type: Mapped[SessionType] = mapped_column(
        enum_type(SessionType), default=SessionType.INDIVIDUAL
    )
    attendance: Mapped[Attendance] = mapped_column(
        enum_type(Attendance), default=Attendance.ATTENDED
    )
    delivery: Mapped[Delivery] = mapped_column(enum_type(Delivery), default=Delivery.IN_PERSON)
    cpt_code: Mapped[str] = mapped_column(String(10), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    note: Mapped[ProgressNote | None] = relationship(back_populates="encounter")


class ProgressNote(Base):
    __tablename__ = "progress_note"
    # The dashboard's unsigned notes: a few rows of the index instead of every note decoded.
    __table_args__ = (
        Index("ix_progress_note_unsigned", "encounter_id", sqlite_where=text("signed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounter.id"), unique=True)
    format: Mapped[NoteFormat] = mapped_column(enum_type(NoteFormat), default=NoteFormat.SOAP)
    sections: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    risk_level: Mapped[RiskLevel] = mapped_column(enum_type(RiskLevel), default=RiskLevel.NONE)
    safety_note: Mapped[str] = mapped_column(Text, default="")
    homework: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    encounter: Mapped[Encounter] = relationship(back_populates="note")
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="note", order_by="Addendum.id", cascade="all, delete-orphan"
    )
    goal_progress: Mapped[list[GoalProgress]] = relationship(
        back_populates="note", order_by="GoalProgress.goal_id", cascade="all, delete-orphan"
    )


class Addendum(Base):
    """A dated correction or addition below a signed note; the note itself never changes."""

    __tablename__ = "addendum"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_note.id"), index=True)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)

    note: Mapped[ProgressNote] = relationship(back_populates="addenda")


class PsychotherapyNote(Base):
    __tablename__ = "psychotherapy_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounter.id"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class GoalProgress(Base):
    """How one goal went in one session: rating, GAS score, and the measured value if any."""

    __tablename__ = "goal_progress"
    __table_args__ = (
        UniqueConstraint("note_id", "goal_id"),
        CheckConstraint("gas_score BETWEEN -2 AND 2", name="gas_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_note.id"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    rating: Mapped[ProgressRating | None] = mapped_column(enum_type(ProgressRating))
    gas_score: Mapped[int | None] = mapped_column(Integer)
    observed_value: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")

    note: Mapped[ProgressNote] = relationship(back_populates="goal_progress")
