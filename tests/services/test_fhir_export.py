"""``export fhir``: one client's record as an HL7 FHIR R4 Bundle that the fhir.resources models
accept, mapped as DOMAIN.md describes, with every reference resolving inside the bundle.

fhir.resources 8 ships FHIR R4B (4.3) under ``fhir.resources.R4B`` (R5 at the top level, no R4):
R4B keeps R4's shape for every resource exported here, so the bundle is validated with R4B. The
models check structure and types but not code values or invariants, so those are checked here.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from practice_planner.domain.enums import (
    Direction,
    GoalCategory,
    GoalStatus,
    Instrument,
    PlanStatus,
    ProgressRating,
)
from practice_planner.domain.measures import GAD7, PHQ9
from practice_planner.errors import ValidationError
from practice_planner.services import clients, measures, plans, sessions
from practice_planner.services.fhir_export import (
    ACHIEVEMENT,
    GOAL_LIFECYCLE,
    LOINC_ANSWERS,
    LOINC_INSTRUMENTS,
    PLAN_STATUS,
    export_fhir,
)
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
PHQ9_ANSWERS = [1, 2, 0, 3, 1, 0, 2, 1, 1]
GAD7_ANSWERS = [3, 2, 2, 1, 0, 1, 2]


@dataclass(frozen=True)
class Record:
    client_id: int
    record_number: str
    goal_ids: tuple[int, int]
    plan_id: int


def write_client_record(
    vault: Vault,
    *,
    record_number: str = "C-0042",
    given: str = "Zoë",
    family: str = "Ἀλεξάνδρου-Петрова",
    mention: str = "",
    private_phrase: str = "",
) -> Record:
    """A client with diagnoses, a signed plan, two rated sessions and three kinds of measure.

    ``mention`` goes into every free-text field a clinician writes about the client; the
    ``private_phrase`` only into a psychotherapy note.
    """
    start = TODAY - timedelta(days=60)
    client = clients.create_client(
        vault,
        clients.ClientInput(
            record_number=record_number,
            legal_given_name=given,
            legal_family_name=family,
            preferred_name=f"{given} {mention}".strip() if mention else "Zo",
            date_of_birth=date(1988, 4, 2),
            email="client@example.org",
            phone="555-0100",
            address=f"1 Example Road {mention}".strip(),
            emergency_contact_name=f"Sam {family}",
            emergency_contact_relationship="Sibling",
            emergency_contact_phone="555-0199",
            intake_date=start,
            presenting_concerns=f"Panic at work {mention}".strip(),
        ),
        today=TODAY,
    )
    panic = clients.add_diagnosis(
        vault,
        client.id,
        clients.DiagnosisInput("F41.0", "Panic disorder", is_primary=True, diagnosed_on=start),
        today=TODAY,
    )
    clients.add_diagnosis(
        vault,
        client.id,
        clients.DiagnosisInput(
            "F32.0",
            "Mild depressive episode",
            diagnosed_on=start - timedelta(days=400),
            resolved_on=start - timedelta(days=30),
        ),
        today=TODAY,
    )
    plan = plans.create_plan(
        vault,
        client.id,
        plans.PlanHeaderInput(
            effective_date=start,
            modality="CBT",
            frequency="Weekly",
            strengths=f"Curious, funny {mention}".strip(),
        ),
    )
    problem = plans.add_problem(
        vault,
        plan.id,
        plans.ProblemInput(
            f"Panic attacks interfere with work {mention}".strip(), diagnosis_ids=(panic.id,)
        ),
    )
    measured = plans.add_goal(
        vault,
        problem.id,
        plans.GoalInput(
            statement="Reduce panic attacks from 5 to 1 per week",
            category=GoalCategory.SYMPTOM,
            client_words=f"I want to get through a meeting {mention}".strip(),
            measure_name="Panic attacks",
            measure_unit="per week",
            baseline="5",
            target="1",
            direction=Direction.DECREASE,
            target_date=TODAY + timedelta(days=90),
        ),
    )
    unmeasured = plans.add_goal(
        vault,
        problem.id,
        plans.GoalInput(
            statement="Return to taking the train",
            category=GoalCategory.BEHAVIORAL,
            target_date=TODAY + timedelta(days=120),
        ),
    )
    plans.add_objective(vault, measured.id, plans.ObjectiveInput("Keep a panic diary", start))
    plans.add_intervention(
        vault, measured.id, plans.InterventionInput("Interoceptive exposure", "CBT", "Weekly")
    )
    plans.sign_plan(vault, plan.id, plans.SignatureInput(clinician_signed_on=start), today=TODAY)
    for weeks, rating, observed in ((2, ProgressRating.IMPROVING, "3"), (6, None, "2.5")):
        held = start + timedelta(weeks=weeks)
        encounter = sessions.create_encounter(
            vault, client.id, sessions.EncounterInput(session_date=held), today=TODAY
        )
        note = sessions.save_note_draft(
            vault,
            encounter.id,
            sessions.NoteInput(
                sections={"subjective": f"Felt calmer this week {mention}".strip()},
                homework=f"Diary {mention}".strip(),
            ),
        )
        sessions.record_goal_progress(
            vault,
            note.id,
            [
                sessions.GoalProgressInput(measured.id, rating=rating, observed_value=observed),
                sessions.GoalProgressInput(unmeasured.id, rating=ProgressRating.NO_CHANGE),
            ],
        )
        if private_phrase:
            sessions.save_psychotherapy_note(vault, encounter.id, private_phrase)
        measures.record_instrument(
            vault, client.id, Instrument.PHQ9, PHQ9_ANSWERS, held, encounter.id, today=TODAY
        )
    measures.record_instrument(vault, client.id, Instrument.GAD7, GAD7_ANSWERS, start, today=TODAY)
    sleep = measures.define_custom_measure(vault, "Hours slept", "hours", 0, 24)
    measures.record_custom(vault, client.id, sleep.id, "6.5", start, today=TODAY)
    return Record(client.id, record_number, (measured.id, unmeasured.id), plan.id)


# ------------------------------------------------------------------------------ helpers
def _export(vault: Vault, record: Record, out: Path) -> dict[str, Any]:
    export_fhir(vault, record.client_id, out, now=NOW)
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _references(value: Any) -> list[str]:
    """Every ``reference`` anywhere inside ``value``."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def _codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept.get("coding", [])]


