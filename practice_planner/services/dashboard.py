"""The practice at a glance: what needs the clinician today, across every client.

Shown when no client is chosen. Each list is one query over the whole practice (joined to the
client for the name, so there is never a query per client) that returns at most ``limit`` rows
plus the full count, so the page stays quick at tens of thousands of clients and still says
"12 more". All dates come in as ``today``; nothing here reads the clock.

Two lists cost one pass over a large table each, because the schema has no index that answers
them: unsigned notes (``progress_note.signed_at``) and each client's first and latest
questionnaire (``measure_administration`` by client and instrument). At 2,000 demo clients the
whole page takes about half a second, at 20,000 a few seconds; ``load_section`` lets the page
show the quick lists at once and fill the slow ones in from a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Select,
    String,
    Subquery,
    and_,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from practice_planner.domain import reliable_change
from practice_planner.domain.enums import ClientStatus, GoalStatus, Instrument, PlanStatus
from practice_planner.domain.measures import definition
from practice_planner.domain.review import (
    DEFAULT_DUE_SOON_DAYS,
    ReviewState,
    review_state,
    review_when,
)
from practice_planner.storage.models import (
    Client,
    Encounter,
    Goal,
    MeasureAdministration,
    Milestone,
    Problem,
    ProgressNote,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault

LIMIT = 50
"""Rows per list; the count beyond it is still given."""
BATCH = 500
"""Keys per ``IN (...)`` list: well under SQLite's limit on bound parameters."""
WEEK = 7
"""Wins of the last seven days, today included."""
QUESTIONNAIRES = (Instrument.PHQ9, Instrument.GAD7)
_SMALLEST_RELIABLE_RISE = min(definition(i).reliable_change for i in QUESTIONNAIRES)

T = TypeVar("T")


@dataclass(frozen=True)
class ClientRef:
    """Who an entry is about: enough to name them and to open their chart."""

    client_id: int
    name: str
    record_number: str


@dataclass(frozen=True)
class ReviewDue:
    client: ClientRef
    plan_id: int
    version: int
    next_review: date
    state: ReviewState
    days_overdue: int
    days_left: int
    """Days until the review (0 on the day, and once overdue)."""

    @property
    def when(self) -> str:
        today = self.next_review + timedelta(days=self.days_overdue - self.days_left)
        return review_when(self.next_review, today)


@dataclass(frozen=True)
class UnsignedNote:
    client: ClientRef
    note_id: int
    encounter_id: int
    session_date: date
    days_old: int


@dataclass(frozen=True)
class MeasureAlert:
    """A client's latest PHQ-9 or GAD-7 that asks for attention.

    ``deteriorated``: reliably worse than the client's first score; ``item9``: thoughts of
    self-harm answered above 0 (PHQ-9 only).
    """

    client: ClientRef
    instrument: Instrument
    administered_on: date
    total: int
    band: str
    first_total: int
    deteriorated: bool
    item9: bool

    @property
    def reason(self) -> str:
        reasons = []
        if self.item9:
            reasons.append("item 9 (self-harm) answered above 0")
        if self.deteriorated:
            reasons.append(f"reliable deterioration from {self.first_total}")
        return "; ".join(reasons)


@dataclass(frozen=True)
class GoalPastDue:
    client: ClientRef
    goal_id: int
    statement: str
    target_date: date
    days_past: int


@dataclass(frozen=True)
class Win:
    client: ClientRef
    milestone_id: int
    achieved_on: date
    description: str


@dataclass(frozen=True)
class Section(Generic[T]):
    """Up to ``limit`` entries, most pressing first, and how many there are in all."""

    items: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class Dashboard:
    today: date
    alerts: Section[MeasureAlert]
    reviews: Section[ReviewDue]
    unsigned: Section[UnsignedNote]
    goals_past_due: Section[GoalPastDue]
    wins: Section[Win]


class SectionName(StrEnum):
    """The lists, in the order the page shows them: the most urgent first."""

    ALERTS = "alerts"
    REVIEWS = "reviews"
    UNSIGNED = "unsigned"
    GOALS_PAST_DUE = "goals_past_due"
    WINS = "wins"


