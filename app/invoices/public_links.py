"""The customer's link to a final invoice's page (`/p/<token>`): made when the invoice is
finalised, revoked or renewed by the administration.

A token is 256 random bits; the invoice has at most one working link (a unique index on the
links not revoked). Revoking or renewing keeps the old row with its `revoked_at`, and the old
link answers 404 from that commit on. Drafts have no page.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.errors import Conflict, NotFound
from app.i18n import t
from app.invoices import repository as repo
from app.models import Invoice, PublicLink
from app.models.enums import InvoiceStatus
from app.shared import links


class DraftHasNoPage(Conflict):
    type, code = "draft-has-no-page", "draft_has_no_page"
    title = t("A draft invoice has no page")


def _new_link(invoice: Invoice) -> PublicLink:
    return PublicLink(
        token=links.new_token(),
        administration_id=invoice.administration_id,
        invoice_id=invoice.id,
        created_at=clock.now(),
    )


async def on_invoice_finalized(session: AsyncSession, event: events.InvoiceFinalized) -> None:
    """Every final invoice gets its link in the finalising transaction, before its mail is
    made, so `[factuur_link]` in that mail resolves."""
    repo.add_link(session, _new_link(event.invoice))
    await session.flush()


async def _final_for_update(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> Invoice:
    # Locked: two renewals of one invoice run one after the other (the unique index would
    # otherwise refuse the second with an error instead of an answer).
    invoice = await repo.invoice(session, administration_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    if invoice.status is not InvoiceStatus.final:
        raise DraftHasNoPage(t("The invoice is a draft: only a final invoice has a page."))
    return invoice


async def renew(session: AsyncSession, administration_id: str, invoice_id: str) -> str:
    """A new link for a final invoice (the first, for one finalised before links existed); the
    previous one stops working. Returns the new token."""
    invoice = await _final_for_update(session, administration_id, invoice_id)
    await repo.revoke_links(session, invoice.id, clock.now())
    link = _new_link(invoice)
    repo.add_link(session, link)
    await session.flush()
    return link.token


async def revoke(session: AsyncSession, administration_id: str, invoice_id: str) -> None:
    """The invoice's link stops working; revoking an invoice without one changes nothing."""
    invoice = await _final_for_update(session, administration_id, invoice_id)
    await repo.revoke_links(session, invoice.id, clock.now())