@pytest.fixture
def record(vault: Vault) -> Record:
    return write_client_record(vault)


@pytest.fixture
def bundle(vault: Vault, record: Record, tmp_path: Path) -> dict[str, Any]:
    return _export(vault, record, tmp_path / "record.json")


# ------------------------------------------------------------------------------ validity
def test_the_bundle_validates_with_fhir_resources(bundle: dict[str, Any]) -> None:
    resources = pytest.importorskip("fhir.resources.R4B.bundle", reason="test extra")
    parsed = resources.Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    kinds = {type(entry.resource).__name__ for entry in parsed.entry}
    assert kinds == {
        "Patient",
        "Condition",
        "CarePlan",
        "Goal",
        "Observation",
        "QuestionnaireResponse",
    }
    # Each resource also stands on its own against its own model.
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        module = pytest.importorskip(f"fhir.resources.R4B.{kind.lower()}")
        getattr(module, kind).model_validate(entry["resource"])


def test_full_urls_are_unique_uuids_and_every_reference_resolves(bundle: dict[str, Any]) -> None:
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(urls) == len(set(urls))
    assert all(
        url == "urn:uuid:" + entry["resource"]["id"]
        for url, entry in zip(urls, bundle["entry"], strict=True)
    )
    assert all(url.startswith("urn:uuid:") and len(url) == 45 for url in urls)
    assert set(_references(bundle)) <= set(urls)
    assert bundle["timestamp"] == "2026-11-20T09:30:00+00:00"


