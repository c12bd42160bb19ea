"""invoices and pdf templates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:12:05.157169
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "number_counters",
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_number_counters_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("administration_id", "series", name=op.f("pk_number_counters")),
    )
    op.create_table(
        "pdf_templates",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("layout", sa.String(length=40), nullable=False),
        sa.Column("accent_color", sa.String(length=7), nullable=True),
        sa.Column("footer_text", sa.Text(), nullable=True),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("logo_content_type", sa.String(length=20), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_pdf_templates_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pdf_templates")),
    )
    with op.batch_alter_table("pdf_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pdf_templates_administration_id"), ["administration_id"], unique=False
        )

    op.create_table(
        "invoices",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("invoice", "credit_note", name="invoicekind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("customer_id", sa.String(length=40), nullable=True),
        sa.Column("company_id", sa.String(length=40), nullable=True),
        sa.Column(
            "status",
            sa.Enum("draft", "final", name="invoicestatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "payment_status",
            sa.Enum("unpaid", "paid", name="paymentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("due_date_fixed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("vat_total", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("credited_invoice_id", sa.String(length=40), nullable=True),
        sa.Column("series", sa.String(length=20), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "delivery_method",
            sa.Enum("none", "post", "email", name="deliverymethod", native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column("delivery_method_source", sa.String(length=10), nullable=True),
        sa.Column("parties_snapshot", sa.JSON(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'draft') = (number IS NULL)", name=op.f("ck_invoices_number_iff_final")
        ),
        sa.CheckConstraint(
            "customer_id IS NOT NULL OR company_id IS NOT NULL",
            name=op.f("ck_invoices_has_a_party"),
        ),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_invoices_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_invoices_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["credited_invoice_id"],
            ["invoices.id"],
            name=op.f("fk_invoices_credited_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_invoices_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint(
            "administration_id",
            "series",
            "number",
            name=op.f("uq_invoices_administration_id_series_number"),
        ),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invoices_administration_id_status", ["administration_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invoices_company_id"), ["company_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_invoices_credited_invoice_id"), ["credited_invoice_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invoices_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "invoice_lines",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("vat_rate", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_invoice_lines_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
        sa.UniqueConstraint(
            "invoice_id", "position", name=op.f("uq_invoice_lines_invoice_id_position")
        ),
    )
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("default_pdf_template_id", sa.String(length=40), nullable=True)
        )
        batch_op.create_foreign_key(
            "fk_administrations_default_pdf_template_id_pdf_templates",
            "pdf_templates",
            ["default_pdf_template_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_administrations_default_pdf_template_id_pdf_templates", type_="foreignkey"
        )
        batch_op.drop_column("default_pdf_template_id")

    op.drop_table("invoice_lines")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_customer_id"))
        batch_op.drop_index(batch_op.f("ix_invoices_credited_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_invoices_company_id"))
        batch_op.drop_index("ix_invoices_administration_id_status")

    op.drop_table("invoices")
    with op.batch_alter_table("pdf_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pdf_templates_administration_id"))

    op.drop_table("pdf_templates")
    op.drop_table("number_counters")
