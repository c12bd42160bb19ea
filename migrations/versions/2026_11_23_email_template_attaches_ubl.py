"""email template attaches ubl

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:10:20.472780
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("email_templates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attach_ubl", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("email_templates", schema=None) as batch_op:
        batch_op.drop_column("attach_ubl")
