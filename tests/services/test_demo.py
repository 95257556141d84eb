"""The demo practice: deterministic, clearly fictional, clinically consistent, and fast."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from practice_planner.domain.enums import (
    Attendance,
    ClientStatus,
    Instrument,
    NoteFormat,
    PlanStatus,
    RiskLevel,
)
from practice_planner.domain.measures import band_for
from practice_planner.domain.smart import GoalDraft, check
from practice_planner.errors import ValidationError
from practice_planner.services.clients import ICD10_CM, ClientInput, create_client
from practice_planner.services.demo import CONDITIONS, GOALS, RECORD_PREFIX, make_demo
from practice_planner.services.portability import export_json
from practice_planner.storage import audit
from practice_planner.storage.models import (
    AuditEvent,
    Client,
    Diagnosis,
    Encounter,
    Goal,
    GoalProgress,
    Intervention,
    MeasureAdministration,
    Milestone,
    Objective,
    PracticeProfile,
    Problem,
    ProgressNote,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

TODAY = date(2026, 11, 20)
CLIENTS = 30


@pytest.fixture
def demo(vault: Vault) -> Vault:
    summary = make_demo(vault, CLIENTS, seed=11, today=TODAY)
    assert summary.clients == CLIENTS
    return vault


def _export(tmp_path: Path, name: str, clients: int, seed: int) -> bytes:
    with Vault.create(tmp_path / name / "v.db", PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        make_demo(vault, clients, seed=seed, today=TODAY)
        export_json(vault, tmp_path / name / "x.json")
    return (tmp_path / name / "x.json").read_bytes()


def test_the_same_seed_makes_the_same_practice(tmp_path: Path) -> None:
    first = _export(tmp_path, "a", 6, seed=3)
    assert _export(tmp_path, "b", 6, seed=3) == first
    assert _export(tmp_path, "c", 6, seed=4) != first


def test_clients_are_clearly_fictional(demo: Vault) -> None:
    with demo.reading() as session:
        clients = list(session.scalars(select(Client).order_by(Client.id)))
        profile = session.get(PracticeProfile, 1)
    assert [c.record_number for c in clients] == [
        f"{RECORD_PREFIX}{n:05d}" for n in range(1, CLIENTS + 1)
    ]
    assert all(c.email.endswith("@example.com") for c in clients)
    assert all(re.fullmatch(r"555-01\d\d", c.phone) for c in clients)
    assert profile is not None and "fictional" in profile.practice_name
    assert profile.clinician_name == "Dr. Demo Clinician"


def test_statuses_dates_and_diagnoses_are_consistent(demo: Vault) -> None:
    with demo.reading() as session:
        clients = list(session.scalars(select(Client)))
        diagnoses = list(session.scalars(select(Diagnosis)))
    statuses = Counter(c.status for c in clients)
    assert statuses[ClientStatus.ACTIVE] > CLIENTS / 2
    for client in clients:
        assert client.intake_date is not None and client.intake_date <= TODAY
        assert client.date_of_birth is not None and client.date_of_birth < client.intake_date
        if client.status is ClientStatus.DISCHARGED:
            assert client.discharge_date is not None
            assert client.intake_date <= client.discharge_date <= TODAY
        else:
            assert client.discharge_date is None and client.archived_at is None
    per_client = Counter(d.client_id for d in diagnoses)
    assert set(per_client) == {c.id for c in clients}
    assert all(1 <= n <= 3 for n in per_client.values())
    assert Counter(d.client_id for d in diagnoses if d.is_primary) == Counter(per_client.keys())
    assert all(ICD10_CM.match(d.icd10_code) for d in diagnoses)


def test_each_client_has_one_plan_with_problems_goals_and_steps(demo: Vault) -> None:
    with demo.reading() as session:
        plans = list(session.scalars(select(TreatmentPlan)))
        problems = Counter(session.scalars(select(Problem.plan_id)))
        goals = list(session.scalars(select(Goal)))
        goal_plan = dict(session.execute(select(Goal.id, Problem.plan_id).join(Problem)).all())
        objectives = Counter(session.scalars(select(Objective.goal_id)))
        interventions = Counter(session.scalars(select(Intervention.goal_id)))
    assert len(plans) == CLIENTS and {p.version for p in plans} == {1}
    signed = [p for p in plans if p.signed_at is not None]
    assert len(signed) > CLIENTS / 2
    for plan in plans:
        assert plan.status in (
            (PlanStatus.ACTIVE, PlanStatus.COMPLETED) if plan.signed_at else (PlanStatus.DRAFT,)
        )
        assert 1 <= problems[plan.id] <= 3
        assert problems[plan.id] <= Counter(goal_plan.values())[plan.id] <= 5
        assert Counter(goal_plan.values())[plan.id] >= 2
    assert len({g.category for g in goals}) == 5
    for goal in goals:
        assert 1 <= objectives[goal.id] <= 2 and 1 <= interventions[goal.id] <= 2
        assert goal.is_measurable and all(goal.gas_levels)


def test_sessions_and_notes(demo: Vault) -> None:
    with demo.reading() as session:
        encounters = list(session.scalars(select(Encounter)))
        notes = {n.encounter_id: n for n in session.scalars(select(ProgressNote))}
    per_client = Counter(e.client_id for e in encounters)
    assert all(5 <= n <= 60 for n in per_client.values())
    assert all(e.session_date <= TODAY for e in encounters)
    attendance = Counter(e.attendance for e in encounters)
    assert attendance[Attendance.ATTENDED] > 0.7 * len(encounters)
    assert attendance[Attendance.NO_SHOW] + attendance[Attendance.CANCELLED] > 0
    for encounter in encounters:
        note = notes.get(encounter.id)
        if encounter.attendance is not Attendance.ATTENDED:
            assert note is None and encounter.cpt_code == ""
            continue
        assert note is not None and encounter.cpt_code
        assert tuple(note.sections) == note.format.sections
        assert all(text.strip() for text in note.sections.values())
        assert note.homework and note.next_steps
        assert note.locked == (note.signed_at is not None)
        if note.risk_level.needs_safety_plan or note.risk_level is RiskLevel.LOW:
            assert note.safety_note
    formats = Counter(n.format for n in notes.values())
    assert {NoteFormat.SOAP, NoteFormat.DAP, NoteFormat.BIRP} == set(formats)
    signed = sum(n.signed_at is not None for n in notes.values())
    assert signed > 0.8 * len(notes)


def test_questionnaires_are_scored_like_real_ones(demo: Vault) -> None:
    with demo.reading() as session:
        measures = list(session.scalars(select(MeasureAdministration)))
        risk = dict(
            session.execute(select(ProgressNote.encounter_id, ProgressNote.risk_level)).all()
        )
    assert {m.instrument for m in measures} == {Instrument.PHQ9, Instrument.GAD7}
    for measure in measures:
        assert measure.answers is not None
        assert len(measure.answers) == (9 if measure.instrument is Instrument.PHQ9 else 7)
        assert all(0 <= a <= 3 for a in measure.answers)
        assert measure.total == sum(measure.answers)
        assert measure.band == band_for(measure.instrument, int(measure.total)).label
        flagged = measure.instrument is Instrument.PHQ9 and measure.answers[8] > 0
        assert measure.item9_flag == flagged
        if flagged:
            assert risk[measure.encounter_id] is not RiskLevel.NONE
    # series move: some clients improve by the reliable-change margin, not every one stays put
    first_last: dict[int, list[float]] = {}
    for m in sorted(measures, key=lambda m: (m.administered_on, m.id)):
        if m.instrument is Instrument.PHQ9:
            first_last.setdefault(m.client_id, [m.total, m.total])[1] = m.total
    assert any(first - last >= 6 for first, last in first_last.values())


def test_goal_progress_and_milestones(demo: Vault) -> None:
    with demo.reading() as session:
        progress = list(session.scalars(select(GoalProgress)))
        goals = {g.id: g for g in session.scalars(select(Goal))}
        milestones = list(session.scalars(select(Milestone)))
    assert progress and milestones
    for entry in progress:
        goal = goals[entry.goal_id]
        assert entry.gas_score is not None and -2 <= entry.gas_score <= 2
        assert entry.observed_value is not None and entry.observed_value >= 0
        template = next(t for t in GOALS.values() if t.statement == goal.statement)
        assert template.gas_score(entry.observed_value) == entry.gas_score
    assert {entry.gas_score for entry in progress} >= {-1, 0, 1}


def test_the_goal_catalogue_is_smart_and_its_gas_levels_fit() -> None:
    for template in GOALS.values():
        assert template.gas_score(template.baseline) == -1, template.key
        assert template.gas_score(template.target) == 0, template.key
        draft = GoalDraft(
            statement=template.statement,
            today=TODAY,
            measure_name=template.measure,
            unit=template.unit,
            baseline=str(template.baseline),
            target=str(template.target),
            direction=template.direction,
            target_date=TODAY.replace(year=TODAY.year + 1),
        )
        assert check(draft) == [], template.key
    for condition in CONDITIONS:
        assert ICD10_CM.match(condition.code)
        assert all(key in GOALS for key in condition.goals)


def test_the_run_is_audited_once_and_the_chain_holds(demo: Vault) -> None:
    with demo.reading() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
        assert audit.verify_chain(session) == []
    assert actions.count("demo.created") == 1


def test_a_second_run_continues_the_numbering(demo: Vault) -> None:
    make_demo(demo, 3, seed=2, today=TODAY)
    with demo.reading() as session:
        numbers = sorted(session.scalars(select(Client.record_number)))
        profiles = session.scalar(select(func.count()).select_from(PracticeProfile))
    assert numbers[-3:] == [f"DEMO-{n:05d}" for n in (31, 32, 33)]
    assert profiles == 1


def test_a_vault_with_real_clients_is_refused(vault: Vault) -> None:
    create_client(vault, ClientInput("C-00001", "Test", "Person"), today=TODAY)
    with pytest.raises(ValidationError) as refused:
        make_demo(vault, 2, seed=1, today=TODAY)
    assert set(refused.value.fields) == {"vault"}
    with vault.reading() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 1


@pytest.mark.parametrize("count", [0, -1, 100_001])
def test_the_number_of_clients_is_checked(vault: Vault, count: int) -> None:
    with pytest.raises(ValidationError) as refused:
        make_demo(vault, count, seed=1)
    assert set(refused.value.fields) == {"clients"}


def test_batches_report_progress_and_change_nothing(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _export(tmp_path, "whole", 5, seed=8)
    monkeypatch.setattr("practice_planner.services.demo.BATCH_CLIENTS", 2)
    seen: list[tuple[int, int]] = []
    make_demo(
        vault, 5, seed=8, progress=lambda done, total: seen.append((done, total)), today=TODAY
    )
    assert seen == [(2, 5), (4, 5), (5, 5)]
    export_json(vault, tmp_path / "batched.json")
    assert (tmp_path / "batched.json").read_bytes() == whole


def test_cancelling_keeps_whole_batches_and_audits_them(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("practice_planner.services.demo.BATCH_CLIENTS", 2)

    class Cancelled(Exception):
        pass

    def cancel_after_first_batch(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        make_demo(vault, 5, seed=1, progress=cancel_after_first_batch, today=TODAY)
    with vault.reading() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == 2
        assert session.scalar(select(func.count()).select_from(TreatmentPlan)) == 2
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "demo.created"))
        assert json.loads(event.detail)["clients"] == 2
        assert json.loads(event.detail)["requested"] == 5
        assert audit.verify_chain(session) == []


@pytest.mark.slow
def test_two_thousand_clients_in_under_a_minute(vault: Vault) -> None:
    started = time.perf_counter()
    summary = make_demo(vault, 2000, seed=1)
    assert time.perf_counter() - started < 60
    assert summary.clients == 2000 and summary.encounters > 2000 * 5
