"""The SMART check: vague wording, each missing part of a measurable goal, and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice_planner.domain.enums import Direction
from practice_planner.domain.smart import Finding, GoalDraft, check, parse_number, vague_phrases

TODAY = date(2026, 11, 22)

COMPLETE = GoalDraft(
    statement="Fewer panic attacks at work",
    client_words="I want to stop panicking in meetings",
    measure_name="Panic attacks",
    unit="per week",
    baseline="5",
    target="1",
    direction=Direction.DECREASE,
    target_date=date(2027, 3, 1),
    start_date=date(2026, 11, 1),
    today=TODAY,
)


def codes(draft: GoalDraft) -> list[str]:
    return [finding.code for finding in check(draft)]


def test_a_complete_goal_has_no_findings() -> None:
    assert check(COMPLETE) == []


def test_a_complete_increase_goal_with_decimal_comma_has_no_findings() -> None:
    draft = replace(
        COMPLETE,
        statement="More nights of restful sleep",
        measure_name="Hours slept",
        unit="hours per night",
        baseline="4,5",
        target="7",
        direction=Direction.INCREASE,
    )
    assert check(draft) == []


def test_i_want_to_be_happier() -> None:
    findings = check(GoalDraft(statement="I want to be happier", today=TODAY))
    vague = [f for f in findings if f.code == "vague_wording"]
    assert vague == [
        Finding(
            "vague_wording",
            "Vague wording: 'happier'",
            "Name a measure: e.g. days per week with mood >= 6/10",
            "statement",
        )
    ]
    assert [f.code for f in findings] == [
        "vague_wording",
        "no_measure",
        "no_unit",
        "no_baseline",
        "no_target",
        "no_direction",
        "no_target_date",
    ]


@pytest.mark.parametrize(
    ("statement", "phrase", "suggestion_words"),
    [
        ("Be HAPPIER at home", "HAPPIER", "mood >= 6/10"),
        ("Feel less anxious in shops", "less anxious", "GAD-7"),
        ("Sleep better", "Sleep better", "hours slept per night"),
        ("Be more confident at work", "more confident", "speaking up"),
        ("Get along better with my sister", "Get along better", "arguments per week"),
        ("Reduce stress", "stress", "stress rating 0-10"),
        ("Improve mood", "Improve", "what would you count or rate"),
        ("Cope better with grief", "Cope better", "coping skill"),
        ("Be okay again", "Be okay", "what would you count or rate"),
        ("Raise self esteem", "self esteem", "what would you count or rate"),
    ],
)
def test_vague_words_get_specific_or_generic_suggestions(
    statement: str, phrase: str, suggestion_words: str
) -> None:
    vague = [
        f for f in check(GoalDraft(statement=statement, today=TODAY)) if f.code == "vague_wording"
    ]
    assert len(vague) == 1
    assert vague[0].message == f"Vague wording: '{phrase}'"
    assert suggestion_words in vague[0].suggestion
    assert vague[0].field == "statement"


def test_vague_matching_is_whole_word() -> None:
    assert vague_phrases("unhappy") == []
    assert vague_phrases("stressors at work") == []
    assert vague_phrases("Happier") == ["Happier"]
    assert vague_phrases("happier, calmer; happier") == ["happier", "calmer"]
    assert vague_phrases("sleep   better") == ["sleep better"]
    assert vague_phrases("betterment") == []


def test_client_words_are_never_checked() -> None:
    draft = replace(COMPLETE, client_words="I just want to be happier and feel better")
    assert check(draft) == []


def test_vague_statement_is_fine_once_a_measure_is_named() -> None:
    assert check(replace(COMPLETE, statement="Sleep better")) == []


def test_a_vague_measure_is_flagged_and_so_is_the_statement() -> None:
    findings = check(replace(COMPLETE, statement="Be happier", measure_name="Feeling better"))
    assert [(f.code, f.field, f.message) for f in findings] == [
        ("vague_wording", "statement", "Vague wording: 'happier'"),
        ("vague_wording", "measure_name", "Vague wording: 'better'"),
    ]


def test_a_measure_that_rates_a_feeling_is_not_vague() -> None:
    draft = replace(COMPLETE, statement="Less stress", measure_name="Stress rating 0-10")
    assert check(draft) == []


def test_no_statement() -> None:
    findings = check(replace(COMPLETE, statement="   "))
    assert [f.code for f in findings] == ["no_statement"]
    assert "client's words" in findings[0].suggestion
    bare = check(replace(COMPLETE, statement="", client_words=""))
    assert bare[0].field == "statement"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"measure_name": ""}, "no_measure", "measure_name"),
        ({"unit": " "}, "no_unit", "unit"),
        ({"baseline": ""}, "no_baseline", "baseline"),
        ({"baseline": "five"}, "baseline_not_a_number", "baseline"),
        ({"target": ""}, "no_target", "target"),
        ({"target": "1 a week"}, "target_not_a_number", "target"),
        ({"target": "6"}, "target_not_in_direction", "target"),
        ({"target": "5"}, "target_not_in_direction", "target"),
        ({"direction": None}, "no_direction", "direction"),
        ({"target_date": None}, "no_target_date", "target_date"),
        (
            {"target_date": date(2026, 11, 21), "start_date": None},
            "target_date_in_past",
            "target_date",
        ),
        (
            {"target_date": date(2026, 12, 1), "start_date": date(2027, 1, 1)},
            "target_date_before_start",
            "target_date",
        ),
        ({"target_date": date(2028, 11, 23)}, "too_far", "target_date"),
    ],
)
def test_each_finding(change: dict[str, object], code: str, field: str) -> None:
    findings = check(replace(COMPLETE, **change))  # type: ignore[arg-type]
    assert [(f.code, f.field) for f in findings] == [(code, field)]
    assert findings[0].message
    assert findings[0].suggestion


def test_direction_increase_needs_a_higher_target() -> None:
    draft = replace(COMPLETE, direction=Direction.INCREASE)  # 5 -> 1 is a decrease
    findings = check(draft)
    assert [f.code for f in findings] == ["target_not_in_direction"]
    assert findings[0].message == "The target is not above the baseline"


def test_missing_direction_suggests_the_one_the_numbers_imply() -> None:
    (finding,) = check(replace(COMPLETE, direction=None))
    assert finding.suggestion == "Choose 'decrease': the target is below the baseline"


def test_target_date_boundaries() -> None:
    assert check(replace(COMPLETE, target_date=TODAY)) == []  # today is not the past
    starts = date(2026, 12, 1)
    assert check(replace(COMPLETE, start_date=starts, target_date=starts)) == []  # on the start
    assert check(replace(COMPLETE, target_date=date(2028, 11, 22))) == []  # exactly 2 years


def test_two_years_from_29_february() -> None:
    leap = replace(COMPLETE, today=date(2028, 2, 29), start_date=None)
    assert check(replace(leap, target_date=date(2030, 2, 28))) == []
    assert codes(replace(leap, target_date=date(2030, 3, 1))) == ["too_far"]


def test_an_empty_draft_lists_everything_to_fill_in() -> None:
    assert codes(GoalDraft(statement="", today=TODAY)) == [
        "no_statement",
        "no_measure",
        "no_unit",
        "no_baseline",
        "no_target",
        "no_direction",
        "no_target_date",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7", 7.0),
        (" 7.5 ", 7.5),
        ("7,5", 7.5),
        ("-2", -2.0),
        ("\u22122,5", -2.5),
        ("+3", 3.0),
        (".5", 0.5),
        (",5", 0.5),
        ("1,000", 1000.0),
        ("12,345.5", 12345.5),
        ("0", 0.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", " ", "five", "5 per week", "7,5,5", "1.2.3", "nan", "inf", "1e3", "٣", "-", ","]
)
def test_parse_number_refuses(text: str) -> None:
    assert parse_number(text) is None


@given(st.text())
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)


@given(
    statement=st.text(),
    client_words=st.text(),
    measure_name=st.text(),
    unit=st.text(),
    baseline=st.text() | st.from_regex(r"\A[+-]?\d{1,4}([.,]\d{1,2})?\Z"),
    target=st.text() | st.from_regex(r"\A[+-]?\d{1,4}([.,]\d{1,2})?\Z"),
    direction=st.none() | st.sampled_from(Direction),
    target_date=st.none() | st.dates(),
    start_date=st.none() | st.dates(),
    today=st.dates(),
)
def test_check_never_raises_on_arbitrary_input(
    statement: str,
    client_words: str,
    measure_name: str,
    unit: str,
    baseline: str,
    target: str,
    direction: Direction | None,
    target_date: date | None,
    start_date: date | None,
    today: date,
) -> None:
    draft = GoalDraft(
        statement=statement,
        client_words=client_words,
        measure_name=measure_name,
        unit=unit,
        baseline=baseline,
        target=target,
        direction=direction,
        target_date=target_date,
        start_date=start_date,
        today=today,
    )
    for finding in check(draft):
        assert finding.code
        assert finding.message
        assert finding.suggestion
        assert finding.field in {
            "statement",
            "measure_name",
            "unit",
            "baseline",
            "target",
            "direction",
            "target_date",
        }
