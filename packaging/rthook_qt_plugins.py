"""Runtime hook (runs before the program): where the bundle's Qt plugins are, without loading Qt.

It replaces PyInstaller's own PySide6 hook, which imports PySide6.QtCore at every start only to
register a qt.conf that PySide6's QtCore registers itself when the program first imports it. That
import cost a tenth of a second on ``--version`` and every headless command, none of which use Qt.
"""

import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(
    sys._MEIPASS,  # type: ignore[attr-defined]  # set by PyInstaller's bootloader
    "PySide6",
    *([] if sys.platform.startswith("win") else ["Qt"]),
    "plugins",
)
