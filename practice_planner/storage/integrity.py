"""``check``: is every page authentic, is the database whole, is the audit trail unbroken?"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlcipher3
from sqlalchemy import exc

from practice_planner.errors import VaultDamaged
from practice_planner.storage import audit
from practice_planner.storage.vault import Vault

_MAX_LISTED = 10


@dataclass
class CheckReport:
    """What ``check`` found; ``problems`` empty means everything holds."""

    pages_authentic: bool = False
    database_intact: bool = False
    audit_chain_intact: bool = False
    audit_events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        if self.ok:
            return (
                "Vault OK: every page authentic, database intact, "
                f"audit trail of {self.audit_events} events unbroken."
            )
        return self.problems[0]


def check_vault(vault: Vault) -> CheckReport:
    """Run the three checks on an unlocked vault; never raises for damage, reports it."""
    report = CheckReport()
    try:
        with vault.raw_connection() as conn:
            cipher = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
            report.pages_authentic = not cipher
            report.problems += [f"page check: {line}" for line in cipher[:_MAX_LISTED]]
            sqlite = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
            report.database_intact = sqlite == ["ok"]
            if not report.database_intact:
                report.problems += [f"database: {line}" for line in sqlite[:_MAX_LISTED]]
    except sqlcipher3.DatabaseError as error:
        report.problems.append(f"database: could not be read to the end ({error})")
        return report
    try:
        with vault.reading() as session:
            chain = audit.verify_chain(session)
            report.audit_events = audit.event_count(session)
    except (VaultDamaged, exc.DatabaseError) as error:
        chain = [f"audit trail: could not be read ({error})"]
    report.audit_chain_intact = not chain
    report.problems += chain
    return report
