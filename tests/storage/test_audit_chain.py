"""The audit trail is append-only, and ``check`` finds any row edited, deleted or reordered."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import exc

from practice_planner.errors import VaultDamaged
from practice_planner.storage import audit
from practice_planner.storage.integrity import check_vault
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def _write_events(vault: Vault, count: int) -> None:
    with vault.unit_of_work() as session:
        for n in range(count):
            audit.append(session, "test.event", entity="thing", entity_id=str(n), detail={"n": n})


def _tamper(vault: Vault, *statements: str) -> None:
    """What someone with the passphrase and a SQLCipher shell could do to the history."""
    with vault.raw_connection() as conn:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("DROP TRIGGER audit_event_no_delete")
        for statement in statements:
            conn.execute(statement)


def test_a_fresh_vault_checks_clean(vault: Vault) -> None:
    _write_events(vault, 5)
    report = check_vault(vault)
    assert report.ok, report.problems
    assert report.audit_events == 6  # vault.created + the five written here
    assert "unbroken" in report.summary


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET detail = '{}' WHERE seq = 2", "DELETE FROM audit_event WHERE seq = 2"],
)
def test_the_trail_refuses_updates_and_deletes(vault: Vault, statement: str) -> None:
    _write_events(vault, 3)
    with (
        pytest.raises(exc.IntegrityError, match="append-only"),
        vault.unit_of_work() as session,
    ):
        session.connection().exec_driver_sql(statement)


TAMPERING: dict[str, tuple[str, ...]] = {
    "edited detail": ("UPDATE audit_event SET detail = '{\"n\": 99}' WHERE seq = 3",),
    "edited time": ("UPDATE audit_event SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 2",),
    "edited and rehashed": (
        "UPDATE audit_event SET action = 'test.other', hash = hash WHERE seq = 4",
    ),
    "deleted in the middle": ("DELETE FROM audit_event WHERE seq = 3",),
    "deleted at the end": (
        "DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)",
    ),
    "deleted everything": ("DELETE FROM audit_event", "DELETE FROM audit_head"),
    "reordered": (
        "UPDATE audit_event SET seq = -1 WHERE seq = 2",
        "UPDATE audit_event SET seq = 2 WHERE seq = 3",
        "UPDATE audit_event SET seq = 3 WHERE seq = -1",
    ),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_check_detects_tampering(vault: Vault, how: str) -> None:
    _write_events(vault, 5)
    _tamper(vault, *TAMPERING[how])
    report = check_vault(vault)
    assert not report.ok
    assert not report.audit_chain_intact
    assert report.summary.startswith("audit trail:")


def test_a_forged_row_with_a_recomputed_hash_still_breaks_the_chain(vault: Vault) -> None:
    _write_events(vault, 4)
    with vault.reading() as session:
        row = session.get(audit.AuditEvent, 3)
        assert row is not None
        fields: dict[str, Any] = {
            k: getattr(row, k)
            for k in ("seq", "at", "actor", "action", "entity", "entity_id", "prev_hash")
        }
    fields["detail"] = '{"n": 1000}'
    forged = audit.row_hash(**fields)
    _tamper(
        vault,
        f"UPDATE audit_event SET detail = '{fields['detail']}', hash = '{forged}' WHERE seq = 3",
    )
    report = check_vault(vault)
    assert report.problems == ["audit trail: event 4 does not follow the event before it"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=8))
def test_any_detail_text_round_trips_and_verifies(tmp_path_factory: Any, texts: list[str]) -> None:
    path = tmp_path_factory.mktemp("audit") / "practice.db"
    with Vault.create(path, PASSPHRASE, kdf_iterations=FAST_KDF) as vault:
        with vault.unit_of_work() as session:
            for text in texts:
                audit.append(session, "test.text", entity_id=text, detail={"text": text})
        with vault.reading() as session:
            assert audit.verify_chain(session) == []


def test_check_finds_a_page_overwritten_with_random_bytes(vault: Vault) -> None:
    _write_events(vault, 400)  # several pages
    with vault.raw_connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    vault.close()
    with vault.path.open("r+b") as f:
        f.seek(4096 * 3 + 100)
        f.write(os.urandom(64))
    # A normal unlock reads the damaged page and says so...
    with pytest.raises(VaultDamaged):
        Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF)
    # ...while an inspecting open writes nothing and lets check name the damage.
    with Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF, inspect_only=True) as opened:
        report = check_vault(opened)
    assert not report.ok
    assert not report.pages_authentic
    assert report.summary.startswith("page check:")
