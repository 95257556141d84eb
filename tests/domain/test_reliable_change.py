"""Reliable change, recovery, response and remission; the Jacobson-Truax index."""

from __future__ import annotations

import math

import pytest

from practice_planner.domain.enums import Direction, Instrument
from practice_planner.domain.reliable_change import (
    ChangeMark,
    change_mark,
    compare,
    jacobson_truax,
)
from practice_planner.errors import ValidationError

PHQ9, GAD7 = Instrument.PHQ9, Instrument.GAD7


def test_the_report_sentence() -> None:
    verdict = compare(PHQ9, 18, 9)
    assert verdict.change == -9
    assert verdict.reliable_improvement
    assert not verdict.reliable_deterioration
    assert verdict.recovered
    assert verdict.reliably_recovered
    assert verdict.statement == (
        "PHQ-9 fell from 18 to 9 (\u22129): reliable improvement, and below the clinical "
        "threshold of 10 (recovery)."
    )


@pytest.mark.parametrize(
    ("instrument", "first", "latest", "improved"),
    [
        (PHQ9, 20, 14, True),  # drop of exactly 6
        (PHQ9, 20, 15, False),  # drop of 5
        (GAD7, 15, 11, True),  # drop of exactly 4
        (GAD7, 15, 12, False),  # drop of 3
    ],
)
def test_reliable_improvement_boundary(
    instrument: Instrument, first: int, latest: int, improved: bool
) -> None:
    assert compare(instrument, first, latest).reliable_improvement is improved


@pytest.mark.parametrize(
    ("instrument", "first", "latest", "worse"),
    [(PHQ9, 4, 10, True), (PHQ9, 4, 9, False), (GAD7, 3, 7, True), (GAD7, 3, 6, False)],
)
def test_reliable_deterioration_boundary(
    instrument: Instrument, first: int, latest: int, worse: bool
) -> None:
    verdict = compare(instrument, first, latest)
    assert verdict.reliable_deterioration is worse
    assert not verdict.reliable_improvement


def test_recovery_needs_crossing_the_caseness_line() -> None:
    # 9 -> 2: reliable (-7) but never a case: not recovery
    assert not compare(PHQ9, 9, 2).recovered
    # 20 -> 10: reliable (-10) but still a case (10 >= 10)
    still = compare(PHQ9, 20, 10)
    assert still.reliable_improvement
    assert not still.recovered
    assert not still.reliably_recovered
    # 10 -> 9: crosses the line, yet -1 is not reliable: recovered, not reliably
    crossed = compare(PHQ9, 10, 9)
    assert crossed.recovered
    assert not crossed.reliably_recovered
    # GAD-7 caseness is 8: 12 -> 7 (-5) crosses and is reliable
    assert compare(GAD7, 12, 7).reliably_recovered
    assert not compare(GAD7, 12, 8).recovered


def test_response_and_remission_phq9_only() -> None:
    # 18 -> 9: drop 9 = 50% of 18 -> response; 9 is not < 5 -> no remission
    verdict = compare(PHQ9, 18, 9)
    assert verdict.response is True
    assert verdict.remission is False
    # 18 -> 10: drop 8 < 9 -> no response
    assert compare(PHQ9, 18, 10).response is False
    # 11 -> 4: remission (< 5); 5 is not
    assert compare(PHQ9, 11, 4).remission is True
    assert compare(PHQ9, 11, 5).remission is False
    # first score 0 cannot halve
    assert compare(PHQ9, 0, 0).response is False
    gad = compare(GAD7, 15, 3)
    assert gad.response is None
    assert gad.remission is None


@pytest.mark.parametrize(
    ("instrument", "first", "latest", "expected"),
    [
        (
            PHQ9,
            20,
            12,
            "PHQ-9 fell from 20 to 12 (\u22128): reliable improvement, but still at or above the "
            "clinical threshold of 10.",
        ),
        (
            PHQ9,
            7,
            14,
            "PHQ-9 rose from 7 to 14 (+7): reliable deterioration, and now at or above the "
            "clinical threshold of 10.",
        ),
        (
            PHQ9,
            12,
            12,
            "PHQ-9 stayed at 12: no reliable change (6 points or more needed), still at or above "
            "the clinical threshold of 10.",
        ),
        (
            GAD7,
            3,
            5,
            "GAD-7 rose from 3 to 5 (+2): no reliable change (4 points or more needed), below the "
            "clinical threshold of 8 at both points.",
        ),
        (
            PHQ9,
            11,
            9,
            "PHQ-9 fell from 11 to 9 (\u22122): no reliable change (6 points or more needed), "
            "though now below the clinical threshold of 10 "
            "(recovery without reliable improvement).",
        ),
    ],
)
def test_statements(instrument: Instrument, first: int, latest: int, expected: str) -> None:
    assert compare(instrument, first, latest).statement == expected


