"""The Progress tab: every series of the client over time, with what each one shows in words.

The record is read off the GUI thread (``report_data.load_progress_summary``, one snapshot, the
read model the PDF summary uses) and drawn when it arrives; a result for a client no longer on
screen, or arriving after a lock, is dropped. The tab loads when shown, and again after a new
administration is saved. All charts share one date range, first record to today, so a change in
one can be read against the others (a goal chart reaches further when its target date is later).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from practice_planner.domain.enums import Instrument
from practice_planner.errors import PracticePlannerError
from practice_planner.reports import exports
from practice_planner.services import report_data
from practice_planner.services.progress import (
    custom_sentence,
    gas_sentence,
    gas_series,
    goal_sentence,
    goal_tracks,
    measure_trend,
    plan_in_effect,
    resolve_range,
)
from practice_planner.services.report_models import ProgressSummaryData
from practice_planner.storage.vault import Vault
from practice_planner.ui import messages
from practice_planner.ui.background import Job
from practice_planner.ui.progress_charts import (
    ChartPanel,
    TimeChart,
    custom_chart,
    gas_chart,
    goal_chart,
    png_bytes,
    questionnaire_chart,
)
from practice_planner.ui.widgets import MessageLabel, text_label, title_label

LOADING = "Loading the charts…"


def choose_png_path(parent: QWidget, suggested: str) -> str:
    """Ask where to save a chart (module-level so tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save chart as PNG", str(Path.home() / suggested), "PNG images (*.png)"
    )
    return path


