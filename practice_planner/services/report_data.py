"""Load the read models the PDF documents are built from, in one read transaction.

Everything a document prints is read here in a single snapshot with eager loading and copied
into frozen dataclasses (``services.report_models``), so a report never runs SQL, never lazy-loads,
and never sees a half-written change. The ``psychotherapy_note`` table is never queried: those
notes are legally apart from the record and no export reaches them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from practice_planner.domain.enums import Instrument
from practice_planner.errors import ValidationError
from practice_planner.services.plans import plan_tree_options
from practice_planner.services.report_models import (
    ClientIdentity,
    CustomSeries,
    DiagnosisLine,
    GoalObservation,
    GoalView,
    InterventionLine,
    Letterhead,
    MeasurePoint,
    MilestoneLine,
    ObjectiveLine,
    PlanView,
    ProblemView,
    ProgressSummaryData,
    SessionLine,
    TreatmentPlanData,
)
from practice_planner.storage.models import (
    Client,
    CustomMeasure,
    Encounter,
    Goal,
    GoalProgress,
    MeasureAdministration,
    Milestone,
    PracticeProfile,
    ProgressNote,
    TreatmentPlan,
)
from practice_planner.storage.vault import Vault

NO_PLAN = "This treatment plan no longer exists."
NO_CLIENT = "This client no longer exists in the vault."


def load_treatment_plan(vault: Vault, plan_id: int) -> TreatmentPlanData:
    """One plan version with its client, diagnoses and the practice letterhead."""
    with vault.reading() as session:
        plan = session.scalar(_plans_query().where(TreatmentPlan.id == plan_id))
        if plan is None:
            raise ValidationError({"plan": NO_PLAN})
        client = _client(session, plan.client_id)
        return TreatmentPlanData(
            letterhead=_letterhead(session),
            client=_identity(client),
            diagnoses=tuple(_diagnoses_for(client, plan)),
            plan=_plan_view(plan),
        )


def load_progress_summary(vault: Vault, client_id: int) -> ProgressSummaryData:
    """A client's sessions, goal progress, PHQ-9/GAD-7, custom measures and milestones.

    Everything is oldest first; custom measures are ordered by name.
    """
    with vault.reading() as session:
        client = _client(session, client_id)
        plans = session.scalars(
            _plans_query()
            .where(TreatmentPlan.client_id == client_id)
            .order_by(TreatmentPlan.version)
        ).all()
        encounters = session.execute(
            select(Encounter.session_date, Encounter.attendance, Encounter.session_type)
            .where(Encounter.client_id == client_id)
            .order_by(Encounter.session_date, Encounter.start_time, Encounter.id)
        ).all()
        progress = session.execute(
            select(
                GoalProgress.goal_id,
                GoalProgress.note_id,
                Encounter.session_date,
                GoalProgress.rating,
                GoalProgress.gas_score,
                GoalProgress.observed_value,
            )
            .join(ProgressNote, GoalProgress.note_id == ProgressNote.id)
            .join(Encounter, ProgressNote.encounter_id == Encounter.id)
            .where(Encounter.client_id == client_id)
            .order_by(Encounter.session_date, Encounter.start_time, ProgressNote.id)
        ).all()
        measures = session.execute(
            select(
                MeasureAdministration.instrument,
                MeasureAdministration.administered_on,
                MeasureAdministration.total,
                MeasureAdministration.band,
                MeasureAdministration.item9_flag,
            )
            .where(
                MeasureAdministration.client_id == client_id,
                MeasureAdministration.instrument.in_([Instrument.PHQ9, Instrument.GAD7]),
            )
            .order_by(MeasureAdministration.administered_on, MeasureAdministration.id)
        ).all()
        milestones = session.execute(
            select(Milestone.achieved_on, Milestone.description, Milestone.goal_id)
            .where(Milestone.client_id == client_id)
            .order_by(Milestone.achieved_on, Milestone.id)
        ).all()
        custom = session.execute(
            select(
                CustomMeasure.id,
                CustomMeasure.name,
                CustomMeasure.unit,
                CustomMeasure.min_value,
                CustomMeasure.max_value,
                CustomMeasure.better,
                MeasureAdministration.administered_on,
                MeasureAdministration.total,
            )
            .join(CustomMeasure, MeasureAdministration.custom_measure_id == CustomMeasure.id)
            .where(MeasureAdministration.client_id == client_id)
            .order_by(
                CustomMeasure.name,
                CustomMeasure.id,
                MeasureAdministration.administered_on,
                MeasureAdministration.id,
            )
        ).all()
        points = {
            instrument: tuple(
                MeasurePoint(when, round(total), band, flag)
                for kind, when, total, band, flag in measures
                if kind is instrument
            )
            for instrument in (Instrument.PHQ9, Instrument.GAD7)
        }
        return ProgressSummaryData(
            letterhead=_letterhead(session),
            client=_identity(client),
            plans=tuple(_plan_view(plan) for plan in plans),
            sessions=tuple(SessionLine(*row) for row in encounters),
            observations=tuple(GoalObservation(*row) for row in progress),
            phq9=points[Instrument.PHQ9],
            gad7=points[Instrument.GAD7],
            milestones=tuple(MilestoneLine(*row) for row in milestones),
            custom=_custom_series(custom),
        )


def _custom_series(rows: Sequence[Any]) -> tuple[CustomSeries, ...]:
    """Rows ordered by measure, then date, grouped into one series per measure."""
    series: list[CustomSeries] = []
    for measure_id, group in groupby(rows, key=lambda row: row[0]):
        readings = list(group)
        _, name, unit, low, high, better, *_ = readings[0]
        series.append(
            CustomSeries(
                measure_id=measure_id,
                name=name,
                unit=unit,
                min_value=low,
                max_value=high,
                better=better,
                points=tuple((row[6], row[7]) for row in readings),
            )
        )
    return tuple(series)


def _plans_query() -> Select[TreatmentPlan]:
    return select(TreatmentPlan).options(*plan_tree_options())


def _client(session: Session, client_id: int) -> Client:
    client = session.scalar(
        select(Client).where(Client.id == client_id).options(selectinload(Client.diagnoses))
    )
    if client is None:
        raise ValidationError({"client": NO_CLIENT})
    return client


def _letterhead(session: Session) -> Letterhead:
    profile = session.get(PracticeProfile, 1)
    if profile is None:
        return Letterhead()
    return Letterhead(
        practice_name=profile.practice_name,
        address=profile.address,
        phone=profile.phone,
        email=profile.email,
        clinician_name=profile.clinician_name,
        credentials=profile.credentials,
        license_number=profile.license_number,
        npi=profile.npi,
    )


def _identity(client: Client) -> ClientIdentity:
    return ClientIdentity(
        legal_name=f"{client.legal_given_name} {client.legal_family_name}".strip(),
        date_of_birth=client.date_of_birth,
        record_number=client.record_number,
        preferred_name=client.preferred_name,
        client_id=client.id,
    )


def _diagnoses_for(client: Client, plan: TreatmentPlan) -> list[DiagnosisLine]:
    """Diagnoses current on the plan's effective date, plus any a problem links to."""
    linked = {d.id for problem in plan.problems for d in problem.diagnoses}
    return [
        DiagnosisLine(d.icd10_code, d.description, d.is_primary, d.diagnosed_on, d.resolved_on)
        for d in sorted(client.diagnoses, key=lambda d: (not d.is_primary, d.id))
        if d.id in linked or _current(d.resolved_on, plan.effective_date)
    ]