def load_section(
    vault: Vault,
    name: SectionName,
    today: date | None = None,
    *,
    limit: int = LIMIT,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Section[Any]:
    """One list on its own, so a page can show the quick ones while a slow one still loads."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    day = today or date.today()
    with vault.reading() as session:
        return _load(session, name, day, limit, due_soon_days)


def load_dashboard(
    vault: Vault,
    today: date | None = None,
    *,
    limit: int = LIMIT,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Dashboard:
    """Every list in one read transaction (one consistent snapshot)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    day = today or date.today()
    with vault.reading() as session:
        lists = {name: _load(session, name, day, limit, due_soon_days) for name in SectionName}
    return Dashboard(
        today=day,
        alerts=lists[SectionName.ALERTS],
        reviews=lists[SectionName.REVIEWS],
        unsigned=lists[SectionName.UNSIGNED],
        goals_past_due=lists[SectionName.GOALS_PAST_DUE],
        wins=lists[SectionName.WINS],
    )


def _load(
    session: Session, name: SectionName, today: date, limit: int, due_soon_days: int
) -> Section[Any]:
    if name is SectionName.ALERTS:
        return measure_alerts(session, limit)
    if name is SectionName.REVIEWS:
        return reviews_due(session, today, limit, due_soon_days)
    if name is SectionName.UNSIGNED:
        return unsigned_notes(session, today, limit)
    if name is SectionName.GOALS_PAST_DUE:
        return goals_past_due(session, today, limit)
    return wins(session, today, limit)


# ------------------------------------------------------------------------------ the lists
_CLIENT_COLUMNS = (
    Client.id,
    Client.preferred_name,
    Client.legal_given_name,
    Client.legal_family_name,
    Client.record_number,
)


def _client(row: Sequence[Any]) -> ClientRef:
    """The first five columns of a row are ``_CLIENT_COLUMNS``; named as on the chart."""
    client_id, preferred, given, family, number = row[:5]
    return ClientRef(client_id, f"{preferred or given} {family}".strip(), number)


def _in_care() -> Any:
    """Clients whose plans and goals still call for work: active and not archived."""
    return and_(Client.archived_at.is_(None), Client.status == ClientStatus.ACTIVE)


def _limited(
    session: Session, query: Select[*tuple[Any, ...]], limit: int
) -> tuple[list[Any], int]:
    """The first ``limit`` rows and the count of all, from one statement (a window count)."""
    rows = session.execute(query.add_columns(func.count().over()).limit(limit)).all()
    total = rows[0][-1] if rows else 0
    return [row[:-1] for row in rows], int(total)


def reviews_due(
    session: Session, today: date, limit: int = LIMIT, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> Section[ReviewDue]:
    """Signed plans in force whose review is overdue or falls within ``due_soon_days``."""
    query = (
        select(
            *_CLIENT_COLUMNS,
            TreatmentPlan.id,
            TreatmentPlan.version,
            TreatmentPlan.next_review_date,
        )
        .join(Client, TreatmentPlan.client_id == Client.id)
        .where(
            TreatmentPlan.next_review_date <= today + timedelta(days=due_soon_days),
            TreatmentPlan.status.in_([PlanStatus.ACTIVE, PlanStatus.UNDER_REVIEW]),
            _in_care(),
        )
        .order_by(TreatmentPlan.next_review_date, TreatmentPlan.id)
    )
    rows, total = _limited(session, query, limit)
    items = tuple(
        ReviewDue(
            client=_client(row),
            plan_id=row[5],
            version=row[6],
            next_review=row[7],
            state=review_state(row[7], today, due_soon_days),
            days_overdue=max(0, (today - row[7]).days),
            days_left=max(0, (row[7] - today).days),
        )
        for row in rows
    )
    return Section(items, total)


def unsigned_notes(session: Session, today: date, limit: int = LIMIT) -> Section[UnsignedNote]:
    """Progress notes of sessions held by today that are still unsigned, oldest first.

    Archived and discharged clients are included: a last note must still be signed. Two
    statements: the unsigned notes from the partial index ``ix_progress_note_unsigned``, then
    their sessions and clients by key in batches. Joined in one statement, the planner walks
    every session by date and looks each note up, which is many times slower on a large vault.
    """
    unsigned = dict(
        session.execute(
            select(ProgressNote.encounter_id, ProgressNote.id).where(
                ProgressNote.signed_at.is_(None)
            )
        ).all()
    )
    found: list[tuple[Any, ...]] = []
    keys = list(unsigned)
    for start in range(0, len(keys), BATCH):
        found += session.execute(
            select(*_CLIENT_COLUMNS, Encounter.id, Encounter.session_date)
            .join(Client, Encounter.client_id == Client.id)
            .where(Encounter.id.in_(keys[start : start + BATCH]), Encounter.session_date <= today)
        ).all()
    found.sort(key=lambda row: (row[6], unsigned[row[5]]))
    items = tuple(
        UnsignedNote(_client(row), unsigned[row[5]], row[5], row[6], (today - row[6]).days)
        for row in found[:limit]
    )
    return Section(items, len(found))


def measure_alerts(session: Session, limit: int = LIMIT) -> Section[MeasureAlert]:
    """Clients in care whose latest PHQ-9 or GAD-7 is flagged on item 9 or reliably worse.

    For each client in care and questionnaire, the latest administration and the first total
    are two seeks in ``ix_measure_administration_series`` (no pass over every administration);
    only latest rows that could qualify leave the database, and the reliable-change rule itself
    is the domain's.
    """
    series = _series()
    latest = aliased(MeasureAdministration)
    rows = session.execute(
        select(
            *_CLIENT_COLUMNS,
            latest.instrument,
            latest.administered_on,
            latest.total,
            latest.band,
            latest.item9_flag,
            series.c.first_total,
        )
        .join(latest, latest.id == series.c.latest_id)
        .join(Client, Client.id == series.c.client_id)
        .where(
            or_(
                latest.item9_flag.is_(True),
                latest.total - series.c.first_total >= _SMALLEST_RELIABLE_RISE,
            ),
        )
        .order_by(latest.administered_on.desc(), Client.id, latest.instrument)
    ).all()
    alerts = []
    for row in rows:
        instrument, administered_on, total, band, item9, first_total = row[5:]
        verdict = reliable_change.compare(instrument, round(first_total), round(total))
        if item9 or verdict.reliable_deterioration:
            alerts.append(
                MeasureAlert(
                    client=_client(row),
                    instrument=instrument,
                    administered_on=administered_on,
                    total=round(total),
                    band=band,
                    first_total=round(first_total),
                    deteriorated=verdict.reliable_deterioration,
                    item9=bool(item9),
                )
            )
    # item 9 first: thoughts of self-harm are the most urgent thing on the page
    alerts.sort(key=lambda a: (not a.item9, -a.administered_on.toordinal(), a.client.client_id))
    return Section(tuple(alerts[:limit]), len(alerts))


def _series() -> Subquery:
    """Each client in care and questionnaire: the latest administration's id, the first total."""
    questionnaire = union_all(
        *(select(literal(i.value, String).label("instrument")) for i in QUESTIONNAIRES)
    ).subquery("questionnaire")
    given = aliased(MeasureAdministration)
    mine = (given.client_id == Client.id, given.instrument == questionnaire.c.instrument)
    latest = (
        select(given.id)
        .where(*mine)
        .order_by(given.administered_on.desc(), given.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    first = (
        select(given.total)
        .where(*mine)
        .order_by(given.administered_on, given.id)
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(Client.id.label("client_id"), latest.label("latest_id"), first.label("first_total"))
        .select_from(Client)
        .join(questionnaire, true())
        .where(_in_care())
        .subquery()
    )


def goals_past_due(session: Session, today: date, limit: int = LIMIT) -> Section[GoalPastDue]:
    """Active goals of signed plans in force whose target date has passed, longest past first."""
    query = (
        select(*_CLIENT_COLUMNS, Goal.id, Goal.statement, Goal.target_date)
        .join(Problem, Goal.problem_id == Problem.id)
        .join(TreatmentPlan, Problem.plan_id == TreatmentPlan.id)
        .join(Client, TreatmentPlan.client_id == Client.id)
        .where(
            Goal.target_date < today,
            Goal.status == GoalStatus.ACTIVE,
            TreatmentPlan.status.in_([PlanStatus.ACTIVE, PlanStatus.UNDER_REVIEW]),
            _in_care(),
        )
        .order_by(Goal.target_date, Goal.id)
    )
    rows, total = _limited(session, query, limit)
    items = tuple(
        GoalPastDue(_client(row), row[5], row[6], row[7], (today - row[7]).days) for row in rows
    )
    return Section(items, total)


def wins(session: Session, today: date, limit: int = LIMIT) -> Section[Win]:
    """Milestones of the last seven days (today included), newest first."""
    query = (
        select(*_CLIENT_COLUMNS, Milestone.id, Milestone.achieved_on, Milestone.description)
        .join(Client, Milestone.client_id == Client.id)
        .where(
            Milestone.achieved_on > today - timedelta(days=WEEK),
            Milestone.achieved_on <= today,
            Client.archived_at.is_(None),
        )
        .order_by(Milestone.achieved_on.desc(), Milestone.id.desc())
    )
    rows, total = _limited(session, query, limit)
    items = tuple(Win(_client(row), row[5], row[6], row[7]) for row in rows)
    return Section(items, total)
