"""The customer's page of a final invoice, read through its link: what it shows (the invoice as
its documents show it, its payment status and what is still due, how to pay it) and its stored
documents.

Nothing here tells a revoked link from one that never existed: every token that opens no final
invoice is `None`, and the router answers each with the same 404.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from app.documents import repository as documents_repo
from app.documents.pdf.qr import epc_qr_payload, qr_modules
from app.documents.print_view import invoice_document
from app.documents.viewmodel import InvoiceDocument
from app.invoices import printing
from app.invoices import repository as invoices_repo
from app.models import Administration, Document, Invoice
from app.models.enums import InvoiceKind
from app.parties.service import payee_name
from app.shared import links


class Status(StrEnum):
    open = "open"
    partially_paid = "partially_paid"
    paid = "paid"
    credited = "credited"
    credit_note = "credit_note"


@dataclass(frozen=True, slots=True)
class PaymentState:
    status: Status
    amount_paid: Decimal
    amount_due: Decimal


def payment_state(
    kind: InvoiceKind, total: Decimal, amount_paid: Decimal, credited: Decimal
) -> PaymentState:
    """What the customer still owes. `amount_paid` counts every payment, the settlements by
    credit notes included; `credited` is the sum of the invoice's final credit notes (negative,
    or zero), which tells "credited" from "paid". A credit note itself asks for nothing."""
    if kind is InvoiceKind.credit_note:
        return PaymentState(Status.credit_note, Decimal("0.00"), Decimal("0.00"))
    due = max(total - amount_paid, Decimal("0.00"))  # overpaid: nothing is due
    if credited != 0 and -credited >= total:
        status = Status.credited
    elif due == 0:
        status = Status.paid
    elif amount_paid > 0:
        status = Status.partially_paid
    else:
        status = Status.open
    return PaymentState(status, amount_paid, due)


@dataclass(frozen=True, slots=True)
class InvoicePage:
    document: InvoiceDocument  # the invoice as its PDF shows it
    state: PaymentState
    payee_name: str
    qr_svg: bytes | None  # the EPC "scan to pay" code for what is due, as SVG
    pdf: Document | None
    ubl: Document | None

    @property
    def qr_data_uri(self) -> str | None:
        if self.qr_svg is None:
            return None
        return "data:image/svg+xml;base64," + base64.b64encode(self.qr_svg).decode("ascii")


def qr_svg(payload: str) -> bytes:
    """The code as an SVG image: one path of dark runs, four modules of quiet zone."""
    modules = qr_modules(payload)
    size = len(modules) + 8
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + 4} {y + 4}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    ).encode("ascii")


def _stored(documents: list[Document], kind: str) -> Document | None:
    # The first of its kind: the PDF of the invoice's own template (later ones are extra
    # layouts an e-mail template attached).
    of_kind = sorted((d for d in documents if d.kind == kind), key=lambda d: (d.created_at, d.id))
    return of_kind[0] if of_kind else None


async def _invoice(session: AsyncSession, token: str) -> tuple[Administration, Invoice] | None:
    if not links.is_token(token):
        return None
    linked = await invoices_repo.linked_invoice(session, token)
    if linked is None:
        return None
    administration = await session.get(Administration, linked.administration_id)
    invoice = await invoices_repo.invoice(session, linked.administration_id, linked.invoice_id)
    if administration is None or invoice is None:
        return None
    return administration, invoice


async def page(session: AsyncSession, token: str) -> InvoicePage | None:
    """The page a working token opens; None for every other token."""
    found = await _invoice(session, token)
    if found is None:
        return None
    administration, invoice = found
    snapshot = printing.snapshot_of(invoice, administration)
    document = invoice_document(snapshot)
    state = payment_state(
        invoice.kind,
        invoice.total,
        invoice.amount_paid,
        await invoices_repo.credited_so_far(session, invoice.id),
    )
    name = payee_name(administration)
    payload = epc_qr_payload(
        dataclasses.replace(
            document,
            total=state.amount_due,
            seller=dataclasses.replace(document.seller, name=name),
        )
    )
    stored = await documents_repo.documents_of(session, [invoice.id])
    return InvoicePage(
        document=document,
        state=state,
        payee_name=name,
        qr_svg=qr_svg(payload) if payload is not None else None,
        pdf=_stored(stored, "pdf"),
        ubl=_stored(stored, "ubl"),
    )


async def document(session: AsyncSession, token: str, kind: str) -> Document | None:
    """The invoice's stored PDF or UBL (with its bytes), as stored; None for a token that opens
    no final invoice."""
    found = await _invoice(session, token)
    if found is None:
        return None
    administration, invoice = found
    chosen = _stored(await documents_repo.documents_of(session, [invoice.id]), kind)
    if chosen is None:
        return None
    return await documents_repo.document(session, administration.id, chosen.id, with_content=True)
