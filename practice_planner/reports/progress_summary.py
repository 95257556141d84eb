"""The progress summary for a date range: is therapy working, in a form a supervisor can read.

Attendance, each goal's measurements against its baseline and target, PHQ-9 and GAD-7 trends over
their severity bands with a plain-language verdict on reliable change, GAS T-scores, milestones,
and the clinician's own narrative. Built only from ``ProgressSummaryData``, which carries no
psychotherapy notes (and no progress-note text either): those never leave the vault this way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date

from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from practice_planner.domain.enums import Attendance, Instrument
from practice_planner.domain.measures import InstrumentDefinition, definition
from practice_planner.reports import escape
from practice_planner.reports.blocks import DASH, day, grid, key_values, markup, number, para, prose
from practice_planner.reports.charts import Level, Scale, Shade, nice_scale, time_chart
from practice_planner.reports.page import CONTENT_WIDTH, DocumentInfo, render
from practice_planner.reports.styles import FAINT, MUTED, TARGET, styles
from practice_planner.services.progress import (
    GasPoint,
    GoalTrack,
    band_shades,
    custom_sentence,
    gas_sentence,
    gas_series,
    goal_tracks,
    measure_trend,
    plan_in_effect,
)
from practice_planner.services.report_models import (
    CustomSeries,
    GoalView,
    PlanView,
    ProgressSummaryData,
)

TITLE = "Progress summary"
SUBJECT = "Clinical document"
BAND_COLORS = {
    "Minimal": colors.HexColor("#e4f2e7"),
    "Mild": colors.HexColor("#f2f5dc"),
    "Moderate": colors.HexColor("#fcefd8"),
    "Moderately severe": colors.HexColor("#fbe2d5"),
    "Severe": colors.HexColor("#f7d5d5"),
}
GAS_COLUMNS = 3


def build_progress_summary_pdf(
    data: ProgressSummaryData,
    date_from: date,
    date_to: date,
    narrative: str,
    *,
    prepared_on: date | None = None,
) -> bytes:
    """The summary of ``date_from``..``date_to`` (inclusive) as PDF bytes."""
    if date_from > date_to:
        raise ValueError("date_from must not be after date_to")
    plan = plan_in_effect(data.plans, date_to)
    tracks, labels = goal_tracks(data, plan, date_from, date_to)
    story: list[Flowable] = _title(data, plan, date_from, date_to, prepared_on or date.today())
    story += _attendance(data, date_from, date_to)
    story += _measures(data, date_from, date_to)
    story += list(_goals(tracks, date_from, date_to))
    story += _gas(tracks, date_from, date_to)
    story += _milestones(data, labels, date_from, date_to)
    if narrative.strip():
        story += [markup("Clinician\u2019s narrative", styles().h1), *prose(narrative)]
    story += _signature(data)
    info = DocumentInfo(
        title=TITLE,
        running_title=f"{TITLE}, {day(date_from)} to {day(date_to)}",
        letterhead=data.letterhead,
        client=data.client,
        author=data.letterhead.practice_name,
        subject=SUBJECT,
    )
    return render(story, info)


# ------------------------------------------------------------------------------ sections
def _title(
    data: ProgressSummaryData, plan: PlanView | None, start: date, end: date, prepared_on: date
) -> list[Flowable]:
    s = styles()
    client, letterhead = data.client, data.letterhead
    plan_text = f"Version {plan.version} ({plan.status.label})" if plan else "No plan on record"
    name = client.legal_name
    if client.preferred_name and client.preferred_name not in name:
        name = f"{name} (goes by {client.preferred_name})"
    clinician = ", ".join(v for v in (letterhead.clinician_name, letterhead.credentials) if v)
    half = CONTENT_WIDTH / 2 - 6
    left = key_values(
        [
            ("Client", name),
            ("Date of birth", day(client.date_of_birth)),
            ("Record number", client.record_number),
        ],
        half,
        label_fraction=0.36,
    )
    right = key_values(
        [
            ("Period", f"{day(start)} to {day(end)}"),
            ("Treatment plan", plan_text),
            ("Clinician", clinician or DASH),
        ],
        half,
        label_fraction=0.36,
    )
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2])
    table.setStyle(_flush())
    subtitle = f"{day(start)} to {day(end)} \u00b7 Printed {day(prepared_on)}"
    return [markup(TITLE, s.title), markup(subtitle, s.subtitle), table]


def _flush() -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def _attendance(data: ProgressSummaryData, start: date, end: date) -> list[Flowable]:
    s = styles()
    sessions = [x for x in data.sessions if start <= x.session_date <= end]
    story: list[Flowable] = [markup("Attendance", s.h1)]
    if not sessions:
        return [*story, para("No sessions were scheduled in this period.", s.small)]
    counts = Counter(x.attendance for x in sessions)
    order = (Attendance.ATTENDED, Attendance.CANCELLED, Attendance.LATE_CANCELLED)
    header = ["Scheduled", *(a.label for a in order), Attendance.NO_SHOW.label]
    row = [str(len(sessions)), *(str(counts[a]) for a in (*order, Attendance.NO_SHOW))]
    story.append(grid(header, [row], CONTENT_WIDTH, [1] * len(header)))
    attended = [x.session_date for x in sessions if x.attendance is Attendance.ATTENDED]
    share = round(100 * len(attended) / len(sessions))
    sentence = f"Attended {len(attended)} of {len(sessions)} scheduled sessions ({share}%)"
    if attended:
        sentence += f"; first attended {day(attended[0])}, latest {day(attended[-1])}"
    story.append(Spacer(0, 4))
    story.append(para(sentence + ".", s.body))
    return story


def _measures(data: ProgressSummaryData, start: date, end: date) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [markup("Outcome measures", s.h1)]
    for instrument, points, topic in (
        (Instrument.PHQ9, data.phq9, "depression"),
        (Instrument.GAD7, data.gad7, "anxiety"),
    ):
        spec = definition(instrument)
        in_range = [p for p in points if start <= p.administered_on <= end]
        block: list[Flowable] = [markup(f"{spec.name} ({topic})", s.h2)]
        if not in_range:
            story += [*block, para(f"No {spec.name} was given in this period.", s.small)]
            continue
        chart = time_chart(
            [(p.administered_on, p.total) for p in in_range],
            start=start,
            end=end,
            scale=Scale(0, spec.max_total, 5),
            width=CONTENT_WIDTH,
            height=112,
            shades=_bands(spec),
        )
        block += [chart, Spacer(0, 3)]
        trend = measure_trend(instrument, in_range, scope=" in this period")
        block += [para(sentence, s.body) for sentence in trend.sentences]
        story.append(KeepTogether(block))
    story += _custom_measures(data.custom, start, end)
    return story


def _custom_measures(all_series: Sequence[CustomSeries], start: date, end: date) -> list[Flowable]:
    """The practice's own numbers with a reading in the period, each charted on its range."""
    s = styles()
    story: list[Flowable] = []
    for series in all_series:
        points = tuple((when, value) for when, value in series.points if start <= when <= end)
        if not points:
            continue
        unit = f" ({series.unit})" if series.unit else ""
        values = [value for _, value in points]
        if series.min_value is not None and series.max_value is not None:
            values += [series.min_value, series.max_value]
        chart = time_chart(
            points,
            start=start,
            end=end,
            scale=nice_scale(values),
            width=CONTENT_WIDTH,
            height=96,
        )
        sentence = custom_sentence(replace(series, points=points), scope=" in this period")
        story.append(
            KeepTogether(
                [
                    markup(escape.text(series.name + unit), s.h2),
                    chart,
                    Spacer(0, 3),
                    para(sentence, s.body),
                ]
            )
        )
    return story


