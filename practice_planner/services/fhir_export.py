"""One client's record as an HL7 FHIR R4 Bundle (type ``collection``), for another system.

What goes in, and how it maps (DOMAIN.md, Interoperability):

- ``Patient``: the record number as a medical-record-number identifier, the legal name
  (``official``) and the preferred name (``usual``), birth date, phone, email, address and the
  emergency contact. Gender is not stored, so it is left out rather than guessed.
- ``Condition``: each diagnosis (ICD-10-CM code, active or resolved) and each problem of the
  current plan (text only). Both are ``problem-list-item``: they are kept across sessions, and
  ``encounter-diagnosis`` would claim a tie to one encounter that the record does not hold.
- ``CarePlan``: the current plan version (status mapped from ``PlanStatus``), addressing its
  problems and their diagnoses, listing its goals, with one activity per intervention.
- ``Goal``: each goal (clinical statement as description, the client's own words as a note
  written by the patient, target measure, detail and due date, achievement from the latest
  progress rating) and each objective (a short-term goal with its due date).
- ``Observation``: every PHQ-9 and GAD-7 total (LOINC 44261-6 and 70274-6), every custom-measure
  reading, and every observed value of a goal (linked from the goal's ``outcomeReference``).
- ``QuestionnaireResponse``: each PHQ-9 and GAD-7 answered item by item, with the verbatim item
  wording, LOINC item codes as link ids and LOINC answer codes.

Progress-note text and psychotherapy notes are never read here: the second are legally apart from
the record (HIPAA 45 CFR 164.501) and no export reaches them. References are ``urn:uuid`` full
URLs made with uuid5 from the vault's salt and row ids, so exporting again gives the same ids and
two vaults never collide. The file is written privately and atomically, and the export is in the
audit trail (``export.fhir``) before the file appears.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from practice_planner.domain.enums import GoalStatus, Instrument, PlanStatus, ProgressRating
from practice_planner.domain.measures import DEFINITIONS, InstrumentDefinition
from practice_planner.errors import ValidationError
from practice_planner.services.plans import plan_tree_options
from practice_planner.storage import audit
from practice_planner.storage.cipher import read_salt
from practice_planner.storage.models import (
    Client,
    CustomMeasure,
    Diagnosis,
    Encounter,
    Goal,
    GoalProgress,
    MeasureAdministration,
    Objective,
    Problem,
    ProgressNote,
    TreatmentPlan,
)
from practice_planner.storage.private_files import export_target, write_private_atomically
from practice_planner.storage.vault import Vault

Resource = dict[str, Any]

LOINC = "http://loinc.org"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
_TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
CONDITION_CLINICAL = _TERMINOLOGY + "condition-clinical"
CONDITION_CATEGORY = _TERMINOLOGY + "condition-category"
OBSERVATION_CATEGORY = _TERMINOLOGY + "observation-category"
GOAL_ACHIEVEMENT = _TERMINOLOGY + "goal-achievement"
IDENTIFIER_TYPE = _TERMINOLOGY + "v2-0203"

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:practice-planner:fhir-export")

PLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.ACTIVE: "active",
    PlanStatus.UNDER_REVIEW: "on-hold",
    PlanStatus.COMPLETED: "completed",
    PlanStatus.SUPERSEDED: "revoked",
}
"""``PlanStatus`` -> CarePlan.status (request-status)."""

GOAL_LIFECYCLE = {
    GoalStatus.ACTIVE: "active",
    GoalStatus.ON_HOLD: "on-hold",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.REVISED: "cancelled",
    GoalStatus.DISCONTINUED: "cancelled",
}
"""``GoalStatus`` -> Goal.lifecycleStatus; a revised goal was replaced by its new wording."""

ACHIEVEMENT = {
    ProgressRating.WORSENING: ("worsening", "Worsening"),
    ProgressRating.NO_CHANGE: ("no-change", "No Change"),
    ProgressRating.IMPROVING: ("improving", "Improving"),
    ProgressRating.ACHIEVED: ("achieved", "Achieved"),
}
"""``ProgressRating`` -> Goal.achievementStatus (goal-achievement code and display)."""

ACTIVITY_STATUS = {
    GoalStatus.ACTIVE: "in-progress",
    GoalStatus.ON_HOLD: "on-hold",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.REVISED: "stopped",
    GoalStatus.DISCONTINUED: "stopped",
}
"""An intervention's CarePlan.activity.detail.status follows its goal (see ``_activity_status``)."""


