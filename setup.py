"""Package layout that pyproject.toml alone cannot express.

The top-level ``resources/`` folder (icons, fonts, goal library, style sheet) is shipped inside the
wheel as the package ``practice_planner.resources``, so an installed program finds its files with
``importlib.resources`` wherever it is run from. Everything else is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["practice_planner", "practice_planner.*"]),
        "practice_planner.resources",
    ],
    package_dir={"practice_planner.resources": "resources"},
    package_data={
        "practice_planner": ["py.typed", "storage/migrations/script.py.mako"],
        "practice_planner.resources": ["**/*"],
    },
    include_package_data=False,
)
