"""Alembic environment for vault schema changes (run at unlock; see ``storage/schema.py``)."""
