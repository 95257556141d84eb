"""Is a change in a questionnaire score real? Practice thresholds and the Jacobson-Truax index.

Scores move by a few points from week to week through measurement error alone. The NHS Talking
Therapies practice thresholds (PHQ-9: 6 points, GAD-7: 4) and the Jacobson-Truax reliable change
index separate change worth reporting from that noise, and caseness says whether a score is still
in the clinical range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from practice_planner.domain.enums import Direction, Instrument
from practice_planner.domain.measures import check_total, definition

RCI_CRITICAL = 1.96  # two-tailed p < .05
REMISSION_BELOW = 5  # PHQ-9 total under 5 is remission
_MINUS = "\u2212"  # a typographic minus sign, as printed in reports


@dataclass(frozen=True)
class ChangeVerdict:
    """Change between a first and a latest total, read against the practice thresholds.

    ``recovered``: from caseness (at or above the threshold) to below it.
    ``reliably_recovered``: recovered with a reliable improvement (NHS "reliable recovery").
    ``response`` and ``remission`` are defined for PHQ-9 only (None for GAD-7).
    """

    instrument: Instrument
    first_total: int
    latest_total: int
    change: int
    reliable_improvement: bool
    reliable_deterioration: bool
    recovered: bool
    reliably_recovered: bool
    response: bool | None
    remission: bool | None
    statement: str


class ChangeMark(StrEnum):
    """How one score stands against the first, as a progress chart marks the point.

    Recovery outranks reliable improvement (it says more: the score left the clinical range),
    and reliable recovery (both at once) outranks plain recovery.
    """

    NO_RELIABLE_CHANGE = "no_reliable_change"
    RELIABLE_IMPROVEMENT = "reliable_improvement"
    RELIABLE_DETERIORATION = "reliable_deterioration"
    RECOVERY = "recovery"
    RELIABLE_RECOVERY = "reliable_recovery"

    @property
    def label(self) -> str:
        if self is ChangeMark.RECOVERY:
            return "Recovery (change not reliable)"
        return self.value.replace("_", " ").capitalize()


def change_mark(verdict: ChangeVerdict) -> ChangeMark:
    """The one mark a chart puts on the latest point of ``verdict``."""
    if verdict.reliably_recovered:
        return ChangeMark.RELIABLE_RECOVERY
    if verdict.recovered:
        return ChangeMark.RECOVERY
    if verdict.reliable_improvement:
        return ChangeMark.RELIABLE_IMPROVEMENT
    if verdict.reliable_deterioration:
        return ChangeMark.RELIABLE_DETERIORATION
    return ChangeMark.NO_RELIABLE_CHANGE


@dataclass(frozen=True)
class JTResult:
    """Jacobson-Truax index; ``direction`` is the way the raw score moved (None if unchanged)."""

    rci: float
    reliable: bool
    direction: Direction | None


def compare(instrument: Instrument, first_total: int, latest_total: int) -> ChangeVerdict:
    """Judge first -> latest; ValidationError ("first_total"/"latest_total") if out of range."""
    spec = definition(instrument)
    check_total(instrument, first_total, "first_total")
    check_total(instrument, latest_total, "latest_total")
    change = latest_total - first_total
    improved = change <= -spec.reliable_change
    deteriorated = change >= spec.reliable_change
    recovered = first_total >= spec.caseness_threshold and latest_total < spec.caseness_threshold
    response: bool | None = None
    remission: bool | None = None
    if instrument is Instrument.PHQ9:
        # a drop of at least half the first score; 2 * drop >= first avoids float rounding
        response = first_total > 0 and 2 * (first_total - latest_total) >= first_total
        remission = latest_total < REMISSION_BELOW
    return ChangeVerdict(
        instrument=instrument,
        first_total=first_total,
        latest_total=latest_total,
        change=change,
        reliable_improvement=improved,
        reliable_deterioration=deteriorated,
        recovered=recovered,
        reliably_recovered=recovered and improved,
        response=response,
        remission=remission,
        statement=_statement(instrument, first_total, latest_total, improved, deteriorated),
    )


def _signed(change: int) -> str:
    return f"{_MINUS}{-change}" if change < 0 else f"+{change}"


def _statement(
    instrument: Instrument, first: int, latest: int, improved: bool, deteriorated: bool
) -> str:
    spec = definition(instrument)
    threshold = spec.caseness_threshold
    change = latest - first
    if change < 0:
        movement = f"fell from {first} to {latest} ({_signed(change)})"
    elif change > 0:
        movement = f"rose from {first} to {latest} ({_signed(change)})"
    else:
        movement = f"stayed at {first}"
    if improved:
        reliability = "reliable improvement"
    elif deteriorated:
        reliability = "reliable deterioration"
    else:
        reliability = f"no reliable change ({spec.reliable_change} points or more needed)"
    line = f"clinical threshold of {threshold}"
    was_case, is_case = first >= threshold, latest >= threshold
    if was_case and not is_case:
        caseness = (
            f", and below the {line} (recovery)"
            if improved
            else f", though now below the {line} (recovery without reliable improvement)"
        )
    elif was_case:
        caseness = f", {'but ' if improved else ''}still at or above the {line}"
    elif is_case:
        caseness = f", and now at or above the {line}"
    else:
        caseness = f", below the {line} at both points"
    return f"{spec.name} {movement}: {reliability}{caseness}."


def jacobson_truax(x1: float, x2: float, sd1: float, reliability: float) -> JTResult:
    """RC = (x2 - x1) / sqrt(2 * SE^2), SE = SD1 * sqrt(1 - r); |RC| > 1.96 is reliable.

    ``sd1`` is the standard deviation of pre-treatment scores in the norm group and
    ``reliability`` the test-retest (or internal consistency) coefficient r, 0 <= r < 1.
    """
    for name, value in (("x1", x1), ("x2", x2), ("sd1", sd1), ("reliability", reliability)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if sd1 <= 0:
        raise ValueError(f"sd1 must be greater than 0, got {sd1!r}")
    if not 0 <= reliability < 1:
        raise ValueError(f"reliability must be at least 0 and below 1, got {reliability!r}")
    se = sd1 * math.sqrt(1 - reliability)
    denominator = se * math.sqrt(2)  # sqrt(2 * SE^2), without squaring tiny or huge SEs
    if denominator == 0:
        raise ValueError(f"sd1 is too small to compute an index: {sd1!r}")
    rci = (x2 - x1) / denominator
    direction: Direction | None = None
    if rci > 0:
        direction = Direction.INCREASE
    elif rci < 0:
        direction = Direction.DECREASE
    return JTResult(rci=rci, reliable=abs(rci) > RCI_CRITICAL, direction=direction)
