"""The passphrase policy: long enough and hard to guess (judged by zxcvbn), no composition rules.

Composition rules ("one digit, one symbol") push people to ``Password1!``; length plus a realistic
guess estimate is what NIST SP 800-63B recommends. A refusal always says why and what would help.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_LENGTH = 12
MIN_SCORE = 3
_ZXCVBN_MAX_CHARS = 100  # zxcvbn's matching is super-linear; the first 100 characters decide

SCORE_LABELS = ("very weak", "weak", "fair", "strong", "very strong")


@dataclass(frozen=True)
class PassphraseVerdict:
    """zxcvbn's score (0-4) with its words, and whether the policy accepts the passphrase."""

    acceptable: bool
    score: int
    reason: str
    suggestions: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return SCORE_LABELS[self.score]


def assess(passphrase: str, user_inputs: Sequence[str] = ()) -> PassphraseVerdict:
    """Judge a new passphrase; ``user_inputs`` (practice or clinician name) count as guessable."""
    from zxcvbn import zxcvbn

    length = len(passphrase)
    if not passphrase:
        return PassphraseVerdict(
            False, 0, f"Enter a passphrase of at least {MIN_LENGTH} characters."
        )
    result = zxcvbn(passphrase[:_ZXCVBN_MAX_CHARS], user_inputs=[s for s in user_inputs if s])
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    suggestions = tuple(feedback.get("suggestions") or ())
    if length < MIN_LENGTH:
        return PassphraseVerdict(
            False,
            min(score, 2),
            f"Too short: use at least {MIN_LENGTH} characters (this has {length}). "
            "A few unrelated words make a strong, memorable passphrase.",
            suggestions,
        )
    if score < MIN_SCORE:
        warning = str(feedback.get("warning") or "").strip()
        because = f"{warning} " if warning else ""
        hint = (
            suggestions[0] if suggestions else "Add another word or two. Uncommon words are better."
        )
        return PassphraseVerdict(
            False, score, f"Too easy to guess ({SCORE_LABELS[score]}). {because}{hint}", suggestions
        )
    return PassphraseVerdict(True, score, f"Strength: {SCORE_LABELS[score]}.", suggestions)
