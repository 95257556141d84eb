"""One session and its progress note as a form: details, the format's sections, risk, homework,
goals addressed, addenda, and the private psychotherapy note.

Only a view: it turns what is typed into the services' inputs and puts a refusal's messages under
the fields, while ``SessionsTab`` decides when to save, sign or keep a draft. Every field's raw
text (``values()``) is what a draft keeps, so a half-typed time or value survives as typed.

Sections of every format live side by side and only the chosen format's are shown: switching
SOAP to DAP and back loses nothing, and text left in a hidden section is named on screen because
it will not be saved with that format.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain.enums import (
    Attendance,
    Delivery,
    NoteFormat,
    RiskLevel,
    SessionType,
)
from practice_planner.errors import ValidationError
from practice_planner.services.sessions import (
    MAX_DURATION,
    MIN_DURATION,
    EncounterInput,
    GoalProgressInput,
    NoteInput,
)
from practice_planner.storage.models import Addendum, Goal, Milestone
from practice_planner.ui.addenda import AddendaPanel
from practice_planner.ui.fields import (
    DATE_HINT,
    DateField,
    FieldSet,
    FieldWidget,
    combo_box,
    line_edit,
    text_area,
)
from practice_planner.ui.goals_addressed import GoalsAddressed
from practice_planner.ui.widgets import MessageLabel, error_colour, success_colour, text_label

SECTION_ORDER = (
    "subjective",
    "objective",
    "data",
    "behavior",
    "intervention",
    "response",
    "assessment",
    "plan",
    "note",
)
"""Every format's sections in one order that reads right for each (S O A P, D A P, B I R P)."""
SECTION_HINTS = {
    "subjective": "What the client reports: mood, events since last time, in their own words",
    "objective": "What you observed: affect, behaviour, appearance, scores",
    "data": "What the client said and what you observed",
    "behavior": "How the client presented and what they reported",
    "intervention": "What you did: techniques, and the goals they served",
    "response": "How the client responded to the interventions",
    "assessment": "Your clinical reading: progress toward goals, any change in risk",
    "plan": "What comes next: interventions, referrals, the next session",
    "note": "The session in your own words",
}
SESSION_FIELDS = (
    "session_date",
    "start_time",
    "duration_minutes",
    "session_type",
    "attendance",
    "delivery",
    "cpt_code",
)
SAFETY_CAPTION = "Safety plan"
SAFETY_REQUIRED = "Safety plan (required)"
SAFETY_HINT = "Required at moderate or high risk: the safety plan agreed with the client."
PRIVATE_TEXT = (
    "Your private process notes (psychotherapy notes, HIPAA 45 CFR 164.501), stored apart from "
    "the progress note. Never printed and never in a client's export; only a whole-vault JSON "
    "export, which you ask for by name, carries them. Still editable after signing."
)


def section_field(name: str) -> str:
    return f"sections.{name}"


def section_caption(name: str) -> str:
    return name.capitalize()


def parse_time(text: str) -> time | None:
    """``14:00``, ``9:30`` or ``14.00``; empty is "not recorded"; ValueError otherwise."""
    cleaned = text.strip().replace(".", ":")
    if not cleaned:
        return None
    hours, _, minutes = cleaned.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2):
        raise ValueError(text)
    return time(int(hours), int(minutes))


def encounter_texts(data: EncounterInput) -> dict[str, str]:
    """A session's details as the raw texts the form shows."""
    return {
        "session_date": data.session_date.isoformat(),
        "start_time": f"{data.start_time:%H:%M}" if data.start_time else "",
        "duration_minutes": str(data.duration_minutes),
        "session_type": data.session_type.value,
        "attendance": data.attendance.value,
        "delivery": data.delivery.value,
        "cpt_code": data.cpt_code,
    }


def note_texts(data: NoteInput) -> dict[str, str]:
    """A note's fields as raw texts; sections of other formats stay empty."""
    texts = {section_field(name): "" for name in SECTION_ORDER}
    texts.update({section_field(k): str(v) for k, v in data.sections.items()})
    texts.update(
        format=data.format.value,
        risk_level=data.risk_level.value,
        safety_note=data.safety_note,
        homework=data.homework,
        next_steps=data.next_steps,
    )
    return texts