def _bands(spec: InstrumentDefinition) -> list[Shade]:
    return [
        Shade(shade.low, shade.high, shade.label, BAND_COLORS.get(shade.label, colors.white))
        for shade in band_shades(spec.instrument)
    ]


def _goals(tracks: Sequence[GoalTrack], start: date, end: date) -> Iterator[Flowable]:
    s = styles()
    yield markup("Progress on treatment goals", s.h1)
    if not tracks:
        yield para("There is no treatment plan with goals on record.", s.small)
    for track in tracks:
        goal = track.goal
        heading = markup(f"{escape.text(track.label)}: {escape.text(goal.statement)}", s.h2)
        rows: list[tuple[str, str]] = [("Status", goal.status.label)]
        if goal.measure_name:
            unit = f" ({goal.measure_unit})" if goal.measure_unit else ""
            rows.append(("Measure", goal.measure_name + unit))
        if goal.baseline is not None or goal.target is not None:
            target = f"{number(goal.baseline)} \u2192 {number(goal.target)}"
            if goal.target_date is not None:
                target += f" by {day(goal.target_date)}"
            rows.append(("Baseline \u2192 target", target))
        rated = [o for o in track.observations if o.rating is not None]
        if rated:
            last = rated[-1]
            assert last.rating is not None
            tally = Counter(o.rating.label.lower() for o in rated if o.rating is not None)
            spread = ", ".join(f"{label} {n}" for label, n in tally.most_common())
            rows.append(
                (
                    "Session ratings",
                    f"latest {last.rating.label.lower()} ({day(last.session_date)}); {spread}",
                )
            )
        values = [(o.session_date, o.observed_value) for o in track.observations]
        points = [(when, value) for when, value in values if value is not None]
        if points:
            (first_day, first), (last_day, latest) = points[0], points[-1]
            rows.append(
                (
                    "Measurements",
                    f"{len(points)} in this period; first {number(first)} ({day(first_day)}), "
                    f"latest {number(latest)} ({day(last_day)})",
                )
            )
        block: list[Flowable] = [heading, key_values(rows, CONTENT_WIDTH, label_fraction=0.2)]
        if points:
            block += [Spacer(0, 4), _goal_chart(goal, points, start, end)]
        elif goal.is_measurable:
            block.append(para("No measurement was recorded in this period.", s.small))
        yield KeepTogether(block)


