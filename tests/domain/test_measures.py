"""PHQ-9 and GAD-7: verbatim wording, scoring, band boundaries, the item-9 flag, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice_planner.domain.enums import Instrument
from practice_planner.domain.measures import (
    GAD7,
    PHQ9,
    Band,
    band_for,
    definition,
    score,
)
from practice_planner.errors import ValidationError


def test_phq9_wording_is_verbatim() -> None:
    d = definition(Instrument.PHQ9)
    assert d.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert len(d.items) == 9
    assert d.items[0] == "Little interest or pleasure in doing things"
    assert d.items[1] == "Feeling down, depressed, or hopeless"
    assert d.items[2] == "Trouble falling or staying asleep, or sleeping too much"
    assert d.items[3] == "Feeling tired or having little energy"
    assert d.items[4] == "Poor appetite or overeating"
    assert d.items[5] == (
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down"
    )
    assert d.items[6] == (
        "Trouble concentrating on things, such as reading the newspaper or watching television"
    )
    assert d.items[7] == (
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual"
    )
    assert d.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert d.answers == (
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    )
    assert d.difficulty_question == (
        "If you checked off any problems, how difficult have these problems made it for you to do "
        "your work, take care of things at home, or get along with other people?"
    )
    assert d.difficulty_answers == (
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    )


def test_gad7_wording_is_verbatim() -> None:
    d = definition(Instrument.GAD7)
    assert d.stem == (
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    )
    assert d.items == (
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    )
    assert d.answers == PHQ9.answers
    assert d.difficulty_question == PHQ9.difficulty_question


def test_codes_thresholds_and_totals() -> None:
    assert (PHQ9.loinc_total, PHQ9.loinc_panel) == ("44261-6", "44249-1")
    assert (GAD7.loinc_total, GAD7.loinc_panel) == ("70274-6", "69737-5")
    assert (PHQ9.max_total, PHQ9.caseness_threshold, PHQ9.reliable_change) == (27, 10, 6)
    assert (GAD7.max_total, GAD7.caseness_threshold, GAD7.reliable_change) == (21, 8, 4)
    assert PHQ9.name == "PHQ-9"
    assert GAD7.name == "GAD-7"


@pytest.mark.parametrize("spec", [PHQ9, GAD7])
def test_bands_cover_every_total_once(spec: object) -> None:
    assert isinstance(spec, type(PHQ9))
    for total in range(spec.max_total + 1):
        assert sum(band.contains(total) for band in spec.bands) == 1
    assert spec.bands[0].low == 0
    assert spec.bands[-1].high == spec.max_total
    assert spec.max_total == 3 * len(spec.items)


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (27, "Severe"),
    ],
)
def test_phq9_band_boundaries(total: int, label: str) -> None:
    assert band_for(Instrument.PHQ9, total).label == label


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Severe"),
        (21, "Severe"),
    ],
)
def test_gad7_band_boundaries(total: int, label: str) -> None:
    assert band_for(Instrument.GAD7, total).label == label


def test_band_for_returns_the_band() -> None:
    assert band_for(Instrument.PHQ9, 12) == Band(10, 14, "Moderate")


@pytest.mark.parametrize(
    ("instrument", "total"),
    [(Instrument.PHQ9, -1), (Instrument.PHQ9, 28), (Instrument.GAD7, 22)],
)
def test_band_for_refuses_impossible_totals(instrument: Instrument, total: int) -> None:
    with pytest.raises(ValidationError) as raised:
        band_for(instrument, total)
    assert "total" in raised.value.fields


def test_phq9_hand_scored() -> None:
    # 1+2+0+3+1+1+2+0+0 = 10 -> Moderate, caseness (>= 10), item 9 is 0: no flag
    result = score(Instrument.PHQ9, [1, 2, 0, 3, 1, 1, 2, 0, 0])
    assert result.total == 10
    assert result.band == "Moderate"
    assert result.caseness
    assert not result.item9_flag
    assert result.answers == (1, 2, 0, 3, 1, 1, 2, 0, 0)


def test_gad7_hand_scored() -> None:
    # 2+2+1+1+0+1+0 = 7 -> Mild, below caseness (8)
    result = score(Instrument.GAD7, [2, 2, 1, 1, 0, 1, 0])
    assert (result.total, result.band, result.caseness) == (7, "Mild", False)
    assert not result.item9_flag


def test_max_totals() -> None:
    assert score(Instrument.PHQ9, [3] * 9).total == 27
    assert score(Instrument.PHQ9, [3] * 9).band == "Severe"
    assert score(Instrument.GAD7, [3] * 7).total == 21
    assert score(Instrument.GAD7, [3] * 7).band == "Severe"
    assert score(Instrument.PHQ9, [0] * 9).band == "Minimal"


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_answer_on_item9_is_flagged(item9: int) -> None:
    # total 1..3 is Minimal, yet the flag must still be raised
    result = score(Instrument.PHQ9, [0] * 8 + [item9])
    assert result.item9_flag
    assert result.band == "Minimal"


def test_item9_flag_only_looks_at_item9() -> None:
    assert not score(Instrument.PHQ9, [3] * 8 + [0]).item9_flag
    # GAD-7 has no self-harm item: item 7 at 3 is not a flag
    assert not score(Instrument.GAD7, [0] * 6 + [3]).item9_flag


def test_missing_answers_are_counted() -> None:
    with pytest.raises(ValidationError) as raised:
        score(Instrument.PHQ9, [1, 1, 1, 1, 1, 1, 1])
    assert raised.value.fields == {"answers": "Answer all 9 items (2 are missing)"}


def test_none_marks_a_missing_answer() -> None:
    with pytest.raises(ValidationError) as raised:
        score(Instrument.GAD7, [1, None, 1, 1, 1, 1, 1])
    assert raised.value.fields == {"answers": "Answer all 7 items (1 is missing)"}


def test_out_of_range_answer_names_the_item() -> None:
    with pytest.raises(ValidationError) as raised:
        score(Instrument.PHQ9, [0, 0, 0, 4, 0, 0, 0, 0, 0])
    assert raised.value.fields == {"answers": "Item 4: choose an answer from 0 to 3"}


def test_several_bad_items_are_all_named() -> None:
    with pytest.raises(ValidationError) as raised:
        score(Instrument.GAD7, [0, -1, 0, 0, 9, 0, 7])
    assert raised.value.fields == {"answers": "Items 2, 5 and 7: choose an answer from 0 to 3"}


def test_too_many_answers() -> None:
    with pytest.raises(ValidationError) as raised:
        score(Instrument.GAD7, [0] * 9)
    assert "Expected 7 answers, got 9" in raised.value.fields["answers"]


def test_booleans_are_not_answers() -> None:
    with pytest.raises(ValidationError):
        score(Instrument.GAD7, [True, 0, 0, 0, 0, 0, 0])


def test_difficulty_is_optional_and_unscored() -> None:
    assert score(Instrument.PHQ9, [1] * 9, difficulty=3).total == 9
    assert score(Instrument.PHQ9, [1] * 9).difficulty is None
    with pytest.raises(ValidationError) as raised:
        score(Instrument.PHQ9, [1] * 9, difficulty=4)
    assert "difficulty" in raised.value.fields


def test_custom_measures_have_no_definition() -> None:
    with pytest.raises(ValueError, match="not a standard questionnaire"):
        definition(Instrument.CUSTOM)


@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_phq9_total_is_the_sum_and_band_matches(answers: list[int]) -> None:
    result = score(Instrument.PHQ9, answers)
    assert result.total == sum(answers)
    assert result.band == band_for(Instrument.PHQ9, sum(answers)).label
    assert result.item9_flag == (answers[8] > 0)
