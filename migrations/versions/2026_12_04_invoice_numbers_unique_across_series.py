"""invoice numbers unique across series

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Numbers given twice before this index (overlapping invoice and credit-note formats) cannot
    # be renumbered here: final invoices never change. Say which, instead of the bare error of
    # CREATE UNIQUE INDEX, so they can be settled (with the accountant) before upgrading.
    duplicates = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT administration_id, number, COUNT(*) AS times FROM invoices "
                "WHERE number IS NOT NULL GROUP BY administration_id, number "
                "HAVING COUNT(*) > 1 ORDER BY administration_id, number"
            )
        )
        .all()
    )
    if duplicates:
        listed = ", ".join(f"{r.administration_id} {r.number!r} x{r.times}" for r in duplicates)
        raise RuntimeError(f"invoice numbers used more than once: {listed}")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        # Drafts have no number: NULLs never collide in a unique index (SQLite and PostgreSQL).
        batch_op.create_index(
            "ix_invoices_administration_id_number", ["administration_id", "number"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_administration_id_number")
