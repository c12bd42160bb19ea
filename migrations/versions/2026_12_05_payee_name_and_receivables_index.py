"""payee name of administrations; index for receivables (open invoices by due date)

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: every existing administration keeps paying out to its own name.
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payee_name", sa.String(length=70), nullable=True))
    # Receivables and statements read an administration's final invoices by payment status in
    # due-date order (aging buckets, oldest first); without it they read every final invoice.
    op.create_index(
        "ix_invoices_receivables",
        "invoices",
        ["administration_id", "status", "payment_status", "due_date", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_invoices_receivables", table_name="invoices")
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.drop_column("payee_name")
