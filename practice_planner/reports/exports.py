"""Export a treatment plan or a progress summary as a PDF (or a progress chart as a PNG),
privately and on the record.

The file is written beside its destination under a temporary name (mode 0600 from its first
byte), synced, and only renamed into place once the export is in the audit trail: a reader never
sees half a PDF, and no document leaves the vault unrecorded. The PDF's own metadata stays neutral
(title "Treatment plan", no client name), because file managers and mail clients show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from practice_planner.errors import ValidationError
from practice_planner.reports.progress_summary import build_progress_summary_pdf
from practice_planner.reports.treatment_plan import build_treatment_plan_pdf
from practice_planner.services import report_data
from practice_planner.services.progress import resolve_range
from practice_planner.storage import audit
from practice_planner.storage.private_files import export_target, write_private_atomically
from practice_planner.storage.vault import Vault


def treatment_plan_filename(version: int, on: date) -> str:
    """A default file name that names no one: a file list is not a place for PHI."""
    return f"treatment-plan-v{version}-{on.isoformat()}.pdf"


def progress_summary_filename(date_from: date, date_to: date) -> str:
    """A default file name that names no one: ``progress-summary-2025-01-01-to-2026-12-31.pdf``."""
    return f"progress-summary-{date_from.isoformat()}-to-{date_to.isoformat()}.pdf"


def chart_image_filename(chart: str, on: date) -> str:
    """``progress-chart-phq-9-2026-11-22.png``: named for what it shows, never for whom."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in chart.casefold()).split())
    return f"progress-chart-{slug or 'chart'}-{on.isoformat()}.png"


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def export_chart_image(
    vault: Vault, client_id: int, png: bytes, out_path: Path | str, chart: str
) -> Path:
    """Write a progress chart, rendered by the screen, as a PNG file; the path.

    The picture shows a client's scores, so it leaves the vault like a PDF does: written
    privately and atomically, and recorded in the audit trail (by chart name, never a value).
    """
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("png must hold a PNG image")
    target = _checked_target(out_path)
    detail = {"chart": chart, "bytes": len(png)}
    return _publish(vault, target, png, "export.chart_image", client_id, detail)


def record_chart_copied(vault: Vault, client_id: int, chart: str) -> None:
    """Audit a chart copied to the clipboard: it leaves the vault as surely as a saved PNG."""
    with vault.unit_of_work() as session:
        audit.append(
            session,
            "export.chart_copied",
            entity="client",
            entity_id=str(client_id),
            detail={"chart": chart},
        )


def export_treatment_plan(
    vault: Vault, plan_id: int, out_path: Path | str, *, today: date | None = None
) -> Path:
    """Write one plan version as a PDF to ``out_path`` (replacing a file there); the path."""
    target = _checked_target(out_path)
    data = report_data.load_treatment_plan(vault, plan_id)
    pdf = build_treatment_plan_pdf(data, prepared_on=today)
    detail = {"plan_id": plan_id, "version": data.plan.version, "bytes": len(pdf)}
    return _publish(vault, target, pdf, "export.treatment_plan", data.client.client_id, detail)


def export_progress_summary(
    vault: Vault,
    client_id: int,
    out_path: Path | str,
    date_from: date | None = None,
    date_to: date | None = None,
    narrative: str = "",
    *,
    today: date | None = None,
) -> Path:
    """Write a progress summary for ``date_from``..``date_to`` (inclusive) as a PDF; the path.

    Open ends default to the first record and to today. Psychotherapy notes are never read.
    """
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError({"date_from": "The start date must not be after the end date."})
    target = _checked_target(out_path)
    data = report_data.load_progress_summary(vault, client_id)
    prepared_on = today or date.today()
    start, end = resolve_range(data, date_from, date_to, prepared_on)
    pdf = build_progress_summary_pdf(data, start, end, narrative, prepared_on=prepared_on)
    detail = {"from": start.isoformat(), "to": end.isoformat(), "bytes": len(pdf)}
    return _publish(vault, target, pdf, "export.progress_summary", client_id, detail)


def _checked_target(out_path: Path | str) -> Path:
    return export_target(out_path, "out")


def _publish(
    vault: Vault,
    target: Path,
    content: bytes,
    action: str,
    client_id: int,
    detail: Mapping[str, object],
) -> Path:
    """Temp file, fsync, audit event committed, then rename: never an unrecorded export."""

    def record() -> None:
        with vault.unit_of_work() as session:
            audit.append(session, action, entity="client", entity_id=str(client_id), detail=detail)

    try:
        return write_private_atomically(target, content, before_publish=record)
    except OSError as error:
        raise ValidationError(
            {"out": f"The export could not be written: {error.strerror or error}."}
        ) from None
