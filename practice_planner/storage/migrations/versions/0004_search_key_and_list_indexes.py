"""A folded search key on clients, and indexes for the client list and the dashboard.

``client.search_key`` holds the names and record number folded (``domain.search``) so a search
finds "Müller" from "muller" in any script; existing rows are filled here, in batches. The
client list and its search walk ``ix_client_list`` in order; the dashboard's unsigned notes and
questionnaire alerts read an index each instead of the whole table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from practice_planner.domain.search import client_search_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2_000


def _fill_search_keys() -> None:
    connection = op.get_bind()
    rows = connection.exec_driver_sql(
        "SELECT id, legal_given_name, legal_family_name, preferred_name, record_number "
        "FROM client ORDER BY id"
    ).all()
    for start in range(0, len(rows), BATCH):
        connection.exec_driver_sql(
            "UPDATE client SET search_key = ? WHERE id = ?",
            [(client_search_key(*row[1:]), row[0]) for row in rows[start : start + BATCH]],
        )


def upgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.Text(), server_default="", nullable=False))
    _fill_search_keys()
    op.create_index(
        "ix_client_list",
        "client",
        [
            sa.text("legal_family_name COLLATE NOCASE"),
            sa.text("legal_given_name COLLATE NOCASE"),
            "id",
            "archived_at",
            "status",
            "search_key",
        ],
        unique=False,
    )
    op.create_index(
        "ix_progress_note_unsigned",
        "progress_note",
        ["encounter_id"],
        unique=False,
        sqlite_where=sa.text("signed_at IS NULL"),
    )
    op.create_index(
        "ix_measure_administration_series",
        "measure_administration",
        ["client_id", "instrument", "administered_on", "id", "total"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_measure_administration_series", table_name="measure_administration")
    op.drop_index("ix_progress_note_unsigned", table_name="progress_note")
    op.drop_index("ix_client_list", table_name="client")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_column("search_key")
