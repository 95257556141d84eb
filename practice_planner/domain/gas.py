"""Goal Attainment Scaling: each goal scored -2..+2 against levels described in advance.

Kiresuk & Sherman's summary T-score puts goals of different kinds on one scale: 50 means the goals
were met as expected on average, and 10 points is one standard deviation. The formula assumes an
inter-goal correlation of 0.3 (as corrected by Turner-Stokes 2009).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

LEVELS: tuple[int, ...] = (-2, -1, 0, 1, 2)

DEFAULT_LEVEL_NAMES: Mapping[int, str] = MappingProxyType(
    {
        -2: "Much less than expected",
        -1: "Somewhat less than expected",
        0: "Expected level of outcome",
        1: "Somewhat more than expected",
        2: "Much more than expected",
    }
)

RHO = 0.3  # assumed correlation between goal scores


def level_name(level: int) -> str:
    """The default description of a GAS level (ValueError outside -2..+2)."""
    if isinstance(level, bool) or level not in DEFAULT_LEVEL_NAMES:
        raise ValueError(f"A GAS level is one of -2, -1, 0, 1, 2, got {level!r}")
    return DEFAULT_LEVEL_NAMES[level]


def t_score(scores: Sequence[tuple[int, float]]) -> float:
    """T = 50 + 10 * sum(w*x) / sqrt(0.7 * sum(w^2) + 0.3 * sum(w)^2), from (score, weight) pairs.

    ValueError when there are no goals, a score is not one of -2..+2, or a weight is not a
    positive finite number.
    """
    if not scores:
        raise ValueError("Score at least one goal to compute a GAS T-score")
    for number, (score, weight) in enumerate(scores, start=1):
        if isinstance(score, bool) or not isinstance(score, int) or score not in LEVELS:
            raise ValueError(
                f"Goal {number}: the score must be one of -2, -1, 0, 1, 2, got {score!r}"
            )
        if isinstance(weight, bool) or not math.isfinite(weight) or weight <= 0:
            raise ValueError(
                f"Goal {number}: the weight must be a number greater than 0, got {weight!r}"
            )
    # T does not change when every weight is scaled alike; dividing by the largest keeps
    # w^2 from overflowing or underflowing for extreme weights
    largest = max(w for _, w in scores)
    pairs = [(x, w / largest) for x, w in scores]
    weighted = math.fsum(w * x for x, w in pairs)
    sum_w = math.fsum(w for _, w in pairs)
    sum_w2 = math.fsum(w * w for _, w in pairs)
    denominator = math.sqrt(0.7 * sum_w2 + RHO * sum_w**2)  # 0.7 = 1 - RHO
    return 50.0 + 10.0 * weighted / denominator
