"""What the progress charts say, computed once for the screen and for the printed summary.

The Progress tab and the progress summary PDF draw the same series and make the same statements
(severity band, reliable change and recovery against the first score, GAS T-scores, goals against
baseline and target). Both take them from here, built from the ``report_models`` read model, so
the screen can never tell a different story than the paper. Pure functions: no SQL, no Qt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from practice_planner.domain import gas, reliable_change
from practice_planner.domain.enums import Direction, Instrument
from practice_planner.domain.measures import InstrumentDefinition, band_for, definition
from practice_planner.domain.reliable_change import ChangeMark, change_mark
from practice_planner.services.report_models import (
    CustomSeries,
    GoalObservation,
    GoalView,
    MeasurePoint,
    PlanView,
    ProgressSummaryData,
)


def plain_number(value: float) -> str:
    """3, not 3.0; 2.5 stays 2.5; at most two decimals (a chart label is not a lab result)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# ------------------------------------------------------------------------------ period and plan
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_ticks(start: date, end: date) -> list[tuple[int, str]]:
    """Tick positions (date ordinals) and labels: month starts over long ranges, days otherwise."""
    span = (end - start).days
    if span > 75:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        every = next((m for m in (1, 2, 3, 4, 6, 12) if months / m <= 7), 24)
        ticks = []
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            first = date(year, month, 1)
            if first >= start and (year * 12 + month - 1) % every == 0:
                ticks.append((first.toordinal(), f"{_MONTHS[month - 1]} {year}"))
            month += 1
            if month > 12:
                year, month = year + 1, 1
        return ticks
    every = next((d for d in (1, 2, 7, 14, 28) if span / d <= 7), 28)
    return [
        (day.toordinal(), f"{day.day} {_MONTHS[day.month - 1]}")
        for day in (start + timedelta(days=n) for n in range(0, span + 1, every))
    ]


def resolve_range(
    data: ProgressSummaryData, date_from: date | None, date_to: date | None, today: date
) -> tuple[date, date]:
    """Open ends become the first thing on record and today."""
    end = date_to or today
    if date_from is not None:
        return date_from, end
    recorded = [
        *(s.session_date for s in data.sessions),
        *(p.administered_on for p in (*data.phq9, *data.gad7)),
        *(m.achieved_on for m in data.milestones),
        *(p.effective_date for p in data.plans),
        *(when for series in data.custom for when, _ in series.points),
    ]
    return min([*recorded, end]), end


def plan_in_effect(plans: Sequence[PlanView], end: date) -> PlanView | None:
    """The newest signed version in effect by ``end``; else the newest version there is."""
    started = [p for p in plans if p.effective_date <= end] or list(plans)
    signed = [p for p in started if p.is_signed]
    pool = signed or started
    return pool[-1] if pool else None


# ------------------------------------------------------------------------------ goals
@dataclass(frozen=True)
class GoalTrack:
    """One goal as the summary and the Progress tab show it, with its observations in range."""

    label: str
    goal: GoalView
    observations: tuple[GoalObservation, ...]

    @property
    def values(self) -> tuple[tuple[date, float], ...]:
        """The observed values (sessions that recorded one), oldest first."""
        return tuple(
            (o.session_date, o.observed_value)
            for o in self.observations
            if o.observed_value is not None
        )


def _lineage_key(goal: GoalView) -> tuple[str, str]:
    return (" ".join(goal.statement.split()).casefold(), goal.measure_name.strip().casefold())