@dataclass(frozen=True)
class LoincInstrument:
    """LOINC's codes for one questionnaire: panel, total score, items and answer list."""

    panel: str
    total: str
    total_display: str
    items: tuple[str, ...]


LOINC_INSTRUMENTS = {
    Instrument.PHQ9: LoincInstrument(
        panel="44249-1",
        total="44261-6",
        total_display="Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
        items=(
            "44250-9",
            "44255-8",
            "44259-0",
            "44254-1",
            "44251-7",
            "44258-2",
            "44252-5",
            "44253-3",
            "44260-8",
        ),
    ),
    Instrument.GAD7: LoincInstrument(
        panel="69737-5",
        total="70274-6",
        total_display="Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
        items=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
    ),
}

LOINC_ANSWERS = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")
"""LOINC answer list LL358-3 (PHQ-9 and GAD-7): "Not at all" .. "Nearly every day", 0..3."""


@dataclass(frozen=True)
class FhirExportSummary:
    """The file written and how many resources of each type it holds."""

    path: Path
    resources: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.resources.values())


def export_fhir(
    vault: Vault, client_id: int, out_path: Path | str, *, now: datetime | None = None
) -> FhirExportSummary:
    """Write the client's FHIR R4 Bundle to ``out_path`` (mode 0600, atomically); the summary.

    ``ValidationError`` on "out" if the file cannot be written there, on "client" if the client
    does not exist. ``now`` stamps the bundle (for reproducible files in tests).
    """
    target = export_target(out_path)
    bundle = build_bundle(vault, client_id, now=now)
    counts = dict(sorted(Counter(e["resource"]["resourceType"] for e in bundle["entry"]).items()))
    data = (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def record() -> None:
        with vault.unit_of_work() as session:
            audit.append(
                session,
                "export.fhir",
                entity="client",
                entity_id=str(client_id),
                detail={"resources": counts, "bytes": len(data)},
            )

    try:
        path = write_private_atomically(target, data, before_publish=record)
    except OSError as error:
        raise ValidationError(
            {"out": f"The export could not be written: {error.strerror or error}."}
        ) from None
    return FhirExportSummary(path, counts)


def build_bundle(vault: Vault, client_id: int, *, now: datetime | None = None) -> Resource:
    """The Bundle as plain JSON-ready data, read in one snapshot of the vault."""
    ids = _Ids(read_salt(vault.path).hex())
    with vault.reading() as session:
        builder = _Builder(session, client_id, ids)
        entries = builder.build()
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return {
        "resourceType": "Bundle",
        "id": ids.make("bundle", client_id).removeprefix("urn:uuid:"),
        "meta": {"lastUpdated": stamp},
        "type": "collection",
        "timestamp": stamp,
        "entry": [{"fullUrl": ids.url_of(resource), "resource": resource} for resource in entries],
    }


class _Ids:
    """Deterministic ``urn:uuid`` names: same vault and row, same id, in every export."""

    def __init__(self, vault_salt: str) -> None:
        self._salt = vault_salt

    def make(self, kind: str, row_id: int) -> str:
        return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"{self._salt}/{kind}/{row_id}"))

    @staticmethod
    def url_of(resource: Resource) -> str:
        return "urn:uuid:" + str(resource["id"])


def _ref(url: str) -> dict[str, str]:
    return {"reference": url}


def _id(url: str) -> str:
    return url.removeprefix("urn:uuid:")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _quantity(value: float, unit: str) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": _number(value)}
    if unit.strip():
        quantity["unit"] = unit.strip()
    return quantity


