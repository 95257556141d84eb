"""Data files shipped with the program (installed as ``practice_planner.resources``)."""
