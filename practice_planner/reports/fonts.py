"""The bundled DejaVu Sans family, registered with ReportLab once per process.

ReportLab's built-in Helvetica only covers Latin-1: a client called Łukasz Żółć, Σωκράτης or Фёдор
would print as black boxes. DejaVu Sans covers Latin Extended, Greek and Cyrillic, and is embedded
(subset) in every PDF, so the document reads the same on any machine.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from practice_planner.resource_files import resource_path

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    REGULAR: "fonts/DejaVuSans.ttf",
    BOLD: "fonts/DejaVuSans-Bold.ttf",
    ITALIC: "fonts/DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "fonts/DejaVuSans-BoldOblique.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family (idempotent, thread-safe: exports run off the GUI thread); its name."""
    global _registered
    with _lock:
        if not _registered:
            for name, resource in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource_path(resource))))
            # the family mapping lets <b> and <i> in a Paragraph pick the right face
            pdfmetrics.registerFontFamily(
                FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            _registered = True
    return FAMILY
