"""Unsaved form input kept as an encrypted draft inside the vault (``setting`` rows ``draft:*``).

Why in the vault rather than held in memory until unlock: what a clinician was typing is client
data, so it belongs under the vault's encryption like the records themselves; once written, the
window can drop it from memory while locked, and it survives what memory would not (quitting or a
crash while the screen is locked, a power cut after an auto-lock). The draft is written just
before the key is dropped and read back, then discarded, right after the next unlock
(``secure_delete`` is on, so the discarded text is overwritten in the file).

Drafts are not records: they are not audited and never appear in exports.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from practice_planner.storage.models import Setting
from practice_planner.storage.vault import Vault

PREFIX = "draft:"


def _key(name: str) -> str:
    if not name or len(PREFIX + name) > 100:
        raise ValueError(f"a draft name must have 1 to {100 - len(PREFIX)} characters")
    return PREFIX + name


def save_draft(vault: Vault, name: str, payload: Mapping[str, Any]) -> None:
    """Store ``payload`` (JSON-serialisable) as the draft ``name``, replacing an older one."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    with vault.unit_of_work() as session:
        row = session.get(Setting, _key(name))
        if row is None:
            session.add(Setting(key=_key(name), value=text))
        else:
            row.value = text


def load_draft(vault: Vault, name: str) -> dict[str, Any] | None:
    """The stored draft, or None if there is none (or it is not a JSON object any more)."""
    with vault.reading() as session:
        text = session.scalar(select(Setting.value).where(Setting.key == _key(name)))
    if text is None:
        return None
    try:
        payload = json.loads(text)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def discard_draft(vault: Vault, name: str) -> None:
    with vault.unit_of_work() as session:
        row = session.get(Setting, _key(name))
        if row is not None:
            session.delete(row)


def draft_names(vault: Vault) -> list[str]:
    with vault.reading() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.startswith(PREFIX)))
        return sorted(key[len(PREFIX) :] for key in keys)
