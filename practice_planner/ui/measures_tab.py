"""The Measures tab: give a PHQ-9 or GAD-7, record a custom measure, see what was given so far.

Saving goes through ``services.measures``: questionnaires are scored there from the answers
(never a typed total), with the item 9 flag kept on the administration and, when a session is
chosen, tied to that session. A refusal puts each message next to its field and keeps every
answer and value in place. The tab loads its lists when it is first shown for a client, so
opening a chart does not pay for tabs nobody looks at.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain import measures as scoring
from practice_planner.domain.enums import Direction, Instrument
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.services import measures, sessions
from practice_planner.services.progress import plain_number
from practice_planner.storage.models import CustomMeasure, Encounter
from practice_planner.storage.vault import Vault
from practice_planner.ui.custom_measure_dialog import CustomMeasureDialog
from practice_planner.ui.fields import DateField, FieldSet, combo_box, line_edit, parse_dates
from practice_planner.ui.measure_history import AdministrationsModel, history_table
from practice_planner.ui.messages import error_text
from practice_planner.ui.questionnaire_form import QuestionnaireForm
from practice_planner.ui.widgets import MessageLabel, button_row, push_button, text_label

QUESTIONNAIRES = (Instrument.PHQ9, Instrument.GAD7)
NO_SESSION = "Not tied to a session"
NO_CUSTOM = "No custom measure defined yet: define one first."
DATE_GIVEN = "Date given"


def _session_label(encounter: Encounter) -> str:
    return (
        f"{encounter.session_date.isoformat()} · {encounter.session_type.label} · "
        f"{encounter.attendance.label}"
    )


class MeasuresTab(QWidget):
    """One client's measures; ``administration_saved`` (client id) after every save."""

    administration_saved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("measures_tab")
        self._vault: Vault | None = None
        self.client_id: int | None = None
        self._stale = True
        self.today: date | None = None
        """Fixed by tests; otherwise the clock's date each time it is needed."""

        self.forms = {instrument: QuestionnaireForm(instrument) for instrument in QUESTIONNAIRES}
        self.history = AdministrationsModel(self)
        self.history_view = history_table(self.history)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self._questionnaire_box())
        layout.addWidget(self._custom_box())
        box = QGroupBox("Given so far")
        box.setObjectName("section_measure_history")
        QVBoxLayout(box).addWidget(self.history_view)
        layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("measures_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # ------------------------------------------------------------------ building
    def _questionnaire_box(self) -> QGroupBox:
        box = QGroupBox("Questionnaire")
        box.setObjectName("section_questionnaire")
        self.instrument_choice = combo_box(
            "instrument_choice", ((i.label, i.value) for i in QUESTIONNAIRES)
        )
        self.instrument_choice.setAccessibleName("Questionnaire")
        self.instrument_choice.currentIndexChanged.connect(self._instrument_changed)
        self.q_fields = FieldSet(self)
        grid = _field_grid()
        self.q_date = DateField("administered_on")
        self.q_session = _combo("encounter")
        self.q_fields.add_row(grid, "administered_on", "&Date given", self.q_date)
        self.q_fields.add_row(grid, "encounter", "Se&ssion", self.q_session)
        self.stack = QStackedWidget()
        for form in self.forms.values():
            self.stack.addWidget(form)
        self.q_error = MessageLabel("questionnaire_error")
        self.q_notice = MessageLabel("questionnaire_notice", error=False)
        self.save_questionnaire_button = push_button(
            "Save &questionnaire", "save_questionnaire_button"
        )
        self.save_questionnaire_button.clicked.connect(self.save_questionnaire)
        clear = push_button("Clear answers", "clear_answers_button")
        clear.clicked.connect(lambda: self.current_form.clear())
        chooser = QHBoxLayout()
        label = QLabel("&Questionnaire")
        label.setBuddy(self.instrument_choice)
        chooser.addWidget(label)
        chooser.addWidget(self.instrument_choice)
        chooser.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(chooser)
        layout.addLayout(grid)
        layout.addWidget(self.stack)
        layout.addWidget(self.q_error)
        layout.addWidget(self.q_notice)
        layout.addLayout(button_row(clear, self.save_questionnaire_button))
        return box

    def _custom_box(self) -> QGroupBox:
        box = QGroupBox("Your own measures")
        box.setObjectName("section_custom_measures")
        self.c_fields = FieldSet(self)
        grid = _field_grid()
        self.c_measure = _combo("custom_measure")
        self.c_measure.setMinimumWidth(200)
        self.c_measure.currentIndexChanged.connect(self._measure_changed)
        self.c_value = line_edit("custom_value", max_length=40)
        self.c_value.setMaximumWidth(160)
        self.c_date = DateField("custom_administered_on")
        self.c_session = _combo("custom_encounter")
        self.c_fields.add_row(grid, "custom_measure", "&Measure", self.c_measure)
        self.c_fields.add_row(grid, "value", "&Value", self.c_value)
        self.c_fields.add_row(grid, "administered_on", "Date", self.c_date)
        self.c_fields.add_row(grid, "encounter", "Session", self.c_session)
        self.c_range = text_label("", name="custom_range")
        grid.addWidget(self.c_range, grid.rowCount(), 1, 1, 2)
        self.c_error = MessageLabel("custom_error")
        self.c_notice = MessageLabel("custom_notice", error=False)
        self.define_button = push_button("&Define a measure…", "define_measure_open_button")
        self.define_button.clicked.connect(self.open_define_dialog)
        self.save_custom_button = push_button("Save &value", "save_custom_button")
        self.save_custom_button.clicked.connect(self.save_custom)
        layout = QVBoxLayout(box)
        layout.addLayout(grid)
        layout.addWidget(self.c_error)
        layout.addWidget(self.c_notice)
        row = button_row(self.save_custom_button)
        row.insertWidget(0, self.define_button)
        layout.addLayout(row)
        return box

    # ------------------------------------------------------------------ what is shown
    @property
    def current_form(self) -> QuestionnaireForm:
        widget = self.stack.currentWidget()
        assert isinstance(widget, QuestionnaireForm)
        return widget

    def _today(self) -> date:
        return self.today or date.today()

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    def show_client(self, client_id: int) -> None:
        """A new client: empty answers; lists load when the tab is shown."""
        if client_id != self.client_id:
            self._reset_input()
        self.client_id = client_id
        self._stale = True
        if self.isVisible():
            self.reload()

    def clear(self) -> None:
        """Nothing of a client stays on screen (lock, or no client chosen)."""
        self.client_id = None
        self._reset_input()
        self.history.set_rows([])
        self.q_session.clear()
        self.c_session.clear()
        self.c_measure.clear()
        self._stale = True

    def _reset_input(self) -> None:
        for form in self.forms.values():
            form.clear()
        for fields, notice, error in (
            (self.q_fields, self.q_notice, self.q_error),
            (self.c_fields, self.c_notice, self.c_error),
        ):
            fields.clear_errors()
            notice.clear_message()
            error.clear_message()
        today = self._today().isoformat()
        self.q_date.setText(today)
        self.c_date.setText(today)
        self.c_value.clear()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Sessions, custom measures and history from the vault."""
        if self._vault is None or not self._vault.is_unlocked or self.client_id is None:
            return
        self._stale = False
        try:
            encounters = sessions.encounters_for(self._vault, self.client_id)
            defined = measures.custom_measures(self._vault)
            rows = measures.client_administrations(self._vault, self.client_id)
        except (PracticePlannerError, OSError) as error:
            self.q_error.show_message(error_text(error))
            return
        for combo in (self.q_session, self.c_session):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(NO_SESSION, "")
            for encounter in encounters:
                combo.addItem(_session_label(encounter), str(encounter.id))
            index = combo.findData(chosen) if chosen else -1
            if index < 0:  # a session held today is the likeliest one
                index = combo.findData(_todays(encounters, self._today()))
            combo.setCurrentIndex(max(0, index))
        self._fill_measures(defined)
        self.history.set_rows(rows)

    def _fill_measures(self, defined: list[CustomMeasure], select_id: int | None = None) -> None:
        chosen = str(select_id) if select_id is not None else self.c_measure.currentData()
        self._measures = {str(m.id): m for m in defined}
        self.c_measure.clear()
        for measure in defined:
            label = f"{measure.name} ({measure.unit})" if measure.unit else measure.name
            self.c_measure.addItem(label, str(measure.id))
        index = self.c_measure.findData(chosen) if chosen else -1
        self.c_measure.setCurrentIndex(max(0, index) if defined else -1)
        self.save_custom_button.setEnabled(bool(defined))
        self._measure_changed()

    def _measure_changed(self) -> None:
        measure = getattr(self, "_measures", {}).get(self.c_measure.currentData())
        if measure is None:
            self.c_range.setText(NO_CUSTOM if self.c_measure.count() == 0 else "")
            return
        self.c_range.setText(_range_text(measure))

    def _instrument_changed(self) -> None:
        instrument = Instrument(self.instrument_choice.currentData())
        self.stack.setCurrentWidget(self.forms[instrument])
        self.save_questionnaire_button.setText(f"Save {instrument.label}")

    def choose_instrument(self, instrument: Instrument) -> None:
        self.instrument_choice.setCurrentIndex(self.instrument_choice.findData(instrument.value))

    # ------------------------------------------------------------------ saving
    def save_questionnaire(self) -> bool:
        """Score and keep the questionnaire on screen; messages beside the fields if refused."""
        form = self.current_form
        for label in (self.q_error, self.q_notice):
            label.clear_message()
        self.q_fields.clear_errors()
        form.clear_error()
        if self._vault is None or self.client_id is None:
            return False
        answers = form.answers()
        try:
            day = self._date(self.q_date)
        except ValidationError as error:
            problems = dict(error.fields)
            try:  # say everything that is wrong at once, not the date first and answers later
                scoring.score(form.instrument, answers)
            except ValidationError as more:
                problems.update(more.fields)
            self._show_questionnaire_errors(problems)
            return False
        try:
            saved = measures.record_instrument(
                self._vault,
                self.client_id,
                form.instrument,
                answers,
                day,
                _session_id(self.q_session),
                difficulty=form.difficulty(),
                today=self._today(),
            )
        except ValidationError as error:
            self._show_questionnaire_errors(error.fields)
            return False
        except (PracticePlannerError, OSError) as error:
            self.q_error.show_message(error_text(error))
            return False
        message = (
            f"Saved: {form.instrument.label} on {saved.administered_on.isoformat()}, "
            f"total {plain_number(saved.total)} ({saved.band})."
        )
        if saved.difficulty is not None:
            message += f" Difficulty: {form.spec.difficulty_answers[saved.difficulty].lower()}."
        if saved.item9_flag:
            message += " The item 9 flag is recorded with it."
        form.clear()
        self.q_notice.show_message(message)
        self._after_save()
        return True

    def _show_questionnaire_errors(self, problems: dict[str, str]) -> None:
        problems = dict(problems)
        answers = problems.pop("answers", "")
        if answers:
            self.current_form.show_answers_error(answers)
        leftover = self.q_fields.show_errors(problems)
        if leftover:
            self.q_error.show_message(" ".join(leftover.values()))

    def save_custom(self) -> bool:
        """Keep one reading of the chosen custom measure, as typed."""
        for label in (self.c_error, self.c_notice):
            label.clear_message()
        self.c_fields.clear_errors()
        if self._vault is None or self.client_id is None:
            return False
        measure_id = self.c_measure.currentData()
        if not measure_id:
            self.c_fields.show_errors({"custom_measure": NO_CUSTOM})
            return False
        problems: dict[str, str] = {}
        try:
            day = self._date(self.c_date)
        except ValidationError as error:
            problems.update(error.fields)
        if not self.c_value.text().strip():
            problems["value"] = "A value is required."
        if problems:
            self.c_fields.show_errors(problems)
            return False
        try:
            saved = measures.record_custom(
                self._vault,
                self.client_id,
                int(measure_id),
                self.c_value.text(),
                day,
                _session_id(self.c_session),
                today=self._today(),
            )
        except ValidationError as error:
            leftover = self.c_fields.show_errors(error.fields)
            if leftover:
                self.c_error.show_message(" ".join(leftover.values()))
            return False
        except (PracticePlannerError, OSError) as error:
            self.c_error.show_message(error_text(error))
            return False
        self.c_value.clear()
        self.c_notice.show_message(
            f"Saved: {self.c_measure.currentText()} {plain_number(saved.total)} on "
            f"{saved.administered_on.isoformat()}."
        )
        self._after_save()
        return True

    def _date(self, field: DateField) -> date:
        """The date typed; ValidationError on "administered_on" if blank or not a date."""
        day = parse_dates({"administered_on": field}, {"administered_on": DATE_GIVEN})
        value = day["administered_on"]
        if value is None:
            raise ValidationError(
                {"administered_on": f"{DATE_GIVEN} is required: type it as YYYY-MM-DD."}
            )
        return value

    def _after_save(self) -> None:
        assert self.client_id is not None
        self.reload()
        self.administration_saved.emit(self.client_id)

    def open_define_dialog(self) -> CustomMeasureDialog | None:
        if self._vault is None or not self._vault.is_unlocked:
            return None
        dialog = CustomMeasureDialog(self._vault, self)
        dialog.accepted.connect(lambda: self._defined(dialog))
        dialog.open()
        return dialog

    def _defined(self, dialog: CustomMeasureDialog) -> None:
        if dialog.measure is None or self._vault is None:
            return
        try:
            defined = measures.custom_measures(self._vault)
        except (PracticePlannerError, OSError) as error:
            self.c_error.show_message(error_text(error))
            return
        self._fill_measures(defined, select_id=dialog.measure.id)
        self.c_notice.show_message(f"Defined: {dialog.measure.name}. Record a value below.")
        self.c_value.setFocus()

    # ------------------------------------------------------------------ drafts
    def is_dirty(self) -> bool:
        """Answers chosen or a value typed that are not saved yet."""
        return any(f.has_answers() for f in self.forms.values()) or bool(
            self.c_value.text().strip()
        )

    def save_unsaved(self) -> bool:
        """Save what was entered but not saved (on leaving the client); False if refused."""
        for instrument, form in self.forms.items():
            if form.has_answers():
                self.choose_instrument(instrument)
                if not self.save_questionnaire():
                    return False
        return not self.c_value.text().strip() or self.save_custom()

    def discard(self) -> None:
        self._reset_input()

    def draft(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument_choice.currentData(),
            "answers": {i.value: f.answers() for i, f in self.forms.items()},
            "difficulty": {i.value: f.difficulty() for i, f in self.forms.items()},
            "questionnaire": self.q_fields.values(),
            "custom": self.c_fields.values(),
        }

    def restore_draft(self, draft: dict[str, Any]) -> None:
        """Put back unsaved answers and values (after an unlock); lists reload as needed."""
        self.reload()
        answers = draft.get("answers")
        if isinstance(answers, dict):
            for instrument, form in self.forms.items():
                saved = answers.get(instrument.value)
                if isinstance(saved, list):
                    form.set_answers([a if isinstance(a, int) else None for a in saved])
        difficulty = draft.get("difficulty")
        if isinstance(difficulty, dict):
            for instrument, form in self.forms.items():
                form.set_difficulty(difficulty.get(instrument.value))
        for key, fields in (("questionnaire", self.q_fields), ("custom", self.c_fields)):
            values = draft.get(key)
            if isinstance(values, dict):
                fields.set_values({str(k): str(v) for k, v in values.items()})
        chosen = draft.get("instrument")
        if chosen in {i.value for i in QUESTIONNAIRES}:
            self.choose_instrument(Instrument(chosen))


def _field_grid() -> QGridLayout:
    """Captions, then fields at their own width; the spare width goes to an empty column, so
    short fields (dates, numbers) sit next to their captions instead of across the tab."""
    grid = QGridLayout()
    grid.setVerticalSpacing(2)
    grid.setColumnStretch(2, 1)
    return grid


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _session_id(combo: QComboBox) -> int | None:
    data = combo.currentData()
    return int(data) if data else None


def _todays(encounters: list[Encounter], today: date) -> str:
    for encounter in encounters:
        if encounter.session_date == today:
            return str(encounter.id)
    return ""


def _range_text(measure: CustomMeasure) -> str:
    low, high = measure.min_value, measure.max_value
    if low is not None and high is not None:
        span = f"From {plain_number(low)} to {plain_number(high)}"
    elif low is not None:
        span = f"At least {plain_number(low)}"
    elif high is not None:
        span = f"At most {plain_number(high)}"
    else:
        span = "Any number"
    better = "higher" if measure.better is Direction.INCREASE else "lower"
    return f"{span}; {better} is better."
