"""The goal library: ready-made goal wording to start from, and the clinician's own additions.

A template is only a starting point. Inserting one copies its text into the goal editor, where it
is edited like anything typed; nothing in a plan points back at the library, so changing or
deleting a template never alters a goal already written.

The built-in templates ship read-only in ``resources/goal_library.json`` (our own wording, the same
in every practice) and are loaded once. The clinician's own templates are kept inside the
encrypted vault, as JSON in one ``setting`` row, never in a file beside it: a goal saved from a
plan may carry client-identifying wording, so it gets the same protection as the records (and
travels with the vault's backups). The audit trail notes that a template was saved or deleted,
never its text.
"""

from __future__ import annotations

import functools
import json
import re
import string
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_planner.domain.enums import Direction, GoalCategory, GoalHorizon, GoalKind
from practice_planner.errors import PracticePlannerError, ValidationError
from practice_planner.resource_files import resource_path
from practice_planner.services.validation import SHORT_TEXT, Problems
from practice_planner.storage import audit
from practice_planner.storage.models import Setting
from practice_planner.storage.vault import Vault

RESOURCE = "goal_library.json"
"""The built-in library, in ``resources/``."""
SETTING_KEY = "goal_library.mine"
"""The ``setting`` row that holds the clinician's own templates."""
FORMAT = 1
"""Version of the JSON layout, in the resource file and in the stored row."""
MINE_PREFIX = "mine-"
"""Keys of the clinician's own templates start with this; built-in keys never do."""

TITLE_LIMIT = 120
STATEMENT_LIMIT = 2000
CLIENT_WORDS_LIMIT = 2000
MEASURE_UNIT_LIMIT = 100
ITEM_LIMIT = 1000
"""One objective or intervention."""
MAX_ITEMS = 12
"""Objectives, and interventions, per template."""
KEYWORD_LIMIT = 50
MAX_KEYWORDS = 20

_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]")


class GoalLibraryError(PracticePlannerError):
    """The built-in library file is malformed, or the stored templates cannot be read."""


@dataclass(frozen=True)
class GoalTemplate:
    """Goal wording to insert into a plan; ``mine`` marks one the clinician saved."""

    key: str
    category: GoalCategory
    title: str
    statement: str
    client_words: str = ""
    horizon: GoalHorizon = GoalHorizon.LONG_TERM
    kind: GoalKind = GoalKind.OUTCOME
    measure_name: str = ""
    measure_unit: str = ""
    direction: Direction | None = None
    objectives: tuple[str, ...] = ()
    interventions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    mine: bool = False


# ============================================================================== JSON form
_E = TypeVar("_E", bound=Enum)


