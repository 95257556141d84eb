"""Whole-vault JSON export and import: lossless round trip, private file, clear refusals."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from practice_planner.errors import ValidationError
from practice_planner.services.clients import ClientInput, create_client, list_clients
from practice_planner.services.demo import make_demo
from practice_planner.services.portability import (
    EMPTY_VAULT_ONLY,
    FORMAT_VERSION,
    export_json,
    exported_tables,
    import_json,
)
from practice_planner.services.practice import ProfileInput, get_profile, update_profile
from practice_planner.storage import audit, schema
from practice_planner.storage.models import AuditEvent, Client, PsychotherapyNote
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

TODAY = date(2026, 11, 20)


@pytest.fixture
def second_vault(tmp_path: Path) -> Iterator[Vault]:
    opened = Vault.create(tmp_path / "second" / "practice.db", PASSPHRASE, kdf_iterations=FAST_KDF)
    yield opened
    opened.close()


@pytest.fixture
def demo_vault(vault: Vault) -> Vault:
    make_demo(vault, 8, seed=5, today=TODAY)
    return vault


@pytest.fixture
def exported(demo_vault: Vault, tmp_path: Path) -> Path:
    out = tmp_path / "export.json"
    export_json(demo_vault, out)
    return out


def _actions(vault: Vault) -> list[str]:
    with vault.reading() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _count(vault: Vault, model: Any) -> int:
    with vault.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _rewrite(path: Path, change: Any) -> Path:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _refusal(vault: Vault, path: Path) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        import_json(vault, path)
    return refused.value.fields


# ------------------------------------------------------------------------------ round trip
def test_export_import_export_gives_identical_bytes(
    exported: Path, second_vault: Vault, tmp_path: Path
) -> None:
    summary = import_json(second_vault, exported)
    again = tmp_path / "again.json"
    export_json(second_vault, again)
    assert again.read_bytes() == exported.read_bytes()
    assert summary.tables["client"] == 8
    assert summary.rows == sum(
        len(rows) for rows in json.loads(again.read_text())["tables"].values()
    )
    assert _actions(second_vault)[-2:] == ["vault.imported", "export.json"]
    with second_vault.reading() as session:
        assert audit.verify_chain(session) == []


def test_the_file_is_canonical_json_without_the_audit_trail(
    exported: Path, demo_vault: Vault
) -> None:
    text = exported.read_text(encoding="utf-8")
    document = json.loads(text)
    assert text == json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert document["format"] == "practice-planner"
    assert document["format_version"] == FORMAT_VERSION
    assert document["schema_revision"] == schema.head_revision()
    assert set(document["tables"]) == {t.name for t in exported_tables()}
    assert not {"audit_event", "audit_head", "alembic_version"} & set(document["tables"])
    # typed as JSON readers expect them
    note = document["tables"]["progress_note"][0]
    assert isinstance(note["sections"], dict) and isinstance(note["locked"], bool)
    measure = document["tables"]["measure_administration"][0]
    assert isinstance(measure["answers"], list) and isinstance(measure["total"], float)
    assert date.fromisoformat(document["tables"]["encounter"][0]["session_date"])
    # rows in primary-key order
    ids = [row["id"] for row in document["tables"]["goal_progress"]]
    assert ids == sorted(ids)
    assert _actions(demo_vault)[-1] == "export.json"


def test_psychotherapy_notes_are_in_the_whole_vault_export(
    exported: Path, demo_vault: Vault
) -> None:
    rows = json.loads(exported.read_text())["tables"]["psychotherapy_note"]
    assert len(rows) == _count(demo_vault, PsychotherapyNote) > 0


def test_exporting_twice_gives_the_same_bytes(demo_vault: Vault, tmp_path: Path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    export_json(demo_vault, first)
    export_json(demo_vault, second)
    assert first.read_bytes() == second.read_bytes()


def test_the_file_is_private_and_replaces_an_older_one(demo_vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    export_json(demo_vault, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "practice-planner"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "vault"]


def test_export_to_a_missing_folder_is_refused(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        export_json(vault, tmp_path / "nowhere" / "x.json")
    assert set(refused.value.fields) == {"out"}
    with pytest.raises(ValidationError):
        export_json(vault, tmp_path)
    assert "export.json" not in _actions(vault)


def test_progress_is_reported_up_to_the_total(
    demo_vault: Vault, second_vault: Vault, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    out = tmp_path / "x.json"
    summary = export_json(demo_vault, out, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, summary.rows) and seen[-1] == (summary.rows, summary.rows)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    seen.clear()
    import_json(second_vault, out, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (summary.rows, summary.rows)


class Cancelled(Exception):
    pass


def _cancel_midway(done: int, total: int) -> None:
    if 0 < done < total:
        raise Cancelled


def test_cancelling_leaves_no_file_and_imports_nothing(
    exported: Path, demo_vault: Vault, second_vault: Vault, tmp_path: Path
) -> None:
    before = _actions(demo_vault)
    with pytest.raises(Cancelled):
        export_json(demo_vault, tmp_path / "cancelled.json", progress=_cancel_midway)
    assert not (tmp_path / "cancelled.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert _actions(demo_vault) == before
    with pytest.raises(Cancelled):
        import_json(second_vault, exported, progress=_cancel_midway)
    assert _count(second_vault, Client) == 0
    import_json(second_vault, exported)  # and the vault still takes the file afterwards
    assert _count(second_vault, Client) == 8


def test_names_in_any_script_survive(vault: Vault, second_vault: Vault, tmp_path: Path) -> None:
    names = [
        ('Zoë "Zed"', "O'Brien-Núñez 🦊", "Zo\\ë"),
        ("Αικατερίνη", "Παπαδοπούλου", "Κατερίνα"),
        ("Наталья", "Шевченко", ""),
    ]
    for number, (given, family, preferred) in enumerate(names, start=1):
        create_client(
            vault,
            ClientInput(f"C-{number}", given, family, preferred_name=preferred),
            today=TODAY,
        )
    out = tmp_path / "x.json"
    export_json(vault, out)
    assert "Παπαδοπούλου" in out.read_text(encoding="utf-8")  # written as is, not \\u-escaped
    import_json(second_vault, out)
    restored = {
        (c.legal_given_name, c.legal_family_name, c.preferred_name)
        for c in list_clients(second_vault)
    }
    assert restored == set(names)
    # The folded search key is derived: not in the file, computed again by the import.
    assert "search_key" not in json.loads(out.read_text(encoding="utf-8"))["tables"]["client"][0]
    assert [c.record_number for c in list_clients(second_vault, search="nunez")] == ["C-1"]
    assert [c.record_number for c in list_clients(second_vault, search="παπαδοπουλου")] == ["C-2"]


def test_the_practice_profile_of_a_new_vault_is_replaced(
    exported: Path, second_vault: Vault
) -> None:
    update_profile(second_vault, ProfileInput(practice_name="Placeholder", clinician_name="Me"))
    import_json(second_vault, exported)
    assert get_profile(second_vault).practice_name == "Demo Practice — fictional data"


# ------------------------------------------------------------------------------ refusals
def test_import_refuses_a_vault_that_holds_records(exported: Path, demo_vault: Vault) -> None:
    before = _count(demo_vault, Client)
    assert _refusal(demo_vault, exported) == {"vault": EMPTY_VAULT_ONLY}
    assert _count(demo_vault, Client) == before
    assert "vault.imported" not in _actions(demo_vault)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not valid JSON (line 1, column 1)"),
        (b'{"format": "practice-planner", "tables": {', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a Practice Planner export"),
        (b'{"format": "something-else"}', "not a Practice Planner export"),
        (b'{"format": "practice-planner", "total": NaN}', "not valid JSON"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_clearly(
    second_vault: Vault, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    fields = _refusal(second_vault, path)
    assert list(fields) == ["file"] and words in fields["file"]
    assert _count(second_vault, Client) == 0


def test_a_missing_file_is_refused(second_vault: Vault, tmp_path: Path) -> None:
    assert "no file" in _refusal(second_vault, tmp_path / "none.json")["file"]
    assert "folder" in _refusal(second_vault, tmp_path)["file"]


@pytest.mark.parametrize(
    ("version", "words"),
    [(2, "update Practice Planner"), (0, "that wrote it"), ("1", "does not say"), (None, "say")],
)
def test_another_format_version_is_refused(
    exported: Path, second_vault: Vault, version: Any, words: str
) -> None:
    _rewrite(exported, lambda d: d.__setitem__("format_version", version))
    fields = _refusal(second_vault, exported)
    assert list(fields) == ["format_version"] and words in fields["format_version"]


@pytest.mark.parametrize(
    ("revision", "words"), [("0002", "an older version"), ("9999", "a newer version")]
)
def test_another_schema_revision_is_refused(
    exported: Path, second_vault: Vault, revision: str, words: str
) -> None:
    _rewrite(exported, lambda d: d.__setitem__("schema_revision", revision))
    fields = _refusal(second_vault, exported)
    assert list(fields) == ["schema_revision"]
    assert (
        words in fields["schema_revision"] and schema.head_revision() in fields["schema_revision"]
    )


def _set(table: str, row: int, column: str, value: Any) -> Any:
    return lambda d: d["tables"][table][row].__setitem__(column, value)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_set("encounter", 3, "session_date", "03/04/2026"), "encounter, row 4: session_date"),
        (_set("encounter", 0, "start_time", "noon"), "start_time must be a time"),
        (_set("client", 1, "status", "asleep"), "status must be one of active"),
        (_set("client", 0, "created_at", "2026-01-01T10:00:00"), "UTC offset"),
        (_set("goal", 0, "baseline", "five"), "baseline must be a number"),
        (_set("goal", 0, "priority", 2.5), "priority must be a whole number"),
        (_set("progress_note", 0, "locked", 1), "locked must be true or false"),
        (_set("client", 0, "record_number", None), "record_number is required"),
        (_set("client", 0, "shoe_size", 42), "unknown shoe_size"),
        (lambda d: d["tables"]["client"][0].pop("email"), "missing email"),
        (lambda d: d["tables"].pop("milestone"), "missing table(s) milestone"),
        (lambda d: d["tables"].__setitem__("audit_event", []), "unknown table(s) audit_event"),
        (lambda d: d["tables"].__setitem__("goal", {}), "goal is not a list"),
        (lambda d: d["tables"]["goal"].__setitem__(0, [1]), "not an object"),
        (lambda d: d.pop("tables"), 'no "tables"'),
        (_set("goal", 0, "weight", 0), "CHECK constraint failed"),
        (_set("client", 1, "record_number", "DEMO-00001"), "UNIQUE constraint failed"),
        (_set("diagnosis", 0, "client_id", 999), "refers to a client row that is not in"),
    ],
)
def test_a_damaged_row_is_named_and_nothing_is_imported(
    exported: Path, second_vault: Vault, change: Any, words: str
) -> None:
    _rewrite(exported, change)
    fields = _refusal(second_vault, exported)
    assert list(fields) == ["file"]
    assert words in fields["file"]
    assert _count(second_vault, Client) == 0
    assert "vault.imported" not in _actions(second_vault)
