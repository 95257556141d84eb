"""The PHQ-9 and GAD-7 closing question, "how difficult have these problems made it...".

Not scored, but part of each instrument as published: an answer (0 "not difficult at all" to 3
"extremely difficult") is kept with the administration; NULL where it was not asked or answered.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measure_administration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("difficulty", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measure_administration", schema=None) as batch_op:
        batch_op.drop_column("difficulty")