class NoteEditor(QWidget):
    """The form; ``edited`` fires on every change the user makes anywhere in it."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_editor")
        self.fields = FieldSet(self)
        self._section_rows: dict[str, tuple[QLabel, QPlainTextEdit, MessageLabel]] = {}
        self._signed = False

        self.heading = QLabel()
        self.heading.setObjectName("session_heading")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.signed_banner = MessageLabel("signed_banner", error=False)
        self.error = MessageLabel("note_error")

        self.goals = GoalsAddressed()
        self.addenda = AddendaPanel()
        self.wins = text_label("", name="wins_text")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.signed_banner)
        layout.addWidget(self.error)
        layout.addWidget(self._session_box())
        layout.addWidget(self._note_box())
        layout.addWidget(self._risk_box())
        layout.addWidget(self._next_box())
        goals_box = _box("Goals addressed", "section_goals_addressed", self.goals)
        layout.addWidget(goals_box)
        self.wins_box = _box("Wins marked in this session", "section_wins", self.wins)
        layout.addWidget(self.wins_box)
        self.addenda_box = _box("Addenda", "section_addenda", self.addenda)
        layout.addWidget(self.addenda_box)
        layout.addWidget(self._private_box())
        layout.addStretch(1)

        self.fields.edited.connect(self._on_edit)
        self.goals.edited.connect(self.edited)
        self.addenda.edited.connect(self.edited)
        self.clear()

    # ------------------------------------------------------------------ building
    def _session_box(self) -> QGroupBox:
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        day = DateField("session_date")
        start = line_edit("start_time", max_length=5)
        start.setPlaceholderText("HH:MM")
        start.setMaximumWidth(90)
        duration = QSpinBox()
        duration.setObjectName("duration_minutes")
        duration.setRange(MIN_DURATION, MAX_DURATION)
        duration.setSuffix(" min")
        duration.setMaximumWidth(110)
        cpt = line_edit("cpt_code", max_length=10)
        cpt.setPlaceholderText("e.g. 90834")
        cpt.setMaximumWidth(110)
        pairs: tuple[tuple[str, str, FieldWidget], ...] = (
            ("session_date", "Date", day),
            ("start_time", "Start", start),
            ("duration_minutes", "Duration", duration),
            ("session_type", "Type", combo_box("session_type", _choices(SessionType))),
            ("attendance", "Attendance", combo_box("attendance", _choices(Attendance))),
            ("delivery", "Held", combo_box("delivery", _choices(Delivery))),
            ("cpt_code", "CPT code", cpt),
        )
        for position, (name, caption, widget) in enumerate(pairs):
            row, column = (position // 2) * 2, (position % 2) * 2
            self._place(grid, row, column, name, caption, widget)
        day.setToolTip(f"The day the session was held, as {DATE_HINT}")
        return _box("Session", "section_session", grid)

    def _place(
        self,
        grid: QGridLayout,
        row: int,
        column: int,
        name: str,
        caption: str,
        widget: FieldWidget,
    ) -> tuple[QLabel, MessageLabel]:
        """Caption, field, and the field's message right under it; ``row + 1`` is taken."""
        label = QLabel(caption)
        label.setBuddy(widget)
        top = Qt.AlignmentFlag.AlignTop if isinstance(widget, QPlainTextEdit) else None
        label.setAlignment(Qt.AlignmentFlag.AlignRight | (top or Qt.AlignmentFlag.AlignVCenter))
        error = MessageLabel(f"{widget.objectName() or name}_error")
        grid.addWidget(label, row, column)
        grid.addWidget(widget, row, column + 1)
        grid.addWidget(error, row + 1, column + 1)
        self.fields.register(name, caption, widget, error)
        return label, error

    def _note_box(self) -> QGroupBox:
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        formats = combo_box("format", ((f.label, f.value) for f in NoteFormat))
        formats.setMaximumWidth(180)
        self.fields.add_row(
            grid, "format", "Format", formats, hint="The labelled sections this note is written in"
        )
        for name in SECTION_ORDER:
            field = text_area(f"section_{name}", lines=3, grow=True)
            field.setPlaceholderText(SECTION_HINTS[name])
            label, error = self._place(
                grid, grid.rowCount(), 0, section_field(name), section_caption(name), field
            )
            self._section_rows[name] = (label, field, error)
        self.hidden_sections = MessageLabel("hidden_sections_notice", error=False)
        grid.addWidget(self.hidden_sections, grid.rowCount(), 1)
        return _box("Progress note", "section_progress_note", grid)

    def _risk_box(self) -> QGroupBox:
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        risk = combo_box("risk_level", _choices(RiskLevel))
        risk.setMaximumWidth(180)
        self.fields.add_row(
            grid,
            "risk_level",
            "Risk",
            risk,
            hint="Suicidal or homicidal ideation, as assessed in this session",
        )
        safety = text_area("safety_note", lines=3, grow=True)
        self.safety_caption, _ = self._place(
            grid, grid.rowCount(), 0, "safety_note", SAFETY_CAPTION, safety
        )
        self.safety_caption.setObjectName("safety_note_caption")
        return _box("Risk assessment", "section_risk", grid)

    def _next_box(self) -> QGroupBox:
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        homework = text_area("homework", lines=2, grow=True)
        homework.setPlaceholderText("What the client will practise before the next session")
        self.fields.add_row(grid, "homework", "Homework", homework)
        steps = text_area("next_steps", lines=2, grow=True)
        steps.setPlaceholderText("What to pick up next time")
        self.fields.add_row(grid, "next_steps", "Plan for next session", steps)
        return _box("Homework and next session", "section_next", grid)

    def _private_box(self) -> QGroupBox:
        box = QGroupBox("Psychotherapy note — private, kept apart from the record")
        box.setObjectName("section_psychotherapy_note")
        layout = QVBoxLayout(box)
        explanation = text_label(PRIVATE_TEXT, name="psychotherapy_note_explanation")
        italic = QFont(explanation.font())
        italic.setItalic(True)
        explanation.setFont(italic)
        layout.addWidget(explanation)
        field = text_area("psychotherapy_note", lines=3, grow=True)
        error = MessageLabel("psychotherapy_note_error")
        self.fields.register("psychotherapy_note", "Psychotherapy note", field, error)
        layout.addWidget(field)
        layout.addWidget(error)
        return box

    # ------------------------------------------------------------------ reacting
    def _on_edit(self) -> None:
        self._apply_format()
        self._apply_risk()
        self.edited.emit()

    def _apply_format(self) -> None:
        chosen = self.note_format().sections
        kept = []
        for name, (label, field, error) in self._section_rows.items():
            shown = name in chosen
            label.setVisible(shown)
            field.setVisible(shown)
            if not shown:
                error.clear_message()
                if field.toPlainText().strip():
                    kept.append(section_caption(name))
        if kept:
            self.hidden_sections.show_message(
                f"Kept aside, not saved with a {self.note_format().label} note: "
                + ", ".join(kept)
                + ". Switch the format back to use it."
            )
        else:
            self.hidden_sections.clear_message()

    def _apply_risk(self) -> None:
        """At moderate or high risk the safety plan is visibly required, before any refusal."""
        needed = self.risk_level().needs_safety_plan
        self.safety_caption.setText(SAFETY_REQUIRED if needed else SAFETY_CAPTION)
        font = QFont(self.safety_caption.font())
        font.setBold(needed)
        self.safety_caption.setFont(font)
        self.safety_caption.setStyleSheet(f"color: {error_colour()};" if needed else "")
        safety = self.fields.widget("safety_note")
        assert isinstance(safety, QPlainTextEdit)
        safety.setPlaceholderText(SAFETY_HINT if needed else "")
        safety.setAccessibleName(SAFETY_REQUIRED if needed else SAFETY_CAPTION)

    # ------------------------------------------------------------------ values
    def note_format(self) -> NoteFormat:
        try:
            return NoteFormat(self.fields.text("format"))
        except ValueError:
            return NoteFormat.SOAP

    def risk_level(self) -> RiskLevel:
        try:
            return RiskLevel(self.fields.text("risk_level"))
        except ValueError:
            return RiskLevel.NONE

    def values(self) -> dict[str, str]:
        """Every raw text of the form: details, note, goals, addendum, psychotherapy note."""
        return self.fields.values() | self.goals.values() | self.addenda.values()

    def set_values(self, values: Mapping[str, str]) -> None:
        texts = {str(k): str(v) for k, v in values.items()}
        self.fields.set_values(texts)
        self.goals.set_values({k: v for k, v in texts.items() if k.startswith("goal_progress[")})
        self.addenda.set_values(texts)
        self._apply_format()
        self._apply_risk()

    def encounter_input(self) -> EncounterInput:
        """The session's details; ``ValidationError`` naming a date or time that is not one."""
        texts = self.fields.values()
        problems: dict[str, str] = {}
        day: date | None = None
        try:
            day = date.fromisoformat(texts["session_date"].strip())
        except ValueError:
            problems["session_date"] = f"Type the session date as {DATE_HINT}, e.g. 2026-05-04."
        start: time | None = None
        try:
            start = parse_time(texts["start_time"])
        except ValueError:
            problems["start_time"] = "Type the start time as HH:MM, e.g. 14:00, or leave it empty."
        if problems or day is None:
            raise ValidationError(problems)
        return EncounterInput(
            session_date=day,
            start_time=start,
            duration_minutes=int(texts["duration_minutes"]),
            session_type=SessionType(texts["session_type"]),
            attendance=Attendance(texts["attendance"]),
            delivery=Delivery(texts["delivery"]),
            cpt_code=texts["cpt_code"],
        )

    def note_input(self) -> NoteInput:
        texts = self.fields.values()
        chosen = self.note_format()
        return NoteInput(
            format=chosen,
            sections={name: texts[section_field(name)] for name in chosen.sections},
            risk_level=self.risk_level(),
            safety_note=texts["safety_note"],
            homework=texts["homework"],
            next_steps=texts["next_steps"],
        )

    def goal_entries(self) -> list[GoalProgressInput]:
        return self.goals.entries()

    def psychotherapy_text(self) -> str:
        return self.fields.text("psychotherapy_note")

    def has_note_content(self) -> bool:
        """Anything typed that belongs in a progress note (the details alone need none)."""
        data = self.note_input()
        typed = any(text.strip() for text in data.sections.values())
        typed = typed or any(t.strip() for t in (data.safety_note, data.homework, data.next_steps))
        typed = typed or data.risk_level is not RiskLevel.NONE
        return typed or any(not entry.is_blank for entry in self.goal_entries())

    # ------------------------------------------------------------------ showing
    def show_session(
        self,
        heading: str,
        values: Mapping[str, str],
        goals: list[Goal],
        addenda: list[Addendum],
        wins: list[Milestone],
        *,
        signed_text: str = "",
    ) -> None:
        """Load one session: its goals first (they make the goal fields), then every value."""
        self.heading.setText(heading)
        self.goals.set_goals(goals)
        self.addenda.set_addenda(addenda)
        self.set_values(values)
        self.set_wins(wins)
        self.set_signed(bool(signed_text), signed_text)
        self.clear_errors()

    def set_wins(self, wins: list[Milestone]) -> None:
        names = {goal.id: goal.statement for goal in self.goals.goals}
        lines = []
        for win in wins:
            goal = f" (goal: {names[win.goal_id]})" if win.goal_id in names else ""
            lines.append(f"{win.achieved_on.isoformat()} · {win.description}{goal}")
        self.wins.setText("\n".join(lines))
        self.wins_box.setVisible(bool(lines))

    def set_signed(self, signed: bool, text: str = "") -> None:
        """A signed note is read-only; only addenda and the private note still take input."""
        self._signed = signed
        if signed:
            self.signed_banner.show_message(text)
            self.signed_banner.setStyleSheet(f"color: {success_colour()}; font-weight: bold;")
        else:
            self.signed_banner.clear_message()
        for name in self.fields.names():
            if name == "psychotherapy_note":
                continue
            widget = self.fields.widget(name)
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(signed)
            elif isinstance(widget, QSpinBox):
                widget.setReadOnly(signed)
                widget.setButtonSymbols(
                    QSpinBox.ButtonSymbols.NoButtons
                    if signed
                    else QSpinBox.ButtonSymbols.UpDownArrows
                )
            else:
                widget.setEnabled(not signed)
        self.goals.set_read_only(signed)
        self.addenda_box.setVisible(signed)
        self.addenda.set_form_visible(signed)

    @property
    def is_signed(self) -> bool:
        return self._signed

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field; the rest in one paragraph at the top."""
        self.clear_errors()
        rest = self.fields.show_errors(errors)
        rest = self.goals.show_errors(rest)
        if rest:
            self.error.show_message(" ".join(rest.values()))

    def clear_errors(self) -> None:
        self.fields.clear_errors()
        self.goals.clear_errors()
        self.addenda.clear_errors()
        self.error.clear_message()

    def clear(self) -> None:
        """Nothing of any client left in any widget."""
        self.heading.clear()
        self.goals.clear()
        self.addenda.clear()
        self.set_wins([])
        blank = {name: "" for name in self.fields.names()}
        blank.update(
            format=NoteFormat.SOAP.value,
            risk_level=RiskLevel.NONE.value,
            session_type=SessionType.INDIVIDUAL.value,
            attendance=Attendance.ATTENDED.value,
            delivery=Delivery.IN_PERSON.value,
            duration_minutes="50",
        )
        self.set_values(blank)
        self.set_signed(False)
        self.clear_errors()


def _choices(
    kind: type[SessionType] | type[Attendance] | type[Delivery] | type[RiskLevel],
) -> list[tuple[str, str]]:
    return [(member.label, member.value) for member in kind]


def _box(title: str, name: str, content: QWidget | QGridLayout) -> QGroupBox:
    box = QGroupBox(title)
    box.setObjectName(name)
    if isinstance(content, QWidget):
        QVBoxLayout(box).addWidget(content)
    else:
        box.setLayout(content)
    return box
