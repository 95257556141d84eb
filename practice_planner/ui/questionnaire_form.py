"""One PHQ-9 or GAD-7 on screen: the items verbatim, a 0-3 answer per item, the live score.

The wording comes from ``domain.measures`` unchanged (the norms only hold for the questions as
written). The total and band update with every answer; the band is shown only once every item is
answered, because a partial total would understate it. An answer above 0 on PHQ-9 item 9
(thoughts of self-harm) raises a flag at once, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practice_planner.domain import measures as scoring
from practice_planner.domain.enums import Instrument
from practice_planner.ui.widgets import MessageLabel, error_colour, text_label

SELF_HARM_ITEM = 9
RISK_FLAG_TEXT = (
    "Item 9 answered above 0: thoughts of being better off dead or of self-harm. Follow up "
    "today with a risk assessment and a safety plan, and document both in the session note. "
    "The flag is kept with this administration."
)


class QuestionnaireForm(QWidget):
    """The items of one instrument as rows of four radio buttons; ``changed`` on any answer."""

    changed = Signal()

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = scoring.definition(instrument)
        self.instrument = instrument
        self.setObjectName(f"questionnaire_{instrument.value}")
        self._groups: list[QButtonGroup] = []
        self._item_labels: list[QLabel] = []

        stem = text_label(self.spec.stem, name=f"{instrument.value}_stem")
        stem.setStyleSheet("font-weight: bold;")
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for column, answer in enumerate(self.spec.answers):
            header = QLabel(f"{answer}\n({column})")
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setWordWrap(True)
            header.setMaximumWidth(96)
            grid.addWidget(header, 0, 2 + column)
        for number, wording in enumerate(self.spec.items, start=1):
            grid.addWidget(QLabel(f"{number}."), number, 0, Qt.AlignmentFlag.AlignTop)
            label = text_label(wording, name=f"{instrument.value}_item_{number}")
            self._item_labels.append(label)
            grid.addWidget(label, number, 1)
            group = QButtonGroup(self)
            group.setObjectName(f"{instrument.value}_answers_{number}")
            for value, answer in enumerate(self.spec.answers):
                button = QRadioButton()
                button.setObjectName(f"{instrument.value}_item_{number}_{value}")
                button.setAccessibleName(f"Item {number}: {value}, {answer}")
                button.setToolTip(f"{value}: {answer}")
                group.addButton(button, value)
                grid.addWidget(button, number, 2 + value, Qt.AlignmentFlag.AlignCenter)
            group.idClicked.connect(lambda _value: self._update())
            self._groups.append(group)

        # The closing question, unscored: asked as published, kept with the administration.
        self.difficulty_box = QComboBox()
        self.difficulty_box.setObjectName(f"{instrument.value}_difficulty")
        self.difficulty_box.setAccessibleName("How difficult (not scored)")
        self.difficulty_box.addItem("(not answered)", None)
        for value, answer in enumerate(self.spec.difficulty_answers):
            self.difficulty_box.addItem(answer, value)
        self.difficulty_box.currentIndexChanged.connect(lambda _index: self.changed.emit())
        difficulty_label = text_label(
            self.spec.difficulty_question + " (not scored)", name=f"{instrument.value}_difficulty_q"
        )
        difficulty_label.setBuddy(self.difficulty_box)

        self.total_label = QLabel()
        self.total_label.setObjectName(f"{instrument.value}_total")
        self.total_label.setWordWrap(True)
        font = self.total_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.total_label.setFont(font)
        self.risk_flag = QLabel(RISK_FLAG_TEXT)
        self.risk_flag.setObjectName(f"{instrument.value}_risk_flag")
        self.risk_flag.setWordWrap(True)
        self.risk_flag.setFrameShape(QFrame.Shape.Box)
        self.risk_flag.setAccessibleName("Risk flag")
        self.risk_flag.setVisible(False)
        self.answers_error = MessageLabel(f"{instrument.value}_answers_error")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(stem)
        layout.addLayout(grid)
        layout.addWidget(difficulty_label)
        layout.addWidget(self.difficulty_box, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.answers_error)
        layout.addWidget(self.total_label)
        layout.addWidget(self.risk_flag)
        self._update()

    # ------------------------------------------------------------------ answers
    def answers(self) -> list[int | None]:
        """Each item's answer in order, None where nothing is chosen yet."""
        return [group.checkedId() if group.checkedId() >= 0 else None for group in self._groups]

    def set_answers(self, answers: Sequence[int | None]) -> None:
        """Put answers back (a draft); out-of-range values leave the item unanswered."""
        for index, group in enumerate(self._groups):
            value = answers[index] if index < len(answers) else None
            button = group.button(value) if isinstance(value, int) else None
            if button is not None:
                button.setChecked(True)
            else:
                _uncheck(group)
        self._update()

    def difficulty(self) -> int | None:
        """The closing question's answer (0-3), None if not answered."""
        value = self.difficulty_box.currentData()
        return value if isinstance(value, int) else None

    def set_difficulty(self, value: int | None) -> None:
        found = self.difficulty_box.findData(value) if isinstance(value, int) else -1
        self.difficulty_box.setCurrentIndex(max(found, 0))

    def clear(self) -> None:
        for group in self._groups:
            _uncheck(group)
        self.difficulty_box.setCurrentIndex(0)
        self.clear_error()
        self._update()

    def clear_error(self) -> None:
        self.answers_error.clear_message()
        for label in self._item_labels:
            label.setStyleSheet("")

    def has_answers(self) -> bool:
        return any(a is not None for a in self.answers()) or self.difficulty() is not None

    def choose(self, item: int, value: int) -> None:
        """Answer item ``item`` (1-based) with ``value`` as a click would."""
        button = self._groups[item - 1].button(value)
        button.click()

    # ------------------------------------------------------------------ scoring
    def score(self) -> scoring.Score | None:
        """The scored questionnaire once complete, else None."""
        answers = self.answers()
        if any(a is None for a in answers):
            return None
        return scoring.score(self.instrument, answers)

    @property
    def item9_flag(self) -> bool:
        if self.instrument is not Instrument.PHQ9:
            return False
        answer = self.answers()[SELF_HARM_ITEM - 1]
        return answer is not None and answer > 0

    def total_text(self) -> str:
        answers = self.answers()
        done = [a for a in answers if a is not None]
        count, name, most = len(answers), self.spec.name, self.spec.max_total
        if len(done) == count:
            result = self.score()
            assert result is not None
            return f"{name} total {result.total} of {most}: {result.band}"
        missing = count - len(done)
        return (
            f"{name} total so far {sum(done)} of {most}; {missing} of {count} items to answer "
            "(the band shows when all are answered)"
        )

    def show_answers_error(self, message: str) -> None:
        """The service's refusal, under the items; unanswered items are marked in red."""
        self.answers_error.show_message(message)
        for label, answer in zip(self._item_labels, self.answers(), strict=True):
            label.setStyleSheet(f"color: {error_colour()};" if answer is None else "")

    def _update(self) -> None:
        self.total_label.setText(self.total_text())
        flagged = self.item9_flag
        self.risk_flag.setStyleSheet(
            f"color: {error_colour()}; border: 2px solid {error_colour()}; padding: 6px;"
            " font-weight: bold;"
        )
        self.risk_flag.setVisible(flagged)
        if self.answers_error.text():
            for label, answer in zip(self._item_labels, self.answers(), strict=True):
                if answer is not None:
                    label.setStyleSheet("")
        self.changed.emit()


def _uncheck(group: QButtonGroup) -> None:
    """An exclusive group cannot be emptied by unchecking; lift exclusivity for a moment."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)
