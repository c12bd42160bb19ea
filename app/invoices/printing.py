"""From invoices to printable view models: the only place that knows both the ORM and the PDF."""

from __future__ import annotations

from datetime import date

from babel import Locale as BabelLocale

from app import placeholders
from app.documents.viewmodel import InvoiceDocument, LineView, PartyView, VatView
from app.invoices import totals
from app.invoices.delivery import Buyer, buyer_of
from app.invoices.ubl import UblAddress, UblDocument, UblLine, UblParty, UblVat
from app.models import Administration, Invoice
from app.models.enums import InvoiceKind, InvoiceStatus
from app.parties.identifiers import Address

WATERMARK = {"nl": "CONCEPT", "en": "DRAFT"}
ATTENTION = {"nl": "t.a.v.", "en": "Attn."}


def address_lines(address: Address, locale: str) -> tuple[str, ...]:
    lines = []
    if address.street:
        lines.append(address.street)
    city = "  ".join(p for p in (address.postal_code, address.city) if p)
    if city:
        lines.append(city)
    if address.country != "NL":
        territory = BabelLocale.parse(placeholders.babel_locale(locale)).territories.get(
            address.country
        )
        lines.append(str(territory or address.country))
    return tuple(lines)


def seller_of(administration: Administration) -> PartyView:
    return PartyView(
        name=administration.name,
        address_lines=address_lines(Address(**administration.address), administration.locale),
        vat_number=administration.vat_number,
        kvk_number=administration.kvk_number,
        email=administration.sender_email,
    )


def buyer_view(buyer: Buyer, locale: str) -> PartyView:
    lines = address_lines(buyer.address, locale)
    if buyer.attention:
        lines = (f"{ATTENTION[locale]} {buyer.attention}", *lines)
    return PartyView(
        name=buyer.name, address_lines=lines, vat_number=buyer.vat_number, email=buyer.email
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


def facts_of(invoice: Invoice, administration: Administration) -> placeholders.InvoiceFacts:
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
    )


def document_for(
    invoice: Invoice,
    administration: Administration,
    *,
    credited_invoice_number: str | None = None,
    letter: bool = False,
) -> InvoiceDocument:
    """The view model of an invoice; a draft gets the CONCEPT watermark and no number."""
    locale = administration.locale.value
    t = totals.of_lines(invoice.lines)
    draft = invoice.status is InvoiceStatus.draft
    return InvoiceDocument(
        locale=locale,
        kind="credit_note" if invoice.kind is InvoiceKind.credit_note else "invoice",
        number=invoice.number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        seller=seller_of(administration),
        buyer=buyer_view(buyer_of(invoice), locale),
        iban=administration.iban,
        bic=administration.bic,
        lines=tuple(
            LineView(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=line.amount,
            )
            for line in invoice.lines
        ),
        subtotal=t.subtotal,
        vat=tuple(VatView(rate=v.rate, base=v.base, amount=v.amount) for v in t.vat),
        total=t.total,
        currency=invoice.currency,
        notes=resolved_notes(invoice, administration, facts_of(invoice, administration)),
        payment_reference=invoice.number,
        credited_invoice_number=credited_invoice_number,
        watermark=WATERMARK[locale] if draft else None,
        letter=letter,
    )


def _ubl_address(address: Address) -> UblAddress:
    return UblAddress(
        street=address.street,
        postal_code=address.postal_code,
        city=address.city,
        country=address.country,
    )


def ubl_document_for(
    invoice: Invoice,
    administration: Administration,
    *,
    credited_invoice_number: str | None = None,
    credited_invoice_date: date | None = None,
) -> UblDocument:
    """The e-invoice of a final invoice: the same figures as its PDF, structured for Peppol."""
    assert invoice.number is not None
    t = totals.of_lines(invoice.lines)
    buyer = buyer_of(invoice)
    return UblDocument(
        kind="credit_note" if invoice.kind is InvoiceKind.credit_note else "invoice",
        number=invoice.number,
        issue_date=invoice.invoice_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        seller=UblParty(
            name=administration.name,
            address=_ubl_address(Address(**administration.address)),
            vat_number=administration.vat_number,
            kvk_number=administration.kvk_number,
            email=administration.sender_email,
        ),
        buyer=UblParty(
            name=buyer.name,
            address=_ubl_address(buyer.address),
            vat_number=buyer.vat_number,
            email=buyer.email,
        ),
        lines=tuple(
            UblLine(
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=line.amount,
            )
            for line in invoice.lines
        ),
        subtotal=t.subtotal,
        vat=tuple(UblVat(rate=v.rate, base=v.base, amount=v.amount) for v in t.vat),
        total=t.total,
        iban=administration.iban,
        bic=administration.bic,
        payment_reference=invoice.number,
        notes=invoice.notes,
        credited_invoice_number=credited_invoice_number,
        credited_invoice_date=credited_invoice_date,
    )
