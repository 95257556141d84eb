"""PHQ-9 and GAD-7: item wording, answer labels, scoring and severity bands.

The wording is reproduced verbatim from the instruments (Spitzer, Williams, Kroenke and colleagues;
free to reproduce): the published norms only hold for the questions exactly as written, so never
edit them for style. Scoring refuses incomplete or out-of-range answers instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from practice_planner.domain.enums import Instrument
from practice_planner.errors import ValidationError

ANSWER_MIN = 0
ANSWER_MAX = 3


@dataclass(frozen=True)
class Band:
    """A severity band: totals from ``low`` to ``high`` inclusive read as ``label``."""

    low: int
    high: int
    label: str

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class InstrumentDefinition:
    """Everything needed to administer, score, interpret and export one questionnaire."""

    instrument: Instrument
    title: str
    stem: str
    items: tuple[str, ...]
    answers: tuple[str, ...]
    max_total: int
    bands: tuple[Band, ...]
    loinc_total: str
    loinc_panel: str
    caseness_threshold: int
    reliable_change: int
    difficulty_question: str
    difficulty_answers: tuple[str, ...]

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def name(self) -> str:
        """The short name clinicians use ("PHQ-9")."""
        return self.instrument.label


@dataclass(frozen=True)
class Score:
    """A scored administration; ``item9_flag`` means thoughts of self-harm need follow-up."""

    instrument: Instrument
    answers: tuple[int, ...]
    total: int
    band: str
    item9_flag: bool
    caseness: bool
    difficulty: int | None = None


_ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")

_DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
_DIFFICULTY_ANSWERS = (
    "Not difficult at all",
    "Somewhat difficult",
    "Very difficult",
    "Extremely difficult",
)

PHQ9 = InstrumentDefinition(
    instrument=Instrument.PHQ9,
    title="Patient Health Questionnaire (PHQ-9)",
    stem=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "— being so fidgety or restless that you have been moving around a lot more than "
        "usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    answers=_ANSWERS,
    max_total=27,
    bands=(
        Band(0, 4, "Minimal"),
        Band(5, 9, "Mild"),
        Band(10, 14, "Moderate"),
        Band(15, 19, "Moderately severe"),
        Band(20, 27, "Severe"),
    ),
    loinc_total="44261-6",
    loinc_panel="44249-1",
    caseness_threshold=10,
    reliable_change=6,
    difficulty_question=_DIFFICULTY_QUESTION,
    difficulty_answers=_DIFFICULTY_ANSWERS,
)

GAD7 = InstrumentDefinition(
    instrument=Instrument.GAD7,
    title="Generalized Anxiety Disorder 7-item scale (GAD-7)",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    answers=_ANSWERS,
    max_total=21,
    bands=(
        Band(0, 4, "Minimal"),
        Band(5, 9, "Mild"),
        Band(10, 14, "Moderate"),
        Band(15, 21, "Severe"),
    ),
    loinc_total="70274-6",
    loinc_panel="69737-5",
    caseness_threshold=8,
    reliable_change=4,
    difficulty_question=_DIFFICULTY_QUESTION,
    difficulty_answers=_DIFFICULTY_ANSWERS,
)

DEFINITIONS: dict[Instrument, InstrumentDefinition] = {
    Instrument.PHQ9: PHQ9,
    Instrument.GAD7: GAD7,
}

_SELF_HARM_ITEM = 9  # PHQ-9 item 9 (1-based), the one that must be flagged for follow-up


def definition(instrument: Instrument) -> InstrumentDefinition:
    """The standard instrument's definition; custom measures have none (ValueError)."""
    try:
        return DEFINITIONS[instrument]
    except KeyError:
        raise ValueError(f"{instrument!s} is not a standard questionnaire") from None


def _is_answer(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and ANSWER_MIN <= value <= ANSWER_MAX
    )


def _item_list(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Item {numbers[0]}"
    return "Items " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def score(
    instrument: Instrument,
    answers: Sequence[int | None],
    difficulty: int | None = None,
) -> Score:
    """Total and band; refuses (ValidationError on "answers") rather than pro-rating gaps.

    ``answers`` are the 0-3 item answers in order; ``None`` marks an unanswered item.
    ``difficulty`` is the optional, unscored functional question (0-3).
    """
    spec = definition(instrument)
    count = spec.item_count
    if len(answers) > count:
        raise ValidationError(
            {"answers": f"Expected {count} answers, got {len(answers)}: remove the extra ones"}
        )
    missing = (count - len(answers)) + sum(1 for a in answers if a is None)
    if missing:
        verb = "is" if missing == 1 else "are"
        raise ValidationError({"answers": f"Answer all {count} items ({missing} {verb} missing)"})
    bad = [i for i, a in enumerate(answers, start=1) if not _is_answer(a)]
    if bad:
        raise ValidationError(
            {"answers": f"{_item_list(bad)}: choose an answer from {ANSWER_MIN} to {ANSWER_MAX}"}
        )
    if difficulty is not None and not _is_answer(difficulty):
        raise ValidationError(
            {"difficulty": f"Choose an answer from {ANSWER_MIN} to {ANSWER_MAX}, or leave it out"}
        )
    checked = tuple(a for a in answers if a is not None)
    total = sum(checked)
    item9_flag = instrument is Instrument.PHQ9 and checked[_SELF_HARM_ITEM - 1] > 0
    return Score(
        instrument=instrument,
        answers=checked,
        total=total,
        band=band_for(instrument, total).label,
        item9_flag=item9_flag,
        caseness=total >= spec.caseness_threshold,
        difficulty=difficulty,
    )


def check_total(instrument: Instrument, total: int, field: str = "total") -> None:
    """Refuse a total the instrument cannot produce (typed in from a paper form, say)."""
    spec = definition(instrument)
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= spec.max_total:
        raise ValidationError(
            {field: f"Enter a whole-number {spec.name} total from 0 to {spec.max_total}"}
        )


def band_for(instrument: Instrument, total: int) -> Band:
    """The severity band a total falls in (ValidationError on "total" if out of range)."""
    check_total(instrument, total)
    for band in definition(instrument).bands:
        if band.contains(total):
            return band
    raise AssertionError("bands cover 0..max_total")  # pragma: no cover
