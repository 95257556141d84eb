"""How long a client's records must be kept before deliberate deletion is allowed.

DOMAIN.md: at least 7 years after the last session for adults; for minors, 3 years past majority
(18) if that is later. States differ, so these are the floor the program enforces, not legal advice.
"""

from __future__ import annotations

from datetime import date

ADULT_YEARS_AFTER_LAST_SESSION = 7
AGE_OF_MAJORITY = 18
YEARS_PAST_MAJORITY = 3


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def retention_ends(last_session: date, date_of_birth: date | None) -> date:
    """The first day the records may be deleted: the later of the two rules."""
    end = _add_years(last_session, ADULT_YEARS_AFTER_LAST_SESSION)
    if date_of_birth is not None:
        end = max(end, _add_years(date_of_birth, AGE_OF_MAJORITY + YEARS_PAST_MAJORITY))
    return end