def goal_tracks(
    data: ProgressSummaryData, plan: PlanView | None, start: date, end: date
) -> tuple[list[GoalTrack], dict[int, str]]:
    """The plan's goals, each with its observations, then any earlier version's other goals.

    Revising a plan copies its goals under new ids, so a goal's history may be recorded against
    an earlier version's copy. A copy is recognised by the same clinical wording and measure;
    an earlier goal that matches nothing in the plan gets its own entry rather than vanish.
    Also returns the label each goal id (of any version) is shown under, for milestones.
    """
    goals: dict[int, tuple[GoalView, int]] = {
        goal.id: (goal, p.version) for p in data.plans for goal in p.goals
    }
    current: dict[int, str] = {}
    by_key: dict[tuple[str, str], int] = {}
    if plan is not None:
        for p_index, problem in enumerate(plan.problems, start=1):
            for g_index, goal in enumerate(problem.goals, start=1):
                current[goal.id] = f"Goal {p_index}.{g_index}"
                by_key.setdefault(_lineage_key(goal), goal.id)
    owner: dict[int, int] = {}
    for goal_id, (goal, _) in goals.items():
        owner[goal_id] = goal_id if goal_id in current else by_key.get(_lineage_key(goal), goal_id)
    observed: dict[int, list[GoalObservation]] = defaultdict(list)
    for observation in data.observations:
        if start <= observation.session_date <= end:
            observed[owner.get(observation.goal_id, observation.goal_id)].append(observation)
    tracks = [
        GoalTrack(label, goals[goal_id][0], tuple(observed.get(goal_id, ())))
        for goal_id, label in current.items()
    ]
    orphans = sorted(
        (goal_id for goal_id in observed if goal_id not in current and goal_id in goals),
        key=lambda goal_id: (goals[goal_id][1], goal_id),
    )
    tracks += [
        GoalTrack(
            f"Goal from plan version {goals[goal_id][1]}",
            goals[goal_id][0],
            tuple(observed[goal_id]),
        )
        for goal_id in orphans
    ]
    shown = {track.goal.id: track.label for track in tracks}
    labels = {goal_id: shown[owned] for goal_id, owned in owner.items() if owned in shown}
    return tracks, labels


def goal_sentence(track: GoalTrack, today: date) -> str:
    """Where a measured goal stands: first and latest value against baseline, target and date."""
    goal = track.goal
    unit = f" {goal.measure_unit}" if goal.measure_unit else ""
    parts: list[str] = []
    if goal.baseline is not None and goal.target is not None:
        aim = f"From a baseline of {plain_number(goal.baseline)}{unit} to a target of "
        aim += f"{plain_number(goal.target)}{unit}"
        if goal.target_date is not None:
            passed = " (passed)" if goal.target_date < today else ""
            aim += f" by {goal.target_date.isoformat()}{passed}"
        parts.append(aim + ".")
    values = track.values
    if not values:
        parts.append("No value recorded yet.")
        return " ".join(parts)
    (first_day, first), (last_day, latest) = values[0], values[-1]
    if len(values) == 1:
        parts.append(f"One value: {plain_number(first)}{unit} on {first_day.isoformat()}.")
    else:
        parts.append(
            f"{len(values)} values; first {plain_number(first)}{unit} ({first_day.isoformat()}), "
            f"latest {plain_number(latest)}{unit} ({last_day.isoformat()})."
        )
    if goal.target is not None and reached(latest, goal.target, goal.direction):
        parts.append("The latest value meets the target.")
    return " ".join(parts)


def reached(value: float, target: float, direction: Direction | None) -> bool:
    """Whether ``value`` is at or past ``target`` in the better direction (equal if unknown)."""
    if direction is Direction.DECREASE:
        return value <= target
    if direction is Direction.INCREASE:
        return value >= target
    return value == target


# ------------------------------------------------------------------------------ questionnaires
@dataclass(frozen=True)
class MeasureTrend:
    """A PHQ-9 or GAD-7 series with each later score marked against the first.

    ``marks[0]`` is None (the first score is the reference); ``sentences`` are the statements
    printed beneath the chart.
    """

    instrument: Instrument
    points: tuple[MeasurePoint, ...]
    marks: tuple[ChangeMark | None, ...]
    sentences: tuple[str, ...]

    @property
    def spec(self) -> InstrumentDefinition:
        return definition(self.instrument)

    @property
    def flagged(self) -> tuple[MeasurePoint, ...]:
        """Administrations with item 9 (thoughts of self-harm) answered above 0."""
        return tuple(p for p in self.points if p.item9_flag)


def measure_trend(
    instrument: Instrument, points: Sequence[MeasurePoint], *, scope: str = ""
) -> MeasureTrend:
    """Mark every score against the first and say what the series shows, in plain words.

    ``scope`` qualifies a lone score ("One PHQ-9 in this period"); the PDF names its period.
    """
    spec = definition(instrument)
    marks: list[ChangeMark | None] = []
    for index, point in enumerate(points):
        if index == 0:
            marks.append(None)
        else:
            verdict = reliable_change.compare(instrument, points[0].total, point.total)
            marks.append(change_mark(verdict))
    sentences = _sentences(spec, points, scope)
    return MeasureTrend(instrument, tuple(points), tuple(marks), tuple(sentences))


def band_label(instrument: Instrument, total: int) -> str:
    return band_for(instrument, total).label


