"""delivery date of invoices and their lines

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: an invoice or line without one prints none, as every existing one does.
    for table in ("invoices", "invoice_lines"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("delivery_date", sa.Date(), nullable=True))


def downgrade() -> None:
    for table in ("invoice_lines", "invoices"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("delivery_date")