def test_codes_are_from_their_value_sets_and_invariants_hold(bundle: dict[str, Any]) -> None:
    """What the models do not check: required bindings and the gol-1 invariant."""
    lifecycle = {"proposed", "planned", "accepted", "active", "on-hold", "completed",
                 "cancelled", "entered-in-error", "rejected"}  # fmt: skip
    achievement = {"in-progress", "improving", "worsening", "no-change", "achieved",
                   "sustaining", "not-achieved", "no-progress", "not-attainable"}  # fmt: skip
    request_status = {"draft", "active", "on-hold", "revoked", "completed",
                      "entered-in-error", "unknown"}  # fmt: skip
    activity_status = {"not-started", "scheduled", "in-progress", "on-hold", "completed",
                       "cancelled", "stopped", "unknown", "entered-in-error"}  # fmt: skip
    assert set(GOAL_LIFECYCLE.values()) <= lifecycle
    assert {code for code, _ in ACHIEVEMENT.values()} <= achievement
    assert set(PLAN_STATUS.values()) <= request_status
    for goal in _resources(bundle, "Goal"):
        assert goal["lifecycleStatus"] in lifecycle
        for target in goal.get("target", []):
            if any(key.startswith("detail") for key in target):
                assert target["measure"]["text"]  # gol-1
    (care_plan,) = _resources(bundle, "CarePlan")
    assert care_plan["status"] in request_status and care_plan["intent"] == "plan"
    assert all(a["detail"]["status"] in activity_status for a in care_plan["activity"])
    for condition in _resources(bundle, "Condition"):
        (status,) = _codes(condition["clinicalStatus"])
        assert status[0] == "http://terminology.hl7.org/CodeSystem/condition-clinical"
        if "abatementDateTime" in condition:  # con-4
            assert status[1] in {"inactive", "resolved", "remission"}
    assert {o["status"] for o in _resources(bundle, "Observation")} == {"final"}
    assert {q["status"] for q in _resources(bundle, "QuestionnaireResponse")} == {"completed"}


def test_every_status_has_a_mapping() -> None:
    assert set(PLAN_STATUS) == set(PlanStatus)
    assert set(GOAL_LIFECYCLE) == set(GoalStatus)
    assert set(ACHIEVEMENT) == set(ProgressRating)
    assert PLAN_STATUS[PlanStatus.UNDER_REVIEW] == "on-hold"
    assert PLAN_STATUS[PlanStatus.SUPERSEDED] == "revoked"
    for instrument, codes in LOINC_INSTRUMENTS.items():
        spec = PHQ9 if instrument is Instrument.PHQ9 else GAD7
        assert len(codes.items) == spec.item_count == len(set(codes.items))
        assert (codes.total, codes.panel) == (spec.loinc_total, spec.loinc_panel)
    assert len(LOINC_ANSWERS) == len(PHQ9.answers)


# ------------------------------------------------------------------------------ mapping
def test_patient_carries_identity_but_no_guessed_gender(
    bundle: dict[str, Any], record: Record
) -> None:
    (patient,) = _resources(bundle, "Patient")
    (identifier,) = patient["identifier"]
    assert identifier["value"] == record.record_number
    assert _codes(identifier["type"]) == [("http://terminology.hl7.org/CodeSystem/v2-0203", "MR")]
    official, usual = patient["name"]
    assert official == {"use": "official", "family": "Ἀλεξάνδρου-Петрова", "given": ["Zoë"]}
    assert usual["use"] == "usual" and usual["given"] == ["Zo"]
    assert patient["birthDate"] == "1988-04-02"
    assert "gender" not in patient
    assert patient["contact"][0]["name"] == {"text": "Sam Ἀλεξάνδρου-Петрова"}


def test_diagnoses_and_problems_are_conditions(bundle: dict[str, Any]) -> None:
    conditions = _resources(bundle, "Condition")
    coded = {c["code"]["coding"][0]["code"]: c for c in conditions if "coding" in c["code"]}
    assert set(coded) == {"F41.0", "F32.0"}
    assert _codes(coded["F41.0"]["code"]) == [("http://hl7.org/fhir/sid/icd-10-cm", "F41.0")]
    assert coded["F41.0"]["code"]["text"] == "Panic disorder"
    assert _codes(coded["F41.0"]["clinicalStatus"])[0][1] == "active"
    assert _codes(coded["F32.0"]["clinicalStatus"])[0][1] == "resolved"
    assert "abatementDateTime" in coded["F32.0"]
    (problem,) = [c for c in conditions if "coding" not in c["code"]]
    assert problem["code"]["text"] == "Panic attacks interfere with work"
    for condition in conditions:
        assert _codes(condition["category"][0]) == [
            ("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")
        ]


