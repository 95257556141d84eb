"""Goal Attainment Scaling T-scores: hand-computed cases, refusals and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice_planner.domain.gas import DEFAULT_LEVEL_NAMES, LEVELS, level_name, t_score

weights = st.floats(min_value=0.01, max_value=100, allow_nan=False, allow_infinity=False)
goals = st.lists(st.tuples(st.sampled_from(LEVELS), weights), min_size=1, max_size=12)


def test_levels_and_names() -> None:
    assert LEVELS == (-2, -1, 0, 1, 2)
    assert [DEFAULT_LEVEL_NAMES[level] for level in LEVELS] == [
        "Much less than expected",
        "Somewhat less than expected",
        "Expected level of outcome",
        "Somewhat more than expected",
        "Much more than expected",
    ]
    assert level_name(0) == "Expected level of outcome"
    with pytest.raises(ValueError):
        level_name(3)


@given(st.lists(weights, min_size=1, max_size=12))
def test_all_expected_is_50(ws: list[float]) -> None:
    assert t_score([(0, w) for w in ws]) == 50.0


def test_one_goal_at_plus_two() -> None:
    # 50 + 10 * (1 * 2) / sqrt(0.7 * 1 + 0.3 * 1^2) = 50 + 20 / 1 = 70
    assert t_score([(2, 1.0)]) == pytest.approx(70.0)


def test_three_weighted_goals_by_hand() -> None:
    # scores +1, 0, -1 with weights 1, 2, 3:
    # sum(w*x) = 1 + 0 - 3 = -2
    # sum(w^2) = 1 + 4 + 9 = 14; (sum w)^2 = 6^2 = 36
    # denominator = sqrt(0.7 * 14 + 0.3 * 36) = sqrt(9.8 + 10.8) = sqrt(20.6) = 4.538722
    # T = 50 + 10 * -2 / 4.538722 = 50 - 4.406527 = 45.593474
    assert t_score([(1, 1), (0, 2), (-1, 3)]) == pytest.approx(45.593474, abs=1e-6)


def test_two_equal_goals_by_hand() -> None:
    # scores +1, +1 weight 1: sum(w*x) = 2; sqrt(0.7 * 2 + 0.3 * 4) = sqrt(2.6) = 1.612452
    # T = 50 + 20 / 1.612452 = 62.403473
    assert t_score([(1, 1), (1, 1)]) == pytest.approx(62.403473, abs=1e-6)


def test_weights_scale_freely() -> None:
    # T depends on the weights' ratios only
    assert t_score([(2, 1), (-1, 3)]) == pytest.approx(t_score([(2, 1e-9), (-1, 3e-9)]))
    assert t_score([(2, 1), (-1, 3)]) == pytest.approx(t_score([(2, 1e200), (-1, 3e200)]))


@pytest.mark.parametrize(
    ("scores", "words"),
    [
        ([], "at least one goal"),
        ([(3, 1.0)], "Goal 1: the score must be one of -2, -1, 0, 1, 2"),
        ([(0, 1.0), (-3, 1.0)], "Goal 2: the score"),
        ([(0, 0.0)], "Goal 1: the weight must be a number greater than 0"),
        ([(0, -1.0)], "weight"),
        ([(0, math.nan)], "weight"),
        ([(0, math.inf)], "weight"),
    ],
)
def test_refusals(scores: list[tuple[int, float]], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        t_score(scores)


def test_a_fractional_score_is_refused() -> None:
    with pytest.raises(ValueError, match="score"):
        t_score([(1.5, 1.0)])  # type: ignore[list-item]


@given(goals, st.data())
def test_monotonic_in_any_single_score(pairs: list[tuple[int, float]], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(pairs) - 1))
    score, weight = pairs[index]
    if score == 2:
        return
    raised = [*pairs]
    raised[index] = (score + 1, weight)
    assert t_score(raised) > t_score(pairs)


@given(goals)
def test_all_minus_two_is_the_minimum(pairs: list[tuple[int, float]]) -> None:
    lowest = t_score([(-2, w) for _, w in pairs])
    highest = t_score([(2, w) for _, w in pairs])
    assert lowest <= t_score(pairs) + 1e-9
    assert t_score(pairs) <= highest + 1e-9


@given(goals)
def test_symmetric_around_50(pairs: list[tuple[int, float]]) -> None:
    mirrored = [(-x, w) for x, w in pairs]
    assert t_score(pairs) - 50 == pytest.approx(50 - t_score(mirrored), abs=1e-9)
