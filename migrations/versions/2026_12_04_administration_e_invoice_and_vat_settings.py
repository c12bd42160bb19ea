"""administration e-invoice and VAT settings: KOR, NLCIUS preference, PDF inside the UBL

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults give existing administrations today's behaviour plus the embedded PDF,
    # which every importer of the UBL may ignore.
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "small_business_scheme", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("prefer_nlcius", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("ubl_embeds_pdf", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("administrations", schema=None) as batch_op:
        batch_op.drop_column("ubl_embeds_pdf")
        batch_op.drop_column("prefer_nlcius")
        batch_op.drop_column("small_business_scheme")
