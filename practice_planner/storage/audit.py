"""Writing to and verifying the hash-chained audit trail.

Each row's hash is SHA-256 over the previous row's hash and the row's own content in a canonical
JSON form. Editing a row breaks its own hash; deleting or reordering rows breaks the sequence or
the next row's ``prev_hash``; cutting rows off the end no longer matches ``audit_head``.
``verify_chain`` reports the first break it meets, in words fit for the ``check`` command.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from practice_planner.storage.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def default_actor() -> str:
    """The operating-system account: the clinician at this desk (never a client)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def row_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str | None,
    entity_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    content = json.dumps(
        [seq, at, actor, action, entity, entity_id, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def append(
    session: Session,
    action: str,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
    actor: str | None = None,
    at: str | None = None,
) -> AuditEvent:
    """Add one event to the trail inside the caller's unit of work (committed with it)."""
    head = session.get(AuditHead, 1)
    seq = 1 if head is None else head.seq + 1
    prev = GENESIS_HASH if head is None else head.hash
    fields: dict[str, Any] = {
        "seq": seq,
        "at": at or _now(),
        "actor": actor or default_actor(),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True),
        "prev_hash": prev,
    }
    event = AuditEvent(**fields, hash=row_hash(**fields))
    session.add(event)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=event.hash))
    else:
        head.seq, head.hash = seq, event.hash
    session.flush()
    return event


def event_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def verify_chain(session: Session) -> list[str]:
    """Every break in the chain, first one first; an empty list means the trail is intact."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    for row in rows:
        if row.seq != expected_seq:
            problems.append(f"audit trail: event {expected_seq} is missing (found {row.seq} next)")
            return problems
        if row.prev_hash != expected_prev:
            problems.append(f"audit trail: event {row.seq} does not follow the event before it")
            return problems
        recomputed = row_hash(
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            detail=row.detail,
            prev_hash=row.prev_hash,
        )
        if recomputed != row.hash:
            problems.append(f"audit trail: event {row.seq} was altered after it was written")
            return problems
        expected_prev, expected_seq = row.hash, row.seq + 1
    head = session.get(AuditHead, 1)
    last_seq = expected_seq - 1
    if last_seq == 0:
        problems.append("audit trail: it is empty, but every vault records its creation")
    elif head is None:
        problems.append("audit trail: the record of its last event is missing")
    elif head.seq != last_seq or head.hash != expected_prev:
        problems.append(
            f"audit trail: ends at event {last_seq} but event {head.seq} was written "
            "(events were removed from its end)"
        )
    return problems
