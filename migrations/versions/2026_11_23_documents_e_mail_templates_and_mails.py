"""documents, e-mail templates and mails

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:17:25.197214
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_templates",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_email_templates_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_templates")),
    )
    with op.batch_alter_table("email_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_email_templates_administration_id"), ["administration_id"], unique=False
        )

    op.create_table(
        "email_template_attachments",
        sa.Column("email_template_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pdf_template_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["email_template_id"],
            ["email_templates.id"],
            name=op.f("fk_email_template_attachments_email_template_id_email_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pdf_template_id"],
            ["pdf_templates.id"],
            name=op.f("fk_email_template_attachments_pdf_template_id_pdf_templates"),
        ),
        sa.PrimaryKeyConstraint(
            "email_template_id", "position", name=op.f("pk_email_template_attachments")
        ),
    )
    with op.batch_alter_table("email_template_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_email_template_attachments_pdf_template_id"),
            ["pdf_template_id"],
            unique=False,
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("pdf_template_id", sa.String(length=40), nullable=True),
        sa.Column("template_version", sa.String(length=60), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_documents_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_documents_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pdf_template_id"],
            ["pdf_templates.id"],
            name=op.f("fk_documents_pdf_template_id_pdf_templates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_invoice_id"), ["invoice_id"], unique=False)

    op.create_table(
        "mails",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("invoice", "notification", name="mailkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft", "queued", "sent", "failed", name="mailstatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("email_template_id", sa.String(length=40), nullable=True),
        sa.Column("sender", sa.String(length=254), nullable=False),
        sa.Column("to", sa.JSON(), nullable=False),
        sa.Column("cc", sa.JSON(), nullable=False),
        sa.Column("bcc", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_mails_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["email_template_id"],
            ["email_templates.id"],
            name=op.f("fk_mails_email_template_id_email_templates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_mails_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mails")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mails_message_id")),
    )
    with op.batch_alter_table("mails", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mails_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mails_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(
            "ix_mails_status_next_attempt_at", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "mail_attachments",
        sa.Column("mail_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_mail_attachments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["mails.id"],
            name=op.f("fk_mail_attachments_mail_id_mails"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mail_id", "position", name=op.f("pk_mail_attachments")),
    )
    with op.batch_alter_table("mail_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_attachments_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "mail_deliveries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("mail_id", sa.String(length=40), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("code", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["mails.id"],
            name=op.f("fk_mail_deliveries_mail_id_mails"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_deliveries")),
    )
    with op.batch_alter_table("mail_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_deliveries_mail_id"), ["mail_id"], unique=False)

    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("credit_note_number_format", sa.String(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("default_email_template_id", sa.String(length=40), nullable=True)
        )
        batch_op.create_foreign_key(
            "fk_administrations_default_email_template_id_email_templates",
            "email_templates",
            ["default_email_template_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_administrations_default_email_template_id_email_templates", type_="foreignkey"
        )
        batch_op.drop_column("default_email_template_id")
        batch_op.drop_column("credit_note_number_format")

    with op.batch_alter_table("mail_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_deliveries_mail_id"))

    op.drop_table("mail_deliveries")
    with op.batch_alter_table("mail_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_attachments_document_id"))

    op.drop_table("mail_attachments")
    with op.batch_alter_table("mails", schema=None) as batch_op:
        batch_op.drop_index("ix_mails_status_next_attempt_at")
        batch_op.drop_index(batch_op.f("ix_mails_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_mails_administration_id"))

    op.drop_table("mails")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_documents_administration_id"))

    op.drop_table("documents")
    with op.batch_alter_table("email_template_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_template_attachments_pdf_template_id"))

    op.drop_table("email_template_attachments")
    with op.batch_alter_table("email_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_templates_administration_id"))

    op.drop_table("email_templates")