@dataclass(frozen=True)
class BandShade:
    """A severity band as a chart shades it: from half a point below to half above."""

    low: float
    high: float
    label: str


def band_shades(instrument: Instrument) -> list[BandShade]:
    """Each band widened by half a point either way (clipped to the scale), so every whole
    score sits inside its band rather than on a border between two."""
    spec = definition(instrument)
    return [
        BandShade(max(0.0, band.low - 0.5), min(float(spec.max_total), band.high + 0.5), band.label)
        for band in spec.bands
    ]


def _sentences(spec: InstrumentDefinition, points: Sequence[MeasurePoint], scope: str) -> list[str]:
    if not points:
        return [f"No {spec.name} on record{scope}."]
    first, latest = points[0], points[-1]
    count = len(points)
    latest_text = f"{latest.total} ({latest.band or band_label(spec.instrument, latest.total)})"
    if count == 1:
        sentences = [
            f"One {spec.name}{scope}: {latest_text} on {latest.administered_on.isoformat()}. "
            "A trend needs at least two."
        ]
    else:
        verdict = reliable_change.compare(spec.instrument, first.total, latest.total)
        sentences = [
            f"{count} administrations from {first.administered_on.isoformat()} to "
            f"{latest.administered_on.isoformat()}; latest {latest_text}.",
            verdict.statement,
        ]
        if verdict.response is not None:
            response = "a response" if verdict.response else "not a response"
            remission = "in remission" if verdict.remission else "not in remission"
            sentences.append(
                f"By the usual definitions this is {response} (a drop of 50% or more) "
                f"and the latest score is {remission} (below {reliable_change.REMISSION_BELOW})."
            )
    flagged = [p.administered_on for p in points if p.item9_flag]
    if flagged:
        dates = ", ".join(d.isoformat() for d in flagged)
        sentences.append(
            f"Item 9 (thoughts of self-harm) was answered above 0 on {dates}; "
            "each answer called for follow-up."
        )
    return sentences


def custom_sentence(series: CustomSeries, scope: str = "") -> str:
    """First and latest reading of a custom measure, and which way is better.

    ``scope`` (" in this period") follows the count, as in the printed summary.
    """
    unit = f" {series.unit}" if series.unit else ""
    better = "higher" if series.better is Direction.INCREASE else "lower"
    if not series.points:
        return f"No {series.name} reading{scope or ' on record'}."
    (first_day, first), (last_day, latest) = series.points[0], series.points[-1]
    if len(series.points) == 1:
        told = f"One reading{scope}: {plain_number(first)}{unit} on {first_day.isoformat()}."
    else:
        told = (
            f"{len(series.points)} readings{scope}; first {plain_number(first)}{unit} "
            f"({first_day.isoformat()}), latest {plain_number(latest)}{unit} "
            f"({last_day.isoformat()})."
        )
    return f"{told} {better.capitalize()} is better."


# ------------------------------------------------------------------------------ GAS
@dataclass(frozen=True)
class GasPoint:
    """The GAS T-score of one session's note, over the goals scored in it."""

    session_date: date
    goals: int
    t_score: float


def gas_series(tracks: Sequence[GoalTrack]) -> list[GasPoint]:
    """One T-score per session note that scored any goal, oldest first, with goal weights."""
    weights = {t.goal.id: t.goal.weight for t in tracks}
    sessions: dict[int, tuple[date, list[tuple[int, float]]]] = {}
    for track in tracks:
        for o in track.observations:
            if o.gas_score is not None:
                entry = sessions.setdefault(o.note_id, (o.session_date, []))
                entry[1].append((o.gas_score, weights.get(track.goal.id, 1.0)))
    scored = [
        GasPoint(when, len(pairs), gas.t_score(pairs))
        for _, (when, pairs) in sorted(sessions.items(), key=lambda item: (item[1][0], item[0]))
    ]
    return scored


def gas_sentence(points: Sequence[GasPoint]) -> str:
    """What the T-scores mean and where they started and stand."""
    if not points:
        return "No goal was scored on its attainment scale."
    first, latest = points[0], points[-1]
    return (
        "T = 50 means the goals scored in a session were met as expected on average; "
        "10 points is one standard deviation. "
        f"First {first.t_score:.1f} ({first.session_date.isoformat()}), latest "
        f"{latest.t_score:.1f} ({latest.session_date.isoformat()}), over {len(points)} sessions."
    )
