"""Small building blocks the documents share: formatted values, escaped paragraphs, tables.

Every table takes its column widths as fractions of the frame width and wraps each cell in a
Paragraph, so no amount of typed text can push a table past the margins; rows may split across
pages, so no amount of it can make a row taller than a page either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from practice_planner.reports import escape
from practice_planner.reports.styles import FAINT, RULE, SHADE, styles

DASH = "\u2014"  # what an empty value prints as
ARROW = "\u2192"
Cell: TypeAlias = str | Flowable


def day(value: date | None) -> str:
    """ISO dates: unambiguous for every reader, the form the rest of the program uses."""
    return value.isoformat() if value is not None else DASH


def number(value: float | None) -> str:
    """3, not 3.0; 2.5 stays 2.5; at most two decimals (a chart label is not a lab result)."""
    if value is None:
        return DASH
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A Paragraph of user text, escaped (never markup)."""
    return Paragraph(escape.text(text), style or styles().body)


def markup(fragment: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A Paragraph of our own markup; any user text inside must already be escaped."""
    return Paragraph(fragment, style or styles().body)


def prose(text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
    """Long typed text as one Paragraph per blank-line-separated block, so it flows."""
    return [Paragraph(block, style or styles().body) for block in escape.paragraphs(text)]


def _cell(value: Cell, style: ParagraphStyle) -> Flowable:
    return Paragraph(escape.text(value), style) if isinstance(value, str) else value


def key_values(
    rows: Sequence[tuple[str, Cell]], width: float, label_fraction: float = 0.26
) -> Table:
    """Label / value pairs (plan details, a goal's SMART fields); empty values are left out."""
    s = styles()
    data = [
        [Paragraph(escape.text(label), s.label), _cell(value, s.cell)]
        for label, value in rows
        if not (isinstance(value, str) and not value.strip())
    ]
    if not data:
        data = [[Paragraph("", s.label), Paragraph(DASH, s.cell)]]
    table = Table(
        data,
        colWidths=[width * label_fraction, width * (1 - label_fraction)],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    width: float,
    fractions: Sequence[float],
    *,
    right_aligned: Sequence[int] = (),
) -> Table:
    """A data table with a shaded header row that repeats on every page it spans."""
    s = styles()
    total = sum(fractions)
    widths = [width * f / total for f in fractions]
    data: list[list[Flowable]] = [[Paragraph(escape.text(h), s.cell_head) for h in header]]
    for row in rows:
        data.append(
            [
                _cell(value, s.cell_right if index in right_aligned else s.cell)
                for index, value in enumerate(row)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, FAINT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.35, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
