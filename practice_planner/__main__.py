"""``python -m practice_planner``: the same as the ``practice-planner`` command."""

import sys

from practice_planner.cli import main

sys.exit(main())
