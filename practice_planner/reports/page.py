"""The page every document shares: letterhead, client identifiers, page numbers, confidentiality.

Page 1 opens with the practice letterhead; every page, the first included, carries the client's
name, date of birth and record number at the top (a loose page must still be identifiable and
re-filed) and "Confidential: contains protected health information" and "Page X of Y" at the
bottom. The total page count is only known once the story is laid out, so the canvas keeps each
page until the end and stamps the numbers on all of them then.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from practice_planner.reports import escape, fonts
from practice_planner.reports.blocks import day
from practice_planner.reports.styles import ACCENT, MUTED, RULE, styles
from practice_planner.services.report_models import ClientIdentity, Letterhead

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 54.0  # 0.75 in: room for a hole punch and a binder clip
TOP = 36.0
FOOTER_RULE = 42.0
FOOTER_TEXT = 30.0
FRAME_BOTTOM = 56.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
MAX_LETTERHEAD = 160.0  # points; a taller one is condensed so the page keeps room to write
CONFIDENTIAL = "Confidential: contains protected health information"
PRODUCER = "Practice Planner"
_GAP = "&nbsp;&nbsp;\u00b7&nbsp;&nbsp;"


@dataclass(frozen=True)
class DocumentInfo:
    """What the page furniture prints, and the PDF's own (neutral) metadata."""

    title: str
    running_title: str
    letterhead: Letterhead
    client: ClientIdentity
    author: str = ""
    subject: str = ""


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page back until the last, then stamps "Page X of Y" on each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.setFont(fonts.REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE_WIDTH - MARGIN, FOOTER_TEXT, f"Page {self._pageNumber} of {total}"
            )
            super().showPage()
        super().save()


def _client_line(client: ClientIdentity) -> str:
    name = escape.text(client.legal_name) or "\u2014"
    return (
        f"<b>{name}</b>{_GAP}DOB {day(client.date_of_birth)}"
        f"{_GAP}Record {escape.text(client.record_number)}"
    )


def _header(info: DocumentInfo) -> Table:
    """Client identifiers left, document name right; the identifiers get all the room left."""
    s = styles()
    title_width = stringWidth(info.running_title, fonts.REGULAR, s.header_right.fontSize) + 2
    right = min(title_width, CONTENT_WIDTH * 0.4)
    table = Table(
        [
            [
                Paragraph(_client_line(info.client), s.header),
                Paragraph(escape.text(info.running_title), s.header_right),
            ]
        ],
        colWidths=[CONTENT_WIDTH - right, right],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, ACCENT),
            ]
        )
    )
    return table


def _letterhead(letterhead: Letterhead) -> Table | None:
    """The letterhead as typed; condensed if it would crowd the page (a 40-line address)."""
    for compact in (False, True):
        table = _letterhead_table(letterhead, compact)
        if table is None or _height(table) <= MAX_LETTERHEAD:
            return table
    return _letterhead_table(
        Letterhead(
            practice_name=letterhead.practice_name[:120],
            clinician_name=letterhead.clinician_name[:120],
        ),
        compact=True,
    )


def _letterhead_table(letterhead: Letterhead, compact: bool) -> Table | None:
    s = styles()

    def line(text: str) -> str:
        return _GAP.join(escape.text(" ".join(text.split())) for text in text.splitlines())

    left: list[Flowable] = []
    if letterhead.practice_name:
        style = s.letter_line if compact else s.letter_name
        left.append(Paragraph(f"<b>{escape.text(letterhead.practice_name)}</b>", style))
    if letterhead.address:
        address = line(letterhead.address) if compact else escape.text(letterhead.address)
        left.append(Paragraph(address, s.letter_line))
    contact = _GAP.join(escape.text(v) for v in (letterhead.phone, letterhead.email) if v)
    if contact:
        left.append(Paragraph(contact, s.letter_line))
    right: list[Flowable] = []
    who = ", ".join(v for v in (letterhead.clinician_name, letterhead.credentials) if v)
    if who:
        right.append(Paragraph(f"<b>{escape.text(who)}</b>", s.letter_right))
    if letterhead.license_number:
        right.append(Paragraph(f"License {escape.text(letterhead.license_number)}", s.letter_right))
    if letterhead.npi:
        right.append(Paragraph(f"NPI {escape.text(letterhead.npi)}", s.letter_right))
    if not left and not right:
        return None
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.56, CONTENT_WIDTH * 0.44])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _height(flowable: Flowable) -> float:
    _, height = flowable.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
    return float(height)


def render(story: Sequence[Flowable], info: DocumentInfo) -> bytes:
    """Lay ``story`` out on the shared page and return the PDF bytes."""
    fonts.register_fonts()
    header = _header(info)
    header_height = _height(header)
    letterhead = _letterhead(info.letterhead)
    letterhead_height = _height(letterhead) + 14 if letterhead is not None else 0.0

    def draw_footer(canvas: Canvas) -> None:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_RULE, PAGE_WIDTH - MARGIN, FOOTER_RULE)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, FOOTER_TEXT, CONFIDENTIAL)

    def draw_header(canvas: Canvas, top: float) -> None:
        header.wrapOn(canvas, CONTENT_WIDTH, PAGE_HEIGHT)
        header.drawOn(canvas, MARGIN, top - header_height)

    def first_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - TOP
        if letterhead is not None:
            letterhead.wrapOn(canvas, CONTENT_WIDTH, PAGE_HEIGHT)
            letterhead.drawOn(canvas, MARGIN, top - _height(letterhead))
            top -= letterhead_height
        draw_header(canvas, top)
        draw_footer(canvas)
        canvas.restoreState()

    def later_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        draw_header(canvas, PAGE_HEIGHT - TOP)
        draw_footer(canvas)
        canvas.restoreState()

    def frame(name: str, furniture: float) -> Frame:
        top = PAGE_HEIGHT - TOP - furniture - 14
        return Frame(
            MARGIN,
            FRAME_BOTTOM,
            CONTENT_WIDTH,
            top - FRAME_BOTTOM,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=FRAME_BOTTOM,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator=PRODUCER,
        keywords="",
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="first",
                frames=[frame("first", letterhead_height + header_height)],
                onPage=first_page,
                autoNextPageTemplate="later",
            ),
            PageTemplate(id="later", frames=[frame("later", header_height)], onPage=later_page),
        ]
    )
    doc.build(list(story), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
