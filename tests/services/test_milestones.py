"""Milestones through the service, on a real vault: rules, ownership checks, order, audit."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practice_planner.domain.enums import GoalCategory
from practice_planner.errors import ValidationError
from practice_planner.services import milestones
from practice_planner.storage import audit
from practice_planner.storage.models import (
    AuditEvent,
    Client,
    Encounter,
    Goal,
    Milestone,
    Problem,
    ProgressNote,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 22)
WIN = "Shared a painful memory for the first time"


@dataclass(frozen=True)
class Records:
    client_id: int
    goal_id: int
    note_id: int


def _records(session: Session, number: str) -> Records:
    client = Client(record_number=number, legal_given_name="Test", legal_family_name=number)
    plan = TreatmentPlan(client=client, effective_date=date(2026, 9, 1))
    problem = Problem(plan=plan, statement="Avoids talking about the past")
    goal = Goal(
        problem=problem, statement="Talk about it", category=GoalCategory.EMOTIONAL_REGULATION
    )
    session.add(client)
    session.flush()
    encounter = Encounter(client_id=client.id, session_date=date(2026, 11, 20))
    note = ProgressNote(encounter=encounter, sections={"note": "Session held."})
    session.add(note)
    session.flush()
    return Records(client.id, goal.id, note.id)


@pytest.fixture
def mine(vault: Vault) -> Records:
    with vault.unit_of_work() as session:
        return _records(session, "C-00001")


@pytest.fixture
def theirs(vault: Vault) -> Records:
    with vault.unit_of_work() as session:
        return _records(session, "C-00002")


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.fields


def count(vault: Vault) -> int:
    with vault.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Milestone)) or 0)


def events(vault: Vault) -> list[AuditEvent]:
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_add_a_milestone_with_its_goal_and_note(vault: Vault, mine: Records) -> None:
    added = milestones.add_milestone(
        vault,
        mine.client_id,
        f" {WIN} ",
        date(2026, 11, 20),
        mine.goal_id,
        mine.note_id,
        today=TODAY,
    )
    assert (added.description, added.goal_id, added.note_id) == (WIN, mine.goal_id, mine.note_id)
    event = events(vault)[-1]
    assert (event.action, event.entity, event.entity_id) == (
        "milestone.added",
        "milestone",
        str(added.id),
    )
    assert WIN not in event.detail
    assert "description" in json.loads(event.detail)["fields"]


def test_milestones_are_listed_in_the_order_achieved(
    vault: Vault, mine: Records, theirs: Records
) -> None:
    for day in (15, 3, 9):
        milestones.add_milestone(
            vault, mine.client_id, f"Win on the {day}th", date(2026, 11, day), today=TODAY
        )
    milestones.add_milestone(vault, theirs.client_id, "Theirs", TODAY, today=TODAY)
    listed = milestones.milestones_for(vault, mine.client_id)
    assert [m.achieved_on.day for m in listed] == [3, 9, 15]
    assert [m.description for m in milestones.milestones_for(vault, theirs.client_id)] == ["Theirs"]


@pytest.mark.parametrize(
    ("description", "achieved_on", "field", "words"),
    [
        ("", TODAY, "description", "required"),
        ("   ", TODAY, "description", "required"),
        ("x" * 20_001, TODAY, "description", "too long"),
        (WIN, date(2026, 11, 23), "achieved_on", "future"),
    ],
)
def test_each_milestone_rule_names_its_field(
    vault: Vault, mine: Records, description: str, achieved_on: date, field: str, words: str
) -> None:
    fields = refused(
        milestones.add_milestone, vault, mine.client_id, description, achieved_on, today=TODAY
    )
    assert words in fields[field]
    assert count(vault) == 0


def test_goal_and_note_must_be_the_same_clients(
    vault: Vault, mine: Records, theirs: Records
) -> None:
    fields = refused(
        milestones.add_milestone,
        vault,
        mine.client_id,
        WIN,
        TODAY,
        theirs.goal_id,
        theirs.note_id,
        today=TODAY,
    )
    assert "treatment plan" in fields["goal"]
    assert "session notes" in fields["note"]
    fields = refused(milestones.add_milestone, vault, mine.client_id, WIN, TODAY, 999, 999)
    assert {"goal", "note"} <= set(fields)
    assert count(vault) == 0


def test_a_milestone_needs_an_open_client(vault: Vault, mine: Records) -> None:
    assert "client" in refused(milestones.add_milestone, vault, 999, WIN, TODAY, today=TODAY)
    with vault.unit_of_work() as session:
        client = session.get(Client, mine.client_id)
        assert client is not None
        client.archived_at = datetime(2026, 11, 21, tzinfo=UTC)
    fields = refused(milestones.add_milestone, vault, mine.client_id, WIN, TODAY, today=TODAY)
    assert "archived" in fields["client"]
    assert count(vault) == 0
