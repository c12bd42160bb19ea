"""payments on invoices, and the amount paid of each invoice

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METHODS = ("bank", "cash", "card", "direct_debit", "other", "credit_note")


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(*METHODS, name="paymentmethod", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=140), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reverses_id", sa.String(length=40), nullable=True),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("bank_transaction_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_payments_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payments_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["payments.id"], name=op.f("fk_payments_reverses_id_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_payments_reverses_id")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        for column in ("administration_id", "invoice_id", "bank_transaction_id"):
            batch_op.create_index(batch_op.f(f"ix_payments_{column}"), [column], unique=False)
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("amount_paid", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("amount_paid")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        for column in ("bank_transaction_id", "invoice_id", "administration_id"):
            batch_op.drop_index(batch_op.f(f"ix_payments_{column}"))
    op.drop_table("payments")
