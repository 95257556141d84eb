"""Plan review dates: the next date, and whether it is due soon or overdue."""

from __future__ import annotations

from datetime import date

import pytest

from practice_planner.domain.review import ReviewState, days_overdue, next_review, review_state
from practice_planner.errors import ValidationError

TODAY = date(2026, 11, 22)


def test_next_review_adds_the_interval() -> None:
    assert next_review(date(2026, 11, 1), 30) == date(2026, 12, 1)
    assert next_review(date(2026, 12, 20), 14) == date(2027, 1, 3)  # across the year end
    assert next_review(date(2028, 2, 28), 1) == date(2028, 2, 29)  # leap day
    assert next_review(date(2026, 1, 1), 365) == date(2027, 1, 1)


@pytest.mark.parametrize("interval", [0, -7, 366, True])
def test_next_review_refuses_intervals_outside_1_to_365(interval: int) -> None:
    with pytest.raises(ValidationError) as raised:
        next_review(TODAY, interval)
    assert raised.value.fields == {
        "review_interval_days": "Choose a review interval from 1 to 365 days"
    }


def test_next_review_after_year_9999_is_refused() -> None:
    with pytest.raises(ValidationError):
        next_review(date(9999, 12, 1), 60)


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (None, ReviewState.NOT_SCHEDULED),
        (date(2026, 12, 1), ReviewState.OK),  # 9 days away
        (date(2026, 11, 30), ReviewState.OK),  # 8 days away
        (date(2026, 11, 29), ReviewState.DUE_SOON),  # exactly 7 days away
        (date(2026, 11, 22), ReviewState.DUE_SOON),  # due today: not yet overdue
        (date(2026, 11, 21), ReviewState.OVERDUE),  # yesterday
    ],
)
def test_review_state(due: date | None, state: ReviewState) -> None:
    assert review_state(due, TODAY) is state


def test_due_soon_window_is_adjustable() -> None:
    assert review_state(date(2026, 11, 25), TODAY, due_soon_days=2) is ReviewState.OK
    assert review_state(date(2026, 11, 24), TODAY, due_soon_days=2) is ReviewState.DUE_SOON
    assert review_state(TODAY, TODAY, due_soon_days=0) is ReviewState.DUE_SOON
    with pytest.raises(ValueError):
        review_state(TODAY, TODAY, due_soon_days=-1)


def test_days_overdue() -> None:
    assert days_overdue(None, TODAY) == 0
    assert days_overdue(date(2026, 12, 1), TODAY) == 0
    assert days_overdue(TODAY, TODAY) == 0
    assert days_overdue(date(2026, 11, 8), TODAY) == 14


def test_state_values_and_labels() -> None:
    assert ReviewState("overdue") is ReviewState.OVERDUE
    assert ReviewState.DUE_SOON.label == "Due soon"
    assert ReviewState.OK.label == "OK"
