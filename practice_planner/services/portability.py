"""Whole-vault export to JSON, and import of such a file into a new vault: the way out.

The file is the clinician's own copy of every record in an open, documented shape, so the data is
never locked into this program or into one encrypted file. Values are written as SQLite holds them
(dates, times and timestamps are already ISO 8601 text there; enums are their string values), so
an export, imported and exported again, gives the same bytes. Two kinds of column are translated
both ways: booleans (0/1 in SQLite) become ``true``/``false``, and JSON columns become the JSON
they hold rather than a string of it; a JSON ``null`` and SQL NULL are both read back as NULL.

The audit trail is not exported: it belongs to one vault file and proves that file's history with
its hash chain. An import records its own ``vault.imported`` event instead.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Enum, Float, Integer, String, Table
from sqlalchemy import Time as TimeType
from sqlalchemy.exc import IntegrityError

from practice_planner.domain.search import client_search_key
from practice_planner.errors import ValidationError
from practice_planner.storage import audit, schema
from practice_planner.storage.models import Base
from practice_planner.storage.models.types import UTCDateTime
from practice_planner.storage.private_files import (
    create_private,
    export_target,
    fsync_folder,
    temporary_sibling,
)
from practice_planner.storage.vault import Vault

FORMAT = "practice-planner"
FORMAT_VERSION = 1

NOT_EXPORTED = frozenset({"audit_event", "audit_head", "alembic_version"})
"""The audit trail is verified by its own hash chain inside one vault file; it does not travel."""

DERIVED_COLUMNS = {"client": frozenset({"search_key"})}
"""Columns the program computes from others: not written to the file, computed on import."""

REPLACED_ON_IMPORT = ("practice_profile", "setting")
"""Rows a new vault may already hold (letterhead, defaults); the file's rows replace them."""

CHUNK_ROWS = 2_000

ProgressCallback = Callable[[int, int], None]
"""Called with (rows done, rows in total) as the work proceeds, for a progress bar."""

EMPTY_VAULT_ONLY = (
    "Import only into a new, empty vault: this one already holds records. "
    "Create a new vault and import the file there."
)


@dataclass(frozen=True)
class TransferSummary:
    """What an export wrote or an import read: the file and the row count of each table."""

    path: Path
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def exported_tables() -> list[Table]:
    """Every table of the record, parents before children (the order an import inserts in)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_EXPORTED]


def _quoted(name: str) -> str:
    # Names come from our own metadata (never from a file), so quoting is all they need.
    return '"' + name.replace('"', '""') + '"'


def _columns(table: Table) -> list[Column[Any]]:
    """The table's columns as the file holds them (derived ones left out)."""
    derived = DERIVED_COLUMNS.get(table.name, frozenset())
    return [c for c in table.columns if c.name not in derived]


def _column_list(table: Table) -> str:
    return ", ".join(_quoted(c.name) for c in _columns(table))


