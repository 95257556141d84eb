"""Finding the files in ``resources/``, wherever the program was installed or frozen.

They ship inside the wheel as the package ``practice_planner.resources`` (see ``setup.py``), so
``importlib.resources`` finds them in an editable checkout, an installed wheel, or a bundle.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

APP_ICON = "icons/practice-planner.svg"


def resource_path(name: str) -> Path:
    """A real file path for the resource ``name`` (e.g. ``"icons/practice-planner.svg"``)."""
    resource = files("practice_planner.resources").joinpath(*name.split("/"))
    if not resource.is_file():
        raise FileNotFoundError(f"missing resource {name!r}: the installation is incomplete")
    with as_file(resource) as path:  # a no-op for files on disk, which is how we ship
        return Path(path)
