"""Clients and their diagnoses. Clients are archived, never silently deleted."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from practice_planner.domain.enums import ClientStatus
from practice_planner.domain.search import client_search_key
from practice_planner.storage.models.base import Base
from practice_planner.storage.models.types import UTCDateTime, enum_type, utc_now

if TYPE_CHECKING:
    from sqlalchemy.engine.default import DefaultExecutionContext

    from practice_planner.storage.models.plan import TreatmentPlan


def _search_key(context: DefaultExecutionContext) -> str:
    values: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return client_search_key(
        values.get("legal_given_name") or "",
        values.get("legal_family_name") or "",
        values.get("preferred_name") or "",
        values.get("record_number") or "",
    )


class Client(Base):
    __tablename__ = "client"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_number: Mapped[str] = mapped_column(String(40), unique=True)
    legal_given_name: Mapped[str] = mapped_column(String(100))
    legal_family_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    emergency_contact_name: Mapped[str] = mapped_column(String(200), default="")
    emergency_contact_relationship: Mapped[str] = mapped_column(String(100), default="")
    emergency_contact_phone: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[ClientStatus] = mapped_column(
        enum_type(ClientStatus), default=ClientStatus.ACTIVE, index=True
    )
    intake_date: Mapped[date | None] = mapped_column(Date)
    discharge_date: Mapped[date | None] = mapped_column(Date)
    referral_source: Mapped[str] = mapped_column(String(200), default="")
    presenting_concerns: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    search_key: Mapped[str] = mapped_column(Text, default=_search_key, server_default="")
    """Names and record number folded by ``domain.search.client_search_key``: computed on every
    insert (ORM or Core), set again by ``services.clients.update_client``; derived, so the JSON
    export leaves it out and an import computes it."""

    diagnoses: Mapped[list[Diagnosis]] = relationship(
        back_populates="client", order_by="Diagnosis.id", cascade="all, delete-orphan"
    )
    plans: Mapped[list[TreatmentPlan]] = relationship(
        back_populates="client", order_by="TreatmentPlan.version"
    )

    @property
    def display_name(self) -> str:
        """How the clinician addresses the client: preferred name first, then family name."""
        given = self.preferred_name or self.legal_given_name
        return f"{given} {self.legal_family_name}".strip()


# The client list's order with everything its filters read, so listing and searching walk one
# index in order: no sort, and no client row decoded (names are read for the visible page only).
Index(
    "ix_client_list",
    Client.legal_family_name.collate("NOCASE"),
    Client.legal_given_name.collate("NOCASE"),
    Client.id,
    Client.archived_at,
    Client.status,
    Client.search_key,
)


class Diagnosis(Base):
    __tablename__ = "diagnosis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    icd10_code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(300))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    diagnosed_on: Mapped[date | None] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)

    client: Mapped[Client] = relationship(back_populates="diagnoses")