# ------------------------------------------------------------------------------ export
def export_json(
    vault: Vault, out_path: Path | str, *, progress: ProgressCallback | None = None
) -> TransferSummary:
    """Write every record to ``out_path`` (mode 0600, atomically) and audit it; the summary.

    Psychotherapy notes ARE included: this is the clinician's own whole-vault backup or
    migration, which they ask for explicitly by choosing it. Exports meant for anyone else
    (reports, FHIR) leave those notes out.

    The file is complete and synced under a temporary name first, and renamed into place only
    once the export is in the audit trail: no copy of the records leaves unrecorded.
    """
    target = export_target(out_path, "out")
    tables = exported_tables()
    with vault.reading() as session:
        connection = session.connection()
        counts = {
            t.name: int(
                connection.exec_driver_sql(f"SELECT count(*) FROM {_quoted(t.name)}").scalar_one()
            )
            for t in tables
        }
        done = _Progress(progress, sum(counts.values()))
        by_name = sorted(tables, key=lambda t: t.name)
        temp = _write_temp(target, _document(connection, by_name, counts, done))
    try:
        with vault.unit_of_work() as session:
            audit.append(session, "export.json", detail={"tables": counts})
        os.replace(temp, target)
        fsync_folder(target.parent)
    except OSError as error:
        raise ValidationError(
            {"out": f"The export could not be written: {error.strerror or error}."}
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return TransferSummary(target, counts)


class _Progress:
    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self.callback, self.total, self.done = callback, total, 0
        self.report(0)

    def report(self, rows: int) -> None:
        self.done += rows
        if self.callback is not None:
            self.callback(self.done, self.total)


_NESTED_ENCODER = json.JSONEncoder(indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
_ROW = "   "  # rows sit three levels deep: document > "tables" > table > row
_FIELD = _ROW + " "


def _json_value(value: Any) -> str:
    """One value as ``json.dumps(..., indent=1, ensure_ascii=False)`` writes it at field depth.

    Scalars take the C string encoder (the indenting encoder is pure Python and several times
    slower); only nested JSON (note sections, answer lists) goes through the full encoder.
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    return _NESTED_ENCODER.encode(value).replace("\n", "\n" + _FIELD)


def _row_text(keys: Sequence[tuple[int, str]], values: Sequence[Any]) -> str:
    fields = ",\n".join(f"{_FIELD}{key}: {_json_value(values[i])}" for i, key in keys)
    return f"{_ROW}{{\n{fields}\n{_ROW}}}"


def _document(
    connection: Connection, tables: Sequence[Table], counts: Mapping[str, int], done: _Progress
) -> Iterator[str]:
    """The file's text in pieces, exactly as ``json.dumps(doc, indent=1, sort_keys=True)``.

    Writing row by row keeps memory flat for large vaults; the test suite holds the output to
    the ``json.dumps`` form so the file stays ordinary, canonical JSON.
    """
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": schema.head_revision(),
    }
    yield "{\n"
    for key, value in header.items():
        yield f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
    yield ' "tables": {\n'
    for position, table in enumerate(tables):
        yield ",\n" if position else ""
        name = json.dumps(table.name)
        if not counts[table.name]:
            yield f"  {name}: []"
            continue
        yield f"  {name}: [\n"
        keys = sorted(
            ((i, json.dumps(c.name)) for i, c in enumerate(_columns(table))), key=lambda k: k[1]
        )
        first = True
        for values in _rows(connection, table, done):
            text = _row_text(keys, values)
            yield text if first else ",\n" + text
            first = False
        yield "\n  ]"
    yield "\n }\n}\n"


def _rows(connection: Connection, table: Table, done: _Progress) -> Iterator[list[Any]]:
    """The table's rows in primary-key order, as stored, with booleans and JSON decoded."""
    columns = _columns(table)
    booleans = [i for i, c in enumerate(columns) if isinstance(c.type, Boolean)]
    documents = [i for i, c in enumerate(columns) if isinstance(c.type, JSON)]
    names = [c.name for c in columns]
    order = ", ".join(_quoted(c.name) for c in table.primary_key.columns)
    result = connection.exec_driver_sql(
        f"SELECT {_column_list(table)} FROM {_quoted(table.name)} ORDER BY {order}"
    )
    while chunk := result.fetchmany(CHUNK_ROWS):
        for raw in chunk:
            values = list(raw)
            for i in booleans:
                if values[i] is not None:
                    values[i] = bool(values[i])
            for i in documents:
                if values[i] is not None:
                    values[i] = _stored_json(values[i], table.name, names[i])
            for value in values:
                if isinstance(value, float) and not math.isfinite(value):
                    raise ValidationError(
                        {"vault": f"Table {table.name} holds a number JSON cannot represent."}
                    )
            yield values
        done.report(len(chunk))


def _stored_json(text: Any, table: str, column: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        raise ValidationError(
            {"vault": f"Table {table}, column {column} holds text that is not JSON."}
        ) from None


def _write_temp(target: Path, pieces: Iterable[str]) -> Path:
    """The text, synced to a new file beside ``target`` that is private (0600) from the start."""
    temp = temporary_sibling(target)
    try:
        fd = create_private(temp)
    except OSError as error:
        raise ValidationError(
            {"out": f"The export could not be written: {error.strerror or error}."}
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            for piece in pieces:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        if isinstance(error, OSError):
            raise ValidationError(
                {"out": f"The export could not be written: {error.strerror or error}."}
            ) from None
        raise
    return temp


# ------------------------------------------------------------------------------ import
def import_json(
    vault: Vault, in_path: Path | str, *, progress: ProgressCallback | None = None
) -> TransferSummary:
    """Load an export into this vault, which must be new and empty, keeping every id.

    The whole file is checked before anything is written, and written in one unit of work:
    either every row arrives or none does. ``ValidationError`` says what is wrong with the file
    (on "file", "format_version" or "schema_revision") or the vault (on "vault").
    """
    source = Path(in_path).expanduser()
    document = _read_document(source)
    _check_header(document)
    prepared = _prepare(document["tables"])
    counts = {table.name: len(rows) for table, rows in prepared}
    done = _Progress(progress, sum(counts.values()))
    with vault.unit_of_work() as session:
        connection = session.connection()
        if not _is_empty(connection):
            raise ValidationError({"vault": EMPTY_VAULT_ONLY})
        # References are checked once every table is in (a plan may name a later plan's id).
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for name in REPLACED_ON_IMPORT:
            connection.exec_driver_sql(f"DELETE FROM {_quoted(name)}")
        for table, rows in prepared:
            _insert(connection, table, rows, done)
        _fill_search_keys(connection)
        _check_references(connection)
        audit.append(
            session,
            "vault.imported",
            detail={"tables": counts, "format_version": FORMAT_VERSION},
        )
    return TransferSummary(source, dict(sorted(counts.items())))


def _read_document(source: Path) -> dict[str, Any]:
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise ValidationError({"file": "There is no file at the chosen location."}) from None
    except IsADirectoryError:
        raise ValidationError({"file": "Choose a file, not a folder."}) from None
    except OSError as error:
        raise ValidationError({"file": f"The file cannot be read: {error.strerror}."}) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": "The file is not a Practice Planner export (it is not UTF-8 text)."}
        ) from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        where = ""
        if isinstance(error, json.JSONDecodeError):
            where = f" (line {error.lineno}, column {error.colno})"
        raise ValidationError(
            {"file": f"The file is not valid JSON{where}; it may be damaged or incomplete."}
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError({"file": "The file is JSON, but not a Practice Planner export."})
    return document


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check_header(document: Mapping[str, Any]) -> None:
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(
            {"format_version": "The file does not say which export format version it uses."}
        )
    if version != FORMAT_VERSION:
        advice = (
            "update Practice Planner to import it"
            if version > FORMAT_VERSION
            else "import it with the version of Practice Planner that wrote it"
        )
        raise ValidationError(
            {
                "format_version": f"The file uses export format version {version}; this program "
                f"reads version {FORMAT_VERSION}: {advice}."
            }
        )
    revision = document.get("schema_revision")
    head = schema.head_revision()
    if not isinstance(revision, str):
        raise ValidationError(
            {"schema_revision": "The file does not say which schema revision it was written at."}
        )
    if revision != head:
        if revision in schema.known_revisions():
            advice = (
                "import it with the version of Practice Planner that exported it, then open "
                "that vault with this version, which upgrades it"
            )
            who = "an older"
        else:
            advice = "update Practice Planner to import it"
            who = "a newer"
        raise ValidationError(
            {
                "schema_revision": f"The file was exported by {who} version of Practice Planner "
                f"(schema {revision[:40]}; this program uses {head}): {advice}."
            }
        )
    if not isinstance(document.get("tables"), dict):
        raise ValidationError({"file": 'The file has no "tables" section.'})


# A value check returns what SQLite should store, or raises _Refused with what was expected.
class _Refused(Exception):
    pass


_TIME = re.compile(r"\d{2}:\d{2}:\d{2}(\.\d{1,6})?")


def _check_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise _Refused("true or false")
    return int(value)


def _check_int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Refused("a whole number")
    return value


def _check_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Refused("a number")
    return float(value)


def _check_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise _Refused("text")
    return value


def _check_date(value: Any) -> Any:
    try:
        if isinstance(value, str) and date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise _Refused("a date (YYYY-MM-DD)")


def _check_time(value: Any) -> Any:
    try:
        if isinstance(value, str) and _TIME.fullmatch(value) and time.fromisoformat(value):
            return value
    except ValueError:
        pass
    raise _Refused("a time (HH:MM:SS)")


def _check_timestamp(value: Any) -> Any:
    try:
        if isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None:
            return value
    except ValueError:
        pass
    raise _Refused("a timestamp with its UTC offset")


def _check_json(value: Any) -> Any:
    # SQLAlchemy's own JSON serialiser is json.dumps with its defaults: write what it would.
    return json.dumps(value)


def _checker(column: Column[Any]) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, JSON):
        return _check_json
    if isinstance(kind, Boolean):
        return _check_bool
    if isinstance(kind, Enum):
        allowed = frozenset(kind.enums)

        def check_choice(value: Any) -> Any:
            if not isinstance(value, str) or value not in allowed:
                raise _Refused("one of " + ", ".join(sorted(allowed)))
            return value

        return check_choice
    if isinstance(kind, UTCDateTime):
        return _check_timestamp
    if isinstance(kind, Date):
        return _check_date
    if isinstance(kind, TimeType):
        return _check_time
    if isinstance(kind, Integer):
        return _check_int
    if isinstance(kind, Float):
        return _check_float
    if isinstance(kind, String):
        return _check_text
    raise AssertionError(
        f"no import rule for {column.table.name}.{column.name}"
    )  # pragma: no cover


def _prepare(tables: Mapping[str, Any]) -> list[tuple[Table, list[tuple[Any, ...]]]]:
    """Every row checked and turned into insert parameters, tables in dependency order."""
    expected = exported_tables()
    names = {t.name for t in expected}
    unknown = sorted(set(tables) - names)
    missing = sorted(names - set(tables))
    if unknown or missing:
        parts = []
        if unknown:
            parts.append("unknown table(s) " + ", ".join(n[:60] for n in unknown[:5]))
        if missing:
            parts.append("missing table(s) " + ", ".join(missing))
        raise ValidationError(
            {"file": "The file's tables do not match this program: " + "; ".join(parts) + "."}
        )
    prepared = []
    for table in expected:
        rows = tables[table.name]
        if not isinstance(rows, list):
            raise ValidationError({"file": f"Table {table.name} is not a list of rows."})
        prepared.append((table, _prepare_rows(table, rows)))
    return prepared


def _prepare_rows(table: Table, rows: list[Any]) -> list[tuple[Any, ...]]:
    columns = _columns(table)
    names = [c.name for c in columns]
    wanted = set(names)
    checks = [(c.name, c.nullable, _checker(c)) for c in columns]
    prepared = []
    for number, row in enumerate(rows, start=1):
        where = f"Table {table.name}, row {number}"
        if not isinstance(row, dict):
            raise ValidationError({"file": f"{where} is not an object of column values."})
        if row.keys() != wanted:
            extra = sorted(set(row) - wanted)
            lacking = sorted(wanted - set(row))
            detail = []
            if lacking:
                detail.append("missing " + ", ".join(lacking))
            if extra:
                detail.append("unknown " + ", ".join(e[:60] for e in extra[:5]))
            raise ValidationError({"file": f"{where}: columns {'; '.join(detail)}."})
        values: list[Any] = []
        for name, nullable, check in checks:
            value = row[name]
            if value is None:
                if not nullable:
                    raise ValidationError({"file": f"{where}: {name} is required."})
                values.append(None)
                continue
            try:
                values.append(check(value))
            except _Refused as refused:
                raise ValidationError({"file": f"{where}: {name} must be {refused}."}) from None
        prepared.append(tuple(values))
    return prepared


def _is_empty(connection: Connection) -> bool:
    for table in exported_tables():
        if table.name in REPLACED_ON_IMPORT:
            continue
        if connection.exec_driver_sql(f"SELECT 1 FROM {_quoted(table.name)} LIMIT 1").first():
            return False
    return True


def _insert(
    connection: Connection, table: Table, rows: list[tuple[Any, ...]], done: _Progress
) -> None:
    placeholders = ", ".join("?" for _ in _columns(table))
    statement = f"INSERT INTO {_quoted(table.name)} ({_column_list(table)}) VALUES ({placeholders})"
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        try:
            connection.exec_driver_sql(statement, chunk)
        except IntegrityError as error:
            # SQLite names the rule (UNIQUE, CHECK, NOT NULL), never the values: safe to show.
            rule = str(error.orig).split(":")[0]
            raise ValidationError(
                {
                    "file": f"Table {table.name}: a row breaks a rule of the vault ({rule}); "
                    "nothing was imported."
                }
            ) from None
        done.report(len(chunk))


def _fill_search_keys(connection: Connection) -> None:
    """Compute the derived ``client.search_key`` of every imported client."""
    rows = connection.exec_driver_sql(
        "SELECT id, legal_given_name, legal_family_name, preferred_name, record_number FROM client"
    ).all()
    for start in range(0, len(rows), CHUNK_ROWS):
        connection.exec_driver_sql(
            "UPDATE client SET search_key = ? WHERE id = ?",
            [(client_search_key(*row[1:]), row[0]) for row in rows[start : start + CHUNK_ROWS]],
        )


def _check_references(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        child, _rowid, parent, _fk = broken[0]
        raise ValidationError(
            {
                "file": f"Table {child}: a row refers to a {parent} row that is not in the file; "
                "nothing was imported."
            }
        )
