"""Column types shared by the models: enums stored as their string values, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Dialect, Enum, String, TypeDecorator


def enum_type(enum: type[StrEnum]) -> Enum:
    """Store an enum as its value (``"on_hold"``), checked on write; no database enum type."""
    return Enum(
        enum,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC timestamp stored as ISO 8601 text, so it sorts and reads the same anywhere."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


def utc_now() -> datetime:
    return datetime.now(UTC)