def _current(resolved_on: date | None, on: date) -> bool:
    return resolved_on is None or resolved_on >= on


def _plan_view(plan: TreatmentPlan) -> PlanView:
    return PlanView(
        id=plan.id,
        version=plan.version,
        status=plan.status,
        effective_date=plan.effective_date,
        review_interval_days=plan.review_interval_days,
        next_review_date=plan.next_review_date,
        last_reviewed_on=plan.last_reviewed_on,
        strengths=plan.strengths,
        barriers=plan.barriers,
        modality=plan.modality,
        frequency=plan.frequency,
        participants=plan.participants,
        discharge_criteria=plan.discharge_criteria,
        clinician_signed_on=plan.clinician_signed_on,
        client_signed_on=plan.client_signed_on,
        supervisor_name=plan.supervisor_name,
        supervisor_signed_on=plan.supervisor_signed_on,
        problems=tuple(
            ProblemView(
                statement=problem.statement,
                description=problem.description,
                diagnosis_codes=tuple(d.icd10_code for d in problem.diagnoses),
                goals=tuple(_goal_view(goal) for goal in problem.goals),
            )
            for problem in plan.problems
        ),
    )


def _goal_view(goal: Goal) -> GoalView:
    return GoalView(
        id=goal.id,
        statement=goal.statement,
        category=goal.category,
        client_words=goal.client_words,
        horizon=goal.horizon,
        kind=goal.kind,
        measure_name=goal.measure_name,
        measure_unit=goal.measure_unit,
        baseline=goal.baseline,
        target=goal.target,
        direction=goal.direction,
        target_date=goal.target_date,
        status=goal.status,
        priority=goal.priority,
        weight=goal.weight,
        gas_levels=goal.gas_levels,
        objectives=tuple(
            ObjectiveLine(o.statement, o.target_date, o.status) for o in goal.objectives
        ),
        interventions=tuple(
            InterventionLine(i.description, i.modality, i.frequency) for i in goal.interventions
        ),
    )