def _goal_chart(
    goal: GoalView, points: Sequence[tuple[date, float]], start: date, end: date
) -> Flowable:
    levels = []
    if goal.baseline is not None:
        levels.append(Level(goal.baseline, f"Baseline {number(goal.baseline)}", MUTED))
    if goal.target is not None:
        levels.append(Level(goal.target, f"Target {number(goal.target)}", TARGET))
    values = [v for _, v in points] + [lv.value for lv in levels]
    marker = (goal.target_date, "target date") if goal.target_date is not None else None
    return time_chart(
        points,
        start=start,
        end=end,
        scale=nice_scale(values),
        width=CONTENT_WIDTH,
        height=110,
        levels=levels,
        marker=marker,
    )


def _gas(tracks: Sequence[GoalTrack], start: date, end: date) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [markup("Goal Attainment Scaling", s.h1)]
    scored = gas_series(tracks)
    if not scored:
        return [*story, para("No goal was scored on its attainment scale in this period.", s.small)]
    story.append(para(gas_sentence(scored), s.body))
    low = min(20.0, math.floor(min(p.t_score for p in scored) / 10) * 10)
    high = max(80.0, math.ceil(max(p.t_score for p in scored) / 10) * 10)
    story.append(
        time_chart(
            [(p.session_date, p.t_score) for p in scored],
            start=start,
            end=end,
            scale=Scale(low, high, 10),
            width=CONTENT_WIDTH,
            height=110,
            levels=[Level(50, "Expected (50)", MUTED)],
        )
    )
    story.append(Spacer(0, 6))
    story.append(_gas_table(scored))
    return story


def _gas_table(scored: Sequence[GasPoint]) -> Table:
    """Sessions three to a row, read across: a long series stays compact and in order."""
    header = ["Session", "Goals", "T-score"] * GAS_COLUMNS
    rows = []
    for start in range(0, len(scored), GAS_COLUMNS):
        row: list[str] = []
        for point in scored[start : start + GAS_COLUMNS]:
            row += [day(point.session_date), str(point.goals), f"{point.t_score:.1f}"]
        rows.append(row + [""] * (len(header) - len(row)))
    table = grid(
        header,
        rows,
        CONTENT_WIDTH,
        [0.16, 0.08, 0.09] * GAS_COLUMNS,
        right_aligned=[i for i in range(len(header)) if i % 3],
    )
    for column in range(3, len(header), 3):
        table.setStyle(TableStyle([("LINEBEFORE", (column, 0), (column, -1), 0.6, FAINT)]))
    return table


def _milestones(
    data: ProgressSummaryData, labels: dict[int, str], start: date, end: date
) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [markup("Milestones", s.h1)]
    reached = [m for m in data.milestones if start <= m.achieved_on <= end]
    if not reached:
        return [*story, para("No milestone was recorded in this period.", s.small)]
    rows = [
        [day(m.achieved_on), m.description, labels.get(m.goal_id, "") if m.goal_id else ""]
        for m in reached
    ]
    story.append(grid(["Date", "Milestone", "Goal"], rows, CONTENT_WIDTH, [0.15, 0.63, 0.22]))
    return story


def _signature(data: ProgressSummaryData) -> list[Flowable]:
    s = styles()
    letterhead = data.letterhead
    clinician = ", ".join(v for v in (letterhead.clinician_name, letterhead.credentials) if v)
    table = Table(
        [
            [markup("Clinician", s.cell_head), para(clinician, s.cell), "", ""],
        ],
        colWidths=[CONTENT_WIDTH * w for w in (0.14, 0.44, 0.28, 0.14)],
        rowHeights=[34],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (1, 0), (-1, 0), 0.6, FAINT),
            ]
        )
    )
    labels = Table(
        [["", "", markup("Signature", s.label), markup("Date", s.label)]],
        colWidths=[CONTENT_WIDTH * w for w in (0.14, 0.44, 0.28, 0.14)],
    )
    labels.setStyle(_flush())
    return [KeepTogether([Spacer(0, 14), markup("Signature", s.h1), table, labels])]
