"""From an invoice snapshot to the PDF's view model: a pure function that adds what only print
needs (addresses as lines in the document's language, "t.a.v." before a buyer's contact person,
the draft watermark, letter placement)."""

from __future__ import annotations

from datetime import datetime

from babel import Locale as BabelLocale

from app import placeholders
from app.documents.snapshot import Address, InvoiceSnapshot, Party
from app.documents.viewmodel import InvoiceDocument, PartyView

WATERMARK = {"nl": "CONCEPT", "en": "DRAFT"}
ATTENTION = {"nl": "t.a.v.", "en": "Attn."}
# Country codes of the e-invoice code list (EN 16931) that Babel knows by another code: Kosovo
# is 1A there and XK in CLDR; Northern Ireland (XI) is posted to as the United Kingdom.
_POSTAL_TERRITORY = {"1A": "XK", "XI": "GB"}


def address_lines(address: Address, locale: str) -> tuple[str, ...]:
    """Street, postal code and city, and the country's name unless it is the Netherlands."""
    lines = []
    if address.street:
        lines.append(address.street)
    city = "  ".join(p for p in (address.postal_code, address.city) if p)
    if city:
        lines.append(city)
    if address.country != "NL":
        territory = BabelLocale.parse(placeholders.babel_locale(locale)).territories.get(
            _POSTAL_TERRITORY.get(address.country, address.country)
        )
        lines.append(str(territory or address.country))
    return tuple(lines)


def party_view(party: Party, locale: str) -> PartyView:
    lines = address_lines(party.address, locale)
    if party.attention:
        lines = (f"{ATTENTION[locale]} {party.attention}", *lines)
    return PartyView(
        name=party.name,
        address_lines=lines,
        vat_number=party.vat_number,
        kvk_number=party.kvk_number,
        email=party.email,
    )


def invoice_document(
    snapshot: InvoiceSnapshot, *, letter: bool = False, now: datetime | None = None
) -> InvoiceDocument:
    """The PDF view of `snapshot`; a draft gets the watermark of its language and no number.

    The PDF's creation date is the finalisation time of a final invoice, else `now` (the time a
    preview is rendered); with neither, ReportLab's fixed date.
    """
    locale = snapshot.locale
    return InvoiceDocument(
        locale=locale,
        kind=snapshot.kind,
        number=snapshot.number,
        invoice_date=snapshot.invoice_date,
        due_date=snapshot.due_date,
        delivery_date=snapshot.delivery_date,
        seller=party_view(snapshot.seller, locale),
        buyer=party_view(snapshot.buyer, locale),
        iban=snapshot.iban,
        bic=snapshot.bic,
        lines=snapshot.lines,
        subtotal=snapshot.subtotal,
        vat=snapshot.vat,
        total=snapshot.total,
        currency=snapshot.currency,
        notes=snapshot.notes,
        payment_reference=snapshot.payment_reference,
        credited_invoice_number=snapshot.credited_invoice_number,
        watermark=WATERMARK[locale] if snapshot.draft else None,
        letter=letter,
        small_business_scheme=snapshot.small_business_scheme,
        created_at=snapshot.finalized_at or now,
        payee_name=snapshot.payee,
    )
