"""The service's own e-invoices through the official rule sets: every kind of invoice and credit
note a user can make through the API, finalised on the real app (SQLite and PostgreSQL), its
stored UBL fetched and run through the UBL XSD and the official EN 16931, Peppol BIS 3 and
NLCIUS validators of its own profile (`tests/support/einvoice`). A document passes when no
assertion with flag fatal or error fails.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.support.einvoice import Profile, assert_conforms, profile_of
from tests.support.factories import create_company, create_customer, create_invoice, finalize_draft

pytestmark = pytest.mark.anyio

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
DUTCH_ADDRESS = {"street": "Marktplein 12", "postal_code": "3011 AB", "city": "Rotterdam"}


def line(
    description: str = "Werkzaamheden",
    unit_price: str = "100.00",
    vat_rate: str = "21",
    quantity: str = "1",
    unit: str | None = None,
) -> dict[str, Any]:
    return {
        "description": description,
        "quantity": quantity,
        "unit": unit,
        "unit_price": unit_price,
        "vat_rate": vat_rate,
    }


MIXED = [
    line("Installatie warmtepomp", "1000.00"),
    line("Arbeid monteur", "85.00", quantity="2.5", unit="uur"),
    line("Vakliteratuur", "34.50", vat_rate="9"),
    line("Export-verpakking retour", "12.00", vat_rate="0"),
]


async def ubl_of(client: httpx.AsyncClient, final: dict[str, Any]) -> bytes:
    document = next(d for d in final["documents"] if d["kind"] == "ubl")
    response = await client.get(document["content_url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml"
    return response.content


async def final_ubl(
    client: httpx.AsyncClient, party: dict[str, Any], lines: list[dict[str, Any]], **fields: Any
) -> tuple[dict[str, Any], bytes]:
    """Makes and finalises an invoice for `party` (a customer or a company) and returns the final
    invoice with its UBL, after checking that the UBL passes its own profile's rule sets."""
    key = "company_id" if party["id"].startswith("cmp") else "customer_id"
    draft = await create_invoice(client, lines=lines, **{key: party["id"]}, **fields)
    final = await finalize_draft(client, draft["id"])
    xml = await ubl_of(client, final)
    assert_conforms(xml)
    return final, xml


async def credit(
    client: httpx.AsyncClient, invoice: dict[str, Any], **body: Any
) -> tuple[dict[str, Any], bytes]:
    response = await client.post(f"/v1/invoices/{invoice['id']}/credit-note", json=body)
    assert response.status_code == 201, response.text
    final = await finalize_draft(client, response.json()["id"])
    xml = await ubl_of(client, final)
    assert_conforms(xml)
    return final, xml


def text(xml: bytes, path: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(xml).iterfind(path, NS)]


def endpoint(xml: bytes, role: str) -> tuple[str, str] | None:
    found = ET.fromstring(xml).find(f"cac:{role}/cac:Party/cbc:EndpointID", NS)
    return None if found is None else (found.get("schemeID", ""), found.text or "")


