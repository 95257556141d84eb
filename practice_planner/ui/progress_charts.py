"""Progress charts on screen (QtCharts): a score over time, read against bands, lines and marks.

Each chart draws the whole series as straight segments between the recorded points, never a
smoothed curve: a setback or a plateau must look like one. Severity bands are shaded and named on
the right; baseline, target and the expected GAS level are labelled lines; reliable change and
recovery (against the first score), item 9 flags and milestones are marker series of their own,
each named in the legend. Every point carries the words its tooltip shows (date and value).

What the charts state comes from ``services.progress``, the same place the PDF takes it from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QBuffer, QByteArray, QDate, QDateTime, QIODevice, QPointF, Qt, QTime
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QCursor,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QMenu, QToolTip, QVBoxLayout, QWidget

from practice_planner.domain.enums import Direction
from practice_planner.domain.reliable_change import ChangeMark
from practice_planner.services.progress import (
    GasPoint,
    GoalTrack,
    MeasureTrend,
    band_shades,
    date_ticks,
    plain_number,
)
from practice_planner.services.report_models import CustomSeries, MilestoneLine
from practice_planner.ui.widgets import button_row, push_button, text_label

ACCENT = QColor("#1f5fa8")
MUTED = QColor("#6b6f76")
TARGET = QColor("#1e7a46")
IMPROVED = QColor("#1e8a3c")
WORSE = QColor("#c62828")
MILESTONE = QColor("#c98a00")
BAND_COLORS = {
    "Minimal": QColor("#e4f2e7"),
    "Mild": QColor("#f2f5dc"),
    "Moderate": QColor("#fcefd8"),
    "Moderately severe": QColor("#fbe2d5"),
    "Severe": QColor("#f7d5d5"),
}
CHART_HEIGHT = 300
MARK_STYLE: dict[ChangeMark, tuple[QColor, QScatterSeries.MarkerShape, bool]] = {
    ChangeMark.RELIABLE_IMPROVEMENT: (
        IMPROVED,
        QScatterSeries.MarkerShape.MarkerShapeTriangle,
        True,
    ),
    ChangeMark.RELIABLE_DETERIORATION: (
        WORSE,
        QScatterSeries.MarkerShape.MarkerShapeTriangle,
        True,
    ),
    ChangeMark.RELIABLE_RECOVERY: (IMPROVED, QScatterSeries.MarkerShape.MarkerShapeStar, True),
    ChangeMark.RECOVERY: (IMPROVED, QScatterSeries.MarkerShape.MarkerShapeCircle, False),
}
"""How each mark is drawn: colour, shape, filled (a hollow mark: recovery that is not reliable)."""


def msecs(day: date) -> float:
    """A date as the chart's x value: noon of that day, local time (clear of DST edges)."""
    moment = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))
    return float(moment.toMSecsSinceEpoch())


def day_of(value: float) -> date:
    moment = QDateTime.fromMSecsSinceEpoch(round(value)).date()
    return date(moment.year(), moment.month(), moment.day())


@dataclass(frozen=True)
class Point:
    """One plotted value and the words its tooltip shows."""

    day: date
    value: float
    tip: str


