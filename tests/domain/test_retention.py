"""Retention: 7 years after the last session, or 3 years past majority if later."""

from __future__ import annotations

from datetime import date

from practice_planner.domain.retention import retention_ends


def test_adult_seven_years_after_last_session() -> None:
    assert retention_ends(date(2020, 5, 4), date(1980, 1, 1)) == date(2027, 5, 4)


def test_minor_three_years_past_majority_when_later() -> None:
    # Born 2015-06-01: majority 2033-06-01, plus 3 years = 2036-06-01 > 2020 + 7 = 2027.
    assert retention_ends(date(2020, 5, 4), date(2015, 6, 1)) == date(2036, 6, 1)


def test_unknown_birth_date_uses_the_adult_rule() -> None:
    assert retention_ends(date(2020, 5, 4), None) == date(2027, 5, 4)


def test_leap_day() -> None:
    assert retention_ends(date(2024, 2, 29), None) == date(2031, 2, 28)
