"""Time-series charts (reportlab.graphics) for goal measurements, questionnaires and GAS.

Every chart in a summary shares the report's date range on its x axis, so a plateau in one can
be read against a change in another. Severity bands are shaded and named at the right edge, and
baseline and target are drawn as labelled lines, so the charts still read when photocopied in
black and white. The whole series is drawn, not just the latest value: progress is rarely linear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from practice_planner.reports import fonts
from practice_planner.reports.blocks import number
from practice_planner.reports.styles import ACCENT, FAINT, INK, MUTED, RULE
from practice_planner.services.progress import date_ticks

LEFT = 30.0
RIGHT = 92.0
BOTTOM = 18.0
TOP = 8.0
LABEL_SIZE = 6.5
MARKERS_UP_TO = 40


@dataclass(frozen=True)
class Shade:
    """A horizontal band (a severity range), named at the right edge."""

    low: float
    high: float
    label: str
    color: colors.Color


@dataclass(frozen=True)
class Level:
    """A horizontal reference line (baseline, target, T = 50), named at the right edge."""

    value: float
    label: str
    color: colors.Color
    dashed: bool = True


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    step: float


def nice_scale(values: Sequence[float], *, floor_at_zero: bool = True) -> Scale:
    """An axis from round numbers that holds ``values`` with about five gridlines."""
    low, high = min(values), max(values)
    if floor_at_zero and low >= 0 and low <= high / 2:
        low = 0.0
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return Scale(math.floor(low / step) * step, math.ceil(high / step) * step, step)


def time_chart(
    points: Sequence[tuple[date, float]],
    *,
    start: date,
    end: date,
    scale: Scale,
    width: float,
    height: float = 140.0,
    shades: Sequence[Shade] = (),
    levels: Sequence[Level] = (),
    marker: tuple[date, str] | None = None,
) -> Drawing:
    """The series as a line with dots between ``start`` and ``end``, over shades and levels."""
    fonts.register_fonts()
    if end <= start:
        end = start + timedelta(days=1)
    drawing = Drawing(width, height)
    plot_width = width - LEFT - RIGHT
    plot_height = height - BOTTOM - TOP
    x0, x1 = start.toordinal(), end.toordinal()

    def y_of(value: float) -> float:
        return BOTTOM + (value - scale.low) / (scale.high - scale.low) * plot_height

    def x_of(day: date) -> float:
        return LEFT + (day.toordinal() - x0) / (x1 - x0) * plot_width

    drawing.add(
        Rect(LEFT, BOTTOM, plot_width, plot_height, fillColor=colors.white, strokeColor=None)
    )
    for shade in shades:
        low, high = max(shade.low, scale.low), min(shade.high, scale.high)
        if high <= low:
            continue
        drawing.add(
            Rect(
                LEFT,
                y_of(low),
                plot_width,
                y_of(high) - y_of(low),
                fillColor=shade.color,
                strokeColor=None,
            )
        )
        drawing.add(
            _label(LEFT + plot_width + 4, (y_of(low) + y_of(high)) / 2 - 2.2, shade.label, MUTED)
        )

    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = LEFT, BOTTOM, plot_width, plot_height
    data = [(day.toordinal(), value) for day, value in points]
    plot.data = [data] if data else [[(x0, scale.low)]]
    plot.lines[0].strokeColor = ACCENT if data else colors.transparent
    plot.lines[0].strokeWidth = 1.3 if len(data) <= MARKERS_UP_TO else 0.9
    if 0 < len(data) <= MARKERS_UP_TO:  # beyond that, dots would only blur the line
        plot.lines[0].symbol = makeMarker(
            "FilledCircle",
            size=3.6,
            fillColor=ACCENT,
            strokeColor=colors.white,
            strokeWidth=0.4,
        )
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    ticks = date_ticks(start, end)
    labels = dict(ticks)
    x_axis.valueMin, x_axis.valueMax = x0, x1
    x_axis.valueSteps = [t for t, _ in ticks]
    x_axis.labelTextFormat = lambda value: labels.get(round(value), "")
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = scale.low, scale.high, scale.step
    y_axis.labelTextFormat = number
    for axis in (x_axis, y_axis):
        axis.labels.fontName = fonts.REGULAR
        axis.labels.fontSize = LABEL_SIZE
        axis.labels.fillColor = MUTED
        axis.strokeColor = FAINT
        axis.strokeWidth = 0.5
    x_axis.tickDown = 2
    x_axis.labels.dy = -2
    y_axis.tickLeft = 2
    y_axis.labels.dx = -2
    y_axis.visibleGrid = True
    y_axis.gridStrokeColor = RULE
    y_axis.gridStrokeWidth = 0.3
    y_axis.gridStart, y_axis.gridEnd = LEFT, LEFT + plot_width
    x_axis.visibleGrid = False
    drawing.add(plot)

    placed: list[float] = []
    for level in sorted(levels, key=lambda lv: lv.value):
        if not scale.low <= level.value <= scale.high:
            continue
        y = y_of(level.value)
        line = Line(LEFT, y, LEFT + plot_width, y, strokeColor=level.color, strokeWidth=0.9)
        if level.dashed:
            line.strokeDashArray = [3, 2]
        drawing.add(line)
        label_y = max([y - 2.2, *[p + 7.5 for p in placed if y - 2.2 - p < 7.5]])
        placed.append(label_y)
        drawing.add(_label(LEFT + plot_width + 4, label_y, level.label, level.color))
    if marker is not None and start <= marker[0] <= end:
        x = x_of(marker[0])
        line = Line(x, BOTTOM, x, BOTTOM + plot_height, strokeColor=MUTED, strokeWidth=0.6)
        line.strokeDashArray = [1, 2]
        drawing.add(line)
        text = String(
            x - 2,
            BOTTOM + plot_height - 7,
            marker[1],
            fontName=fonts.REGULAR,
            fontSize=LABEL_SIZE,
            fillColor=MUTED,
            textAnchor="end",
        )
        drawing.add(text)
    return drawing


def _label(x: float, y: float, text: str, color: colors.Color) -> String:
    return String(x, y, text, fontName=fonts.REGULAR, fontSize=LABEL_SIZE, fillColor=color or INK)