def test_care_plan_goals_and_activities(bundle: dict[str, Any]) -> None:
    (care_plan,) = _resources(bundle, "CarePlan")
    urls = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    goals = {g["description"]["text"]: g for g in _resources(bundle, "Goal")}
    assert care_plan["status"] == "active"  # signed
    assert care_plan["period"] == {"start": (TODAY - timedelta(days=60)).isoformat()}
    assert [r["reference"] for r in care_plan["goal"]] == [
        urls[goals[text]["id"]]
        for text in (
            "Reduce panic attacks from 5 to 1 per week",
            "Keep a panic diary",
            "Return to taking the train",
        )
    ]
    (activity,) = care_plan["activity"]
    assert activity["detail"]["description"] == "Interoceptive exposure"
    assert activity["detail"]["status"] == "in-progress"
    assert activity["detail"]["scheduledString"] == "Weekly"
    problem_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition"
        and "coding" not in e["resource"]["code"]
    )  # fmt: skip
    assert care_plan["addresses"][0]["reference"] == problem_url


def test_a_measurable_goal_has_its_target_words_and_latest_achievement(
    bundle: dict[str, Any],
) -> None:
    goals = {g["description"]["text"]: g for g in _resources(bundle, "Goal")}
    (patient,) = _resources(bundle, "Patient")
    measured = goals["Reduce panic attacks from 5 to 1 per week"]
    assert measured["lifecycleStatus"] == "active"
    assert measured["target"] == [
        {
            "measure": {"text": "Panic attacks"},
            "detailQuantity": {"value": 1, "unit": "per week"},
            "dueDate": (TODAY + timedelta(days=90)).isoformat(),
        }
    ]
    assert measured["note"] == [
        {
            "authorReference": {"reference": "urn:uuid:" + patient["id"]},
            "text": "I want to get through a meeting",
        }
    ]
    # The second session had a value but no rating: the latest rating given still counts.
    assert _codes(measured["achievementStatus"]) == [
        ("http://terminology.hl7.org/CodeSystem/goal-achievement", "improving")
    ]
    unmeasured = goals["Return to taking the train"]
    assert unmeasured["target"] == [{"dueDate": (TODAY + timedelta(days=120)).isoformat()}]
    assert _codes(unmeasured["achievementStatus"])[0][1] == "no-change"


def test_goal_values_are_observations_linked_from_their_goal(bundle: dict[str, Any]) -> None:
    goals = {g["description"]["text"]: g for g in _resources(bundle, "Goal")}
    observations = {"urn:uuid:" + o["id"]: o for o in _resources(bundle, "Observation")}
    measured = goals["Reduce panic attacks from 5 to 1 per week"]
    values = [observations[r["reference"]] for r in measured["outcomeReference"]]
    assert [v["valueQuantity"] for v in values] == [
        {"value": 3, "unit": "per week"},
        {"value": 2.5, "unit": "per week"},
    ]
    assert {v["code"]["text"] for v in values} == {"Panic attacks"}
    assert "outcomeReference" not in goals["Return to taking the train"]


