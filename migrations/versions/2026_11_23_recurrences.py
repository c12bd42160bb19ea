"""recurrences

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:31:01.543514
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recurrences",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("base_invoice_id", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("day_of_month", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column(
            "automation",
            sa.Enum(
                "none",
                "notify",
                "create",
                "create_and_send",
                name="automation",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "payment_status",
            sa.Enum("unpaid", "paid", name="paymentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("next_date", sa.Date(), nullable=True),
        sa.Column("last_occurrence_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_recurrences_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["base_invoice_id"],
            ["invoices.id"],
            name=op.f("fk_recurrences_base_invoice_id_invoices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurrences")),
    )
    with op.batch_alter_table("recurrences", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recurrences_active_next_date", ["active", "next_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recurrences_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recurrences_base_invoice_id"), ["base_invoice_id"], unique=False
        )

    op.create_table(
        "recurrence_runs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("recurrence_id", sa.String(length=40), nullable=False),
        sa.Column("occurrence_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=True),
        sa.Column("mail_id", sa.String(length=40), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_recurrence_runs_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_recurrence_runs_invoice_id_invoices"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["mails.id"],
            name=op.f("fk_recurrence_runs_mail_id_mails"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recurrence_id"],
            ["recurrences.id"],
            name=op.f("fk_recurrence_runs_recurrence_id_recurrences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurrence_runs")),
        sa.UniqueConstraint(
            "recurrence_id",
            "occurrence_date",
            name=op.f("uq_recurrence_runs_recurrence_id_occurrence_date"),
        ),
    )
    with op.batch_alter_table("recurrence_runs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recurrence_runs_administration_id_notified",
            ["administration_id", "notified"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_recurrence_runs_recurrence_id"), ["recurrence_id"], unique=False
        )

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes_source", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("notes_source")

    with op.batch_alter_table("recurrence_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recurrence_runs_recurrence_id"))
        batch_op.drop_index("ix_recurrence_runs_administration_id_notified")

    op.drop_table("recurrence_runs")
    with op.batch_alter_table("recurrences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recurrences_base_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_recurrences_administration_id"))
        batch_op.drop_index("ix_recurrences_active_next_date")

    op.drop_table("recurrences")