class TimeChart(QChart):
    """Values over dates between ``start`` and ``end`` on a ``low``..``high`` scale.

    ``step`` puts gridlines at its multiples; without one the scale is widened to round
    numbers. ``headroom`` adds a strip above the scale where milestones sit, clear of the data.
    """

    def __init__(
        self,
        title: str,
        start: date,
        end: date,
        low: float,
        high: float,
        *,
        y_title: str = "",
        step: float | None = None,
        headroom: bool = False,
    ) -> None:
        super().__init__()
        self.setTitle(title)
        self.setTheme(QChart.ChartTheme.ChartThemeLight)
        self.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
        if end <= start:
            end = start + timedelta(days=1)
        pad = max(2, (end - start).days // 40)
        self.start, self.end = start - timedelta(days=pad), end + timedelta(days=pad)
        # dates labelled where they begin (month starts, or days on short spans), as in the PDF
        self.axis_x = QCategoryAxis()
        self.axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.axis_x.setRange(msecs(self.start), msecs(self.end))
        self.axis_x.setStartValue(msecs(self.start))
        for ordinal, label in date_ticks(self.start, self.end):
            self.axis_x.append(label, msecs(date.fromordinal(ordinal)))
        self.axis_y = QValueAxis()
        self.axis_y.setRange(low, high)
        if step is None:
            self.axis_y.applyNiceNumbers()
            low, high = self.axis_y.min(), self.axis_y.max()
            step = (high - low) / max(1, self.axis_y.tickCount() - 1)
        self.axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
        self.axis_y.setTickAnchor(low)
        self.axis_y.setTickInterval(step)
        self.low, self.high = low, high
        # room above the scale: a little, so a point at the top is not cut in half, or a strip
        # for milestones; never up to the next gridline, which would read as part of the scale
        next_tick = low + (math.floor((high - low) / step + 1e-9) + 1) * step
        room = (high - low) * (0.25 if headroom else 0.04)
        self.top = min(high + room, next_tick - step * 0.02)
        """The axis top: just above the scale's ``high``, or a strip above it for milestones."""
        self.axis_y.setRange(low, self.top)
        self.axis_y.setLabelFormat("%g")
        if y_title:
            self.axis_y.setTitleText(y_title)
        self.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self._tips: dict[int, list[Point]] = {}
        self.named: dict[str, QXYSeries] = {}

    # ------------------------------------------------------------------ building
    def _add(self, series: QXYSeries | QAreaSeries, name: str, *, in_legend: bool = True) -> None:
        series.setName(name)
        self.addSeries(series)
        series.attachAxis(self.axis_x)
        series.attachAxis(self.axis_y)
        if not in_legend:
            for marker in self.legend().markers(series):
                marker.setVisible(False)

    def _remember(self, series: QXYSeries, points: Sequence[Point]) -> None:
        self._tips[id(series)] = list(points)
        self.named[series.name()] = series
        series.hovered.connect(lambda where, state, s=series: self._hover(s, where, state))

    def shade_bands(self, shades: Sequence[tuple[float, float, str]]) -> None:
        """Shaded horizontal bands, named on a second axis on the right."""
        names = QCategoryAxis()
        names.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        names.setStartValue(self.low)
        names.setGridLineVisible(False)
        names.setRange(self.low, self.top)
        for low, high, label in shades:
            upper, lower = QLineSeries(), QLineSeries()
            for x in (msecs(self.start), msecs(self.end)):
                upper.append(x, high)
                lower.append(x, low)
            area = QAreaSeries(upper, lower)
            for edge in (upper, lower):  # the area does not own its edges; make it, or Python
                edge.setParent(area)  # frees them when this function returns
            colour = BAND_COLORS.get(label, QColor("#f0f0f0"))
            area.setBrush(QBrush(colour))
            area.setPen(QPen(Qt.PenStyle.NoPen))
            self._add(area, f"{label} band", in_legend=False)
            names.append(label, high)
        self.addAxis(names, Qt.AlignmentFlag.AlignRight)
        self.band_axis = names

    def level(
        self, value: float, label: str, colour: QColor, *, dashed: bool = True
    ) -> QLineSeries:
        """A labelled horizontal line (baseline, target, T = 50) across the whole range."""
        series = QLineSeries()
        series.append(msecs(self.start), value)
        series.append(msecs(self.end), value)
        pen = QPen(colour, 1.6)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        series.setPen(pen)
        self._add(series, label)
        self._remember(series, [Point(self.start, value, label), Point(self.end, value, label)])
        return series

    def vertical(self, day: date, label: str, colour: QColor, tip: str = "") -> QLineSeries:
        """A labelled vertical line at ``day`` (a goal's target date)."""
        series = QLineSeries()
        series.append(msecs(day), self.low)
        series.append(msecs(day), self.top)
        pen = QPen(colour, 1.4)
        pen.setStyle(Qt.PenStyle.DotLine)
        series.setPen(pen)
        self._add(series, label)
        words = tip or label
        self._remember(series, [Point(day, self.low, words), Point(day, self.top, words)])
        return series

    def line(self, name: str, points: Sequence[Point], colour: QColor = ACCENT) -> QLineSeries:
        """The series itself: straight segments, every recorded point drawn."""
        series = QLineSeries()
        for point in points:
            series.append(msecs(point.day), point.value)
        series.setPen(QPen(colour, 2.2))
        series.setColor(colour)
        series.setPointsVisible(True)
        series.setMarkerSize(6)
        self._add(series, name)
        self._remember(series, points)
        return series

    def marks(
        self,
        name: str,
        points: Sequence[Point],
        colour: QColor,
        shape: QScatterSeries.MarkerShape,
        *,
        filled: bool = True,
        size: float = 16,
    ) -> QScatterSeries:
        series = QScatterSeries()
        for point in points:
            series.append(msecs(point.day), point.value)
        series.setMarkerShape(shape)
        series.setMarkerSize(size)
        series.setColor(colour)
        series.setBrush(QBrush(colour) if filled else QBrush(Qt.BrushStyle.NoBrush))
        series.setPen(QPen(colour, 2.0))
        self._add(series, name)
        self._remember(series, points)
        return series

    def milestones(self, milestones: Sequence[MilestoneLine]) -> QScatterSeries | None:
        """Wins as stars along the top, each with its description on hover."""
        shown = [m for m in milestones if self.start <= m.achieved_on <= self.end]
        if not shown:
            return None
        top = self.high + (self.top - self.high) * 0.55
        points = [
            Point(m.achieved_on, top, f"{m.achieved_on.isoformat()}: milestone: {m.description}")
            for m in shown
        ]
        return self.marks(
            "Milestones", points, MILESTONE, QScatterSeries.MarkerShape.MarkerShapeStar, size=13
        )

    # ------------------------------------------------------------------ hovering
    def tip_near(self, series: QXYSeries, where: QPointF) -> str:
        """The words of the point of ``series`` nearest to ``where`` (in chart values) on screen."""
        points = self._tips.get(id(series), [])
        if not points:
            return ""
        here = self.mapToPosition(where, series)

        def distance(point: Point) -> float:
            there = self.mapToPosition(QPointF(msecs(point.day), point.value), series)
            return (there.x() - here.x()) ** 2 + (there.y() - here.y()) ** 2

        return min(points, key=distance).tip

    def _hover(self, series: QXYSeries, where: QPointF, state: bool) -> None:
        if state:
            QToolTip.showText(QCursor.pos(), self.tip_near(series, where))
        else:
            QToolTip.hideText()


class ChartView(QChartView):
    """A chart with Copy and Save as PNG in its context menu."""

    def __init__(
        self, chart: TimeChart, save: Callable[[], object], copy: Callable[[], object]
    ) -> None:
        super().__init__(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        self.setMouseTracking(True)
        self._save = save
        self._copy = copy

    def image(self) -> QPixmap:
        return self.grab()

    def copy_to_clipboard(self) -> None:
        """Copy the chart as a picture; the owner records it (``copy`` given at construction)."""
        self._copy()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu()
        menu.exec(event.globalPos())

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("chart_menu")
        menu.addAction("&Copy chart", self.copy_to_clipboard)
        menu.addAction("&Save chart as PNG…", self._save)
        return menu


def png_bytes(pixmap: QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class ChartPanel(QWidget):
    """A chart, the sentences it states, and Copy / Save as PNG buttons."""

    def __init__(
        self,
        key: str,
        name: str,
        chart: TimeChart,
        sentences: Sequence[str],
        save: Callable[[ChartPanel], object],
        copy_chart: Callable[[ChartPanel], object],
    ) -> None:
        super().__init__()
        self.key = key
        self.name = name
        """What the chart is of ("PHQ-9", "Goal 1.2"), never whose: file names, the audit trail."""
        self.setObjectName(f"chart_panel_{key}")
        self.chart = chart
        self.view = ChartView(chart, lambda: save(self), lambda: copy_chart(self))
        self.view.setObjectName(f"chart_view_{key}")
        self.view.setAccessibleName(chart.title())
        self.sentences = tuple(sentences)
        copy = push_button("&Copy", f"copy_chart_{key}")
        copy.setToolTip("Copy this chart to the clipboard as a picture")
        copy.clicked.connect(self.view.copy_to_clipboard)
        save_button = push_button("Save as P&NG…", f"save_chart_{key}")
        save_button.clicked.connect(lambda: save(self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.view)
        for sentence in sentences:
            layout.addWidget(text_label(sentence))
        layout.addLayout(button_row(copy, save_button))

    @property
    def title(self) -> str:
        return self.chart.title()


# ------------------------------------------------------------------------------ the charts
def questionnaire_chart(
    trend: MeasureTrend, start: date, end: date, milestones: Sequence[MilestoneLine] = ()
) -> TimeChart:
    """Totals over the shaded bands; marks of change against the first score; item 9 flags."""
    spec = trend.spec
    chart = TimeChart(
        spec.title,
        start,
        end,
        0,
        spec.max_total,
        y_title="Total",
        step=5,
        headroom=bool(milestones),
    )
    chart.shade_bands([(s.low, s.high, s.label) for s in band_shades(trend.instrument)])
    first = trend.points[0] if trend.points else None
    points = []
    marked: dict[ChangeMark, list[Point]] = {mark: [] for mark in MARK_STYLE}
    for point, mark in zip(trend.points, trend.marks, strict=True):
        words = f"{point.administered_on.isoformat()}: {spec.name} {point.total} ({point.band})"
        if mark is None:
            words += "; first score"
        elif first is not None:
            words += (
                f"; {mark.label.lower()} since {first.administered_on.isoformat()} ({first.total})"
            )
        if point.item9_flag:
            words += "; item 9 above 0"
        plotted = Point(point.administered_on, point.total, words)
        points.append(plotted)
        if mark in marked:
            marked[mark].append(plotted)
    chart.line(spec.name, points)
    for mark, (colour, shape, filled) in MARK_STYLE.items():
        if marked[mark]:
            chart.marks(mark.label, marked[mark], colour, shape, filled=filled)
    flagged = [p for p, source in zip(points, trend.points, strict=True) if source.item9_flag]
    if flagged:
        chart.marks(
            "Item 9 above 0",
            flagged,
            WORSE,
            QScatterSeries.MarkerShape.MarkerShapeRectangle,
            filled=False,
            size=17,
        )
    chart.milestones(milestones)
    return chart


def _scale(values: Sequence[float]) -> tuple[float, float]:
    """The range of ``values`` (from zero when they are positive); the axis rounds it."""
    low, high = min(values), max(values)
    if low >= 0 and low <= high / 2:
        low = 0.0
    if high == low:
        low, high = low - 1, high + 1
    return low, high


def goal_chart(
    track: GoalTrack, start: date, end: date, milestones: Sequence[MilestoneLine] = ()
) -> TimeChart:
    """Observed values against the baseline and target lines, with the target date marked."""
    goal = track.goal
    unit = f" {goal.measure_unit}" if goal.measure_unit else ""
    values = [v for _, v in track.values]
    levels = [v for v in (goal.baseline, goal.target) if v is not None]
    low, high = _scale([*values, *levels] or [0.0, 1.0])
    if goal.target_date is not None:
        end = max(end, goal.target_date)
    title = f"{track.label}: {goal.measure_name or goal.statement}"
    chart = TimeChart(
        title, start, end, low, high, y_title=goal.measure_unit, headroom=bool(milestones)
    )
    if goal.baseline is not None:
        chart.level(goal.baseline, f"Baseline {plain_number(goal.baseline)}", MUTED)
    if goal.target is not None:
        chart.level(goal.target, f"Target {plain_number(goal.target)}", TARGET)
    if goal.target_date is not None:
        chart.vertical(
            goal.target_date, "Target date", TARGET, f"Target date {goal.target_date.isoformat()}"
        )
    name = goal.measure_name or "Observed value"
    chart.line(
        "Observed",
        [
            Point(day, value, f"{day.isoformat()}: {name} {plain_number(value)}{unit}")
            for day, value in track.values
        ],
    )
    chart.milestones(milestones)
    return chart


def gas_chart(
    points: Sequence[GasPoint], start: date, end: date, milestones: Sequence[MilestoneLine] = ()
) -> TimeChart:
    """T-scores per session over the expected level of 50."""
    low = min([20.0, *(math.floor(p.t_score / 10) * 10 for p in points)])
    high = max([80.0, *(math.ceil(p.t_score / 10) * 10 for p in points)])
    chart = TimeChart(
        "Goal Attainment Scaling (T-score)",
        start,
        end,
        low,
        high,
        y_title="T",
        step=10,
        headroom=bool(milestones),
    )
    chart.level(50, "Expected (50)", MUTED)
    chart.line(
        "GAS T-score",
        [
            Point(
                p.session_date,
                p.t_score,
                f"{p.session_date.isoformat()}: T = {p.t_score:.1f} "
                f"({p.goals} goal{'s' if p.goals != 1 else ''} scored)",
            )
            for p in points
        ],
    )
    chart.milestones(milestones)
    return chart


def custom_chart(
    series: CustomSeries, start: date, end: date, milestones: Sequence[MilestoneLine] = ()
) -> TimeChart:
    """A custom measure on its own range (when it has one)."""
    unit = f" {series.unit}" if series.unit else ""
    values = [v for _, v in series.points]
    low, high = _scale(values or [0.0, 1.0])
    if series.min_value is not None:  # the service keeps readings inside the range
        low = series.min_value
    if series.max_value is not None:
        high = series.max_value
    better = "higher" if series.better is Direction.INCREASE else "lower"
    title = f"{series.name}{f' ({series.unit})' if series.unit else ''}: {better} is better"
    chart = TimeChart(title, start, end, low, high, y_title=series.unit, headroom=bool(milestones))
    chart.line(
        series.name,
        [
            Point(day, value, f"{day.isoformat()}: {series.name} {plain_number(value)}{unit}")
            for day, value in series.points
        ],
    )
    chart.milestones(milestones)
    return chart
