"""A non-editable install, run from another folder, finds its resources and migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_resources_and_migrations_and_works_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("practice_planner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "practice_planner/resources/icons/practice-planner.svg" in names
    assert "practice_planner/storage/migrations/env.py" in names
    assert "practice_planner/storage/migrations/script.py.mako" in names
    assert "practice_planner/storage/migrations/versions/0001_audit_trail.py" in names
    assert not any(name.startswith("tests/") for name in names)

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import practice_planner, sys\n"
        "from practice_planner.resource_files import resource_path, APP_ICON\n"
        "from practice_planner.storage.vault import Vault\n"
        "assert practice_planner.__file__.startswith(sys.argv[1]), practice_planner.__file__\n"
        "print(resource_path(APP_ICON).read_text()[:5])\n"
        "Vault.create('v/practice.db', 'violet kettle orbit mountain', kdf_iterations=2).close()\n"
        "print('vault ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["<?xml", "vault", "ok"]
