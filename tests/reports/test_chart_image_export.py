"""A progress chart saved as PNG leaves the vault like a PDF: private, atomic, audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from practice_planner.errors import ValidationError
from practice_planner.reports import exports
from practice_planner.storage.vault import Vault
from tests.reports.records import audit_events, make_client

PNG = exports.PNG_SIGNATURE + b"\x00" * 32  # enough of a PNG for the writer


def test_file_names_say_what_not_whom() -> None:
    on = date(2026, 11, 22)
    assert exports.chart_image_filename("PHQ-9", on) == "progress-chart-phq-9-2026-11-22.png"
    assert exports.chart_image_filename("Goal 1.2", on) == "progress-chart-goal-1-2-2026-11-22.png"
    assert exports.chart_image_filename("GAS T-score", on) == (
        "progress-chart-gas-t-score-2026-11-22.png"
    )
    assert exports.chart_image_filename("…", on) == "progress-chart-chart-2026-11-22.png"


def test_a_chart_is_written_and_recorded(vault: Vault, tmp_path: Path) -> None:
    client_id = make_client(vault)
    path = exports.export_chart_image(vault, client_id, PNG, tmp_path / "chart.png", "PHQ-9")
    assert path.read_bytes() == PNG
    (event,) = audit_events(vault, "export.chart_image")
    assert json.loads(event.detail) == {"chart": "PHQ-9", "bytes": len(PNG)}


def test_only_png_and_only_to_a_writable_place(vault: Vault, tmp_path: Path) -> None:
    client_id = make_client(vault)
    with pytest.raises(ValueError):
        exports.export_chart_image(vault, client_id, b"GIF89a", tmp_path / "c.png", "PHQ-9")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ValidationError):
        exports.export_chart_image(vault, client_id, PNG, blocker / "c.png", "PHQ-9")
    assert audit_events(vault, "export.chart_image") == []
