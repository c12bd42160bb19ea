"""reminders: the policy per administration, one row per reminder, the invoice's reminder state

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As app/models/invoices.REMINDABLE.
REMINDABLE = (
    "status = 'final' AND kind = 'invoice' AND payment_status <> 'paid' "
    "AND reminders_paused_at IS NULL AND next_reminder_date IS NOT NULL"
)


def upgrade() -> None:
    # No backfill: invoices finalised before this revision are not followed until the
    # administration saves its reminder policy (which schedules every open invoice), so an
    # upgrade does not mail a backlog of overdue customers unasked.
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_step", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("next_reminder_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("reminders_paused_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("reminders_pause_reason", sa.Text(), nullable=True))
        batch_op.create_index(
            "ix_invoices_next_reminder_date",
            ["next_reminder_date"],
            unique=False,
            postgresql_where=sa.text(REMINDABLE),
            sqlite_where=sa.text(REMINDABLE),
        )

    op.create_table(
        "reminder_policies",
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("charge_collection_costs_b2c", sa.Boolean(), nullable=False),
        sa.Column("b2b_fixed_compensation", sa.Boolean(), nullable=False),
        sa.Column("b2b_commercial_interest", sa.Boolean(), nullable=False),
        sa.Column("creditor_deducts_vat", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_reminder_policies_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("administration_id", name=op.f("pk_reminder_policies")),
    )

    op.create_table(
        "reminders",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "reminder",
                "fourteen_day_letter",
                "final_notice",
                name="reminderkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("consumer", sa.Boolean(), nullable=False),
        sa.Column("days_overdue", sa.Integer(), nullable=False),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("collection_costs", sa.BigInteger(), nullable=True),
        sa.Column("collection_costs_vat", sa.BigInteger(), nullable=True),
        sa.Column("costs_charged", sa.Boolean(), nullable=False),
        sa.Column("payment_deadline_date", sa.Date(), nullable=True),
        sa.Column("costs_from_date", sa.Date(), nullable=True),
        sa.Column("compensation", sa.BigInteger(), nullable=True),
        sa.Column("interest", sa.BigInteger(), nullable=True),
        sa.Column("interest_from_date", sa.Date(), nullable=True),
        sa.Column("interest_through_date", sa.Date(), nullable=True),
        sa.Column("total_claimed", sa.BigInteger(), nullable=False),
        sa.Column("mail_id", sa.String(length=40), nullable=True),
        sa.Column("document_id", sa.String(length=40), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_reminders_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_reminders_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_reminders_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["mails.id"],
            name=op.f("fk_reminders_mail_id_mails"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("invoice_id", "step", name=op.f("uq_reminders_invoice_id_step")),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminders_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminders_mail_id"), ["mail_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminders_mail_id"))
        batch_op.drop_index(batch_op.f("ix_reminders_administration_id"))
    op.drop_table("reminders")
    op.drop_table("reminder_policies")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_next_reminder_date")
        batch_op.drop_column("reminders_pause_reason")
        batch_op.drop_column("reminders_paused_at")
        batch_op.drop_column("next_reminder_date")
        batch_op.drop_column("reminder_step")
