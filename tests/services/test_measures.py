"""PHQ-9, GAD-7 and custom measures through the service, on a real vault."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from practice_planner.domain.enums import Direction, Instrument
from practice_planner.errors import ValidationError
from practice_planner.services import measures
from practice_planner.storage import audit
from practice_planner.storage.models import (
    AuditEvent,
    Client,
    CustomMeasure,
    Encounter,
    MeasureAdministration,
)
from practice_planner.storage.vault import Vault

TODAY = date(2026, 11, 22)
MILD_PHQ9 = [1, 1, 1, 1, 1, 1, 1, 0, 0]  # total 7, item 9 zero
SELF_HARM_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1, item 9 answered "several days"


def make_client(vault: Vault, number: str, *, archived: bool = False) -> int:
    """A fictional client, built with the ORM so only the storage layer is assumed."""
    with vault.unit_of_work() as session:
        client = Client(record_number=number, legal_given_name="Test", legal_family_name=number)
        if archived:
            client.archived_at = datetime(2026, 11, 1, tzinfo=UTC)
        session.add(client)
        session.flush()
        return client.id


def make_encounter(vault: Vault, client_id: int) -> int:
    with vault.unit_of_work() as session:
        encounter = Encounter(
            client_id=client_id, session_date=date(2026, 11, 20), start_time=time(10, 0)
        )
        session.add(encounter)
        session.flush()
        return encounter.id


@pytest.fixture
def client_id(vault: Vault) -> int:
    return make_client(vault, "C-00001")


def events(vault: Vault) -> list[AuditEvent]:
    with vault.reading() as session:
        assert audit.verify_chain(session) == []
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def count(vault: Vault, model: type[object]) -> int:
    with vault.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.fields


# ------------------------------------------------------------------------------ questionnaires
def test_a_phq9_is_scored_and_kept_with_its_answers(vault: Vault, client_id: int) -> None:
    encounter_id = make_encounter(vault, client_id)
    given = measures.record_instrument(
        vault, client_id, Instrument.PHQ9, MILD_PHQ9, date(2026, 11, 20), encounter_id, today=TODAY
    )
    assert (given.total, given.band, given.item9_flag) == (7, "Mild", False)
    assert given.answers == MILD_PHQ9 and given.encounter_id == encounter_id
    event = events(vault)[-1]
    assert (event.action, event.entity, event.entity_id) == (
        "measure.recorded",
        "measure_administration",
        str(given.id),
    )
    assert json.loads(event.detail) == {"instrument": "phq9", "item9_flag": False}


def test_the_closing_difficulty_answer_is_kept_but_not_scored(vault: Vault, client_id: int) -> None:
    given = measures.record_instrument(
        vault, client_id, Instrument.GAD7, [1] * 7, date(2026, 11, 20), difficulty=3, today=TODAY
    )
    (back,) = measures.administrations(vault, client_id, Instrument.GAD7)
    assert (back.total, back.difficulty) == (7, 3)
    assert measures.client_administrations(vault, client_id)[0].difficulty == 3
    unasked = measures.record_instrument(
        vault, client_id, Instrument.PHQ9, MILD_PHQ9, date(2026, 11, 20), today=TODAY
    )
    assert unasked.difficulty is None and given.id != unasked.id
    with pytest.raises(ValidationError) as refused:
        measures.record_instrument(
            vault, client_id, Instrument.PHQ9, MILD_PHQ9, date(2026, 11, 20), difficulty=4
        )
    assert "difficulty" in refused.value.fields


def test_any_answer_on_item_9_raises_the_flag(vault: Vault, client_id: int) -> None:
    given = measures.record_instrument(
        vault, client_id, Instrument.PHQ9, SELF_HARM_PHQ9, TODAY, today=TODAY
    )
    assert given.item9_flag and given.total == 1 and given.band == "Minimal"
    assert json.loads(events(vault)[-1].detail)["item9_flag"] is True
    with vault.reading() as session:
        stored = session.get(MeasureAdministration, given.id)
        assert stored is not None and stored.item9_flag


def test_a_gad7_is_scored(vault: Vault, client_id: int) -> None:
    given = measures.record_instrument(
        vault, client_id, Instrument.GAD7, [3, 3, 3, 3, 3, 0, 0], TODAY, today=TODAY
    )
    assert (given.total, given.band, given.item9_flag) == (15, "Severe", False)


@pytest.mark.parametrize(
    ("instrument", "answers", "field", "words"),
    [
        (Instrument.PHQ9, [1, 1, 1], "answers", "missing"),
        (Instrument.PHQ9, [1, 1, 1, 1, None, 1, 1, 1, 1], "answers", "missing"),
        (Instrument.PHQ9, [1] * 10, "answers", "extra"),
        (Instrument.GAD7, [0, 0, 4, 0, 0, 0, -1], "answers", "0 to 3"),
        (Instrument.CUSTOM, [1], "instrument", "PHQ-9 or GAD-7"),
    ],
)
def test_each_questionnaire_rule_names_its_field(
    vault: Vault,
    client_id: int,
    instrument: Instrument,
    answers: list[int | None],
    field: str,
    words: str,
) -> None:
    fields = refused(
        measures.record_instrument, vault, client_id, instrument, answers, TODAY, today=TODAY
    )
    assert words in fields[field]
    assert count(vault, MeasureAdministration) == 0


def test_every_questionnaire_problem_at_once(vault: Vault) -> None:
    archived = make_client(vault, "C-00009", archived=True)
    fields = refused(
        measures.record_instrument,
        vault,
        archived,
        Instrument.PHQ9,
        [1],
        date(2026, 11, 23),
        today=TODAY,
    )
    assert "future" in fields["administered_on"]
    assert "missing" in fields["answers"]
    assert "archived" in fields["client"]


def test_a_questionnaire_needs_a_client_and_their_own_session(vault: Vault, client_id: int) -> None:
    missing = refused(
        measures.record_instrument, vault, 999, Instrument.PHQ9, MILD_PHQ9, TODAY, today=TODAY
    )
    assert "no longer exists" in missing["client"]
    other_session = make_encounter(vault, make_client(vault, "C-00002"))
    fields = refused(
        measures.record_instrument,
        vault,
        client_id,
        Instrument.PHQ9,
        MILD_PHQ9,
        TODAY,
        other_session,
        today=TODAY,
    )
    assert "this client's sessions" in fields["encounter"]
    assert count(vault, MeasureAdministration) == 0


# ------------------------------------------------------------------------------ custom measures
def test_define_a_custom_measure(vault: Vault) -> None:
    mood = measures.define_custom_measure(vault, " Mood ", "points", "0", "10", Direction.INCREASE)
    assert (mood.name, mood.unit, mood.min_value, mood.max_value) == ("Mood", "points", 0, 10)
    drinks = measures.define_custom_measure(
        vault, "Drinks", "per week", 0.0, None, Direction.DECREASE
    )
    assert drinks.max_value is None and drinks.better is Direction.DECREASE
    assert [m.name for m in measures.custom_measures(vault)] == ["Drinks", "Mood"]
    event = events(vault)[-1]
    assert (event.action, event.entity, event.entity_id) == (
        "custom_measure.defined",
        "custom_measure",
        str(drinks.id),
    )
    assert "Drinks" not in event.detail


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (("", "", None, None), "name", "required"),
        (("x" * 201, "", None, None), "name", "too long"),
        (("Sleep", "x" * 101, None, None), "unit", "too long"),
        (("Sleep", "hours", "a few", None), "min_value", "number"),
        (("Sleep", "hours", None, "lots"), "max_value", "number"),
        (("Sleep", "hours", "10", "0"), "max_value", "greater than"),
        (("Sleep", "hours", 5.0, 5.0), "max_value", "greater than"),
        (("Sleep", "hours", float("nan"), 5.0), "min_value", "number"),
    ],
)
def test_each_custom_measure_rule_names_its_field(
    vault: Vault, args: tuple[str, str, object, object], field: str, words: str
) -> None:
    fields = refused(measures.define_custom_measure, vault, *args)
    assert words in fields[field]
    assert count(vault, CustomMeasure) == 0


def test_custom_measure_names_are_unique_ignoring_case(vault: Vault) -> None:
    measures.define_custom_measure(vault, "Mood", "", "0", "10")
    fields = refused(measures.define_custom_measure, vault, "  mood ", "", "1", "5")
    assert "already exists" in fields["name"]
    assert count(vault, CustomMeasure) == 1


def test_record_a_custom_value_as_typed(vault: Vault, client_id: int) -> None:
    mood = measures.define_custom_measure(vault, "Mood", "points", "0", "10")
    given = measures.record_custom(vault, client_id, mood.id, " 7,5 ", TODAY, today=TODAY)
    assert (given.instrument, given.custom_measure_id, given.total) == (
        Instrument.CUSTOM,
        mood.id,
        7.5,
    )
    assert given.answers is None and not given.item9_flag
    event = events(vault)[-1]
    assert event.action == "measure.recorded"
    assert json.loads(event.detail) == {"instrument": "custom", "custom_measure_id": mood.id}
    for edge in ("0", "10"):
        measures.record_custom(vault, client_id, mood.id, edge, TODAY, today=TODAY)


@pytest.mark.parametrize(
    ("value", "field", "words"),
    [
        ("", "value", "required"),
        ("seven", "value", "number"),
        ("11", "value", "from 0 to 10"),
        ("-0.5", "value", "from 0 to 10"),
    ],
)
def test_each_custom_value_rule_names_its_field(
    vault: Vault, client_id: int, value: str, field: str, words: str
) -> None:
    mood = measures.define_custom_measure(vault, "Mood", "points", "0", "10")
    fields = refused(measures.record_custom, vault, client_id, mood.id, value, TODAY, today=TODAY)
    assert words in fields[field]
    assert count(vault, MeasureAdministration) == 0


def test_one_sided_ranges(vault: Vault, client_id: int) -> None:
    drinks = measures.define_custom_measure(vault, "Drinks", "per week", "0", "")
    ceiling = measures.define_custom_measure(vault, "Worry", "minutes", None, "600")
    assert measures.record_custom(vault, client_id, drinks.id, "40", TODAY, today=TODAY).total == 40
    low = refused(measures.record_custom, vault, client_id, drinks.id, "-1", TODAY, today=TODAY)
    assert "at least 0" in low["value"]
    high = refused(measures.record_custom, vault, client_id, ceiling.id, "601", TODAY, today=TODAY)
    assert "at most 600" in high["value"]


def test_a_custom_value_needs_its_measure_a_client_and_a_past_date(
    vault: Vault, client_id: int
) -> None:
    mood = measures.define_custom_measure(vault, "Mood", "", "0", "10")
    fields = refused(measures.record_custom, vault, client_id, 999, "5", TODAY, today=TODAY)
    assert "no longer exists" in fields["custom_measure"]
    fields = refused(measures.record_custom, vault, 999, mood.id, "5", TODAY, today=TODAY)
    assert "client" in fields
    fields = refused(
        measures.record_custom, vault, client_id, mood.id, "5", date(2026, 12, 1), today=TODAY
    )
    assert "future" in fields["administered_on"]


# ------------------------------------------------------------------------------ series
def test_series_are_ordered_by_date_and_kept_apart(vault: Vault, client_id: int) -> None:
    other = make_client(vault, "C-00002")
    mood = measures.define_custom_measure(vault, "Mood", "", "0", "10")
    for day, answers in ((20, [2] * 9), (6, [3] * 9), (13, MILD_PHQ9)):
        measures.record_instrument(
            vault, client_id, Instrument.PHQ9, answers, date(2026, 11, day), today=TODAY
        )
    measures.record_instrument(
        vault, client_id, Instrument.GAD7, [1] * 7, date(2026, 11, 6), today=TODAY
    )
    measures.record_instrument(vault, other, Instrument.PHQ9, [0] * 9, TODAY, today=TODAY)
    measures.record_custom(vault, client_id, mood.id, "6", date(2026, 11, 9), today=TODAY)
    measures.record_custom(vault, client_id, mood.id, "4", date(2026, 11, 2), today=TODAY)

    assert measures.series(vault, client_id, Instrument.PHQ9) == [
        (date(2026, 11, 6), 27),
        (date(2026, 11, 13), 7),
        (date(2026, 11, 20), 18),
    ]
    assert measures.series(vault, client_id, Instrument.GAD7) == [(date(2026, 11, 6), 7)]
    assert measures.series(vault, client_id, mood.id) == [
        (date(2026, 11, 2), 4),
        (date(2026, 11, 9), 6),
    ]
    assert measures.series(vault, other, mood.id) == []
    with pytest.raises(ValueError):
        measures.series(vault, client_id, Instrument.CUSTOM)
    assert [e.action for e in events(vault)].count("measure.recorded") == 7


def test_the_progress_read_model_carries_each_custom_series(vault: Vault, client_id: int) -> None:
    from practice_planner.services.report_data import load_progress_summary

    sleep = measures.define_custom_measure(vault, "Sleep", "hours", "0", "14")
    drinks = measures.define_custom_measure(vault, "Drinks", "per week", better=Direction.DECREASE)
    other = make_client(vault, "C-00002")
    measures.record_custom(vault, client_id, sleep.id, "6", date(2026, 11, 2), today=TODAY)
    measures.record_custom(vault, client_id, sleep.id, "4,5", date(2026, 11, 1), today=TODAY)
    measures.record_custom(vault, client_id, drinks.id, "12", date(2026, 11, 3), today=TODAY)
    measures.record_custom(vault, other, drinks.id, "1", date(2026, 11, 3), today=TODAY)
    measures.record_instrument(vault, client_id, Instrument.PHQ9, MILD_PHQ9, TODAY, today=TODAY)

    data = load_progress_summary(vault, client_id)
    assert [(s.name, s.unit, s.better, s.points) for s in data.custom] == [
        ("Drinks", "per week", Direction.DECREASE, ((date(2026, 11, 3), 12.0),)),
        (
            "Sleep",
            "hours",
            Direction.INCREASE,
            ((date(2026, 11, 1), 4.5), (date(2026, 11, 2), 6.0)),
        ),
    ]
    assert (data.custom[1].min_value, data.custom[1].max_value) == (0.0, 14.0)
    assert [p.total for p in data.phq9] == [7]


def test_a_clients_history_newest_first_with_names_and_sessions(
    vault: Vault, client_id: int
) -> None:
    encounter_id = make_encounter(vault, client_id)
    mood = measures.define_custom_measure(vault, "Mood", "0-10", "0", "10")
    other = make_client(vault, "C-00002")
    measures.record_instrument(
        vault,
        client_id,
        Instrument.PHQ9,
        SELF_HARM_PHQ9,
        date(2026, 11, 20),
        encounter_id,
        today=TODAY,
    )
    measures.record_instrument(
        vault, client_id, Instrument.GAD7, [1] * 7, date(2026, 11, 1), today=TODAY
    )
    measures.record_custom(vault, client_id, mood.id, "6", date(2026, 11, 21), today=TODAY)
    measures.record_custom(vault, other, mood.id, "2", date(2026, 11, 21), today=TODAY)
    rows = measures.client_administrations(vault, client_id)
    assert [(r.name, r.total, r.unit, r.band, r.item9_flag, r.session_date) for r in rows] == [
        ("Mood", 6.0, "0-10", "", False, None),
        ("PHQ-9", 1.0, "", "Minimal", True, date(2026, 11, 20)),
        ("GAD-7", 7.0, "", "Mild", False, None),
    ]
    assert rows[0].instrument is Instrument.CUSTOM
