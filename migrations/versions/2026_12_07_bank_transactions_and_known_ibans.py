"""bank transactions imported from CAMT.053 statements, and the IBANs customers paid from

Revision ID: 0014
Revises: 0013b
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bank_known_ibans",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=40), nullable=True),
        sa.Column("company_id", sa.String(length=40), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(customer_id IS NULL) <> (company_id IS NULL)",
            name=op.f("ck_bank_known_ibans_exactly_one_party"),
        ),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_bank_known_ibans_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_bank_known_ibans_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_bank_known_ibans_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_known_ibans")),
    )
    with op.batch_alter_table("bank_known_ibans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bank_known_ibans_administration_id_iban_company_id",
            ["administration_id", "iban", "company_id"],
            unique=True,
        )
        batch_op.create_index(
            "ix_bank_known_ibans_administration_id_iban_customer_id",
            ["administration_id", "iban", "customer_id"],
            unique=True,
        )
        batch_op.create_index(
            batch_op.f("ix_bank_known_ibans_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bank_known_ibans_customer_id"), ["customer_id"], unique=False
        )

    op.create_table(
        "bank_transactions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("dedup_key", sa.String(length=64), nullable=False),
        sa.Column("account_iban", sa.String(length=34), nullable=False),
        sa.Column("message_id", sa.String(length=35), nullable=False),
        sa.Column("statement_id", sa.String(length=35), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("credit", "debit", name="creditdebit", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "matched",
                "unmatched",
                "ignored",
                name="banktransactionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("booking_date", sa.Date(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("counterparty_name", sa.String(length=140), nullable=True),
        sa.Column("counterparty_iban", sa.String(length=34), nullable=True),
        sa.Column("remittance_info", sa.Text(), nullable=True),
        sa.Column("structured_reference", sa.Text(), nullable=True),
        sa.Column("end_to_end_id", sa.String(length=35), nullable=True),
        sa.Column("bank_reference", sa.String(length=35), nullable=True),
        sa.Column("detail_index", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=True),
        sa.Column("payment_id", sa.String(length=40), nullable=True),
        sa.Column(
            "matched_by",
            sa.Enum(
                "reference", "amount_iban", "manual", name="matchrule", native_enum=False, length=20
            ),
            nullable=True,
        ),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'matched') = (invoice_id IS NOT NULL)",
            name=op.f("ck_bank_transactions_matched_iff_invoice"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_bank_transactions_amount_positive")),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_bank_transactions_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_bank_transactions_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_transactions")),
    )
    with op.batch_alter_table("bank_transactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bank_transactions_administration_id_dedup_key",
            ["administration_id", "dedup_key"],
            unique=True,
        )
        batch_op.create_index(
            "ix_bank_transactions_administration_id_status",
            ["administration_id", "status", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_bank_transactions_invoice_id"), ["invoice_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_transactions_invoice_id"))
        batch_op.drop_index("ix_bank_transactions_administration_id_status")
        batch_op.drop_index("ix_bank_transactions_administration_id_dedup_key")

    op.drop_table("bank_transactions")
    with op.batch_alter_table("bank_known_ibans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_known_ibans_customer_id"))
        batch_op.drop_index(batch_op.f("ix_bank_known_ibans_company_id"))
        batch_op.drop_index("ix_bank_known_ibans_administration_id_iban_customer_id")
        batch_op.drop_index("ix_bank_known_ibans_administration_id_iban_company_id")

    op.drop_table("bank_known_ibans")
