"""The goal library: search, and the clinician's own templates kept in the encrypted vault."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from practice_planner.domain.enums import Direction, GoalCategory, GoalHorizon, GoalKind
from practice_planner.errors import ValidationError
from practice_planner.services import goal_library
from practice_planner.services.goal_library import (
    MINE_PREFIX,
    SETTING_KEY,
    GoalLibraryError,
    GoalTemplate,
    builtin_templates,
    delete_template,
    library,
    parse_library,
    save_template,
    search,
    template_from_goal,
)
from practice_planner.services.plans import GoalInput
from practice_planner.storage import audit
from practice_planner.storage.models import AuditEvent, Setting
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

CANARY = "Quillonberry-7731"
"""A made-up word standing in for client-identifying wording in a saved template."""


def own(title: str = "Walk the dog daily", **changes: object) -> GoalTemplate:
    template = GoalTemplate(
        key="",
        category=GoalCategory.BEHAVIORAL,
        title=title,
        statement="Walk for 20 minutes on 5 days a week within 6 weeks.",
        client_words="I want to get out of the flat every day.",
        horizon=GoalHorizon.SHORT_TERM,
        kind=GoalKind.PROCESS,
        measure_name="Days with a 20-minute walk",
        measure_unit="days per week",
        direction=Direction.INCREASE,
        objectives=("Plan the route on Sunday", "Record each walk"),
        interventions=("Activity scheduling, weekly",),
        keywords=("exercise", "walking"),
    )
    return replace(template, **changes)  # type: ignore[arg-type]


def keys(templates: list[GoalTemplate]) -> list[str]:
    return [t.key for t in templates]


def events(vault: Vault, prefix: str) -> list[AuditEvent]:
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        return [row for row in rows if row.action.startswith(prefix)]


def vault_bytes(vault_path: Path) -> bytes:
    """The vault file and any journal beside it, as stored on disk."""
    return b"".join(p.read_bytes() for p in sorted(vault_path.parent.iterdir()) if p.is_file())


# ------------------------------------------------------------------------------ built-ins
def test_builtins_are_loaded_once() -> None:
    assert builtin_templates() is builtin_templates()
    assert all(isinstance(t.category, GoalCategory) for t in builtin_templates())


def test_a_malformed_entry_is_named_by_its_key() -> None:
    document = {
        "format": 1,
        "templates": [
            {**_entry("first-one")},
            {**_entry("broken-one"), "category": "cheerfulness"},
        ],
    }
    with pytest.raises(GoalLibraryError, match=r"'broken-one'.*'category' must be one of"):
        parse_library(json.dumps(document))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"statement": ""}, "'statement' is missing or empty"),
        ({"objectives": "one, two"}, "'objectives' must be a list of text"),
        ({"direction": "sideways"}, "'direction' must be one of"),
        ({"key": "Not A Slug"}, "'key' must be a lower-case slug"),
        ({"key": "mine-abc"}, "'key' must be a lower-case slug"),
    ],
)
def test_each_kind_of_malformed_entry_is_explained(change: dict[str, object], message: str) -> None:
    document = {"format": 1, "templates": [{**_entry("some-key"), **change}]}
    with pytest.raises(GoalLibraryError, match=message):
        parse_library(json.dumps(document))


def test_a_repeated_key_and_an_unkeyed_entry_are_refused() -> None:
    twice = {"format": 1, "templates": [_entry("same"), _entry("same")]}
    with pytest.raises(GoalLibraryError, match=r"'same'.*earlier template"):
        parse_library(json.dumps(twice))
    unkeyed = {"format": 1, "templates": [_entry("fine"), "not an object"]}
    with pytest.raises(GoalLibraryError, match="entry 2: is not a JSON object"):
        parse_library(json.dumps(unkeyed))
    with pytest.raises(GoalLibraryError, match="not a goal library"):
        parse_library("[1, 2, 3]")


def _entry(key: str) -> dict[str, object]:
    return {
        "key": key,
        "category": "symptom",
        "title": f"Title {key}",
        "statement": "Reduce panic attacks to 1 a week within 12 weeks.",
        "client_words": "",
        "horizon": "long_term",
        "kind": "outcome",
        "measure_name": "Panic attacks",
        "measure_unit": "per week",
        "direction": "decrease",
        "objectives": ["One", "Two"],
        "interventions": ["Exposure, weekly"],
        "keywords": ["panic"],
    }


# ------------------------------------------------------------------------------ search
def test_search_finds_panic_templates_title_matches_first() -> None:
    found = search(builtin_templates(), "panic")
    assert "panic-attacks" in keys(found)
    assert found[0].key == "panic-attacks"
    for template in found:
        haystack = " ".join(
            (template.title, template.statement, template.client_words, *template.keywords)
        ).casefold()
        assert "panic" in haystack
    ranks = ["panic" in t.title.casefold() for t in found]
    assert ranks == sorted(ranks, reverse=True)  # every title match before the rest


def test_search_needs_every_word() -> None:
    sleep = search(builtin_templates(), "sleep")
    nightmares = search(builtin_templates(), "sleep nightmares")
    assert keys(nightmares) == ["nightmares"]
    assert set(keys(nightmares)) < set(keys(sleep))
    assert search(builtin_templates(), "sleep zebra") == []


def test_search_ignores_case_and_accents_and_punctuation() -> None:
    lower = keys(search(builtin_templates(), "sleep"))
    assert lower
    assert keys(search(builtin_templates(), "SLEEP")) == lower
    assert keys(search(builtin_templates(), "  Sléep, ")) == lower
    accented = replace(own(), title="Café visits", keywords=())
    assert search([accented], "CAFE") == [accented]
    assert search([replace(own(), title="Straße")], "STRASSE")


def test_search_filters_by_category() -> None:
    everything = search(builtin_templates(), "", GoalCategory.RELATIONSHIP)
    assert len(everything) >= 12
    assert {t.category for t in everything} == {GoalCategory.RELATIONSHIP}
    conflict = search(builtin_templates(), "conflict", GoalCategory.RELATIONSHIP)
    assert conflict
    assert all(t.category is GoalCategory.RELATIONSHIP for t in conflict)
    assert len(search(builtin_templates(), "conflict")) > len(conflict)
    assert len(search(builtin_templates(), "   ")) == len(builtin_templates())


def test_search_covers_measure_and_client_words() -> None:
    by_measure = search(builtin_templates(), "PCL-5")
    assert "pcl5-total" in keys(by_measure)
    by_words = search(builtin_templates(), "supermarket")
    assert keys(by_words) == ["panic-attacks"]


# ------------------------------------------------------------------------------ own templates
def test_a_saved_template_is_listed_first_and_survives_reopening(vault: Vault) -> None:
    assert library(vault) == list(builtin_templates())
    saved = save_template(vault, own("  Walk the dog daily  "))
    assert saved.mine and saved.key.startswith(MINE_PREFIX)
    assert saved.title == "Walk the dog daily"
    assert library(vault)[0] == saved
    second = save_template(vault, own("Evening stretch"))
    assert keys(library(vault))[:2] == [second.key, saved.key]
    assert len(library(vault)) == len(builtin_templates()) + 2

    vault.close()
    with Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF) as again:
        mine = goal_library.my_templates(again)
        assert mine == [second, saved]
        assert library(again)[:2] == [second, saved]
        assert search(library(again), "dog") == [saved]


def test_saving_is_audited_without_its_text(vault: Vault) -> None:
    saved = save_template(vault, own(CANARY))
    save_template(vault, replace(saved, statement=f"{CANARY} again."))
    delete_template(vault, saved.key)
    trail = events(vault, "goal_template.")
    assert [e.action for e in trail] == [
        "goal_template.saved",
        "goal_template.saved",
        "goal_template.deleted",
    ]
    assert [json.loads(e.detail) for e in trail] == [{"new": True}, {"new": False}, {}]
    assert all(e.entity_id == saved.key for e in trail)
    assert not any(CANARY in (e.detail + (e.entity_id or "")) for e in trail)


def test_saving_again_by_key_replaces_in_place(vault: Vault) -> None:
    first = save_template(vault, own("First"))
    second = save_template(vault, own("Second"))
    edited = save_template(vault, replace(first, statement="Walk for 30 minutes daily."))
    assert edited.key == first.key
    mine = goal_library.my_templates(vault)
    assert keys(mine) == [second.key, first.key]
    assert mine[1].statement == "Walk for 30 minutes daily."


def test_a_builtin_is_saved_as_a_new_own_copy(vault: Vault) -> None:
    builtin = next(t for t in builtin_templates() if t.key == "panic-attacks")
    copy = save_template(vault, replace(builtin, statement="Reduce panic attacks at work."))
    assert copy.key != builtin.key and copy.mine
    assert copy.title == builtin.title  # a built-in title may be reused for one's own version
    assert builtin in library(vault)


def test_a_duplicate_title_is_refused_naming_the_field(vault: Vault) -> None:
    save_template(vault, own("Walk the dog daily"))
    with pytest.raises(ValidationError) as refused:
        save_template(vault, own("  WALK the dog   daily "))
    assert set(refused.value.fields) == {"title"}
    assert "already" in refused.value.fields["title"]
    assert len(goal_library.my_templates(vault)) == 1


def test_every_field_problem_is_reported_at_once(vault: Vault) -> None:
    save_template(vault, own("Taken"))
    bad = own(
        "Taken",
        statement="   ",
        measure_unit="u" * 101,
        objectives=("x" * 1001,),
        keywords=tuple(f"k{i}" for i in range(25)),
        category="symptom",
    )
    with pytest.raises(ValidationError) as refused:
        save_template(vault, bad)
    assert set(refused.value.fields) == {
        "title",
        "statement",
        "measure_unit",
        "objectives",
        "keywords",
        "category",
    }
    for message in refused.value.fields.values():
        assert "x" * 20 not in message and "u" * 20 not in message  # nothing typed is repeated
    with pytest.raises(ValidationError) as untitled:
        save_template(vault, own("", statement=""))
    assert set(untitled.value.fields) == {"title", "statement"}
    with pytest.raises(ValidationError) as two_lines:
        save_template(vault, own("One\nTwo"))
    assert set(two_lines.value.fields) == {"title"}
    assert len(goal_library.my_templates(vault)) == 1


def test_deleting_a_builtin_is_refused(vault: Vault) -> None:
    with pytest.raises(ValidationError) as refused:
        delete_template(vault, "panic-attacks")
    assert set(refused.value.fields) == {"key"}
    assert builtin_templates()[0] in library(vault)


def test_deleting_ones_own_template(vault: Vault) -> None:
    saved = save_template(vault, own())
    delete_template(vault, saved.key)
    assert goal_library.my_templates(vault) == []
    with pytest.raises(ValidationError) as gone:
        delete_template(vault, saved.key)
    assert set(gone.value.fields) == {"key"}


def test_the_saved_text_is_not_readable_in_the_vault_file(vault: Vault, vault_path: Path) -> None:
    save_template(vault, own(f"Visits to {CANARY}", client_words=f"My neighbour {CANARY}."))
    with vault.reading() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
    assert stored is not None and CANARY in stored  # it is there, inside the vault
    while_open = vault_bytes(vault_path)
    assert CANARY.encode("utf-8") not in while_open
    assert SETTING_KEY.encode("utf-8") not in while_open
    vault.close()
    raw = vault_bytes(vault_path)
    assert raw
    assert CANARY.encode("utf-8") not in raw
    assert CANARY.encode("utf-16-le") not in raw


def test_unreadable_stored_templates_are_kept_not_overwritten(vault: Vault) -> None:
    saved = save_template(vault, own())
    with vault.unit_of_work() as session:
        row = session.get(Setting, SETTING_KEY)
        assert row is not None
        document = json.loads(row.value)
        document["templates"].append({"key": "mine-from-the-future", "category": "new"})
        row.value = json.dumps(document)
    assert goal_library.my_templates(vault) == [saved]  # the unreadable entry is skipped
    again = save_template(vault, own("Another"))
    delete_template(vault, saved.key)
    with vault.reading() as session:
        stored = json.loads(session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY)))
    assert [e["key"] for e in stored["templates"]] == [again.key, "mine-from-the-future"]

    with vault.unit_of_work() as session:
        row = session.get(Setting, SETTING_KEY)
        assert row is not None
        row.value = '{"format": 99}'
    assert library(vault) == list(builtin_templates())
    with pytest.raises(GoalLibraryError, match="left unchanged"):
        save_template(vault, own("Third"))
    with vault.reading() as session:
        assert session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY)) == (
            '{"format": 99}'
        )


# ------------------------------------------------------------------------------ from a goal
def test_a_goal_becomes_a_template_to_save(vault: Vault) -> None:
    goal = GoalInput(
        statement="Reduce nights spent awake past 2 am from 4 to 1 a week by the spring review.",
        category=GoalCategory.SYMPTOM,
        client_words="I want my nights back.",
        measure_name="Nights awake past 2 am",
        measure_unit="per week",
        direction=Direction.DECREASE,
    )
    template = template_from_goal(goal, objectives=["Keep a sleep diary"])
    assert template.title == "Reduce nights spent awake past 2 am from 4 to 1 a week by…"
    assert template.statement == goal.statement
    assert template.objectives == ("Keep a sleep diary",)
    assert template.direction is Direction.DECREASE and template.mine
    saved = save_template(vault, template)
    assert library(vault)[0] == saved
    named = template_from_goal(goal, title="Night waking")
    assert named.title == "Night waking"
