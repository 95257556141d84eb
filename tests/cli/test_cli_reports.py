"""``export plan`` and ``export progress``: PDFs from the command line, by record number."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from practice_planner.cli import main
from tests.conftest import PASSPHRASE


def test_export_plan_and_progress_from_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "v" / "practice.db"
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE)
    common = ["--vault", str(vault), "--passphrase-file", str(secret)]
    assert main([*common, "init"]) == 0
    assert main([*common, "demo", "--clients", "3", "--seed", "7"]) == 0
    plan_pdf, progress_pdf = tmp_path / "plan.pdf", tmp_path / "progress.pdf"
    narrative = tmp_path / "narrative.txt"
    narrative.write_text("Steady gains; <b>not bold</b> & careful.", encoding="utf-8")
    assert main([*common, "export", "plan", "--client", "demo-00001", "--out", str(plan_pdf)]) == 0
    assert (
        main(
            [
                *common,
                "export",
                "progress",
                "--client",
                "DEMO-00001",
                "--from",
                "2020-01-01",
                "--narrative-file",
                str(narrative),
                "--out",
                str(progress_pdf),
            ]
        )
        == 0
    )
    plan_text = "".join(page.extract_text() for page in PdfReader(plan_pdf).pages)
    progress_text = "".join(page.extract_text() for page in PdfReader(progress_pdf).pages)
    assert "Treatment plan" in plan_text and "DEMO-00001" in plan_text
    assert "<b>not bold</b> & careful." in progress_text
    capsys.readouterr()
    assert main([*common, "export", "plan", "--client", "NOPE", "--out", str(plan_pdf)]) == 1
    assert "No client has this record number" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(
            [
                *common,
                "export",
                "progress",
                "--client",
                "DEMO-00001",
                "--from",
                "01/02/2026",
                "--out",
                str(progress_pdf),
            ]
        )
    assert exited.value.code == 2
