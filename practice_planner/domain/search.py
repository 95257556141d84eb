"""Search text folded so that a name is found however it is typed, in any script.

Both sides of a search go through ``fold``: case is folded the Unicode way (``ß`` → ``ss``, Greek
final sigma → sigma, Cyrillic and Greek capitals), and accents and other combining marks are
dropped after a compatibility decomposition, so "muller" finds "Müller" and "zoe" finds "Zoë".
A client's ``search_key`` is the folded names and record number, kept in the row so the list can
filter with one ``LIKE`` on an index instead of decoding every name.
"""

from __future__ import annotations

import unicodedata

SEPARATOR = " "
"""Between the parts of a key. Search words never hold whitespace, so no match spans two parts."""


def fold(text: str) -> str:
    """``text`` casefolded, compatibility-decomposed and stripped of combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Casefolding after decomposition catches the few letters whose fold needs it (e.g. "ǅ").
    return unicodedata.normalize("NFC", kept.casefold())


def client_search_key(
    legal_given_name: str, legal_family_name: str, preferred_name: str, record_number: str
) -> str:
    """What a client is found by: names and record number, folded, one separator apart."""
    parts = (legal_given_name, legal_family_name, preferred_name, record_number)
    return SEPARATOR.join(fold(" ".join(part.split())) for part in parts if part.strip())


def search_words(search: str) -> list[str]:
    """The folded words of what was typed in the search field (each must be found)."""
    return [word for word in (fold(w) for w in search.split()) if word]