@pytest.mark.parametrize(("first", "latest"), [(-1, 5), (5, 28), (28, 5)])
def test_compare_refuses_impossible_totals(first: int, latest: int) -> None:
    with pytest.raises(ValidationError):
        compare(PHQ9, first, latest)


def test_compare_refuses_custom_measures() -> None:
    with pytest.raises(ValueError):
        compare(Instrument.CUSTOM, 1, 2)


def test_jacobson_truax_hand_computed() -> None:
    # SE = 5 * sqrt(1 - 0.84) = 5 * 0.4 = 2; sqrt(2 * 2^2) = sqrt(8) = 2.8284...
    # RC = (10 - 20) / 2.8284 = -3.5355 -> reliable, decrease
    result = jacobson_truax(20, 10, 5, 0.84)
    assert result.rci == pytest.approx(-10 / math.sqrt(8))
    assert result.rci == pytest.approx(-3.5355339, abs=1e-6)
    assert result.reliable
    assert result.direction is Direction.DECREASE


def test_jacobson_truax_threshold_is_strict() -> None:
    # r = 0.5, SD = 1: SE = sqrt(0.5), sqrt(2 * 0.5) = 1, so RC = x2 - x1
    assert jacobson_truax(0, 1.96, 1, 0.5).rci == pytest.approx(1.96)
    assert not jacobson_truax(0, 1.95, 1, 0.5).reliable
    assert jacobson_truax(0, 1.97, 1, 0.5).reliable
    assert jacobson_truax(0, 1.97, 1, 0.5).direction is Direction.INCREASE
    unchanged = jacobson_truax(3, 3, 1, 0.5)
    assert unchanged.rci == 0
    assert unchanged.direction is None
    assert not unchanged.reliable


def test_jacobson_truax_with_zero_reliability() -> None:
    # r = 0: SE = SD = 4; RC = 12 / sqrt(32) = 2.1213
    assert jacobson_truax(10, 22, 4, 0).rci == pytest.approx(12 / math.sqrt(32))


@pytest.mark.parametrize(
    ("sd1", "reliability", "words"),
    [
        (0, 0.8, "sd1"),
        (-1, 0.8, "sd1"),
        (5, 1, "reliability"),
        (5, -0.1, "reliability"),
        (5, math.nan, "reliability"),
        (math.inf, 0.8, "sd1"),
    ],
)
def test_jacobson_truax_validates(sd1: float, reliability: float, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        jacobson_truax(10, 5, sd1, reliability)


@pytest.mark.parametrize(
    ("instrument", "first", "latest", "mark"),
    [
        # 18 -> 13: -5 is under 6 and 13 is still a case: nothing to mark
        (PHQ9, 18, 13, ChangeMark.NO_RELIABLE_CHANGE),
        # 18 -> 12: -6 is reliable, 12 >= 10 is still a case
        (PHQ9, 18, 12, ChangeMark.RELIABLE_IMPROVEMENT),
        # 18 -> 9: -9 is reliable and 9 < 10 left the clinical range
        (PHQ9, 18, 9, ChangeMark.RELIABLE_RECOVERY),
        # 10 -> 9: crosses the line by one point: recovery, not reliable
        (PHQ9, 10, 9, ChangeMark.RECOVERY),
        # 4 -> 10: +6 is reliable deterioration
        (PHQ9, 4, 10, ChangeMark.RELIABLE_DETERIORATION),
        # 4 -> 9: +5 is not
        (PHQ9, 4, 9, ChangeMark.NO_RELIABLE_CHANGE),
        # GAD-7: 9 -> 7 crosses caseness 8 with -2 (recovery); 12 -> 7 is -5 (reliable)
        (GAD7, 9, 7, ChangeMark.RECOVERY),
        (GAD7, 12, 7, ChangeMark.RELIABLE_RECOVERY),
        (GAD7, 12, 8, ChangeMark.RELIABLE_IMPROVEMENT),
        (GAD7, 3, 7, ChangeMark.RELIABLE_DETERIORATION),
        (GAD7, 7, 2, ChangeMark.RELIABLE_IMPROVEMENT),  # never a case: improvement only
    ],
)
def test_the_mark_a_chart_puts_on_a_point(
    instrument: Instrument, first: int, latest: int, mark: ChangeMark
) -> None:
    assert change_mark(compare(instrument, first, latest)) is mark


def test_mark_labels() -> None:
    assert ChangeMark.RELIABLE_RECOVERY.label == "Reliable recovery"
    assert ChangeMark.RECOVERY.label == "Recovery (change not reliable)"
    assert ChangeMark.RELIABLE_DETERIORATION.label == "Reliable deterioration"