class ProgressTab(QWidget):
    """Charts of one client; ``loaded`` once a load has been drawn (or has failed)."""

    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress_tab")
        self._vault: Vault | None = None
        self.client_id: int | None = None
        self._stale = True
        self._generation = 0
        self._job: Job | None = None
        self.today: date | None = None
        """Fixed by tests; otherwise the clock's date at each load."""
        self.panels: dict[str, ChartPanel] = {}
        self.status = MessageLabel("progress_status", error=False)
        self._scroll = QScrollArea()
        self._scroll.setObjectName("progress_scroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setWidget(QWidget())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self._scroll, 1)

    # ------------------------------------------------------------------ state
    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    def show_client(self, client_id: int) -> None:
        if client_id != self.client_id:
            self._empty()
        self.client_id = client_id
        self.invalidate()

    def invalidate(self) -> None:
        """The record changed: load again now if on screen, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def clear(self) -> None:
        """Drop every chart and any load under way (lock, or no client chosen)."""
        self.client_id = None
        self._generation += 1
        self._stale = True
        self._empty()

    def _empty(self) -> None:
        self.panels = {}
        self.status.clear_message()
        self._scroll.setWidget(QWidget())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Read the client's record off the GUI thread, then draw it."""
        vault, client_id = self._vault, self.client_id
        if vault is None or not vault.is_unlocked or client_id is None:
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        if not self.panels:
            self.status.show_message(LOADING)
        job = Job(lambda: report_data.load_progress_summary(vault, client_id), self)
        job.finished.connect(lambda data: self._arrived(generation, client_id, data))
        job.failed.connect(lambda error: self._failed(generation, error))
        self._job = job
        job.start()

    def _arrived(self, generation: int, client_id: int, data: object) -> None:
        if generation != self._generation or client_id != self.client_id:
            return  # a newer load, another client, or a lock since this one started
        assert isinstance(data, ProgressSummaryData)
        self.status.clear_message()
        self._draw(data)
        self.loaded.emit()

    def _failed(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        if isinstance(error, PracticePlannerError | OSError):
            self.status.show_message(messages.error_text(error), error=True)
        else:
            self.status.show_message("The charts could not be drawn.", error=True)
        self.loaded.emit()

    # ------------------------------------------------------------------ drawing
    def _draw(self, data: ProgressSummaryData) -> None:
        today = self.today or date.today()
        start, end = resolve_range(data, None, None, today)
        plan = plan_in_effect(data.plans, end)
        tracks, labels = goal_tracks(data, plan, start, end)
        milestones = data.milestones
        panels: dict[str, ChartPanel] = {}
        page = QWidget()
        page.setObjectName("progress_page")
        layout = QVBoxLayout(page)

        layout.addWidget(title_label("Questionnaires", scale=1.2))
        for instrument, points in ((Instrument.PHQ9, data.phq9), (Instrument.GAD7, data.gad7)):
            trend = measure_trend(instrument, points)
            if not points:
                layout.addWidget(
                    text_label(
                        f"No {instrument.label} yet: give one on the Measures tab.",
                        name=f"no_{instrument.value}",
                    )
                )
                continue
            chart = questionnaire_chart(trend, start, end, milestones)
            panels[instrument.value] = self._panel(
                instrument.value, instrument.label, chart, trend.sentences
            )
            layout.addWidget(panels[instrument.value])

        if data.custom:
            layout.addWidget(title_label("Your own measures", scale=1.2))
        for series in data.custom:
            key = f"custom_{series.measure_id}"
            chart = custom_chart(series, start, end, milestones)
            panels[key] = self._panel(key, series.name, chart, [custom_sentence(series)])
            layout.addWidget(panels[key])

        layout.addWidget(title_label("Goals", scale=1.2))
        measured = [t for t in tracks if t.goal.is_measurable or t.values]
        if not measured:
            layout.addWidget(
                text_label("No goal with a measure, baseline and target yet.", name="no_goals")
            )
        for track in measured:
            key = f"goal_{track.goal.id}"
            own = [m for m in milestones if m.goal_id and labels.get(m.goal_id) == track.label]
            chart = goal_chart(track, start, end, own)
            sentence = f"{track.label}: {track.goal.statement}. {goal_sentence(track, today)}"
            panels[key] = self._panel(key, track.label, chart, [sentence])
            layout.addWidget(panels[key])

        layout.addWidget(title_label("Goal Attainment Scaling", scale=1.2))
        scored = gas_series(tracks)
        if scored:
            chart = gas_chart(scored, start, end, milestones)
            panels["gas"] = self._panel("gas", "GAS T-score", chart, [gas_sentence(scored)])
            layout.addWidget(panels["gas"])
        else:
            layout.addWidget(text_label(gas_sentence(scored), name="no_gas"))

        layout.addWidget(title_label("Milestones", scale=1.2))
        if not milestones:
            layout.addWidget(text_label("No milestone recorded yet.", name="no_milestones"))
        for milestone in reversed(milestones):
            goal = labels.get(milestone.goal_id, "") if milestone.goal_id else ""
            line = f"{milestone.achieved_on.isoformat()}  {milestone.description}"
            layout.addWidget(QLabel(f"{line}  ({goal})" if goal else line))
        layout.addStretch(1)
        self.panels = panels
        self._scroll.setWidget(page)

    def _panel(
        self, key: str, name: str, chart: TimeChart, sentences: tuple[str, ...] | list[str]
    ) -> ChartPanel:
        return ChartPanel(key, name, chart, sentences, self.save_png, self.copy_chart)

    def scroll_to(self, widget: QWidget) -> None:
        """Bring one chart to the top of the tab."""
        self._scroll.verticalScrollBar().setValue(widget.y())

    # ------------------------------------------------------------------ saving
    def copy_chart(self, panel: ChartPanel) -> bool:
        """Put the chart on the clipboard as a picture, recorded in the audit trail first."""
        if self._vault is None or self.client_id is None:
            return False
        try:
            exports.record_chart_copied(self._vault, self.client_id, panel.name)
        except (PracticePlannerError, OSError) as error:
            self.status.show_message(messages.error_text(error), error=True)
            return False
        QGuiApplication.clipboard().setPixmap(panel.view.image())
        self.status.show_message(f"{panel.name} chart copied to the clipboard.")
        return True

    def save_png(self, panel: ChartPanel) -> Path | None:
        """Ask where, then write the chart as the screen shows it (private, audited)."""
        if self._vault is None or self.client_id is None:
            return None
        name = exports.chart_image_filename(panel.name, self.today or date.today())
        chosen = choose_png_path(self, name)
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        try:
            path = exports.export_chart_image(
                self._vault, self.client_id, png_bytes(panel.view.image()), target, panel.name
            )
        except (PracticePlannerError, OSError) as error:
            self.status.show_message(messages.error_text(error), error=True)
            return None
        self.status.show_message(f"Saved to {path}.")
        return path
