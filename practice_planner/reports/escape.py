"""User text to Paragraph markup: what a person typed is always text, never markup.

ReportLab's Paragraph parses a small XML dialect (``<b>``, ``<font>``, ``<a>``, entities). A client
named ``<b>&amp;</b>`` must print exactly that, and a stray ``<`` must not abort the export.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_ENTITIES = {'"': "&quot;", "'": "&#39;"}
# characters XML 1.0 cannot carry at all (C0 controls except tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): dropped, since they cannot be printed either
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """Escape ``value`` for a Paragraph; line breaks the user typed are kept as ``<br/>``."""
    cleaned = _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return escape(cleaned, _ENTITIES).replace("\t", " ").replace("\n", "<br/>")


def paragraphs(value: str) -> list[str]:
    """Split long typed text at blank lines into escaped paragraphs, so it flows across pages.

    One huge Paragraph can split across pages too, but many small ones keep spacing even and let
    the layout break between thoughts rather than mid-line.
    """
    normalised = value.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", normalised)
    return [text(block.strip("\n")) for block in blocks if block.strip()]
