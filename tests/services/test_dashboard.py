"""The practice dashboard on a real vault: who is on each list, in what order, and what is not.

Records are written with the ORM so each state (a plan's status and review date, a goal's, a
note's signature) is exactly the one under test; scores go through the measures service.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from practice_planner.domain.enums import (
    ClientStatus,
    GoalCategory,
    GoalStatus,
    Instrument,
    PlanStatus,
)
from practice_planner.domain.review import ReviewState
from practice_planner.services import dashboard, measures
from practice_planner.services.dashboard import SectionName, load_dashboard, load_section
from practice_planner.storage.models import (
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
SIGNED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def phq9(total: int, item9: int = 0) -> list[int]:
    """Answers adding up to ``total`` with item 9 as given (the rest filled from item 1 on)."""
    answers = [0] * 9
    answers[8] = item9
    left = total - item9
    for index in range(8):
        answers[index] = min(3, left)
        left -= answers[index]
    assert left == 0
    return answers


def gad7(total: int) -> list[int]:
    answers = [0] * 7
    left = total
    for index in range(7):
        answers[index] = min(3, left)
        left -= answers[index]
    return answers


def add_client(
    session: Session,
    number: str,
    given: str,
    *,
    preferred: str = "",
    archived: bool = False,
    status: ClientStatus = ClientStatus.ACTIVE,
) -> Client:
    client = Client(
        record_number=number,
        legal_given_name=given,
        legal_family_name="Example",
        preferred_name=preferred,
        status=status,
        archived_at=SIGNED if archived else None,
    )
    session.add(client)
    session.flush()
    return client


def add_plan(
    session: Session,
    client: Client,
    next_review: date | None,
    *,
    status: PlanStatus = PlanStatus.ACTIVE,
    version: int = 1,
    goals: tuple[tuple[str, date | None, GoalStatus], ...] = (),
) -> TreatmentPlan:
    plan = TreatmentPlan(
        client_id=client.id,
        version=version,
        status=status,
        effective_date=date(2026, 1, 5),
        next_review_date=next_review,
        signed_at=SIGNED if status is not PlanStatus.DRAFT else None,
    )
    problem = Problem(plan=plan, statement="Panic attacks interfere with work")
    for position, (statement, target_date, goal_status) in enumerate(goals):
        problem.goals.append(
            Goal(
                statement=statement,
                category=GoalCategory.SYMPTOM,
                target_date=target_date,
                status=goal_status,
                position=position,
            )
        )
    session.add(plan)
    session.flush()
    return plan


def add_note(session: Session, client: Client, day: date, *, signed: bool) -> ProgressNote:
    encounter = Encounter(client_id=client.id, session_date=day)
    note = ProgressNote(
        encounter=encounter,
        sections={"note": "Session held."},
        signed_at=SIGNED if signed else None,
        signed_by="Dr. Demo Clinician" if signed else "",
        locked=signed,
    )
    session.add(note)
    session.flush()
    return note


@pytest.fixture
def practice(vault: Vault) -> dict[str, int]:
    """Six fictional clients, each placed on (or just off) the lists."""
    with vault.unit_of_work() as session:
        ana = add_client(session, "C-00001", "Anastasia", preferred="Ana")
        ben = add_client(session, "C-00002", "Ben")
        cleo = add_client(session, "C-00003", "Cleo")
        dora = add_client(session, "C-00004", "Dora", archived=True)
        eli = add_client(session, "C-00005", "Eli", status=ClientStatus.DISCHARGED)
        finn = add_client(session, "C-00006", "Finn")
        # reviews: Ana overdue, Ben due in 3 days, Cleo in 20 (not yet), Dora archived,
        # Eli discharged, Finn's overdue date belongs to a superseded version and a draft
        add_plan(
            session,
            ana,
            TODAY - timedelta(days=10),
            goals=(
                ("Fewer panic attacks", TODAY - timedelta(days=30), GoalStatus.ACTIVE),
                ("Ride the bus", TODAY - timedelta(days=1), GoalStatus.ACHIEVED),
                ("Sleep through", TODAY, GoalStatus.ACTIVE),  # due today: not yet passed
            ),
        )
        add_plan(
            session,
            ben,
            TODAY + timedelta(days=3),
            goals=(("Walk daily", TODAY - timedelta(days=2), GoalStatus.ACTIVE),),
        )
        add_plan(session, cleo, TODAY + timedelta(days=20))
        add_plan(
            session,
            dora,
            TODAY - timedelta(days=40),
            goals=(("Archived goal", TODAY - timedelta(days=90), GoalStatus.ACTIVE),),
        )
        add_plan(session, eli, TODAY - timedelta(days=40))
        add_plan(
            session,
            finn,
            TODAY - timedelta(days=50),
            status=PlanStatus.SUPERSEDED,
            goals=(("Old copy", TODAY - timedelta(days=60), GoalStatus.ACTIVE),),
        )
        add_plan(session, finn, TODAY - timedelta(days=5), status=PlanStatus.DRAFT, version=2)
        # notes: unsigned ones of Ana (12 days old), Dora (archived, still listed) and Ben
        # (today); a signed one and one for a session not held yet are not listed
        ana_note = add_note(session, ana, TODAY - timedelta(days=12), signed=False)
        dora_note = add_note(session, dora, TODAY - timedelta(days=30), signed=False)
        ben_note = add_note(session, ben, TODAY, signed=False)
        add_note(session, cleo, TODAY - timedelta(days=3), signed=True)
        add_note(session, cleo, TODAY + timedelta(days=2), signed=False)
        # wins: the last seven days, today included
        for client, days_ago, text in (
            (ana, 0, "Took the bus to work"),
            (ben, 6, "First full night's sleep in months"),
            (cleo, 7, "A week ago: not this week"),
            (dora, 1, "Archived client's win"),
        ):
            session.add(
                Milestone(
                    client_id=client.id,
                    achieved_on=TODAY - timedelta(days=days_ago),
                    description=text,
                )
            )
        ids = {
            "ana": ana.id,
            "ben": ben.id,
            "cleo": cleo.id,
            "dora": dora.id,
            "eli": eli.id,
            "finn": finn.id,
            "ana_note": ana_note.id,
            "dora_note": dora_note.id,
            "ben_note": ben_note.id,
        }
    record = measures.record_instrument
    day = TODAY - timedelta(days=60)
    # Ana: PHQ-9 4 -> 10, +6 = reliable deterioration
    record(vault, ids["ana"], Instrument.PHQ9, phq9(4), day, today=TODAY)
    record(vault, ids["ana"], Instrument.PHQ9, phq9(10), TODAY - timedelta(days=2), today=TODAY)
    # Ben: a lone PHQ-9 with item 9 answered "several days"
    record(vault, ids["ben"], Instrument.PHQ9, phq9(12, item9=1), TODAY, today=TODAY)
    # Cleo: PHQ-9 4 -> 9 (+5, not reliable); GAD-7 3 -> 7 (+4, reliable deterioration)
    record(vault, ids["cleo"], Instrument.PHQ9, phq9(4), day, today=TODAY)
    record(vault, ids["cleo"], Instrument.PHQ9, phq9(9), TODAY - timedelta(days=1), today=TODAY)
    record(vault, ids["cleo"], Instrument.GAD7, gad7(3), day, today=TODAY)
    record(vault, ids["cleo"], Instrument.GAD7, gad7(7), TODAY - timedelta(days=5), today=TODAY)
    # Finn: item 9 flagged earlier, the latest PHQ-9 is not: no longer listed
    record(vault, ids["finn"], Instrument.PHQ9, phq9(15, item9=2), day, today=TODAY)
    record(vault, ids["finn"], Instrument.PHQ9, phq9(11), TODAY - timedelta(days=3), today=TODAY)
    return ids


def test_questionnaire_alerts_item9_first_then_newest(
    vault: Vault, practice: dict[str, int]
) -> None:
    alerts = load_section(vault, SectionName.ALERTS, TODAY)
    assert [(a.client.name, a.instrument, a.total, a.first_total) for a in alerts.items] == [
        ("Ben Example", Instrument.PHQ9, 12, 12),
        ("Ana Example", Instrument.PHQ9, 10, 4),
        ("Cleo Example", Instrument.GAD7, 7, 3),
    ]
    ben, ana, cleo = alerts.items
    assert (ben.item9, ben.deteriorated) == (True, False)
    assert ben.reason == "item 9 (self-harm) answered above 0"
    assert (ana.item9, ana.deteriorated, ana.band) == (False, True, "Moderate")
    assert ana.reason == "reliable deterioration from 4"
    assert ana.client.record_number == "C-00001"
    assert cleo.administered_on == TODAY - timedelta(days=5)
    assert alerts.total == 3 and alerts.more == 0


def test_reviews_overdue_and_due_soon_of_plans_in_force(
    vault: Vault, practice: dict[str, int]
) -> None:
    reviews = load_section(vault, SectionName.REVIEWS, TODAY)
    assert [(r.client.client_id, r.state, r.days_overdue) for r in reviews.items] == [
        (practice["ana"], ReviewState.OVERDUE, 10),
        (practice["ben"], ReviewState.DUE_SOON, 0),
    ]
    assert reviews.items[1].next_review == TODAY + timedelta(days=3)
    assert [r.when for r in reviews.items] == ["Overdue by 10 days", "Due in 3 days"]


def test_unsigned_notes_oldest_first_archived_included(
    vault: Vault, practice: dict[str, int]
) -> None:
    unsigned = load_section(vault, SectionName.UNSIGNED, TODAY)
    assert [(n.note_id, n.days_old) for n in unsigned.items] == [
        (practice["dora_note"], 30),
        (practice["ana_note"], 12),
        (practice["ben_note"], 0),
    ]
    assert unsigned.items[0].client.name == "Dora Example"


def test_goals_past_their_target_date(vault: Vault, practice: dict[str, int]) -> None:
    goals = load_section(vault, SectionName.GOALS_PAST_DUE, TODAY)
    assert [(g.statement, g.days_past) for g in goals.items] == [
        ("Fewer panic attacks", 30),
        ("Walk daily", 2),
    ]


def test_the_weeks_wins(vault: Vault, practice: dict[str, int]) -> None:
    wins = load_section(vault, SectionName.WINS, TODAY)
    assert [(w.client.name, w.description) for w in wins.items] == [
        ("Ana Example", "Took the bus to work"),
        ("Ben Example", "First full night's sleep in months"),
    ]


def test_lists_are_limited_but_counted(vault: Vault, practice: dict[str, int]) -> None:
    board = load_dashboard(vault, TODAY, limit=1)
    assert board.today == TODAY
    for section, total in (
        (board.alerts, 3),
        (board.reviews, 2),
        (board.unsigned, 3),
        (board.goals_past_due, 2),
        (board.wins, 2),
    ):
        assert len(section.items) == 1
        assert (section.total, section.more) == (total, total - 1)
    with pytest.raises(ValueError):
        load_dashboard(vault, TODAY, limit=0)


def test_an_empty_practice_has_empty_lists(vault: Vault) -> None:
    board = load_dashboard(vault, TODAY)
    for name in SectionName:
        section = getattr(board, name.value)
        assert section.items == () and section.total == 0


@pytest.fixture
def statements(vault: Vault) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(vault.engine, "before_cursor_execute", count)
    yield seen
    event.remove(vault.engine, "before_cursor_execute", count)


def test_the_number_of_queries_does_not_grow_with_the_practice(
    vault: Vault, practice: dict[str, int], statements: list[str]
) -> None:
    load_dashboard(vault, TODAY)
    few = len(statements)
    with vault.unit_of_work() as session:
        for number in range(40):
            client = add_client(session, f"C-1{number:04d}", "Many")
            add_plan(session, client, TODAY - timedelta(days=1))
            add_note(session, client, TODAY - timedelta(days=number), signed=False)
    statements.clear()
    board = load_dashboard(vault, TODAY)
    assert board.unsigned.total == 43 and board.reviews.total == 42
    assert len(statements) == few  # no query per client: the same statements, more rows
    assert dashboard.BATCH >= 43  # one batch of sessions here; larger vaults take a few more
