"""One snapshot, two documents: the PDF view and the UBL document carry the same facts. Pure: no
database, no app."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.documents.print_view import invoice_document
from app.documents.snapshot import Address, InvoiceSnapshot, Line, Party, Vat
from app.invoices.ubl import ubl_document

SNAPSHOT = InvoiceSnapshot(
    kind="invoice",
    number="2026-00042",
    draft=False,
    invoice_date=date(2026, 11, 23),
    due_date=date(2026, 12, 7),
    currency="EUR",
    locale="nl",
    seller=Party(
        "Jansen B.V.",
        Address("Keizersgracht 1", "1015 CJ", "Amsterdam", "NL"),
        "NL004495445B01",
        kvk_number="12345678",
        email="factuur@jansen.example",
    ),
    buyer=Party(
        "Müller GmbH",
        Address("Hauptstraße 5", "10115", "Berlin", "DE"),
        "DE136695976",
        email="rechnung@mueller.example",
        attention="Anna Müller",
    ),
    lines=(
        Line("Advies", Decimal(2), "uur", Decimal("85.00"), "reverse_charge", Decimal("170.00")),
    ),
    vat=(Vat("reverse_charge", Decimal("170.00"), Decimal("0.00")),),
    subtotal=Decimal("170.00"),
    total=Decimal("170.00"),
    iban="NL91ABNA0417164300",
    bic="ABNANL2A",
    payment_reference="2026-00042",
    notes="BTW verlegd",
)


def test_pdf_view_prints_the_buyer_for_the_attention_of_its_contact_with_the_country() -> None:
    doc = invoice_document(SNAPSHOT, letter=True)
    assert doc.buyer.address_lines == (
        "t.a.v. Anna Müller",
        "Hauptstraße 5",
        "10115  Berlin",
        "Duitsland",
    )
    assert doc.seller.address_lines == ("Keizersgracht 1", "1015 CJ  Amsterdam")
    assert (doc.seller.kvk_number, doc.buyer.kvk_number) == ("12345678", None)
    assert doc.letter
    assert doc.watermark is None
    assert doc.reverse_charge


def test_pdf_and_ubl_share_the_snapshots_lines_and_vat() -> None:
    pdf, ubl = invoice_document(SNAPSHOT), ubl_document(SNAPSHOT)
    assert pdf.lines is ubl.lines is SNAPSHOT.lines
    assert pdf.vat is ubl.vat is SNAPSHOT.vat
    assert ubl.buyer is SNAPSHOT.buyer
    assert (ubl.number, ubl.issue_date, ubl.notes) == (pdf.number, pdf.invoice_date, pdf.notes)


def test_draft_gets_the_watermark_of_its_language_and_no_e_invoice() -> None:
    draft = replace(SNAPSHOT, number=None, draft=True, locale="en")
    assert invoice_document(draft).watermark == "DRAFT"
    assert invoice_document(replace(draft, locale="nl")).watermark == "CONCEPT"
    with pytest.raises(ValueError, match="final"):
        ubl_document(draft)
