"""Typed builders of view models for the PDF tests: a plausible invoice unless told otherwise."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pypdf

from app.documents.snapshot import Line, Vat
from app.documents.viewmodel import InvoiceDocument, PartyView

CENT = Decimal("0.01")
SELLER = PartyView(
    name="Jansen Installatietechniek B.V.",
    address_lines=("Keizersgracht 1", "1015 CJ  Amsterdam"),
    vat_number="NL123456789B01",
    kvk_number="12345678",
    email="factuur@jansen.example",
)
BUYER = PartyView(
    name="De Vries Bouw B.V.",
    address_lines=("Marktplein 12", "3011 AB  Rotterdam"),
    vat_number="NL987654321B01",
)
IBAN = "NL91ABNA0417164300"


def line(
    description: str,
    quantity: str = "1",
    unit_price: str = "100.00",
    vat_rate: str = "21",
    unit: str | None = None,
) -> Line:
    amount = (Decimal(quantity) * Decimal(unit_price)).quantize(CENT, ROUND_HALF_UP)
    return Line(description, Decimal(quantity), unit, Decimal(unit_price), vat_rate, amount)


def document(lines: tuple[Line, ...] | None = None, **changes: Any) -> InvoiceDocument:
    """An invoice with its totals computed from `lines`, as the service would pass it."""
    if lines is None:
        lines = (
            line("Installatie warmtepomp", "1", "1000.00"),
            line("Arbeid monteur", "2.5", "85.00", unit="uur"),
            line("Onderhoudscontract 2027", "1", "234.56", vat_rate="9"),
        )
    bases: dict[str, Decimal] = {}
    for item in lines:
        bases[item.vat_rate] = bases.get(item.vat_rate, Decimal(0)) + item.amount
    vat = tuple(
        Vat(
            rate,
            base,
            # A code that is not a percentage is a zero-VAT treatment.
            (base * Decimal(rate) / 100).quantize(CENT, ROUND_HALF_UP)
            if rate.replace(".", "").isdigit()
            else Decimal(0),
        )
        for rate, base in bases.items()
    )
    subtotal = sum(bases.values(), Decimal(0))
    base = InvoiceDocument(
        locale="nl",
        kind="invoice",
        number="2026-00042",
        invoice_date=date(2026, 11, 23),
        due_date=date(2026, 12, 7),
        seller=SELLER,
        buyer=BUYER,
        iban=IBAN,
        bic="ABNANL2A",
        lines=lines,
        subtotal=subtotal,
        vat=vat,
        total=subtotal + sum((v.amount for v in vat), Decimal(0)),
        payment_reference="2026-00042",
    )
    return replace(base, **changes)


def image_count(pdf: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return sum(len(page.images) for page in reader.pages)
