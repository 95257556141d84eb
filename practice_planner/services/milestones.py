"""Milestones: the wins a client and therapist mark along the way.

Kept visible because they sustain motivation when the numbers plateau; each may point at the goal
it advances and the note of the session where it came up, both of the same client.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_planner.services.clients import check_client_open
from practice_planner.services.plans import goals_outside_client
from practice_planner.services.validation import LONG_TEXT, Problems
from practice_planner.storage import audit
from practice_planner.storage.models import Encounter, Milestone, ProgressNote
from practice_planner.storage.vault import Vault


def _note_of_client(session: Session, note_id: int, client_id: int) -> bool:
    owner = session.scalar(
        select(Encounter.client_id)
        .join(ProgressNote, ProgressNote.encounter_id == Encounter.id)
        .where(ProgressNote.id == note_id)
    )
    return owner == client_id


def add_milestone(
    vault: Vault,
    client_id: int,
    description: str,
    achieved_on: date,
    goal_id: int | None = None,
    note_id: int | None = None,
    *,
    today: date | None = None,
) -> Milestone:
    """Mark a win; the goal and note, if given, must be this client's."""
    problems = Problems()
    problems.text("description", description, "Description", required=True, limit=LONG_TEXT)
    problems.not_future("achieved_on", achieved_on, "The date achieved", today or date.today())
    with vault.unit_of_work() as session:
        check_client_open(session, problems, client_id)
        if goal_id is not None and goals_outside_client(session, client_id, [goal_id]):
            problems.add("goal", "This goal is not in this client's treatment plan.")
        if note_id is not None and not _note_of_client(session, note_id, client_id):
            problems.add("note", "This note is not one of this client's session notes.")
        problems.raise_if_any()
        milestone = Milestone(
            client_id=client_id,
            goal_id=goal_id,
            note_id=note_id,
            achieved_on=achieved_on,
            description=description.strip(),
        )
        session.add(milestone)
        session.flush()
        audit.append(
            session,
            "milestone.added",
            entity="milestone",
            entity_id=str(milestone.id),
            detail={"fields": ["description", "achieved_on", "goal_id", "note_id"]},
        )
        return milestone


def milestones_for(vault: Vault, client_id: int) -> list[Milestone]:
    """The client's milestones in the order they were achieved."""
    with vault.reading() as session:
        return list(
            session.scalars(
                select(Milestone)
                .where(Milestone.client_id == client_id)
                .order_by(Milestone.achieved_on, Milestone.id)
            )
        )
