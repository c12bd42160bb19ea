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
    # Receivables and statements read an administration's open invoices in due-date order
    # (pages, aging buckets); partial, so the paid bulk of a book is not in it, and with total
    # and amount_paid so the aging totals read the index alone.
    open_invoice = sa.text("status = 'final' AND payment_status IN ('unpaid', 'partially_paid')")
    op.create_index(
        "ix_invoices_receivables",
        "invoices",
        ["administration_id", "due_date", "id", "total", "amount_paid"],
        postgresql_where=open_invoice,
        sqlite_where=open_invoice,
    )


def downgrade() -> None:
    op.drop_index("ix_invoices_receivables", table_name="invoices")
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.drop_column("payee_name")