def categories(xml: bytes) -> list[str]:
    return text(xml, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID")


def payable(xml: bytes) -> Decimal:
    return Decimal(text(xml, "cac:LegalMonetaryTotal/cbc:PayableAmount")[0])


# --- profiles ----------------------------------------------------------------------------------


async def test_dutch_company_with_kvk_gets_peppol_addressed_by_its_kvk(
    client: httpx.AsyncClient,
) -> None:
    company = await create_company(
        client, kvk_number="87654321", vat_number="NL123456782B01", address=DUTCH_ADDRESS
    )
    final, xml = await final_ubl(client, company, MIXED)

    assert profile_of(xml) is Profile.PEPPOL
    assert endpoint(xml, "AccountingCustomerParty") == ("0106", "87654321")
    assert endpoint(xml, "AccountingSupplierParty") == ("0106", "12345678")
    assert text(
        xml, "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"
    ) == ["87654321"]
    assert categories(xml) == ["S", "S", "Z"]
    assert payable(xml) == Decimal(final["totals"]["total"])


async def test_dutch_company_with_only_a_vat_number_is_addressed_by_it(
    client: httpx.AsyncClient,
) -> None:
    company = await create_company(client, vat_number="NL123456782B01", address=DUTCH_ADDRESS)
    _, xml = await final_ubl(client, company, MIXED)

    assert profile_of(xml) is Profile.PEPPOL
    assert endpoint(xml, "AccountingCustomerParty") == ("9944", "NL123456782B01")


async def test_explicit_peppol_id_is_the_buyers_endpoint(client: httpx.AsyncClient) -> None:
    company = await create_company(
        client,
        peppol_id="0088:5790000436057",
        vat_number="DE136695976",
        address={
            "street": "Hauptstraße 5",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )
    _, xml = await final_ubl(client, company, [line("Beratung", "900", "reverse_charge")])

    assert profile_of(xml) is Profile.PEPPOL
    assert endpoint(xml, "AccountingCustomerParty") == ("0088", "5790000436057")


@pytest.mark.parametrize(
    "address",
    [
        {"street": "Dorpsstraat 12", "postal_code": "3511 AB", "city": "Utrecht"},
        {"country": "NL"},  # a consumer known by name and e-mail only
        {"street": "Rue Neuve 1", "postal_code": "1000", "city": "Bruxelles", "country": "BE"},
        {"street": "Hauptstraße 5", "postal_code": "10115", "city": "Berlin", "country": "DE"},
    ],
)
async def test_consumers_get_plain_en16931_without_an_invented_endpoint(
    client: httpx.AsyncClient, address: dict[str, str]
) -> None:
    customer = await create_customer(client, address=address)
    _, xml = await final_ubl(client, customer, MIXED)

    assert profile_of(xml) is Profile.EN16931
    assert endpoint(xml, "AccountingCustomerParty") is None
    assert b'schemeID="EM"' not in xml


async def test_government_buyer_with_an_oin_gets_nlcius(client: httpx.AsyncClient) -> None:
    company = await create_company(
        client,
        name="Gemeente Voorbeeldstad",
        peppol_id="0190:00000001003214345000",
        address={"street": "Stadhuisplein 1", "postal_code": "2511 AB", "city": "Den Haag"},
    )
    _, xml = await final_ubl(client, company, MIXED)

    assert profile_of(xml) is Profile.NLCIUS
    assert text(
        xml, "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"
    ) == ["00000001003214345000"]


async def test_administration_that_prefers_nlcius_gets_it_where_the_buyer_allows(
    client: httpx.AsyncClient,
) -> None:
    assert (
        await client.patch("/v1/administration", json={"prefer_nlcius": True})
    ).status_code == 200
    with_kvk = await create_company(client, kvk_number="87654321", address=DUTCH_ADDRESS)
    consumer = await create_customer(client)

    _, xml = await final_ubl(client, with_kvk, MIXED)
    assert profile_of(xml) is Profile.NLCIUS
    # A Dutch consumer has no KvK or OIN, which NLCIUS requires of Dutch buyers (BR-NL-10).
    _, xml = await final_ubl(client, consumer, MIXED)
    assert profile_of(xml) is Profile.EN16931


# --- VAT ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "vat_number", "profile", "scheme"),
    [
        ("BE", "BE0403170701", Profile.PEPPOL, "0208"),
        ("DE", "DE136695976", Profile.PEPPOL, "9930"),
        ("IT", "IT00743110157", Profile.EN16931, None),  # no Peppol scheme for Italian VAT
    ],
)
async def test_reverse_charge_to_eu_businesses(
    client: httpx.AsyncClient, country: str, vat_number: str, profile: Profile, scheme: str | None
) -> None:
    company = await create_company(
        client,
        vat_number=vat_number,
        address={"street": "Via 1", "postal_code": "1000", "city": "X", "country": country},
    )
    _, xml = await final_ubl(client, company, [line("Advies", "1000", "reverse_charge")])

    assert profile_of(xml) is profile
    assert categories(xml) == ["AE"]
    assert (endpoint(xml, "AccountingCustomerParty") or (None,))[0] == scheme
    assert text(xml, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == [
        "BTW verlegd"
    ]


async def test_domestic_reverse_charge(client: httpx.AsyncClient) -> None:
    company = await create_company(client, vat_number="NL123456782B01", address=DUTCH_ADDRESS)
    _, xml = await final_ubl(
        client, company, [line("Stukadoorswerk (onderaanneming)", "2500", "reverse_charge")]
    )
    assert categories(xml) == ["AE"]


async def test_intra_community_supply_export_and_exempt(client: httpx.AsyncClient) -> None:
    german = await create_company(
        client,
        vat_number="DE136695976",
        address={
            "street": "Hauptstraße 5",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )
    _, xml = await final_ubl(client, german, [line("Warmtepomp", "4000", "intra_community")])
    assert categories(xml) == ["K"]
    assert text(
        xml, "cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode"
    ) == ["DE"]

    american = await create_customer(
        client,
        address={
            "street": "1 Main St",
            "postal_code": "10001",
            "city": "New York",
            "country": "US",
        },
    )
    _, xml = await final_ubl(client, american, [line("Machine", "15000", "export")])
    assert categories(xml) == ["G"]

    patient = await create_customer(client)
    _, xml = await final_ubl(client, patient, [line("Fysiotherapie", "65", "exempt")])
    assert categories(xml) == ["E"]
    assert text(xml, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == [
        "Vrijgesteld van btw"
    ]


async def test_small_business_scheme_invoices_without_vat_and_says_why(
    client: httpx.AsyncClient,
) -> None:
    assert (
        await client.patch("/v1/administration", json={"small_business_scheme": True})
    ).status_code == 200
    customer = await create_customer(client)
    # A line that names no rate is exempt under the KOR.
    unrated = {"description": "Bijles wiskunde", "quantity": "4", "unit_price": "25"}
    final, xml = await final_ubl(client, customer, [unrated])

    assert final["lines"][0]["vat_rate"] == "exempt"
    assert final["totals"]["total"] == "100.00"
    assert categories(xml) == ["E"]
    assert text(xml, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == [
        "Vrijgesteld van btw op grond van de kleineondernemersregeling (KOR)"
    ]


# --- amounts -----------------------------------------------------------------------------------


async def test_company_level_invoice_and_customer_of_a_company(client: httpx.AsyncClient) -> None:
    company = await create_company(
        client, kvk_number="87654321", vat_number="NL123456782B01", address=DUTCH_ADDRESS
    )
    _, xml = await final_ubl(client, company, MIXED)
    assert endpoint(xml, "AccountingCustomerParty") == ("0106", "87654321")

    employee = await create_customer(client, name="Els Bakker", company_id=company["id"])
    _, xml = await final_ubl(client, employee, MIXED)
    # Billed at the company, for the attention of the customer.
    assert text(xml, "cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name") == [
        company["name"]
    ]
    assert endpoint(xml, "AccountingCustomerParty") == ("0106", "87654321")


async def test_discounts_many_decimals_large_amounts_and_a_zero_total(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    await final_ubl(
        client,
        customer,
        [
            line("Uurtarief", "33.3333", quantity="3.3333", unit="uur"),
            line("Kilometers", "0.2300", quantity="123.4567", unit="km"),
            line("Korting vaste klant", "-7.5555"),
            line("Korting boeken", "-1.99", vat_rate="9"),
            line("Boek", "19.99", vat_rate="9"),
        ],
    )
    await final_ubl(
        client, customer, [line("Nieuwbouw kantoorpand", "9999999.9999", quantity="9.99")]
    )
    final, xml = await final_ubl(
        client, customer, [line("Proefles", "50.00"), line("Proefles gratis", "-50.00")]
    )
    assert final["totals"]["total"] == "0.00"
    assert payable(xml) == 0


async def test_special_characters_and_line_breaks_survive_every_validator(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(
        client,
        name='Ærøskøbing & Zn. <"Ström"> \'t Hoekje 🍰',
        address={"street": "Straße 1 & 2", "postal_code": "1015 CJ", "city": "'s-Hertogenbosch"},
    )
    _final, xml = await final_ubl(
        client,
        customer,
        [line('Regel één\nRegel twee met <b>markup</b> & "quotes"\r\nRegel drie', "10")],
        notes="Betaling binnen 14 dagen.\n\nMet vriendelijke groet — Ærø",
    )
    assert text(xml, "cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name") == [
        customer["name"]
    ]
    assert text(xml, "cac:InvoiceLine/cac:Item/cbc:Name") == ["Regel één"]


# --- credit notes ------------------------------------------------------------------------------


async def test_full_partial_and_discount_only_credit_notes(client: httpx.AsyncClient) -> None:
    company = await create_company(
        client, kvk_number="87654321", vat_number="NL123456782B01", address=DUTCH_ADDRESS
    )
    invoice, _ = await final_ubl(
        client, company, [*MIXED, line("Korting", "-50.00"), line("Extra", "10", vat_rate="9")]
    )

    full, xml = await credit(client, invoice, lines=[0, 2])
    assert xml.lstrip().startswith(b"<?xml")
    assert b"<CreditNote" in xml
    assert text(xml, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
        invoice["number"]
    ]
    # A refund: positive on the credit note, paid back by the seller, so no payment means.
    assert payable(xml) > 0
    assert text(xml, "cac:PaymentMeans/cbc:PaymentMeansCode") == []

    # Crediting only the discount line charges the buyer: the payable amount is negative and the
    # credit note says where to pay (NL-R-007).
    _, xml = await credit(client, invoice, lines=[4])
    assert payable(xml) == Decimal("-60.50")
    assert text(xml, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == ["NL91ABNA0417164300"]

    # The rest of the invoice.
    await credit(client, invoice, lines=[1, 3, 5])
    assert full["kind"] == "credit_note"


async def test_credit_note_of_a_consumer_invoice(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice, _ = await final_ubl(client, customer, MIXED)
    _, xml = await credit(client, invoice)
    assert profile_of(xml) is Profile.EN16931
    assert payable(xml) == Decimal(invoice["totals"]["total"])


# --- the PDF inside ----------------------------------------------------------------------------


async def test_the_invoice_pdf_travels_inside_the_ubl_unless_turned_off(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    final, xml = await final_ubl(client, customer, MIXED)
    pdf = next(d for d in final["documents"] if d["kind"] == "pdf")
    embedded = ET.fromstring(xml).find(
        "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject", NS
    )
    assert embedded is not None
    assert (embedded.get("mimeCode"), embedded.get("filename")) == (
        "application/pdf",
        pdf["filename"],
    )
    stored_pdf = (await client.get(pdf["content_url"])).content
    assert base64.b64decode(embedded.text or "") == stored_pdf

    assert (
        await client.patch("/v1/administration", json={"ubl_embeds_pdf": False})
    ).status_code == 200
    _, xml = await final_ubl(client, customer, MIXED)
    assert text(xml, "cac:AdditionalDocumentReference/cbc:ID") == []
