"""The frozen program's entry point: exactly the ``practice-planner`` console script.

PyInstaller needs a script, not an entry point; keeping it to one call means the bundle and the
pip-installed command cannot drift apart.
"""

import sys

from practice_planner.cli import main

if __name__ == "__main__":
    sys.exit(main())
