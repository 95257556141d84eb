"""The shipped goal library: enough templates in every category, each one SMART-ready."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest

from practice_planner.domain.enums import Direction, GoalCategory
from practice_planner.domain.smart import GoalDraft, check, vague_phrases
from practice_planner.resource_files import resource_path
from practice_planner.services.goal_library import (
    MINE_PREFIX,
    RESOURCE,
    GoalTemplate,
    builtin_templates,
)
from practice_planner.storage.models import Goal

TEMPLATES = builtin_templates()
TODAY = date(2026, 11, 22)


def ids(template: GoalTemplate) -> str:
    return template.key


def test_the_library_is_large_enough_in_every_category() -> None:
    assert len(TEMPLATES) >= 72
    per_category = Counter(t.category for t in TEMPLATES)
    assert set(per_category) == set(GoalCategory)
    for category in GoalCategory:
        assert per_category[category] >= 12, category


def test_keys_and_titles_are_unique() -> None:
    keys = [t.key for t in TEMPLATES]
    titles = [t.title.casefold() for t in TEMPLATES]
    assert len(set(keys)) == len(keys)
    assert len(set(titles)) == len(titles)
    assert not any(key.startswith(MINE_PREFIX) for key in keys)
    assert not any(t.mine for t in TEMPLATES)


def test_the_file_is_plain_json_with_every_field_spelled_out() -> None:
    document = json.loads(resource_path(RESOURCE).read_text(encoding="utf-8"))
    expected = {
        "key",
        "category",
        "title",
        "statement",
        "client_words",
        "horizon",
        "kind",
        "measure_name",
        "measure_unit",
        "direction",
        "objectives",
        "interventions",
        "keywords",
    }
    for entry in document["templates"]:
        assert set(entry) == expected, entry["key"]


def test_every_goal_kind_horizon_and_direction_is_used() -> None:
    assert len({t.kind for t in TEMPLATES}) == 2
    assert len({t.horizon for t in TEMPLATES}) == 2
    assert {t.direction for t in TEMPLATES} >= {Direction.INCREASE, Direction.DECREASE}


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_each_template_is_complete(template: GoalTemplate) -> None:
    assert template.title.strip() == template.title and len(template.title) <= 60
    assert template.statement.endswith(".")
    assert template.client_words.strip()
    assert template.measure_name.strip() and template.measure_unit.strip()
    assert template.direction is None or isinstance(template.direction, Direction)
    assert 2 <= len(template.objectives) <= 4
    assert 1 <= len(template.interventions) <= 3
    assert len(template.keywords) >= 3
    assert all(item.strip() == item and item for item in template.objectives)
    assert all(item.strip() == item and item for item in template.interventions)


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_each_template_passes_the_smart_check_without_vague_wording(
    template: GoalTemplate,
) -> None:
    """With a baseline, target and date filled in, the template's own text leaves nothing to fix."""
    direction = template.direction
    baseline, target = ("5", "1") if direction is Direction.DECREASE else ("1", "5")
    draft = GoalDraft(
        statement=template.statement,
        client_words=template.client_words,
        measure_name=template.measure_name,
        unit=template.measure_unit,
        baseline=baseline,
        target=target,
        direction=direction,
        target_date=TODAY + timedelta(weeks=12),
        today=TODAY,
    )
    codes = [finding.code for finding in check(draft)]
    assert "vague_wording" not in codes
    expected = ["no_direction"] if direction is None else []
    assert codes == expected
    # Stricter than the check: the clinical wording is not vague even without its measure.
    assert vague_phrases(template.statement) == []
    assert vague_phrases(template.title) == []
    assert vague_phrases(template.measure_name) == []
    for objective in template.objectives:
        assert vague_phrases(objective) == [], objective


@pytest.mark.parametrize("template", TEMPLATES, ids=ids)
def test_each_template_fits_the_goal_columns(template: GoalTemplate) -> None:
    assert len(template.measure_name) <= Goal.__table__.c.measure_name.type.length
    assert len(template.measure_unit) <= Goal.__table__.c.measure_unit.type.length


def test_the_topics_clinicians_ask_for_are_covered() -> None:
    keywords = {k.casefold() for t in TEMPLATES for k in t.keywords}
    for topic in (
        "depression",
        "anxiety",
        "panic",
        "trauma",
        "sleep",
        "substance use",
        "anger",
        "grief",
        "couples",
        "family conflict",
        "assertiveness",
        "social anxiety",
        "self-harm",
        "eating",
        "work",
        "school",
        "self-compassion",
        "values",
        "parenting",
        "loneliness",
    ):
        assert topic in keywords, topic


def test_self_harm_templates_are_worded_around_safety() -> None:
    risky = [t for t in TEMPLATES if {"self-harm", "suicide"} & set(t.keywords)]
    assert risky
    for template in risky:
        text = " ".join((template.statement, *template.objectives)).casefold()
        assert "safety plan" in text
        assert any("risk assessment" in i.casefold() for i in template.interventions)
