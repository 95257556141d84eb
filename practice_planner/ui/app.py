"""Starting the desktop application (filled in by the main-window work)."""

from __future__ import annotations

import sys
from pathlib import Path


def run(vault_path: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from practice_planner.ui.start_window import StartWindow

    app = QApplication.instance() or QApplication(sys.argv)
    window = StartWindow(vault_path)
    window.show()
    return int(app.exec())
