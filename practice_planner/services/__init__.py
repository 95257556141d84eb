"""Use cases shared by the GUI and the command line: validate, run a unit of work, audit it."""
