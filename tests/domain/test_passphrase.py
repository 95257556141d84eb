"""The passphrase policy: 12+ characters and zxcvbn score 3+, with the reason when refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_planner.domain.passphrase import MIN_LENGTH, MIN_SCORE, assess


@pytest.mark.parametrize(
    "passphrase",
    ["violet kettle orbit mountain", "granite lantern seventy wisp", "Ζώνη ποταμός 🦊 κλειδί"],
)
def test_strong_passphrases_pass(passphrase: str) -> None:
    verdict = assess(passphrase)
    assert verdict.acceptable
    assert verdict.score >= MIN_SCORE
    assert verdict.reason.startswith("Strength:")


def test_short_is_refused_with_the_count() -> None:
    verdict = assess("Xq7!vR2#")
    assert not verdict.acceptable
    assert "at least 12 characters (this has 8)" in verdict.reason


@pytest.mark.parametrize(
    ("passphrase", "words"),
    [
        ("password1234", "common"),
        ("aaaaaaaaaaaaaaaa", "Repeats"),
        ("qwertyuiopasdf", "Too easy to guess"),
    ],
)
def test_long_but_guessable_is_refused_with_zxcvbns_reason(passphrase: str, words: str) -> None:
    verdict = assess(passphrase)
    assert len(passphrase) >= MIN_LENGTH
    assert not verdict.acceptable
    assert verdict.reason.startswith("Too easy to guess")
    assert words in verdict.reason


def test_no_composition_rules() -> None:
    """Lower-case words only, no digits or symbols: accepted when long and unguessable."""
    assert assess("marble ostrich quietly unfolds").acceptable


def test_practice_details_count_as_guessable() -> None:
    name = "Harbourview Family Therapy"
    assert assess(name).acceptable
    assert not assess(name, [name]).acceptable
    assert (
        assess("harbourview therapy", ["harbourview", "therapy"]).score
        < assess("harbourview therapy").score
    )


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_policy_is_length_and_score_only(passphrase: str) -> None:
    verdict = assess(passphrase)
    assert verdict.acceptable == (len(passphrase) >= MIN_LENGTH and verdict.score >= MIN_SCORE)
    assert verdict.reason
    assert 0 <= verdict.score <= 4
