"""Practice Planner: offline, encrypted treatment planning for psychotherapists.

Kept import-free on purpose: ``practice-planner --version`` reads ``__version__`` from here and must
answer without loading Qt or SQLAlchemy.
"""

__version__ = "0.1.0"
