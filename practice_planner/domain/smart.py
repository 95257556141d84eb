"""A SMART check of a goal or objective as it is typed: what is missing, and how to fix it.

"I want to be happier" is the classic vague goal. The check points at the vague words and at each
missing part of a measurable goal (measure, unit, baseline, target, direction, target date) with a
concrete suggestion. It is advice, never a gate: every finding can be ignored. The client's own
words are never checked; they are the client's voice and are kept exactly as said.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from practice_planner.domain.enums import Direction

MAX_YEARS_AHEAD = 2


@dataclass(frozen=True)
class GoalDraft:
    """A goal or objective as typed so far; numbers are still text. ``today`` is passed in."""

    statement: str
    today: date
    client_words: str = ""
    measure_name: str = ""
    unit: str = ""
    baseline: str = ""
    target: str = ""
    direction: Direction | None = None
    target_date: date | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class Finding:
    """One thing to fix: a stable ``code``, what is wrong, how to fix it, and the field."""

    code: str
    message: str
    suggestion: str
    field: str


_GENERIC_SUGGESTION = (
    "Name a measure: what would you count or rate to see this change? "
    "e.g. times per week, or a 0-10 rating"
)

# Vague phrase -> suggestion key. Matched whole-word and case-insensitively, longest phrase first,
# so "sleep better" wins over "better".
_SUGGESTIONS: dict[str, str] = {
    "happy": "Name a measure: e.g. days per week with mood >= 6/10",
    "anxious": "Name a measure: e.g. GAD-7 total, or panic attacks per week",
    "sleep": "Name a measure: e.g. hours slept per night, or nights per week waking before 5 am",
    "confident": (
        "Name a measure: e.g. times per week speaking up in a meeting, "
        "or confidence 0-10 before a feared situation"
    ),
    "along": (
        "Name a measure: e.g. arguments per week with a partner, or shared activities per week"
    ),
    "stress": (
        "Name a measure: e.g. stress rating 0-10 at the end of the day, "
        "or days per week using a coping skill"
    ),
    "depressed": "Name a measure: e.g. PHQ-9 total, or days per week out of bed by 9 am",
    "cope": "Name a measure: e.g. times per week using a coping skill when upset",
}

_VAGUE: dict[str, str | None] = {
    # phrase: key into _SUGGESTIONS (None: the generic suggestion)
    "happier": "happy",
    "happy": "happy",
    "happiness": "happy",
    "less anxious": "anxious",
    "less anxiety": "anxious",
    "not anxious": "anxious",
    "feel calmer": "anxious",
    "calmer": "anxious",
    "sleep better": "sleep",
    "better sleep": "sleep",
    "more confident": "confident",
    "more confidence": "confident",
    "feel confident": "confident",
    "get along better": "along",
    "get on better": "along",
    "get along": "along",
    "stress": "stress",
    "stressed": "stress",
    "less stressed": "stress",
    "less stress": "stress",
    "less depressed": "depressed",
    "not depressed": "depressed",
    "cope better": "cope",
    "cope": "cope",
    "better": None,
    "feel better": None,
    "feel good": None,
    "feel okay": None,
    "feel ok": None,
    "be okay": None,
    "be ok": None,
    "be fine": None,
    "improve": None,
    "improved": None,
    "improvement": None,
    "improving": None,
    "more positive": None,
    "well-being": None,
    "wellbeing": None,
    "healthier": None,
    "work on": None,
    "deal with": None,
    "get over": None,
    "move on": None,
    "feel normal": None,
    "feel like myself": None,
    "feel like themselves": None,
    "self-esteem": None,
}

_SEPARATOR = re.compile(r"[\s\-]+")


def _normalise(phrase: str) -> str:
    return _SEPARATOR.sub(" ", phrase.strip().lower())


_VAGUE_KEYS = {_normalise(phrase): key for phrase, key in _VAGUE.items()}
_VAGUE_RE = re.compile(
    r"(?<!\w)("
    + "|".join(
        r"[\s\-]+".join(re.escape(word) for word in phrase.split(" "))
        for phrase in sorted(_VAGUE_KEYS, key=len, reverse=True)
    )
    + r")(?!\w)",
    re.IGNORECASE,
)

# A measure field that counts or rates something ("stress rating 0-10") is a measure, even when
# it names a feeling; only unquantified wording there ("feeling better") is vague.
_QUANTIFIED_RE = re.compile(
    r"\d|%|(?<!\w)(?:rating|rated|rate|score|scale|total|per|number|count|times|hours|minutes"
    r"|days|nights|weeks|frequency|percent|percentage|phq|gad)(?!\w)",
    re.IGNORECASE,
)

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", re.ASCII)
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)


def parse_number(text: str) -> float | None:
    """A number as typed, or None: "7", "7.5", "7,5" (decimal comma), "-2", "1,000.5".

    A comma followed by groups of exactly three digits ("1,000") is read as a thousands separator;
    any other single comma is a decimal comma. Units and words are not numbers ("5 per week").
    """
    cleaned = text.strip().replace("\u2212", "-")
    if _GROUPED_NUMBER.fullmatch(cleaned):
        value = float(cleaned.replace(",", ""))
    elif _PLAIN_NUMBER.fullmatch(cleaned):
        value = float(cleaned.replace(",", "."))
    else:
        return None
    return value if math.isfinite(value) else None


def vague_phrases(text: str) -> list[str]:
    """The vague phrases in ``text`` as typed (spacing tidied), in order, each once."""
    seen: set[str] = set()
    found: list[str] = []
    for match in _VAGUE_RE.finditer(text):
        key = _normalise(match.group(1))
        if key not in seen:
            seen.add(key)
            found.append(re.sub(r"\s+", " ", match.group(1)))
    return found


def _vague_findings(text: str, field: str) -> list[Finding]:
    findings = []
    for phrase in vague_phrases(text):
        key = _VAGUE_KEYS.get(_normalise(phrase))
        suggestion = _SUGGESTIONS[key] if key else _GENERIC_SUGGESTION
        findings.append(Finding("vague_wording", f"Vague wording: '{phrase}'", suggestion, field))
    return findings


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def check(draft: GoalDraft) -> list[Finding]:
    """Every SMART finding for ``draft``, in the order the fields are filled in; [] when SMART.

    Vague wording in the statement is only reported while the goal has no usable measure: once
    one is named, the statement may say "sleep better" in ordinary words. A measure that counts
    or rates ("stress rating 0-10", "hours per night") is never called vague.
    """
    findings: list[Finding] = []
    statement = draft.statement.strip()
    measure = draft.measure_name.strip()

    if not statement:
        suggestion = (
            "Write the clinical wording beside the client's words: what will be different, "
            "and how will you both know?"
            if draft.client_words.strip()
            else "Say what will be different, e.g. fewer panic attacks at work"
        )
        findings.append(Finding("no_statement", "No goal statement", suggestion, "statement"))

    measure_findings = (
        [] if _QUANTIFIED_RE.search(measure) else _vague_findings(measure, "measure_name")
    )
    if not measure or measure_findings:
        findings.extend(_vague_findings(statement, "statement"))
    findings.extend(measure_findings)

    if not measure:
        findings.append(
            Finding(
                "no_measure",
                "No measure",
                "Name what you will count or rate, e.g. panic attacks, or mood rating",
                "measure_name",
            )
        )
    if not draft.unit.strip():
        findings.append(
            Finding("no_unit", "No unit", "Give the unit, e.g. per week, hours, or 0-10", "unit")
        )

    baseline = _number_findings(draft.baseline, "baseline", "starting value", findings)
    target = _number_findings(draft.target, "target", "value to reach", findings)

    findings.extend(_direction_findings(draft.direction, baseline, target))
    findings.extend(_date_findings(draft))
    return findings


def _number_findings(text: str, field: str, what: str, findings: list[Finding]) -> float | None:
    if not text.strip():
        findings.append(
            Finding(f"no_{field}", f"No {field}", f"Enter the {what} as a number, e.g. 5", field)
        )
        return None
    value = parse_number(text)
    if value is None:
        findings.append(
            Finding(
                f"{field}_not_a_number",
                f"The {field} is not a number",
                "Enter just the number, e.g. 5 or 7,5; put the unit in the unit field",
                field,
            )
        )
    return value


def _direction_findings(
    direction: Direction | None, baseline: float | None, target: float | None
) -> list[Finding]:
    if direction is None:
        if baseline is not None and target is not None and baseline != target:
            implied = Direction.DECREASE if target < baseline else Direction.INCREASE
            suggestion = (
                f"Choose '{implied.label.lower()}': the target is {_side(implied)} the baseline"
            )
        else:
            suggestion = "Say whether lower or higher is better: decrease or increase"
        return [Finding("no_direction", "No direction", suggestion, "direction")]
    if baseline is None or target is None:
        return []
    wrong = target >= baseline if direction is Direction.DECREASE else target <= baseline
    if not wrong:
        return []
    if target == baseline:
        message = "The target equals the baseline"
    else:
        message = f"The target is not {_side(direction)} the baseline"
    suggestion = (
        f"For '{direction.label.lower()}', set a target {_side(direction)} the baseline, "
        "or change the direction"
    )
    return [Finding("target_not_in_direction", message, suggestion, "target")]


def _side(direction: Direction) -> str:
    return "below" if direction is Direction.DECREASE else "above"


def _date_findings(draft: GoalDraft) -> list[Finding]:
    target_date = draft.target_date
    if target_date is None:
        return [
            Finding(
                "no_target_date",
                "No target date",
                "Set a date to reach the target by; review it at each plan review",
                "target_date",
            )
        ]
    findings = []
    if target_date < draft.today:
        findings.append(
            Finding(
                "target_date_in_past",
                "The target date has passed",
                "Choose a date from today on, or record whether the goal was met",
                "target_date",
            )
        )
    if draft.start_date is not None and target_date < draft.start_date:
        findings.append(
            Finding(
                "target_date_before_start",
                "The target date is before the plan starts",
                f"Choose a date on or after {draft.start_date.isoformat()}",
                "target_date",
            )
        )
    if target_date > _add_years(draft.today, MAX_YEARS_AHEAD):
        findings.append(
            Finding(
                "too_far",
                f"The target date is more than {MAX_YEARS_AHEAD} years away",
                "Break it into steps: short-term objectives with nearer dates",
                "target_date",
            )
        )
    return findings
