"""The practice profile: the letterhead of every document (one row per vault)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from practice_planner.storage.models.base import Base


class PracticeProfile(Base):
    __tablename__ = "practice_profile"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, default=1)
    practice_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    clinician_name: Mapped[str] = mapped_column(String(200), default="")
    credentials: Mapped[str] = mapped_column(String(200), default="")
    license_number: Mapped[str] = mapped_column(String(100), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")
