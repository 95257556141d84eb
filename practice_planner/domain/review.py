"""When a treatment plan is next reviewed, and whether that review is due or overdue.

Plans go stale when nobody notices the review date passing, so the state is computed from dates
passed in (never the clock) and shown wherever the plan appears.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from practice_planner.errors import ValidationError

MIN_INTERVAL_DAYS = 1
MAX_INTERVAL_DAYS = 365
DEFAULT_DUE_SOON_DAYS = 7


class ReviewState(StrEnum):
    """Where a plan stands against its next review date."""

    NOT_SCHEDULED = "not_scheduled"
    OK = "ok"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return "OK" if self is ReviewState.OK else self.value.replace("_", " ").capitalize()


def next_review(last_review_or_effective: date, interval_days: int) -> date:
    """The next review date: the last review (or the plan's effective date) plus the interval.

    ValidationError on "review_interval_days" unless the interval is 1 to 365 days.
    """
    if (
        isinstance(interval_days, bool)
        or not isinstance(interval_days, int)
        or not MIN_INTERVAL_DAYS <= interval_days <= MAX_INTERVAL_DAYS
    ):
        raise ValidationError(
            {
                "review_interval_days": (
                    f"Choose a review interval from {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS} days"
                )
            }
        )
    try:
        return last_review_or_effective + timedelta(days=interval_days)
    except OverflowError:
        raise ValidationError(
            {"review_interval_days": "The next review would fall after the year 9999"}
        ) from None


def review_state(
    next_review: date | None, today: date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> ReviewState:
    """OVERDUE after the date, DUE_SOON from ``due_soon_days`` before it through the day itself."""
    if due_soon_days < 0:
        raise ValueError(f"due_soon_days must be 0 or more, got {due_soon_days!r}")
    if next_review is None:
        return ReviewState.NOT_SCHEDULED
    days_left = (next_review - today).days
    if days_left < 0:
        return ReviewState.OVERDUE
    if days_left <= due_soon_days:
        return ReviewState.DUE_SOON
    return ReviewState.OK


def days_overdue(next_review: date | None, today: date) -> int:
    """Whole days since the review fell due; 0 when not yet due or not scheduled."""
    if next_review is None:
        return 0
    return max(0, (today - next_review).days)


def review_when(next_review: date, today: date) -> str:
    """The review date as a clinician says it: "Overdue by 3 days", "Due today", "Due in 1 day"."""
    days_left = (next_review - today).days
    if days_left < 0:
        return f"Overdue by {_days(-days_left)}"
    return "Due today" if days_left == 0 else f"Due in {_days(days_left)}"


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"
