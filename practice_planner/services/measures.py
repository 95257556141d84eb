"""Outcome measures: PHQ-9 and GAD-7 as answered, and the clinician's own numbers.

Questionnaires are stored with every answer, scored by ``domain.measures`` (never typed-in
totals), so a total can always be re-derived and a PHQ-9 item 9 answer is never lost. Custom
measures (mood 0-10, hours slept) are defined once for the practice and then recorded per client.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice_planner.domain import measures as scoring
from practice_planner.domain.enums import Direction, Instrument
from practice_planner.errors import ValidationError
from practice_planner.services.clients import check_client_open
from practice_planner.services.validation import SHORT_TEXT, Problems
from practice_planner.storage import audit
from practice_planner.storage.models import CustomMeasure, Encounter, MeasureAdministration
from practice_planner.storage.vault import Vault

UNIT_LIMIT = 100
NO_CUSTOM_MEASURE = "This custom measure no longer exists in the vault."


def _check_encounter(
    session: Session, problems: Problems, client_id: int, encounter_id: int | None
) -> None:
    """A measure may be tied to a session, but only to one of the same client's."""
    if encounter_id is None:
        return
    encounter = session.get(Encounter, encounter_id)
    if encounter is None or encounter.client_id != client_id:
        problems.add("encounter", "This session is not one of this client's sessions.")


def _add_administration(
    session: Session, administration: MeasureAdministration, detail: dict[str, object]
) -> MeasureAdministration:
    session.add(administration)
    session.flush()
    audit.append(
        session,
        "measure.recorded",
        entity="measure_administration",
        entity_id=str(administration.id),
        detail=detail,
    )
    return administration


def record_instrument(
    vault: Vault,
    client_id: int,
    instrument: Instrument,
    answers: Sequence[int | None],
    administered_on: date,
    encounter_id: int | None = None,
    *,
    difficulty: int | None = None,
    today: date | None = None,
) -> MeasureAdministration:
    """Score and keep a PHQ-9 or GAD-7; ``item9_flag`` marks thoughts of self-harm.

    ``difficulty`` is the answer (0-3) to the closing "how difficult" question, which is kept
    but not scored.
    """
    problems = Problems()
    problems.not_future("administered_on", administered_on, "The date given", today or date.today())
    result: scoring.Score | None = None
    if instrument not in scoring.DEFINITIONS:
        problems.add("instrument", "Choose PHQ-9 or GAD-7; custom measures have their own form.")
    else:
        try:
            result = scoring.score(instrument, answers, difficulty=difficulty)
        except ValidationError as error:
            for name, why in error.fields.items():
                problems.add(name, why)
    with vault.unit_of_work() as session:
        check_client_open(session, problems, client_id)
        _check_encounter(session, problems, client_id, encounter_id)
        problems.raise_if_any()
        assert result is not None  # no problems means it was scored
        administration = MeasureAdministration(
            client_id=client_id,
            encounter_id=encounter_id,
            instrument=instrument,
            administered_on=administered_on,
            answers=list(result.answers),
            difficulty=result.difficulty,
            total=float(result.total),
            band=result.band,
            item9_flag=result.item9_flag,
        )
        return _add_administration(
            session,
            administration,
            {"instrument": instrument.value, "item9_flag": result.item9_flag},
        )


# ------------------------------------------------------------------------------ custom measures
def _bound(problems: Problems, field: str, value: float | str | None, label: str) -> float | None:
    """A range end as a number or as typed; blank (or None) means no limit that way."""
    if value is None:
        return None
    if isinstance(value, str):
        return problems.number(field, value, label)
    if not math.isfinite(value):
        problems.add(field, f"{label} must be a number, e.g. 5 or 7.5.")
        return None
    return float(value)


def _name_taken(session: Session, name: str) -> bool:
    key = name.strip().casefold()
    names = session.scalars(select(CustomMeasure.name))
    return any(existing.strip().casefold() == key for existing in names)


def define_custom_measure(
    vault: Vault,
    name: str,
    unit: str = "",
    min_value: float | str | None = None,
    max_value: float | str | None = None,
    better: Direction = Direction.INCREASE,
) -> CustomMeasure:
    """A number the practice tracks; names are unique (ignoring case) so charts stay clear."""
    problems = Problems()
    problems.text("name", name, "Name", required=True, limit=SHORT_TEXT)
    problems.text("unit", unit, "Unit", limit=UNIT_LIMIT)
    low = _bound(problems, "min_value", min_value, "Lowest value")
    high = _bound(problems, "max_value", max_value, "Highest value")
    if low is not None and high is not None and not low < high:
        problems.add("max_value", "The highest value must be greater than the lowest.")
    with vault.unit_of_work() as session:
        if name.strip() and _name_taken(session, name):
            problems.add("name", "A custom measure with this name already exists.")
        problems.raise_if_any()
        measure = CustomMeasure(
            name=name.strip(), unit=unit.strip(), min_value=low, max_value=high, better=better
        )
        session.add(measure)
        session.flush()
        audit.append(
            session,
            "custom_measure.defined",
            entity="custom_measure",
            entity_id=str(measure.id),
            detail={"fields": ["name", "unit", "min_value", "max_value", "better"]},
        )
        return measure