def test_questionnaires_are_scored_observations_and_item_answers(bundle: dict[str, Any]) -> None:
    observations = _resources(bundle, "Observation")
    responses = {"urn:uuid:" + q["id"]: q for q in _resources(bundle, "QuestionnaireResponse")}
    phq9 = [o for o in observations if ("http://loinc.org", "44261-6") in _codes(o["code"])]
    gad7 = [o for o in observations if ("http://loinc.org", "70274-6") in _codes(o["code"])]
    assert [o["valueInteger"] for o in phq9] == [sum(PHQ9_ANSWERS)] * 2
    assert [o["valueInteger"] for o in gad7] == [sum(GAD7_ANSWERS)]
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in phq9 + gad7)
    (response,) = [responses[r["reference"]] for r in gad7[0]["derivedFrom"]]
    assert response["questionnaire"] == "http://loinc.org/q/69737-5"
    items = response["item"]
    assert [item["text"] for item in items[:-1]] == list(GAD7.items)  # verbatim wording
    assert [item["linkId"] for item in items[:-1]] == list(LOINC_INSTRUMENTS[Instrument.GAD7].items)
    assert [item["answer"][0]["valueCoding"]["code"] for item in items[:-1]] == [
        LOINC_ANSWERS[a] for a in GAD7_ANSWERS
    ]
    assert items[0]["answer"][0]["valueCoding"]["display"] == "Nearly every day"
    assert items[-1] == {
        "linkId": "70274-6",
        "text": "Total score",
        "answer": [{"valueInteger": sum(GAD7_ANSWERS)}],
    }
    phq9_response = responses[phq9[0]["derivedFrom"][0]["reference"]]
    assert phq9_response["questionnaire"] == "http://loinc.org/q/44249-1"
    assert [item["text"] for item in phq9_response["item"][:-1]] == list(PHQ9.items)
    (sleep,) = [o for o in observations if o["code"].get("text") == "Hours slept"]
    assert sleep["valueQuantity"] == {"value": 6.5, "unit": "hours"}


# ------------------------------------------------------------------------------ the file
def test_psychotherapy_notes_and_note_text_never_leave(vault: Vault, tmp_path: Path) -> None:
    record = write_client_record(vault, record_number="C-7", private_phrase="Kept-only-for-me 4471")
    out = tmp_path / "out.json"
    export_fhir(vault, record.client_id, out)
    text = out.read_text(encoding="utf-8")
    assert "Kept-only-for-me" not in text
    assert "Felt calmer this week" not in text


def test_the_file_is_private_reproducible_and_audited(
    vault: Vault, record: Record, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    summary = export_fhir(vault, record.client_id, first, now=NOW)
    export_fhir(vault, record.client_id, second, now=NOW)
    assert first.read_bytes() == second.read_bytes()
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert summary.resources["Patient"] == 1 and summary.total == len(
        json.loads(first.read_text())["entry"]
    )
    with vault.reading() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export.fhir").order_by(AuditEvent.seq)
        ).all()
    assert len(events) == 2
    assert (events[0].entity, events[0].entity_id) == ("client", str(record.client_id))
    assert json.loads(events[0].detail)["resources"] == summary.resources
    assert "Zo" not in events[0].detail
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_refusals_write_nothing(vault: Vault, record: Record, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as folder:
        export_fhir(vault, record.client_id, tmp_path)
    assert set(folder.value.fields) == {"out"}
    with pytest.raises(ValidationError) as missing:
        export_fhir(vault, record.client_id, tmp_path / "no such folder" / "x.json")
    assert "does not exist" in missing.value.fields["out"]
    with pytest.raises(ValidationError) as nobody:
        export_fhir(vault, 9999, tmp_path / "x.json")
    assert set(nobody.value.fields) == {"client"}
    assert list(tmp_path.iterdir()) == [vault.path.parent]
    with vault.reading() as session:
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export.fhir")
        ).all()


def test_a_client_without_a_plan_exports_patient_and_measures(vault: Vault, tmp_path: Path) -> None:
    client = clients.create_client(vault, clients.ClientInput("N-1", "Only", "Patient"))
    measures.record_instrument(vault, client.id, Instrument.PHQ9, [0] * 9, TODAY, today=TODAY)
    out = tmp_path / "n.json"
    summary = export_fhir(vault, client.id, out)
    assert summary.resources == {"Observation": 1, "Patient": 1, "QuestionnaireResponse": 1}
    document = json.loads(out.read_text())
    (patient,) = _resources(document, "Patient")
    assert patient["name"] == [{"use": "official", "family": "Patient", "given": ["Only"]}]
    assert "contact" not in patient and "telecom" not in patient
