"""backfill: an invoice marked paid gets the payment that says so; keys that may write invoices
may record payments

Revision ID: 0013b
Revises: 0013
Create Date: 2026-12-06 09:05:00
"""

import json
from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op
from ulid import ULID

revision: str = "0013b"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

invoices = sa.table(
    "invoices",
    sa.column("id", sa.String),
    sa.column("administration_id", sa.String),
    sa.column("status", sa.String),
    sa.column("payment_status", sa.String),
    sa.column("total", sa.BigInteger),
    sa.column("amount_paid", sa.BigInteger),
    sa.column("invoice_date", sa.Date),
    sa.column("paid_at", sa.DateTime(timezone=True)),
)
payments = sa.table(
    "payments",
    sa.column("id", sa.String),
    sa.column("administration_id", sa.String),
    sa.column("invoice_id", sa.String),
    sa.column("amount", sa.BigInteger),
    sa.column("payment_date", sa.Date),
    sa.column("method", sa.String),
    sa.column("note", sa.Text),
    sa.column("reversed", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
BACKFILL_NOTE = "Marked as paid before payments were recorded"
api_keys = sa.table("api_keys", sa.column("id", sa.String), sa.column("scopes", sa.JSON))


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(timezone.utc)  # noqa: UP017 (migrations stay free of app imports)
    # A final invoice marked paid before payments existed: one payment of its total, so that
    # amount_paid, amount_due and the payments list agree with the status it shows. Drafts keep
    # the mark; finalising turns it into a payment.
    paid = bind.execute(
        sa.select(
            invoices.c.id,
            invoices.c.administration_id,
            invoices.c.total,
            invoices.c.invoice_date,
            invoices.c.paid_at,
        ).where(
            invoices.c.status == "final", invoices.c.payment_status == "paid", invoices.c.total != 0
        )
    ).all()
    for row in paid:
        bind.execute(
            payments.insert().values(
                id=f"pay_{ULID()}",
                administration_id=row.administration_id,
                invoice_id=row.id,
                amount=row.total,
                payment_date=row.paid_at.date() if row.paid_at else row.invoice_date,
                method="other",
                note=BACKFILL_NOTE,
                reversed=False,
                created_at=now,
            )
        )
        bind.execute(invoices.update().where(invoices.c.id == row.id).values(amount_paid=row.total))
    for key in bind.execute(sa.select(api_keys.c.id, api_keys.c.scopes)).all():
        scopes = key.scopes if isinstance(key.scopes, list) else json.loads(key.scopes)
        if "invoices:write" in scopes and "payments:write" not in scopes:
            bind.execute(
                api_keys.update()
                .where(api_keys.c.id == key.id)
                .values(scopes=[*scopes, "payments:write"])
            )


def downgrade() -> None:
    bind = op.get_bind()
    # Take back only what the upgrade added; payments recorded since stay counted.
    backfilled = bind.execute(
        sa.select(payments.c.id, payments.c.invoice_id, payments.c.amount).where(
            payments.c.note == BACKFILL_NOTE
        )
    ).all()
    for row in backfilled:
        bind.execute(
            invoices.update()
            .where(invoices.c.id == row.invoice_id)
            .values(amount_paid=invoices.c.amount_paid - row.amount)
        )
        bind.execute(payments.delete().where(payments.c.id == row.id))
    for key in bind.execute(sa.select(api_keys.c.id, api_keys.c.scopes)).all():
        scopes = key.scopes if isinstance(key.scopes, list) else json.loads(key.scopes)
        if "payments:write" in scopes:
            bind.execute(
                api_keys.update()
                .where(api_keys.c.id == key.id)
                .values(scopes=[s for s in scopes if s != "payments:write"])
            )
