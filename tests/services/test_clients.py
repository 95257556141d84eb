"""Client records through the services on a real vault: every validation rule, archive, search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select

from practice_planner.domain.enums import ClientStatus
from practice_planner.errors import ValidationError
from practice_planner.services import clients
from practice_planner.services.clients import ClientInput, DiagnosisInput
from practice_planner.services.practice import ProfileInput, get_profile, update_profile
from practice_planner.storage import audit
from practice_planner.storage.models import AuditEvent
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 22)
ALEX = ClientInput(
    record_number="C-00001",
    legal_given_name="Alexandra",
    legal_family_name="Fictional",
    preferred_name="Alex",
    pronouns="she/her",
    date_of_birth=date(1990, 4, 2),
    intake_date=date(2026, 9, 1),
)


def fields_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return error.value.fields


def actions(vault: Vault) -> list[str]:
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_create_and_read_back(vault: Vault) -> None:
    client = clients.create_client(vault, ALEX, today=TODAY)
    assert client.id and client.display_name == "Alex Fictional"
    assert clients.get_client(vault, client.id).date_of_birth == date(1990, 4, 2)
    assert actions(vault)[-1] == "client.created"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"record_number": "  "}, "record_number", "required"),
        ({"record_number": "has space"}, "record_number", "letters, digits"),
        ({"legal_given_name": ""}, "legal_given_name", "required"),
        ({"legal_family_name": " "}, "legal_family_name", "required"),
        ({"date_of_birth": date(2026, 11, 23)}, "date_of_birth", "future"),
        ({"date_of_birth": date(1890, 1, 1)}, "date_of_birth", "120 years"),
        ({"intake_date": date(2027, 1, 1)}, "intake_date", "future"),
        ({"intake_date": date(1980, 1, 1)}, "intake_date", "date of birth"),
        ({"email": "not an address"}, "email", "name@example.org"),
        ({"preferred_name": "x" * 201}, "preferred_name", "too long"),
        ({"presenting_concerns": "x" * 20_001}, "presenting_concerns", "limit is 20,000"),
        ({"status": ClientStatus.DISCHARGED}, "discharge_date", "discharge date"),
        ({"discharge_date": date(2026, 10, 1)}, "status", "discharged"),
        (
            {"status": ClientStatus.DISCHARGED, "discharge_date": date(2026, 8, 1)},
            "discharge_date",
            "before intake",
        ),
    ],
)
def test_each_rule_names_its_field(
    vault: Vault, change: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        clients.create_client(vault, replace(ALEX, **change), today=TODAY)  # type: ignore[arg-type]
    assert field in fields_of(error)
    assert words in fields_of(error)[field]
    assert clients.list_clients(vault) == []  # nothing half-written


def test_every_problem_is_reported_at_once(vault: Vault) -> None:
    bad = replace(ALEX, record_number="", legal_given_name="", email="nope")
    with pytest.raises(ValidationError) as error:
        clients.create_client(vault, bad, today=TODAY)
    assert set(fields_of(error)) == {"record_number", "legal_given_name", "email"}


def test_messages_never_repeat_what_was_typed(vault: Vault) -> None:
    with pytest.raises(ValidationError) as error:
        clients.create_client(vault, replace(ALEX, email="secret-canary"), today=TODAY)
    assert "secret-canary" not in str(error.value)


def test_duplicate_record_number_is_refused_case_insensitively(vault: Vault) -> None:
    clients.create_client(vault, ALEX, today=TODAY)
    other = replace(ALEX, record_number="c-00001", legal_given_name="Sam")
    with pytest.raises(ValidationError) as error:
        clients.create_client(vault, other, today=TODAY)
    assert "already has this record number" in fields_of(error)["record_number"]
    second = clients.create_client(vault, replace(other, record_number="C-00002"), today=TODAY)
    with pytest.raises(ValidationError):
        clients.update_client(
            vault, second.id, replace(other, record_number="C-00001"), today=TODAY
        )


def test_update_keeps_the_record_and_audits_changed_fields(vault: Vault) -> None:
    client = clients.create_client(vault, ALEX, today=TODAY)
    updated = clients.update_client(
        vault, client.id, replace(ALEX, pronouns="they/them"), today=TODAY
    )
    assert updated.pronouns == "they/them"
    with vault.reading() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None and event.action == "client.updated"
        assert '"pronouns"' in event.detail and "they/them" not in event.detail


def test_a_refused_update_changes_nothing(vault: Vault) -> None:
    client = clients.create_client(vault, ALEX, today=TODAY)
    with pytest.raises(ValidationError):
        clients.update_client(vault, client.id, replace(ALEX, legal_family_name=""), today=TODAY)
    assert clients.get_client(vault, client.id).legal_family_name == "Fictional"


def test_archive_hides_and_unarchive_brings_back(vault: Vault) -> None:
    client = clients.create_client(vault, ALEX, today=TODAY)
    clients.set_archived(vault, client.id, True)
    assert clients.list_clients(vault) == []
    assert [c.id for c in clients.list_clients(vault, include_archived=True)] == [client.id]
    clients.set_archived(vault, client.id, False)
    assert [c.id for c in clients.list_clients(vault)] == [client.id]
    assert actions(vault)[-2:] == ["client.archived", "client.unarchived"]


def add_people(vault: Vault, people: list[tuple[str, str, str, str]]) -> None:
    """Clients as (record number, given, family, preferred name), otherwise like ALEX."""
    for number, given, family, preferred in people:
        clients.create_client(
            vault,
            replace(
                ALEX,
                record_number=number,
                legal_given_name=given,
                legal_family_name=family,
                preferred_name=preferred,
            ),
            today=TODAY,
        )


def test_search_across_names_and_record_number(vault: Vault) -> None:
    people = [
        ("C-00001", "Alexandra", "Fictional", "Alex"),
        ("C-00002", "Σοφία", "Δοκιμή", ""),
        ("X-100", "Ivan", "Примеров", "Vanya"),
        ("C-00004", "50%_off", "Literal", ""),
    ]
    add_people(vault, people)
    found = lambda text: [c.record_number for c in clients.list_clients(vault, search=text)]  # noqa: E731
    assert found("alex") == ["C-00001"]
    assert found("vanya") == ["X-100"]
    assert found("x-1") == ["X-100"]
    assert found("Σοφ") == ["C-00002"]
    assert found("%_") == ["C-00004"]  # wildcards are literal
    assert found("alex fict") == ["C-00001"]
    assert clients.suggest_record_number(vault) == "C-00005"
    assert clients.find_by_record_number(vault, "x-100").legal_given_name == "Ivan"
    with pytest.raises(ValidationError):
        clients.find_by_record_number(vault, "nobody")


def test_search_ignores_case_and_accents_in_any_script(vault: Vault) -> None:
    people = [
        ("C-00001", "Jürgen", "Müller", ""),
        ("C-00002", "Zoë", "Ångström", "Zo"),
        ("C-00003", "ΣΩΚΡΆΤΗΣ", "Παπαδόπουλος", ""),
        ("C-00004", "Алёна", "ИВАНОВА", ""),
        ("C-00005", "Anna", "Strauß", ""),
    ]
    add_people(vault, people)
    found = lambda text: [c.record_number for c in clients.list_clients(vault, search=text)]  # noqa: E731
    ids = lambda text: clients.client_ids(vault, text)  # noqa: E731
    assert found("muller") == found("MÜLLER") == found("jurgen mül") == ["C-00001"]
    assert found("zoe angstrom") == ["C-00002"]
    assert found("σωκρατης") == found("Σωκράτης") == ["C-00003"]  # final sigma folds too
    assert found("παπαδοπ") == ["C-00003"]
    assert found("алена") == found("иванова") == ["C-00004"]
    assert found("strauss") == found("STRAUß") == ["C-00005"]
    assert sorted(found("c-0000")) == [number for number, *_ in people]
    assert ids("muller") == [clients.find_by_record_number(vault, "C-00001").id]
    # A renamed client is found by the new name only (the key follows every update).
    renamed = clients.find_by_record_number(vault, "C-00001")
    clients.update_client(
        vault,
        renamed.id,
        replace(clients.ClientInput.from_client(renamed), legal_family_name="Öztürk"),
        today=TODAY,
    )
    assert found("muller") == []
    assert found("ozturk") == ["C-00001"]


def test_status_filter(vault: Vault) -> None:
    clients.create_client(vault, ALEX, today=TODAY)
    clients.create_client(
        vault, replace(ALEX, record_number="C-2", status=ClientStatus.INACTIVE), today=TODAY
    )
    inactive = clients.list_clients(vault, statuses=[ClientStatus.INACTIVE])
    assert [c.record_number for c in inactive] == ["C-2"]


def test_diagnoses_validate_and_keep_one_primary(vault: Vault) -> None:
    client = clients.create_client(vault, ALEX, today=TODAY)
    first = clients.add_diagnosis(
        vault,
        client.id,
        DiagnosisInput("f41.1", "Generalized anxiety disorder", is_primary=True),
        today=TODAY,
    )
    assert first.icd10_code == "F41.1"
    clients.add_diagnosis(
        vault,
        client.id,
        DiagnosisInput(
            "F32.1", "Major depressive disorder, single episode, moderate", is_primary=True
        ),
        today=TODAY,
    )
    primaries = [
        d.icd10_code for d in clients.get_client(vault, client.id).diagnoses if d.is_primary
    ]
    assert primaries == ["F32.1"]
    with pytest.raises(ValidationError) as error:
        clients.add_diagnosis(vault, client.id, DiagnosisInput("41.1", ""), today=TODAY)
    assert set(fields_of(error)) == {"icd10_code", "description"}
    with pytest.raises(ValidationError) as error:
        clients.add_diagnosis(
            vault,
            client.id,
            DiagnosisInput(
                "F41.1", "GAD", diagnosed_on=date(2026, 5, 1), resolved_on=date(2026, 4, 1)
            ),
            today=TODAY,
        )
    assert "resolved_on" in fields_of(error)


def test_practice_profile(vault: Vault) -> None:
    assert get_profile(vault).practice_name == ""
    with pytest.raises(ValidationError) as error:
        update_profile(
            vault, ProfileInput(practice_name="Demo", clinician_name="Dr. Demo", npi="1234567890")
        )
    assert "check digit" in fields_of(error)["npi"]
    update_profile(
        vault,
        ProfileInput(practice_name="Demo Practice", clinician_name="Dr. Demo", npi="1234567893"),
    )
    assert get_profile(vault).npi == "1234567893"


@pytest.mark.parametrize("search", ["", "müller c-1"])
@pytest.mark.parametrize("include_archived", [False, True])
def test_the_list_order_and_search_walk_one_index_without_sorting(
    vault: Vault, search: str, include_archived: bool
) -> None:
    """At 20,000 clients a table scan and a sort cost more than the whole keystroke budget."""
    statements: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if statement.lstrip().startswith("SELECT client.id"):
            statements.append((statement, params))

    event.listen(vault.engine, "before_cursor_execute", keep)
    try:
        clients.client_ids(vault, search, include_archived=include_archived)
    finally:
        event.remove(vault.engine, "before_cursor_execute", keep)
    [(statement, params)] = statements
    with vault.raw_connection() as conn:
        plan = " / ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statement, params))
    assert plan == "SCAN client USING COVERING INDEX ix_client_list"
