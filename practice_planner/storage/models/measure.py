"""Outcome measures given to a client (PHQ-9, GAD-7, or a clinician's own), and milestones."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practice_planner.domain.enums import Direction, Instrument
from practice_planner.storage.models.base import Base
from practice_planner.storage.models.types import UTCDateTime, enum_type, utc_now


class CustomMeasure(Base):
    """A number a clinician tracks that no standard instrument covers (mood 0-10, sleep hours)."""

    __tablename__ = "custom_measure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit: Mapped[str] = mapped_column(String(100), default="")
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    better: Mapped[Direction] = mapped_column(enum_type(Direction), default=Direction.INCREASE)


class MeasureAdministration(Base):
    __tablename__ = "measure_administration"
    # Each client's series of one instrument in date order, with the totals: the dashboard's
    # alerts find the latest and the first of every series without reading the table.
    __table_args__ = (
        Index(
            "ix_measure_administration_series",
            "client_id",
            "instrument",
            "administered_on",
            "id",
            "total",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounter.id"))
    instrument: Mapped[Instrument] = mapped_column(enum_type(Instrument))
    custom_measure_id: Mapped[int | None] = mapped_column(ForeignKey("custom_measure.id"))
    administered_on: Mapped[date] = mapped_column(Date, index=True)
    answers: Mapped[list[int] | None] = mapped_column(JSON)
    difficulty: Mapped[int | None] = mapped_column(Integer)
    """PHQ-9/GAD-7 closing question, 0-3, unscored; None where not asked or answered."""
    total: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(40), default="")
    item9_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Milestone(Base):
    """A win worth remembering ("first full night's sleep in months"), kept with its goal."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("progress_note.id"))
    achieved_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