def _day(value: date) -> str:
    return value.isoformat()


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _coded(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    coding: dict[str, str] = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


PROBLEM_LIST_ITEM = _coded(CONDITION_CATEGORY, "problem-list-item", "Problem List Item")
SURVEY = _coded(OBSERVATION_CATEGORY, "survey", "Survey")


def _activity_status(plan: PlanStatus, goal: GoalStatus) -> str:
    if plan is PlanStatus.DRAFT:
        return "not-started"
    if plan is PlanStatus.COMPLETED:
        return "completed"
    if plan is PlanStatus.SUPERSEDED:
        return "stopped"
    return ACTIVITY_STATUS[goal]


class _Builder:
    """Reads the client's rows in the caller's snapshot and turns them into resources."""

    def __init__(self, session: Session, client_id: int, ids: _Ids) -> None:
        self.session = session
        self.ids = ids
        client = session.scalar(
            select(Client).where(Client.id == client_id).options(selectinload(Client.diagnoses))
        )
        if client is None:
            raise ValidationError({"client": "This client no longer exists in the vault."})
        self.client = client
        self.patient = ids.make("patient", client.id)
        self.diagnosis_urls = {d.id: ids.make("diagnosis", d.id) for d in client.diagnoses}

    def build(self) -> list[Resource]:
        plan = self._current_plan()
        progress = self._goal_progress()
        goal_values = [row for row in progress if row[4] is not None]
        value_urls = {row[0].id: self.ids.make("goal_progress", row[0].id) for row in goal_values}
        resources: list[Resource] = [self._patient()]
        resources += [self._diagnosis(d) for d in self.client.diagnoses]
        goal_urls: dict[int, str] = {}
        if plan is not None:
            resources += [self._problem(plan, problem) for problem in plan.problems]
            goals = [goal for problem in plan.problems for goal in problem.goals]
            goal_urls = {goal.id: self.ids.make("goal", goal.id) for goal in goals}
            resources.append(self._care_plan(plan, goal_urls))
            for problem in plan.problems:
                for goal in problem.goals:
                    outcomes = [
                        value_urls[row[0].id] for row in goal_values if row[0].goal_id == goal.id
                    ]
                    ratings = [
                        row[3]
                        for row in progress
                        if row[0].goal_id == goal.id and row[3] is not None
                    ]
                    resources.append(
                        self._goal(problem, goal, ratings[-1] if ratings else None, outcomes)
                    )
                    resources += [self._objective(problem, o) for o in goal.objectives]
        administrations = self._administrations()
        responses = {
            a.id: self._questionnaire_response(a, LOINC_INSTRUMENTS[a.instrument])
            for a, _ in administrations
            if a.instrument in LOINC_INSTRUMENTS
        }
        resources += [r for r in responses.values() if r is not None]
        for administration, custom in administrations:
            response = responses.get(administration.id)
            resources.append(self._measure_observation(administration, custom, response))
        for row in goal_values:
            resources.append(self._goal_value(row, value_urls[row[0].id]))
        return resources

    # ------------------------------------------------------------------ reading
    def _current_plan(self) -> TreatmentPlan | None:
        return self.session.scalar(
            select(TreatmentPlan)
            .where(TreatmentPlan.client_id == self.client.id)
            .order_by(TreatmentPlan.version.desc())
            .limit(1)
            .options(*plan_tree_options())
        )

    def _goal_progress(self) -> Sequence[Any]:
        """(GoalProgress, session date, measure name, rating, value, unit), oldest first."""
        return self.session.execute(
            select(
                GoalProgress,
                Encounter.session_date,
                Goal.measure_name,
                GoalProgress.rating,
                GoalProgress.observed_value,
                Goal.measure_unit,
            )
            .join(ProgressNote, GoalProgress.note_id == ProgressNote.id)
            .join(Encounter, ProgressNote.encounter_id == Encounter.id)
            .join(Goal, GoalProgress.goal_id == Goal.id)
            .where(Encounter.client_id == self.client.id)
            .order_by(
                Encounter.session_date, Encounter.start_time, ProgressNote.id, GoalProgress.id
            )
        ).all()

    def _administrations(self) -> Sequence[Any]:
        """(MeasureAdministration, CustomMeasure or None), oldest first."""
        return self.session.execute(
            select(MeasureAdministration, CustomMeasure)
            .outerjoin(CustomMeasure, MeasureAdministration.custom_measure_id == CustomMeasure.id)
            .where(MeasureAdministration.client_id == self.client.id)
            .order_by(MeasureAdministration.administered_on, MeasureAdministration.id)
        ).all()

    # ------------------------------------------------------------------ resources
    def _patient(self) -> Resource:
        client = self.client
        names: list[dict[str, Any]] = [
            {
                "use": "official",
                "family": client.legal_family_name.strip(),
                "given": [client.legal_given_name.strip()],
            }
        ]
        if client.preferred_name.strip():
            names.append(
                {
                    "use": "usual",
                    "family": client.legal_family_name.strip(),
                    "given": [client.preferred_name.strip()],
                }
            )
        patient: Resource = {
            "resourceType": "Patient",
            "id": _id(self.patient),
            "identifier": [
                {
                    "use": "usual",
                    "type": {
                        **_coded(IDENTIFIER_TYPE, "MR", "Medical record number"),
                        "text": "Record number",
                    },
                    "value": client.record_number,
                }
            ],
            "name": names,
        }
        telecom = [
            {"system": system, "value": value.strip()}
            for system, value in (("phone", client.phone), ("email", client.email))
            if value.strip()
        ]
        if telecom:
            patient["telecom"] = telecom
        if client.date_of_birth is not None:
            patient["birthDate"] = _day(client.date_of_birth)
        if client.address.strip():
            patient["address"] = [{"text": client.address.strip()}]
        contact = self._emergency_contact()
        if contact:
            patient["contact"] = [contact]
        return patient

    def _emergency_contact(self) -> dict[str, Any]:
        client = self.client
        contact: dict[str, Any] = {}
        if client.emergency_contact_relationship.strip():
            contact["relationship"] = [{"text": client.emergency_contact_relationship.strip()}]
        if client.emergency_contact_name.strip():
            contact["name"] = {"text": client.emergency_contact_name.strip()}
        if client.emergency_contact_phone.strip():
            contact["telecom"] = [
                {"system": "phone", "value": client.emergency_contact_phone.strip()}
            ]
        # A contact must carry a name or a way to reach them, not just a relationship.
        return contact if "name" in contact or "telecom" in contact else {}

    def _diagnosis(self, diagnosis: Diagnosis) -> Resource:
        resolved = diagnosis.resolved_on is not None
        condition: Resource = {
            "resourceType": "Condition",
            "id": _id(self.diagnosis_urls[diagnosis.id]),
            "clinicalStatus": _coded(
                CONDITION_CLINICAL,
                "resolved" if resolved else "active",
                "Resolved" if resolved else "Active",
            ),
            "category": [PROBLEM_LIST_ITEM],
            "code": {
                "coding": [{"system": ICD10_CM, "code": diagnosis.icd10_code}],
                "text": diagnosis.description,
            },
            "subject": _ref(self.patient),
        }
        if diagnosis.diagnosed_on is not None:
            condition["onsetDateTime"] = _day(diagnosis.diagnosed_on)
        if diagnosis.resolved_on is not None:
            condition["abatementDateTime"] = _day(diagnosis.resolved_on)
        return condition

    def _problem(self, plan: TreatmentPlan, problem: Problem) -> Resource:
        current = plan.status not in (PlanStatus.COMPLETED, PlanStatus.SUPERSEDED)
        condition: Resource = {
            "resourceType": "Condition",
            "id": _id(self.ids.make("problem", problem.id)),
            "clinicalStatus": _coded(
                CONDITION_CLINICAL,
                "active" if current else "inactive",
                "Active" if current else "Inactive",
            ),
            "category": [PROBLEM_LIST_ITEM],
            "code": {"text": problem.statement},
            "subject": _ref(self.patient),
        }
        if problem.description.strip():
            condition["note"] = [{"text": problem.description}]
        return condition

    def _addresses(self, problem: Problem) -> list[dict[str, str]]:
        """The problem's Condition, then the diagnoses linked to it."""
        urls = [self.ids.make("problem", problem.id)]
        urls += [
            self.diagnosis_urls[d.id] for d in problem.diagnoses if d.id in self.diagnosis_urls
        ]
        return [_ref(url) for url in urls]

    def _care_plan(self, plan: TreatmentPlan, goal_urls: dict[int, str]) -> Resource:
        addresses: list[dict[str, str]] = []
        for problem in plan.problems:
            addresses += [a for a in self._addresses(problem) if a not in addresses]
        goals: list[dict[str, str]] = []
        activities: list[dict[str, Any]] = []
        for problem in plan.problems:
            for goal in problem.goals:
                goals.append(_ref(goal_urls[goal.id]))
                goals += [_ref(self.ids.make("objective", o.id)) for o in goal.objectives]
                for intervention in goal.interventions:
                    detail: dict[str, Any] = {
                        "status": _activity_status(plan.status, goal.status),
                        "description": intervention.description,
                        "goal": [_ref(goal_urls[goal.id])],
                    }
                    if intervention.modality.strip():
                        detail["code"] = {"text": intervention.modality.strip()}
                    if intervention.frequency.strip():
                        detail["scheduledString"] = intervention.frequency.strip()
                    activities.append({"detail": detail})
        care_plan: Resource = {
            "resourceType": "CarePlan",
            "id": _id(self.ids.make("plan", plan.id)),
            "status": PLAN_STATUS[plan.status],
            "intent": "plan",
            "title": f"Treatment plan, version {plan.version}",
            "subject": _ref(self.patient),
            "period": {"start": _day(plan.effective_date)},
            "created": _moment(plan.created_at),
        }
        described = [
            f"{label}: {value.strip()}"
            for label, value in (
                ("Modality", plan.modality),
                ("Session frequency", plan.frequency),
                ("Participants", plan.participants),
            )
            if value.strip()
        ]
        if described:
            care_plan["description"] = "\n".join(described)
        for key, values in (("addresses", addresses), ("goal", goals), ("activity", activities)):
            if values:
                care_plan[key] = values
        notes = [
            {"text": f"{label}: {value.strip()}"}
            for label, value in (
                ("Strengths", plan.strengths),
                ("Barriers", plan.barriers),
                ("Discharge criteria", plan.discharge_criteria),
            )
            if value.strip()
        ]
        if notes:
            care_plan["note"] = notes
        return care_plan

    def _goal(
        self,
        problem: Problem,
        goal: Goal,
        rating: ProgressRating | None,
        outcomes: list[str],
    ) -> Resource:
        resource: Resource = {
            "resourceType": "Goal",
            "id": _id(self.ids.make("goal", goal.id)),
            "lifecycleStatus": GOAL_LIFECYCLE[goal.status],
            "category": [{"text": goal.category.label}],
            "description": {"text": goal.statement},
            "subject": _ref(self.patient),
        }
        if goal.status is GoalStatus.REVISED:
            resource["statusReason"] = "Revised: replaced by a reworded goal"
        achievement = ACHIEVEMENT.get(rating) if rating is not None else None
        if achievement is None and goal.status is GoalStatus.ACHIEVED:
            achievement = ACHIEVEMENT[ProgressRating.ACHIEVED]
        if achievement is not None:
            resource["achievementStatus"] = _coded(GOAL_ACHIEVEMENT, *achievement)
        target: dict[str, Any] = {}
        if goal.measure_name.strip():
            # A target with a detail needs a measure (gol-1): the detail only comes with one.
            target["measure"] = {"text": goal.measure_name.strip()}
            if goal.target is not None:
                target["detailQuantity"] = _quantity(goal.target, goal.measure_unit)
        if goal.target_date is not None:
            target["dueDate"] = _day(goal.target_date)
        if target:
            resource["target"] = [target]
        resource["addresses"] = self._addresses(problem)
        if goal.client_words.strip():
            resource["note"] = [
                {"authorReference": _ref(self.patient), "text": goal.client_words.strip()}
            ]
        if outcomes:
            resource["outcomeReference"] = [_ref(url) for url in outcomes]
        return resource

    def _objective(self, problem: Problem, objective: Objective) -> Resource:
        resource: Resource = {
            "resourceType": "Goal",
            "id": _id(self.ids.make("objective", objective.id)),
            "lifecycleStatus": GOAL_LIFECYCLE[objective.status],
            "category": [{"text": "Objective (short-term step)"}],
            "description": {"text": objective.statement},
            "subject": _ref(self.patient),
        }
        if objective.target_date is not None:
            resource["target"] = [{"dueDate": _day(objective.target_date)}]
        resource["addresses"] = self._addresses(problem)
        return resource

    def _questionnaire_response(
        self, administration: MeasureAdministration, codes: LoincInstrument
    ) -> Resource | None:
        """Item-by-item answers; None when the stored answers are not a whole questionnaire."""
        spec: InstrumentDefinition = DEFINITIONS[administration.instrument]
        answers = administration.answers
        if (
            not isinstance(answers, list)
            or len(answers) != spec.item_count
            or not all(isinstance(a, int) and 0 <= a < len(LOINC_ANSWERS) for a in answers)
        ):
            return None
        items: list[dict[str, Any]] = [
            {
                "linkId": code,
                "text": wording,
                "answer": [
                    {
                        "valueCoding": {
                            "system": LOINC,
                            "code": LOINC_ANSWERS[answer],
                            "display": spec.answers[answer],
                        }
                    }
                ],
            }
            for code, wording, answer in zip(codes.items, spec.items, answers, strict=True)
        ]
        items.append(
            {
                "linkId": codes.total,
                "text": "Total score",
                "answer": [{"valueInteger": round(administration.total)}],
            }
        )
        return {
            "resourceType": "QuestionnaireResponse",
            "id": _id(self.ids.make("questionnaire_response", administration.id)),
            "questionnaire": f"http://loinc.org/q/{codes.panel}",
            "status": "completed",
            "subject": _ref(self.patient),
            "authored": _day(administration.administered_on),
            "item": items,
        }

    def _measure_observation(
        self,
        administration: MeasureAdministration,
        custom: CustomMeasure | None,
        response: Resource | None,
    ) -> Resource:
        observation: Resource = {
            "resourceType": "Observation",
            "id": _id(self.ids.make("measure", administration.id)),
            "status": "final",
        }
        codes = LOINC_INSTRUMENTS.get(administration.instrument)
        if codes is not None:
            name = DEFINITIONS[administration.instrument].name
            observation["category"] = [SURVEY]
            observation["code"] = {
                **_coded(LOINC, codes.total, codes.total_display),
                "text": f"{name} total score",
            }
        else:
            observation["code"] = {"text": custom.name if custom else "Custom measure"}
        observation["subject"] = _ref(self.patient)
        observation["effectiveDateTime"] = _day(administration.administered_on)
        if codes is not None:
            observation["valueInteger"] = round(administration.total)
            if administration.band:
                observation["interpretation"] = [{"text": administration.band}]
        else:
            observation["valueQuantity"] = _quantity(
                administration.total, custom.unit if custom else ""
            )
        if response is not None:
            observation["derivedFrom"] = [_ref(_Ids.url_of(response))]
        return observation

    def _goal_value(self, row: Any, url: str) -> Resource:
        _progress, session_date, measure_name, _rating, value, unit = row
        return {
            "resourceType": "Observation",
            "id": _id(url),
            "status": "final",
            "code": {"text": measure_name.strip() or "Goal measure"},
            "subject": _ref(self.patient),
            "effectiveDateTime": _day(session_date),
            "valueQuantity": _quantity(value, unit),
        }
