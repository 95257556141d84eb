"""Paragraph styles and colours shared by every document, so they read as one practice's papers.

Sizes follow printed clinical forms: 9.5 pt body on 13 pt leading is legible when photocopied,
and one restrained accent colour keeps headings findable without looking like marketing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from practice_planner.reports import fonts

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
FAINT = colors.HexColor("#9aa5b1")
RULE = colors.HexColor("#cbd2d9")
ACCENT = colors.HexColor("#1d5c7a")
SHADE = colors.HexColor("#f0f4f7")
TARGET = colors.HexColor("#2f7d4f")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    quote: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    header: ParagraphStyle
    header_right: ParagraphStyle
    letter_name: ParagraphStyle
    letter_line: ParagraphStyle
    letter_right: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """The style sheet (built once, after the fonts it names are registered)."""
    fonts.register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR,
        fontSize=9.5,
        leading=13,
        textColor=INK,
        spaceAfter=4,
        splitLongWords=True,
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    cell = derive("cell", fontSize=8.5, leading=11, spaceAfter=0)
    return Styles(
        title=derive("title", fontName=fonts.BOLD, fontSize=17, leading=21, spaceAfter=2),
        subtitle=derive("subtitle", fontSize=9.5, leading=13, textColor=MUTED, spaceAfter=10),
        h1=derive(
            "h1",
            fontName=fonts.BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=True,
        ),
        h2=derive(
            "h2",
            fontName=fonts.BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=True,
        ),
        h3=derive(
            "h3",
            fontName=fonts.BOLD,
            fontSize=9,
            leading=12,
            textColor=MUTED,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=True,
        ),
        body=base,
        quote=derive("quote", fontName=fonts.ITALIC, leftIndent=10, textColor=INK),
        small=derive("small", fontSize=8, leading=10.5, textColor=MUTED),
        label=derive("label", fontSize=8, leading=11, textColor=MUTED, spaceAfter=0),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.BOLD),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=fonts.BOLD, fontSize=8, textColor=MUTED
        ),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        header=derive("header", fontSize=8, leading=10.5, textColor=INK, spaceAfter=0),
        header_right=derive(
            "header_right",
            fontSize=8,
            leading=10.5,
            textColor=MUTED,
            alignment=TA_RIGHT,
            spaceAfter=0,
        ),
        letter_name=derive(
            "letter_name",
            fontName=fonts.BOLD,
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceAfter=1,
        ),
        letter_line=derive("letter_line", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=0),
        letter_right=derive(
            "letter_right",
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            alignment=TA_RIGHT,
            spaceAfter=0,
        ),
    )
