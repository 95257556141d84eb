"""``--self-test``: each step says what it did; a failure names its step; nothing is left behind."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest

from practice_planner import self_test
from practice_planner.reports import exports
from practice_planner.self_test import run_self_test

EXPECTED_STARTS = [
    "ok  created an encrypted vault (SQLCipher 4.",
    "ok  wrote a fictional client with a signed plan of 2 goals",
    "ok  exported the treatment plan PDF (",
    "ok  exported the progress summary PDF (",
    "ok  backed up to a verified encrypted copy (",
    "ok  opened the backup with the passphrase and checked it",
    "ok  checked the vault: Vault OK",
    "ok  started Qt ",
]


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The self-test's temporary folder goes under ``tmp_path``, where the test can look."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_self_test_passes_and_prints_one_line_per_step(temp_root: Path) -> None:
    out = io.StringIO()

    assert run_self_test(out) == 0

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Practice Planner ")
    steps = lines[1:-1]
    assert len(steps) == len(EXPECTED_STARTS) == len(self_test.STEPS)
    for line, start in zip(steps, EXPECTED_STARTS, strict=True):
        assert line.startswith(start), line
    assert "offscreen platform" in steps[-1]
    assert lines[-1].startswith(f"self-test passed: {len(EXPECTED_STARTS)} steps in ")
    assert list(temp_root.iterdir()) == [], "the temporary folder was not removed"


def test_a_failing_step_is_named_without_a_traceback(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> Path:
        raise OSError("No space left on device")

    monkeypatch.setattr(exports, "export_treatment_plan", disk_full)
    monkeypatch.delenv(self_test.DEBUG_ENV, raising=False)
    out = io.StringIO()

    assert run_self_test(out) == 1

    lines = out.getvalue().splitlines()
    assert lines[-2:] == [
        "FAIL  exporting the treatment plan PDF: OSError: No space left on device",
        "self-test failed while exporting the treatment plan PDF",
    ]
    assert [line for line in lines if line.startswith("ok  ")] == lines[1:3]
    assert "Traceback" not in out.getvalue()
    assert list(temp_root.iterdir()) == [], "the vault was not closed and removed"


def test_debug_variable_adds_the_traceback(
    temp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(state: object) -> str:
        raise KeyError("missing")

    monkeypatch.setattr(self_test, "STEPS", (self_test._Step("doing the impossible", broken),))
    monkeypatch.setenv(self_test.DEBUG_ENV, "1")
    out = io.StringIO()

    assert run_self_test(out) == 1

    text = out.getvalue()
    assert "FAIL  doing the impossible: KeyError: 'missing'" in text
    assert "Traceback (most recent call last)" in text
