"""From invoices to their snapshot: the only place that reads the ORM for the documents.

`snapshot_of` reads an invoice and its administration once into an `InvoiceSnapshot`; the PDF
view (`app.documents.print_view.invoice_document`) and the UBL e-invoice
(`app.invoices.ubl.ubl_document`) are made from that snapshot by pure functions.
"""

from __future__ import annotations

from datetime import date

from app import placeholders
from app.documents.snapshot import Address, InvoiceSnapshot, Line, Party, Vat
from app.invoices import totals
from app.invoices.delivery import buyer_of
from app.models import Administration, Invoice
from app.models.enums import InvoiceKind, InvoiceStatus
from app.parties import identifiers
from app.parties.service import payee_name


def _address(address: identifiers.Address) -> Address:
    return Address(
        street=address.street,
        postal_code=address.postal_code,
        city=address.city,
        country=address.country,
    )


def resolved_notes(
    invoice: Invoice, administration: Administration, facts: placeholders.InvoiceFacts | None = None
) -> str | None:
    """Notes with their placeholders filled in against the invoice date (a final invoice keeps
    the text frozen at finalisation)."""
    if invoice.notes is None or invoice.status is InvoiceStatus.final:
        return invoice.notes
    return placeholders.render_note(
        invoice.notes, invoice_date=invoice.invoice_date, locale=administration.locale, facts=facts
    )


def facts_of(
    invoice: Invoice, administration: Administration, public_url: str | None = None
) -> placeholders.InvoiceFacts:
    """The invoice's facts for placeholders; `public_url` is its page link, if it has one."""
    buyer = buyer_of(invoice)
    customer = invoice.customer
    t = totals.of_lines(invoice.lines)
    return placeholders.InvoiceFacts(
        number=invoice.number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        subtotal=t.subtotal,
        vat_total=t.vat_total,
        total=t.total,
        currency=invoice.currency,
        customer_name=customer.name if customer is not None else buyer.attention,
        company_name=buyer.name if (customer is None or buyer.attention) else None,
        administration_name=administration.name,
        iban=administration.iban,
        bic=administration.bic,
        payment_reference=invoice.number,
        public_url=public_url,
    )


def snapshot_of(
    invoice: Invoice,
    administration: Administration,
    *,
    credited_invoice_number: str | None = None,
    credited_invoice_date: date | None = None,
) -> InvoiceSnapshot:
    """The invoice as its documents show it. A draft's notes get their placeholders filled in
    against the invoice as it stands; a final invoice's notes were frozen at finalisation."""
    t = totals.of_lines(invoice.lines)
    buyer = buyer_of(invoice)
    notes = invoice.notes
    if notes is not None and invoice.status is not InvoiceStatus.final:
        notes = resolved_notes(invoice, administration, facts_of(invoice, administration))
    return InvoiceSnapshot(
        kind="credit_note" if invoice.kind is InvoiceKind.credit_note else "invoice",
        number=invoice.number,
        draft=invoice.status is InvoiceStatus.draft,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        delivery_date=invoice.delivery_date,
        locale=administration.locale.value,
        seller=Party(
            name=administration.name,
            address=_address(identifiers.Address(**administration.address)),
            vat_number=administration.vat_number,
            kvk_number=administration.kvk_number,
            email=administration.sender_email,
        ),
        buyer=Party(
            name=buyer.name,
            address=_address(buyer.address),
            vat_number=buyer.vat_number,
            kvk_number=buyer.kvk_number,
            email=buyer.email,
            attention=buyer.attention,
            peppol_id=buyer.peppol_id,
        ),
        lines=tuple(
            Line(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=line.amount,
                delivery_date=line.delivery_date,
            )
            for line in invoice.lines
        ),
        vat=tuple(Vat(rate=v.rate, base=v.base, amount=v.amount) for v in t.vat),
        subtotal=t.subtotal,
        total=t.total,
        iban=administration.iban,
        bic=administration.bic,
        payment_reference=invoice.number,
        notes=notes,
        credited_invoice_number=credited_invoice_number,
        credited_invoice_date=credited_invoice_date,
        small_business_scheme=administration.small_business_scheme,
        prefer_nlcius=administration.prefer_nlcius,
        finalized_at=invoice.finalized_at,
        payee_name=payee_name(administration),
    )