def custom_measures(vault: Vault) -> list[CustomMeasure]:
    """Every custom measure the practice has defined, by name."""
    with vault.reading() as session:
        return list(session.scalars(select(CustomMeasure).order_by(CustomMeasure.name)))


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _range_words(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"of at least {_number(low)}"
    return f"of at most {_number(high)}" if high is not None else "of any size"


def _check_range(problems: Problems, value: float, measure: CustomMeasure) -> None:
    low, high = measure.min_value, measure.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        problems.add("value", f"Enter a value {_range_words(low, high)} for this measure.")


def record_custom(
    vault: Vault,
    client_id: int,
    custom_measure_id: int,
    value: str,
    administered_on: date,
    encounter_id: int | None = None,
    *,
    today: date | None = None,
) -> MeasureAdministration:
    """Keep one reading of a custom measure; ``value`` is the text as typed."""
    problems = Problems()
    problems.not_future("administered_on", administered_on, "The date given", today or date.today())
    problems.required("value", value, "A value")
    number = problems.number("value", value, "The value")
    with vault.unit_of_work() as session:
        measure = session.get(CustomMeasure, custom_measure_id)
        if measure is None:
            problems.add("custom_measure", NO_CUSTOM_MEASURE)
        elif number is not None:
            _check_range(problems, number, measure)
        check_client_open(session, problems, client_id)
        _check_encounter(session, problems, client_id, encounter_id)
        problems.raise_if_any()
        assert number is not None  # "value" is required and was a number
        administration = MeasureAdministration(
            client_id=client_id,
            encounter_id=encounter_id,
            instrument=Instrument.CUSTOM,
            custom_measure_id=custom_measure_id,
            administered_on=administered_on,
            answers=None,
            total=number,
        )
        return _add_administration(
            session,
            administration,
            {"instrument": Instrument.CUSTOM.value, "custom_measure_id": custom_measure_id},
        )


# ------------------------------------------------------------------------------ reading
def administrations(
    vault: Vault, client_id: int, instrument_or_custom: Instrument | int
) -> list[MeasureAdministration]:
    """Every administration of one instrument (or custom measure id), oldest first."""
    query = select(MeasureAdministration).where(MeasureAdministration.client_id == client_id)
    if isinstance(instrument_or_custom, Instrument):
        if instrument_or_custom is Instrument.CUSTOM:
            raise ValueError("name the custom measure by its id")
        query = query.where(MeasureAdministration.instrument == instrument_or_custom)
    else:
        query = query.where(MeasureAdministration.custom_measure_id == instrument_or_custom)
    query = query.order_by(MeasureAdministration.administered_on, MeasureAdministration.id)
    with vault.reading() as session:
        return list(session.scalars(query))


def series(
    vault: Vault, client_id: int, instrument_or_custom: Instrument | int
) -> list[tuple[date, float]]:
    """(date, total) points for a chart, oldest first; a custom measure is named by its id."""
    return [
        (row.administered_on, row.total)
        for row in administrations(vault, client_id, instrument_or_custom)
    ]


@dataclass(frozen=True)
class AdministrationRow:
    """One line of a client's measure history, named for the screen (custom measures by name)."""

    id: int
    administered_on: date
    instrument: Instrument
    name: str
    total: float
    unit: str = ""
    band: str = ""
    item9_flag: bool = False
    session_date: date | None = None
    difficulty: int | None = None
    """The closing question's answer (0-3) for a questionnaire, if asked."""


def client_administrations(vault: Vault, client_id: int) -> list[AdministrationRow]:
    """Everything measured for the client, newest first; one query, names and sessions joined."""
    query = (
        select(
            MeasureAdministration.id,
            MeasureAdministration.administered_on,
            MeasureAdministration.instrument,
            CustomMeasure.name,
            MeasureAdministration.total,
            CustomMeasure.unit,
            MeasureAdministration.band,
            MeasureAdministration.item9_flag,
            Encounter.session_date,
            MeasureAdministration.difficulty,
        )
        .outerjoin(CustomMeasure, MeasureAdministration.custom_measure_id == CustomMeasure.id)
        .outerjoin(Encounter, MeasureAdministration.encounter_id == Encounter.id)
        .where(MeasureAdministration.client_id == client_id)
        .order_by(MeasureAdministration.administered_on.desc(), MeasureAdministration.id.desc())
    )
    with vault.reading() as session:
        rows = session.execute(query).all()
    return [
        AdministrationRow(
            id=row_id,
            administered_on=on,
            instrument=instrument,
            name=custom_name if custom_name is not None else instrument.label,
            total=total,
            unit=unit or "",
            band=band or "",
            item9_flag=bool(flag),
            session_date=session_date,
            difficulty=difficulty,
        )
        for (
            row_id,
            on,
            instrument,
            custom_name,
            total,
            unit,
            band,
            flag,
            session_date,
            difficulty,
        ) in rows
    ]
