"""Treatment plan PDFs from a real vault, read back with pypdf."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from practice_planner.domain.enums import GoalCategory, PlanStatus
from practice_planner.errors import ValidationError
from practice_planner.reports import escape, exports
from practice_planner.reports.blocks import grid, key_values
from practice_planner.reports.page import CONTENT_WIDTH
from practice_planner.reports.treatment_plan import build_treatment_plan_pdf
from practice_planner.services.report_models import (
    ClientIdentity,
    GoalView,
    InterventionLine,
    Letterhead,
    ObjectiveLine,
    PlanView,
    ProblemView,
    TreatmentPlanData,
)
from practice_planner.storage.vault import Vault
from tests.reports.records import (
    NAMES,
    PRACTICE,
    TODAY,
    audit_events,
    flat,
    make_client,
    make_plan,
    pages_text,
)


def test_every_goal_objective_and_intervention_is_printed(vault: Vault, tmp_path: Path) -> None:
    built = make_plan(vault, make_client(vault), goals_per_problem=(2, 3))
    out = exports.export_treatment_plan(vault, built.plan_id, tmp_path / "plan.pdf", today=TODAY)
    text = flat(" ".join(pages_text(out)))
    for typed in built.texts:
        assert flat(typed) in text
    for expected in (
        "Treatment plan",
        "F41.0",
        "Panic disorder",
        "Curious, keeps a journal, supportive sister",
        "Rotating shifts make weekly sessions hard",
        "Fewer than one panic attack a month for two months",
        "Cognitive behavioural therapy",
        "Every 30 days",
        "5 \u2192 1 by 2026-07-04 (lower is better)",
        "Harbour Lane Counselling",
        "NPI 1234567893",
        "Version 1",
        "Active",
    ):
        assert expected in text


@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_in_any_script_and_markup_come_back_exactly(
    vault: Vault, tmp_path: Path, given: str, family: str
) -> None:
    built = make_plan(vault, make_client(vault, given, family), goals_per_problem=(1,))
    out = exports.export_treatment_plan(vault, built.plan_id, tmp_path / "plan.pdf", today=TODAY)
    pages = pages_text(out)
    assert all(f"{given} {family}" in page for page in pages)


def test_thirty_goals_paginate_with_the_header_on_every_page(vault: Vault, tmp_path: Path) -> None:
    built = make_plan(vault, make_client(vault), goals_per_problem=(10, 10, 10), sign=False)
    out = exports.export_treatment_plan(vault, built.plan_id, tmp_path / "plan.pdf", today=TODAY)
    pages = pages_text(out)
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert "Record C-00042" in page
        assert "Robin Example" in page
        assert "DOB 1988-05-17" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Confidential: contains protected health information" in page
    text = flat(" ".join(pages))
    assert all(flat(typed) in text for typed in built.texts)
    assert "Treatment plan (draft, not signed)" in text


def test_file_is_private_metadata_neutral_and_export_audited(vault: Vault, tmp_path: Path) -> None:
    built = make_plan(vault, make_client(vault, "Łukasz", "Żółć"), goals_per_problem=(1,))
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "plan.pdf"
    target.write_bytes(b"an older export")
    target.chmod(0o644)
    out = exports.export_treatment_plan(vault, built.plan_id, target, today=TODAY)
    assert out == target.absolute()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["plan.pdf"]  # no temp file left
    metadata = PdfReader(out).metadata
    assert metadata is not None
    assert metadata.title == "Treatment plan"
    assert metadata.author == PRACTICE.practice_name
    assert metadata.subject == "Clinical document"
    for value in metadata.values():
        assert "Żółć" not in str(value) and "C-00042" not in str(value)
    (event,) = audit_events(vault, "export.treatment_plan")
    assert (event.entity, event.entity_id) == ("client", str(built.client_id))
    assert json.loads(event.detail)["version"] == 1
    assert "Żółć" not in event.detail and "plan.pdf" not in event.detail


def test_default_file_name_names_no_one() -> None:
    assert exports.treatment_plan_filename(2, TODAY) == "treatment-plan-v2-2026-11-22.pdf"


def test_bad_destination_is_refused_and_nothing_is_audited(vault: Vault, tmp_path: Path) -> None:
    built = make_plan(vault, make_client(vault), goals_per_problem=(1,))
    with pytest.raises(ValidationError) as missing_folder:
        exports.export_treatment_plan(vault, built.plan_id, tmp_path / "nowhere" / "p.pdf")
    assert "folder" in missing_folder.value.fields["out"]
    with pytest.raises(ValidationError) as folder:
        exports.export_treatment_plan(vault, built.plan_id, tmp_path)
    assert "not a folder" in folder.value.fields["out"]
    with pytest.raises(ValidationError) as gone:
        exports.export_treatment_plan(vault, 9999, tmp_path / "p.pdf")
    assert "plan" in gone.value.fields
    assert audit_events(vault, "export.treatment_plan") == []
    assert list(tmp_path.iterdir()) == [tmp_path / "vault"]


def test_unwritable_name_is_a_clear_error(vault: Vault, tmp_path: Path) -> None:
    built = make_plan(vault, make_client(vault), goals_per_problem=(1,))
    with pytest.raises(ValidationError) as error:
        exports.export_treatment_plan(vault, built.plan_id, tmp_path / ("p" * 300 + ".pdf"))
    assert "cannot be written there" in error.value.fields["out"]
    assert audit_events(vault, "export.treatment_plan") == []


def test_typed_markup_is_text() -> None:
    assert escape.text("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert escape.text("a\r\nb\rc\nd") == "a<br/>b<br/>c<br/>d"
    assert escape.text('O\'Brien "Jr"') == "O&#39;Brien &quot;Jr&quot;"
    assert escape.text("bell\x07 and nul\x00") == "bell and nul"
    assert escape.paragraphs("one\nline\n\n\n two ") == ["one<br/>line", " two "]


def test_tables_stay_inside_the_margins() -> None:
    unbroken = "x" * 400
    tables = [
        grid(["#", "Objective"], [["1", unbroken], ["2", "short"]], CONTENT_WIDTH, [0.1, 0.9]),
        key_values([("Measure", unbroken)], CONTENT_WIDTH),
    ]
    for table in tables:
        width, _ = table.wrap(CONTENT_WIDTH, 10_000)
        assert width <= CONTENT_WIDTH + 0.01
        for row in table._cellvalues:
            for cell, column_width in zip(row, table._colWidths, strict=True):
                for paragraph in cell if isinstance(cell, list | tuple) else [cell]:
                    assert max(paragraph.getActualLineWidths0(), default=0) <= column_width


def test_huge_typed_texts_flow_across_pages() -> None:
    """A row taller than a page splits; an unbroken word wraps; nothing raises LayoutError."""
    huge = ("Long objective wording. " * 300).strip()  # 7,200 characters: taller than a page
    goal = GoalView(
        id=1,
        statement="w" * 3000,
        category=GoalCategory.PERSONAL_GROWTH,
        client_words=huge,
        objectives=(ObjectiveLine(huge),),
        interventions=(InterventionLine("x" * 2000, "y" * 200, "z" * 200),),
        gas_levels=("g" * 400, "", "", "", ""),
    )
    plan = PlanView(
        id=1,
        version=1,
        status=PlanStatus.DRAFT,
        effective_date=TODAY,
        strengths=huge,
        problems=(ProblemView("p" * 500, "", ("F41.0",), (goal,)),),
    )
    client = ClientIdentity("Robin Example", None, "C-00042")
    pdf = build_treatment_plan_pdf(TreatmentPlanData(Letterhead(), client, (), plan))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 3
    assert all("Record C-00042" in page.extract_text() for page in pages)
