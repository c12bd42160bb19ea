"""public links: the customer's page of a final invoice

Revision ID: 0016
Revises: 0017
Create Date: 2026-12-06 12:00:00

Final invoices made before this revision get no link: their `public_url` stays null until
`POST /v1/invoices/{id}/public-link` makes one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_links",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("administration_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_public_links_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_public_links_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_public_links")),
    )
    with op.batch_alter_table("public_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_public_links_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_public_links_invoice_id"), ["invoice_id"], unique=False
        )
        # At most one working link per invoice: the database is the final judge.
        batch_op.create_index(
            "ix_public_links_one_active_per_invoice",
            ["invoice_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("public_links", schema=None) as batch_op:
        batch_op.drop_index("ix_public_links_one_active_per_invoice")
        batch_op.drop_index(batch_op.f("ix_public_links_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_public_links_administration_id"))
    op.drop_table("public_links")