def _text(entry: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be text")
    if required and not value.strip():
        raise ValueError(f"{name!r} is missing or empty")
    return value


def _choice(entry: Mapping[str, Any], name: str, kind: type[_E]) -> _E:
    value = entry.get(name)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise ValueError(f"{name!r} must be one of: {allowed}") from None


def _strings(entry: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{name!r} must be a list of text")
    return tuple(value)


def _from_json(entry: object, *, mine: bool) -> GoalTemplate:
    """One template from its JSON object; ``ValueError`` says what is wrong (never the text)."""
    if not isinstance(entry, dict):
        raise ValueError("is not a JSON object")
    direction = entry.get("direction")
    return GoalTemplate(
        key=_text(entry, "key", required=True),
        category=_choice(entry, "category", GoalCategory),
        title=_text(entry, "title", required=True),
        statement=_text(entry, "statement", required=True),
        client_words=_text(entry, "client_words"),
        horizon=_choice(entry, "horizon", GoalHorizon),
        kind=_choice(entry, "kind", GoalKind),
        measure_name=_text(entry, "measure_name"),
        measure_unit=_text(entry, "measure_unit"),
        direction=None if direction is None else _choice(entry, "direction", Direction),
        objectives=_strings(entry, "objectives"),
        interventions=_strings(entry, "interventions"),
        keywords=_strings(entry, "keywords"),
        mine=mine,
    )


def _to_json(template: GoalTemplate) -> dict[str, Any]:
    return {
        "key": template.key,
        "category": template.category.value,
        "title": template.title,
        "statement": template.statement,
        "client_words": template.client_words,
        "horizon": template.horizon.value,
        "kind": template.kind.value,
        "measure_name": template.measure_name,
        "measure_unit": template.measure_unit,
        "direction": None if template.direction is None else template.direction.value,
        "objectives": list(template.objectives),
        "interventions": list(template.interventions),
        "keywords": list(template.keywords),
    }


def _entries(text: str) -> list[Any] | None:
    """The list of template objects in a stored or shipped document, or None if unreadable."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    entries = document.get("templates")
    return entries if isinstance(entries, list) else None


# ============================================================================== built-ins
def parse_library(text: str, source: str = RESOURCE) -> tuple[GoalTemplate, ...]:
    """Every template in a library document; ``GoalLibraryError`` names the first bad entry."""
    entries = _entries(text)
    if entries is None:
        raise GoalLibraryError(
            f'{source}: not a goal library (expected a JSON object with "format": {FORMAT} '
            'and a "templates" list)'
        )
    templates: list[GoalTemplate] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        key = entry.get("key") if isinstance(entry, dict) else None
        where = f"template {key!r}" if isinstance(key, str) and key else f"entry {index}"
        try:
            template = _from_json(entry, mine=False)
            if not _SLUG.fullmatch(template.key) or template.key.startswith(MINE_PREFIX):
                raise ValueError(
                    "'key' must be a lower-case slug (letters, digits, '-' or '_') "
                    f"not starting with {MINE_PREFIX!r}"
                )
            if template.key in seen:
                raise ValueError("'key' is used by an earlier template")
        except ValueError as error:
            raise GoalLibraryError(f"{source}: {where}: {error}") from None
        seen.add(template.key)
        templates.append(template)
    return tuple(templates)


@functools.cache
def builtin_templates() -> tuple[GoalTemplate, ...]:
    """The templates shipped with the program, in file order (read once, then cached)."""
    return parse_library(resource_path(RESOURCE).read_text(encoding="utf-8"))


# ============================================================================== search
def _fold(text: str) -> str:
    """Case- and accent-insensitive form: "Café SLEEP" -> "cafe sleep"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=4096)
def _haystacks(template: GoalTemplate) -> tuple[str, str, str]:
    """(title, keywords, everything searched), folded once per template."""
    title = _fold(template.title)
    keywords = _fold("\n".join(template.keywords))
    rest = _fold(
        "\n".join(
            (
                template.statement,
                template.client_words,
                template.measure_name,
                template.measure_unit,
            )
        )
    )
    return title, keywords, "\n".join((title, keywords, rest))


def _words(text: str) -> list[str]:
    stripped = (
        word.strip(string.punctuation + "\u2018\u2019\u201c\u201d") for word in text.split()
    )
    return [word for word in (_fold(w) for w in stripped) if word]


def search(
    templates: Iterable[GoalTemplate], text: str, category: GoalCategory | None = None
) -> list[GoalTemplate]:
    """The templates (of ``category``, if given) containing every word typed in ``text``.

    A word matches anywhere in the title, statement, client's words, keywords or measure,
    ignoring case and accents ("panic" finds "Panic attacks" and "panicking"). Templates whose
    title holds every word come first, then those whose title holds some, then keyword matches;
    otherwise the given order is kept. Empty ``text`` returns every template of the category.
    """
    pool = [t for t in templates if category is None or t.category is category]
    words = _words(text)
    if not words:
        return pool

    def rank(template: GoalTemplate) -> int:
        title, keywords, _ = _haystacks(template)
        if all(word in title for word in words):
            return 0
        if any(word in title for word in words):
            return 1
        if any(word in keywords for word in words):
            return 2
        return 3

    found = [t for t in pool if all(word in _haystacks(t)[2] for word in words)]
    return sorted(found, key=rank)


# ============================================================================== the clinician's own
def _stored_entries(session: Session) -> list[Any]:
    """The raw stored entries (unreadable ones included, so a save never drops them)."""
    text = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    if text is None:
        return []
    entries = _entries(text)
    if entries is None:
        raise GoalLibraryError(
            "Your saved goal templates were stored in a form this version cannot read; "
            "they were left unchanged. Open the vault with the version that saved them."
        )
    return entries


def _parsed(entries: Iterable[Any]) -> list[GoalTemplate]:
    templates = []
    for entry in entries:
        try:
            templates.append(_from_json(entry, mine=True))
        except ValueError:
            continue  # written by another version: keep it stored, but do not offer it
    return templates


def my_templates(vault: Vault) -> list[GoalTemplate]:
    """The clinician's own templates, most recently added first."""
    with vault.reading() as session:
        try:
            entries = _stored_entries(session)
        except GoalLibraryError:
            return []  # the built-ins stay usable; saving explains the problem
    return _parsed(entries)


def library(vault: Vault) -> list[GoalTemplate]:
    """Everything the goal editor offers: the clinician's own first, then the built-ins."""
    return [*my_templates(vault), *builtin_templates()]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _clean(template: GoalTemplate) -> GoalTemplate:
    def items(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(v.strip() for v in values if isinstance(v, str) and v.strip())

    return replace(
        template,
        key=template.key.strip(),
        title=template.title.strip(),
        statement=template.statement.strip(),
        client_words=template.client_words.strip(),
        measure_name=_one_line(template.measure_name),
        measure_unit=_one_line(template.measure_unit),
        objectives=items(template.objectives),
        interventions=items(template.interventions),
        keywords=tuple(dict.fromkeys(_one_line(k) for k in items(template.keywords))),
        mine=True,
    )


def _check_fields(problems: Problems, template: GoalTemplate) -> None:
    problems.text("title", template.title, "Title", required=True, limit=TITLE_LIMIT)
    if _LINE_BREAKS.search(template.title):
        problems.add("title", "A title is one line: remove the line breaks.")
    problems.text(
        "statement",
        template.statement,
        "Goal (clinical wording)",
        required=True,
        limit=STATEMENT_LIMIT,
    )
    problems.text(
        "client_words", template.client_words, "Client's own words", limit=CLIENT_WORDS_LIMIT
    )
    problems.text("measure_name", template.measure_name, "Measure", limit=SHORT_TEXT)
    problems.text("measure_unit", template.measure_unit, "Unit", limit=MEASURE_UNIT_LIMIT)
    for name, kind in (
        ("category", GoalCategory),
        ("horizon", GoalHorizon),
        ("kind", GoalKind),
    ):
        if not isinstance(getattr(template, name), kind):
            problems.add(name, f"Choose one of: {', '.join(m.label for m in kind)}.")
    if template.direction is not None and not isinstance(template.direction, Direction):
        problems.add("direction", "Choose increase, decrease, or neither.")
    for name, label, count, limit in (
        ("objectives", "An objective", MAX_ITEMS, ITEM_LIMIT),
        ("interventions", "An intervention", MAX_ITEMS, ITEM_LIMIT),
        ("keywords", "A keyword", MAX_KEYWORDS, KEYWORD_LIMIT),
    ):
        values: tuple[str, ...] = getattr(template, name)
        if len(values) > count:
            problems.add(name, f"Keep at most {count} {name}; there are {len(values)}.")
        for value in values:
            problems.max_length(name, value, label, limit)


def _new_key(taken: set[str]) -> str:
    while True:
        key = MINE_PREFIX + uuid.uuid4().hex[:16]
        if key not in taken:
            return key


def save_template(vault: Vault, template: GoalTemplate) -> GoalTemplate:
    """Add ``template`` to the clinician's own library, or replace the own one with its key.

    A built-in (or new) template is saved as a new own template with a fresh key, listed first.
    ``ValidationError`` names every field to fix, including a title the clinician already uses.
    """
    cleaned = _clean(template)
    problems = Problems()
    _check_fields(problems, cleaned)
    with vault.unit_of_work() as session:
        entries = _stored_entries(session)
        own = _parsed(entries)
        updating = cleaned.key.startswith(MINE_PREFIX) and any(t.key == cleaned.key for t in own)
        key = cleaned.key if updating else _new_key({t.key for t in own})
        title = _fold(_one_line(cleaned.title))
        if any(t.key != key and _fold(_one_line(t.title)) == title for t in own):
            problems.add(
                "title", "You already have a template with this title: choose another title."
            )
        problems.raise_if_any()

        saved = replace(cleaned, key=key, mine=True)
        stored = _to_json(saved)
        if updating:
            entries = [
                stored if isinstance(e, dict) and e.get("key") == key else e for e in entries
            ]
        else:
            entries = [stored, *entries]
        _store(session, entries)
        audit.append(
            session,
            "goal_template.saved",
            entity="goal_template",
            entity_id=key,
            detail={"new": not updating},
        )
    return saved


def delete_template(vault: Vault, key: str) -> None:
    """Remove one of the clinician's own templates; built-ins cannot be deleted."""
    if any(t.key == key for t in builtin_templates()) or not key.startswith(MINE_PREFIX):
        raise ValidationError({"key": "Built-in templates cannot be deleted; only your own can."})
    with vault.unit_of_work() as session:
        entries = _stored_entries(session)
        kept = [e for e in entries if not (isinstance(e, dict) and e.get("key") == key)]
        if len(kept) == len(entries):
            raise ValidationError({"key": "That template is no longer in your library."})
        _store(session, kept)
        audit.append(session, "goal_template.deleted", entity="goal_template", entity_id=key)


def _store(session: Session, entries: Sequence[Any]) -> None:
    text = json.dumps({"format": FORMAT, "templates": list(entries)}, ensure_ascii=False)
    row = session.get(Setting, SETTING_KEY)
    if row is None:
        session.add(Setting(key=SETTING_KEY, value=text))
    else:
        row.value = text


# ============================================================================== from a goal
class GoalLike(Protocol):
    """What a template is made from: a stored goal or the goal form's input."""

    @property
    def statement(self) -> str: ...
    @property
    def client_words(self) -> str: ...
    @property
    def category(self) -> GoalCategory: ...
    @property
    def horizon(self) -> GoalHorizon: ...
    @property
    def kind(self) -> GoalKind: ...
    @property
    def measure_name(self) -> str: ...
    @property
    def measure_unit(self) -> str: ...
    @property
    def direction(self) -> Direction | None: ...


def _default_title(statement: str) -> str:
    words = _one_line(statement)
    if len(words) <= 60:
        return words.rstrip(".")
    return words[:60].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def template_from_goal(
    goal: GoalLike,
    *,
    title: str = "",
    objectives: Sequence[str] = (),
    interventions: Sequence[str] = (),
    keywords: Sequence[str] = (),
) -> GoalTemplate:
    """An unsaved own template holding ``goal``'s wording, for "Save to library".

    The title defaults to the start of the statement. The client's words are copied too: the
    clinician reviews everything in the save dialog before ``save_template`` keeps it.
    """
    return GoalTemplate(
        key="",
        category=goal.category,
        title=title.strip() or _default_title(goal.statement),
        statement=goal.statement,
        client_words=goal.client_words,
        horizon=goal.horizon,
        kind=goal.kind,
        measure_name=goal.measure_name,
        measure_unit=goal.measure_unit,
        direction=goal.direction,
        objectives=tuple(objectives),
        interventions=tuple(interventions),
        keywords=tuple(keywords),
        mine=True,
    )
