"""KvK number and Peppol id of buyers: companies and customers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns only: existing companies and customers have neither until one is given.
    for table in ("companies", "customers"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("kvk_number", sa.String(length=8), nullable=True))
            batch_op.add_column(sa.Column("peppol_id", sa.String(length=60), nullable=True))


def downgrade() -> None:
    for table in ("customers", "companies"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("peppol_id")
            batch_op.drop_column("kvk_number")
