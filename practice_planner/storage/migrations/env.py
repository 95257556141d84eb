"""Alembic environment: runs on the connection the vault hands over, inside its transaction.

There is no database URL here: a vault is only ever opened by ``storage/vault.py`` with its raw key,
which passes the open connection in ``config.attributes["connection"]``.
"""

from alembic import context

from practice_planner.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
