"""Child process for the crash test: commits numbered rows forever, reporting each after commit.

Run as ``python crash_child.py VAULT KDF_ITERATIONS START``. Each unit of work writes a setting
row and an audit event for the same number; the number is printed only once the commit returned.
"""

from __future__ import annotations

import sys

from practice_planner.storage import audit
from practice_planner.storage.models import Setting
from practice_planner.storage.vault import Vault

PASSPHRASE = "violet kettle orbit mountain"


def main() -> None:
    path, iterations, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    vault = Vault.open(path, PASSPHRASE, kdf_iterations=iterations)
    print("ready", flush=True)
    n = start
    while True:
        with vault.unit_of_work() as session:
            session.add(Setting(key=f"crash-{n}", value="x" * (n % 500)))
            audit.append(session, "test.crash_write", entity_id=str(n))
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main()
