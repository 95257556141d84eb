"""Killing the program at random moments never loses a committed row nor breaks the vault."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from practice_planner.storage.integrity import check_vault
from practice_planner.storage.models import AuditEvent, Setting
from practice_planner.storage.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 50


def _run_and_kill(path: Path, start: int, delay: float) -> list[int]:
    """Start the writer, SIGKILL it ``delay`` seconds after it is ready; numbers it committed."""
    with subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(FAST_KDF), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None
        ready = child.stdout.readline()
        assert ready == b"ready\n", child.stderr.read() if child.stderr else ready
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
    assert child.returncode == -signal.SIGKILL
    complete_lines = out.split(b"\n")[:-1]  # a line cut off by the kill was not reported
    return [int(line) for line in complete_lines]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_committed(vault: Vault) -> None:
    vault.close()
    rng = random.Random(20261122)
    reported: list[int] = []
    start = 0
    for _ in range(KILLS):
        reported += _run_and_kill(vault.path, start, rng.uniform(0.0, 0.4))
        start = (max(reported) + 1 if reported else start) + 1_000  # no number written twice
        with Vault.open(vault.path, PASSPHRASE, kdf_iterations=FAST_KDF) as reopened:
            report = check_vault(reopened)
            assert report.ok, report.problems
            with reopened.reading() as session:
                keys = set(session.scalars(select(Setting.key)))
                events = set(
                    session.scalars(
                        select(AuditEvent.entity_id).where(AuditEvent.action == "test.crash_write")
                    )
                )
        missing = [n for n in reported if f"crash-{n}" not in keys or str(n) not in events]
        assert not missing, f"committed rows lost after a kill: {missing[:5]}"
    assert len(reported) > KILLS  # the children really were writing when killed
