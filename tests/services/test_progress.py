"""The statements the progress charts make, against cases worked out by hand.

Built from hand-made read models (no vault): severity band shading, marks of reliable change and
recovery against the first score, the sentences under each chart, GAS T-scores per session, goals
against baseline and target, and which goal history belongs to which goal across plan versions.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from practice_planner.domain.enums import Direction, GoalCategory, Instrument, PlanStatus
from practice_planner.domain.reliable_change import ChangeMark
from practice_planner.services.progress import (
    BandShade,
    GoalTrack,
    band_label,
    band_shades,
    custom_sentence,
    gas_sentence,
    gas_series,
    goal_sentence,
    goal_tracks,
    measure_trend,
    plain_number,
    plan_in_effect,
    reached,
    resolve_range,
)
from practice_planner.services.report_models import (
    ClientIdentity,
    CustomSeries,
    GoalObservation,
    GoalView,
    Letterhead,
    MeasurePoint,
    MilestoneLine,
    PlanView,
    ProblemView,
    ProgressSummaryData,
    SessionLine,
)

PHQ9, GAD7 = Instrument.PHQ9, Instrument.GAD7
TODAY = date(2026, 6, 1)


def _points(*rows: tuple[str, int, bool]) -> list[MeasurePoint]:
    return [
        MeasurePoint(date.fromisoformat(day), total, band_label(PHQ9, total), flag)
        for day, total, flag in rows
    ]


# ------------------------------------------------------------------------------ bands
def test_phq9_bands_are_shaded_half_a_point_wide_of_each_score() -> None:
    assert band_shades(PHQ9) == [
        BandShade(0.0, 4.5, "Minimal"),
        BandShade(4.5, 9.5, "Mild"),
        BandShade(9.5, 14.5, "Moderate"),
        BandShade(14.5, 19.5, "Moderately severe"),
        BandShade(19.5, 27.0, "Severe"),
    ]


def test_gad7_bands_end_at_21() -> None:
    assert band_shades(GAD7) == [
        BandShade(0.0, 4.5, "Minimal"),
        BandShade(4.5, 9.5, "Mild"),
        BandShade(9.5, 14.5, "Moderate"),
        BandShade(14.5, 21.0, "Severe"),
    ]


@pytest.mark.parametrize(
    ("instrument", "total", "label"),
    [
        (PHQ9, 4, "Minimal"),
        (PHQ9, 5, "Mild"),
        (PHQ9, 14, "Moderate"),
        (PHQ9, 15, "Moderately severe"),
        (PHQ9, 20, "Severe"),
        (GAD7, 9, "Mild"),
        (GAD7, 15, "Severe"),
    ],
)
def test_every_score_lies_inside_the_shade_of_its_band(
    instrument: Instrument, total: int, label: str
) -> None:
    assert band_label(instrument, total) == label
    inside = [s.label for s in band_shades(instrument) if s.low < total < s.high]
    assert inside == [label]


# ------------------------------------------------------------------------------ questionnaires
def test_each_score_is_marked_against_the_first() -> None:
    points = _points(
        ("2026-01-05", 18, False),  # the reference
        ("2026-01-19", 13, False),  # -5: not reliable, still >= 10
        ("2026-02-02", 12, True),  # -6: reliable improvement, still a case
        ("2026-02-16", 9, False),  # -9 and below 10: reliable recovery
        ("2026-03-02", 24, True),  # +6: reliable deterioration
    )
    trend = measure_trend(PHQ9, points)
    assert trend.marks == (
        None,
        ChangeMark.NO_RELIABLE_CHANGE,
        ChangeMark.RELIABLE_IMPROVEMENT,
        ChangeMark.RELIABLE_RECOVERY,
        ChangeMark.RELIABLE_DETERIORATION,
    )
    assert [p.administered_on for p in trend.flagged] == [date(2026, 2, 2), date(2026, 3, 2)]
    assert trend.sentences == (
        "5 administrations from 2026-01-05 to 2026-03-02; latest 24 (Severe).",
        "PHQ-9 rose from 18 to 24 (+6): reliable deterioration, still at or above the clinical "
        "threshold of 10.",
        # 18 -> 24 is no drop at all; 24 is not below 5
        "By the usual definitions this is not a response (a drop of 50% or more) and the latest "
        "score is not in remission (below 5).",
        "Item 9 (thoughts of self-harm) was answered above 0 on 2026-02-02, 2026-03-02; each "
        "answer called for follow-up.",
    )


def test_recovery_that_is_not_reliable_is_marked_apart() -> None:
    points = [
        MeasurePoint(date(2026, 1, 5), 9, "Mild"),  # GAD-7 caseness is 8: a case
        MeasurePoint(date(2026, 2, 5), 7, "Mild"),  # -2: below 8, change not reliable
    ]
    trend = measure_trend(GAD7, points)
    assert trend.marks == (None, ChangeMark.RECOVERY)
    assert trend.sentences == (
        "2 administrations from 2026-01-05 to 2026-02-05; latest 7 (Mild).",
        "GAD-7 fell from 9 to 7 (\u22122): no reliable change (4 points or more needed), though "
        "now below the clinical threshold of 8 (recovery without reliable improvement).",
    )  # GAD-7 has no response or remission definition


def test_response_and_remission_are_stated_for_phq9() -> None:
    # 16 -> 4: a drop of 12 >= half of 16; 4 < 5 is remission
    trend = measure_trend(PHQ9, _points(("2026-01-05", 16, False), ("2026-03-01", 4, False)))
    assert trend.marks == (None, ChangeMark.RELIABLE_RECOVERY)
    assert trend.sentences[2] == (
        "By the usual definitions this is a response (a drop of 50% or more) and the latest "
        "score is in remission (below 5)."
    )


def test_one_score_is_not_a_trend_and_none_is_said_so() -> None:
    one = measure_trend(PHQ9, _points(("2026-01-05", 11, False)), scope=" in this period")
    assert one.marks == (None,)
    assert one.sentences == (
        "One PHQ-9 in this period: 11 (Moderate) on 2026-01-05. A trend needs at least two.",
    )
    assert measure_trend(GAD7, []).sentences == ("No GAD-7 on record.",)


# ------------------------------------------------------------------------------ GAS
def _goal(goal_id: int, weight: float = 1.0, **extra: object) -> GoalView:
    return GoalView(
        id=goal_id,
        statement=f"Goal number {goal_id}",
        category=GoalCategory.SYMPTOM,
        weight=weight,
        **extra,  # type: ignore[arg-type]
    )


def _seen(
    goal_id: int, note_id: int, day: str, gas: int | None = None, value: float | None = None
) -> GoalObservation:
    return GoalObservation(goal_id, note_id, date.fromisoformat(day), None, gas, value)


def test_gas_t_score_per_session_by_hand() -> None:
    a, b = _goal(1, weight=1.0), _goal(2, weight=2.0)
    tracks = [
        GoalTrack("Goal 1.1", a, (_seen(1, 10, "2026-01-05", 0), _seen(1, 11, "2026-01-12", 1))),
        GoalTrack("Goal 1.2", b, (_seen(2, 10, "2026-01-05", 0), _seen(2, 11, "2026-01-12", -1))),
    ]
    first, second = gas_series(tracks)
    # session 1: both goals at 0 -> exactly 50
    assert (first.session_date, first.goals, first.t_score) == (date(2026, 1, 5), 2, 50.0)
    # session 2: sum(w*x) = 1*1 + 2*(-1) = -1; sum(w^2) = 5; (sum w)^2 = 9
    # T = 50 + 10 * -1 / sqrt(0.7*5 + 0.3*9) = 50 - 10 / sqrt(6.2) = 45.984...
    assert second.goals == 2
    assert math.isclose(second.t_score, 50 - 10 / math.sqrt(6.2))
    assert round(second.t_score, 1) == 46.0
    assert gas_sentence([first, second]) == (
        "T = 50 means the goals scored in a session were met as expected on average; 10 points "
        "is one standard deviation. First 50.0 (2026-01-05), latest 46.0 (2026-01-12), over 2 "
        "sessions."
    )


def test_one_goal_at_plus_two_is_seventy_and_unscored_sessions_are_skipped() -> None:
    goal = _goal(1, weight=3.0)
    tracks = [
        GoalTrack(
            "Goal 1.1",
            goal,
            (_seen(1, 10, "2026-01-05", None, 4.0), _seen(1, 11, "2026-01-12", 2)),
        )
    ]
    (only,) = gas_series(tracks)
    # one goal: denominator sqrt(0.7*w^2 + 0.3*w^2) = w, so T = 50 + 10 * 2 = 70
    assert (only.session_date, only.goals, only.t_score) == (date(2026, 1, 12), 1, 70.0)
    assert gas_series([]) == []
    assert gas_sentence([]) == "No goal was scored on its attainment scale."


# ------------------------------------------------------------------------------ goals
def _plan(plan_id: int, version: int, goals: tuple[GoalView, ...], signed: bool = True) -> PlanView:
    return PlanView(
        id=plan_id,
        version=version,
        status=PlanStatus.ACTIVE,
        effective_date=date(2026, 1, version),
        clinician_signed_on=date(2026, 1, version) if signed else None,
        problems=(ProblemView("Panic attacks interfere with work", goals=goals),),
    )


def _data(
    plans: tuple[PlanView, ...], observations: tuple[GoalObservation, ...] = ()
) -> ProgressSummaryData:
    return ProgressSummaryData(
        letterhead=Letterhead(),
        client=ClientIdentity("Robin Example", None, "C-00042"),
        plans=plans,
        observations=observations,
    )


def test_history_of_a_revised_goal_stays_with_its_copy() -> None:
    wording = {"statement": "Fewer panic attacks", "measure_name": "Panic attacks"}
    old = GoalView(id=1, category=GoalCategory.SYMPTOM, **wording)  # type: ignore[arg-type]
    other = GoalView(id=2, statement="Sleep through", category=GoalCategory.SYMPTOM)
    # the revision copied goal 1 as goal 3 (same wording, spacing and case aside)
    new = GoalView(
        id=3,
        statement="fewer  panic attacks",
        measure_name="Panic attacks",
        category=GoalCategory.SYMPTOM,
    )
    data = _data(
        (_plan(1, 1, (old, other)), _plan(2, 2, (new,))),
        (
            _seen(1, 5, "2026-01-10", value=5.0),
            _seen(2, 5, "2026-01-10"),
            _seen(3, 6, "2026-02-01", value=3.0),
        ),
    )
    plan = plan_in_effect(data.plans, TODAY)
    assert plan is not None and plan.version == 2
    tracks, labels = goal_tracks(data, plan, date(2026, 1, 1), TODAY)
    assert [(t.label, t.goal.id) for t in tracks] == [
        ("Goal 1.1", 3),
        ("Goal from plan version 1", 2),
    ]
    assert tracks[0].values == ((date(2026, 1, 10), 5.0), (date(2026, 2, 1), 3.0))
    assert labels == {1: "Goal 1.1", 3: "Goal 1.1", 2: "Goal from plan version 1"}


def test_an_unsigned_revision_is_not_yet_the_plan_in_effect() -> None:
    plans = (_plan(1, 1, ()), _plan(2, 2, (), signed=False))
    chosen = plan_in_effect(plans, TODAY)
    assert chosen is not None and chosen.version == 1
    assert plan_in_effect((), TODAY) is None


def test_goal_sentence_against_baseline_target_and_date() -> None:
    goal = _goal(
        1,
        measure_name="Panic attacks",
        measure_unit="per week",
        baseline=5.0,
        target=1.0,
        direction=Direction.DECREASE,
        target_date=date(2026, 5, 1),
    )
    track = GoalTrack(
        "Goal 1.1",
        goal,
        (_seen(1, 5, "2026-01-10", value=5.0), _seen(1, 6, "2026-02-01", value=2.5)),
    )
    assert goal_sentence(track, TODAY) == (
        "From a baseline of 5 per week to a target of 1 per week by 2026-05-01 (passed). "
        "2 values; first 5 per week (2026-01-10), latest 2.5 per week (2026-02-01)."
    )
    met = GoalTrack("Goal 1.1", goal, (_seen(1, 7, "2026-03-01", value=1.0),))
    assert goal_sentence(met, date(2026, 4, 1)) == (
        "From a baseline of 5 per week to a target of 1 per week by 2026-05-01. "
        "One value: 1 per week on 2026-03-01. The latest value meets the target."
    )
    assert goal_sentence(GoalTrack("Goal 1.1", goal, ()), TODAY).endswith("No value recorded yet.")


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (1.0, 1.0, Direction.DECREASE, True),
        (0.5, 1.0, Direction.DECREASE, True),
        (1.5, 1.0, Direction.DECREASE, False),
        (7.0, 7.0, Direction.INCREASE, True),
        (6.9, 7.0, Direction.INCREASE, False),
        (7.0, 7.0, None, True),
        (6.0, 7.0, None, False),
    ],
)
def test_reached(value: float, target: float, direction: Direction | None, expected: bool) -> None:
    assert reached(value, target, direction) is expected


# ------------------------------------------------------------------------------ custom, range
def test_custom_sentence_names_the_better_direction() -> None:
    series = CustomSeries(
        1,
        "Sleep",
        "hours",
        0,
        14,
        Direction.INCREASE,
        ((date(2026, 1, 5), 4.5), (date(2026, 2, 5), 6.0)),
    )
    assert custom_sentence(series) == (
        "2 readings; first 4.5 hours (2026-01-05), latest 6 hours (2026-02-05). Higher is better."
    )
    lone = CustomSeries(
        2, "Drinks", "per week", better=Direction.DECREASE, points=((date(2026, 1, 5), 12.0),)
    )
    assert custom_sentence(lone) == "One reading: 12 per week on 2026-01-05. Lower is better."


def test_open_range_runs_from_the_first_record_to_today() -> None:
    data = ProgressSummaryData(
        letterhead=Letterhead(),
        client=ClientIdentity("Robin Example", None, "C-00042"),
        plans=(_plan(1, 3, ()),),
        sessions=(SessionLine(date(2026, 1, 2), "attended"),),  # type: ignore[arg-type]
        milestones=(MilestoneLine(date(2025, 12, 30), "First full night's sleep"),),
        custom=(CustomSeries(1, "Mood", points=((date(2025, 12, 1), 3.0),)),),
    )
    assert resolve_range(data, None, None, TODAY) == (date(2025, 12, 1), TODAY)
    assert resolve_range(data, date(2026, 2, 1), None, TODAY) == (date(2026, 2, 1), TODAY)


def test_plain_numbers() -> None:
    assert [plain_number(v) for v in (3.0, 2.5, 1 / 3, -0.001)] == ["3", "2.5", "0.33", "0"]


def test_date_ticks_at_month_starts_or_days() -> None:
    from practice_planner.services.progress import date_ticks

    long = date_ticks(date(2026, 1, 15), date(2026, 6, 20))
    assert [label for _, label in long] == [
        "Feb 2026",
        "Mar 2026",
        "Apr 2026",
        "May 2026",
        "Jun 2026",
    ]
    assert long[0][0] == date(2026, 2, 1).toordinal()
    short = date_ticks(date(2026, 3, 1), date(2026, 3, 15))
    assert [label for _, label in short] == [
        "1 Mar",
        "3 Mar",
        "5 Mar",
        "7 Mar",
        "9 Mar",
        "11 Mar",
        "13 Mar",
        "15 Mar",
    ]
