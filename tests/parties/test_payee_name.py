"""The payee name (Dutch banks check the account holder's name against the IBAN since October
2025): an administration setting, defaulting to its name, carried by the EPC QR code, the payment
instruction of the PDF and the UBL's payment account; stored documents never change."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pypdfium2
import pytest
import zxingcpp

from app.models import Administration
from app.parties.service import payee_name
from tests.support.assertions import assert_problem
from tests.support.einvoice import assert_conforms
from tests.support.factories import ADMINISTRATION, create_customer, finalized_invoice, new_tenant
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.anyio

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
PAYEE = "Stichting Beheer Derdengelden Testbedrijf & Zn"


def qr_codes(pdf: bytes) -> list[str]:
    bitmap = pypdfium2.PdfDocument(pdf)[0].render(scale=3)
    return [code.text for code in zxingcpp.read_barcodes(bitmap.to_pil())]


def qr_beneficiary(pdf: bytes) -> str:
    [payload] = qr_codes(pdf)
    fields = payload.split("\n")
    assert fields[:4] == ["BCD", "002", "1", "SCT"]
    return fields[5]


async def documents(client: httpx.AsyncClient, final: dict[str, Any]) -> tuple[bytes, bytes]:
    by_kind = {d["kind"]: d for d in final["documents"]}
    pdf = await client.get(by_kind["pdf"]["content_url"])
    ubl = await client.get(by_kind["ubl"]["content_url"])
    assert pdf.status_code == ubl.status_code == 200
    return pdf.content, ubl.content


def ubl_account_name(ubl: bytes) -> str | None:
    root = ET.fromstring(ubl)
    account = root.find("cac:PaymentMeans/cac:PayeeFinancialAccount", NS)
    assert account is not None
    assert account.findtext("cbc:ID", namespaces=NS) == ADMINISTRATION["iban"]
    return account.findtext("cbc:Name", namespaces=NS)


async def test_the_payee_name_defaults_to_the_administrations_name(
    client: httpx.AsyncClient,
) -> None:
    settings = (await client.get("/v1/administration")).json()
    assert settings["payee_name"] is None
    final = await finalized_invoice(client)
    pdf, ubl = await documents(client, final)
    assert qr_beneficiary(pdf) == ADMINISTRATION["name"]
    assert f"ten name van {ADMINISTRATION['name']}" in " ".join(pdf_text(pdf).split())
    assert ubl_account_name(ubl) == ADMINISTRATION["name"]
    assert_conforms(ubl)


async def test_a_set_payee_name_is_in_the_qr_code_the_instruction_and_the_ubl(
    client: httpx.AsyncClient,
) -> None:
    response = await client.patch("/v1/administration", json={"payee_name": f"  {PAYEE} "})
    assert response.status_code == 200, response.text
    assert response.json()["payee_name"] == PAYEE
    assert response.json()["name"] == ADMINISTRATION["name"]
    # A Dutch business buyer (Peppol BIS 3) and a consumer (EN 16931): both profiles' official
    # rule sets accept the account's name.
    company_buyer = await create_customer(client, name="Bouw B.V.", kvk_number="87654321")
    for customer in (company_buyer, await create_customer(client)):
        final = await finalized_invoice(client, customer_id=customer["id"])
        pdf, ubl = await documents(client, final)
        assert qr_beneficiary(pdf) == PAYEE
        text = " ".join(pdf_text(pdf).split())
        assert f"ten name van {PAYEE}" in text
        assert ADMINISTRATION["name"] in text  # the seller is still the seller
        assert ubl_account_name(ubl) == PAYEE
        seller = ET.fromstring(ubl).find(
            "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity", NS
        )
        assert seller is not None
        assert seller.findtext("cbc:RegistrationName", namespaces=NS) == ADMINISTRATION["name"]
        assert_conforms(ubl)


async def test_a_final_invoices_documents_keep_the_payee_name_they_were_made_with(
    client: httpx.AsyncClient,
) -> None:
    before = await finalized_invoice(client)
    stored_pdf, stored_ubl = await documents(client, before)
    assert (await client.patch("/v1/administration", json={"payee_name": PAYEE})).status_code == 200
    again_pdf, again_ubl = await documents(client, before)
    assert (again_pdf, again_ubl) == (stored_pdf, stored_ubl)
    assert qr_beneficiary(again_pdf) == ADMINISTRATION["name"]
    after = await finalized_invoice(client)
    assert qr_beneficiary((await documents(client, after))[0]) == PAYEE
    # Null goes back to the name.
    response = await client.patch("/v1/administration", json={"payee_name": None})
    assert response.status_code == 200
    assert response.json()["payee_name"] is None
    latest = await finalized_invoice(client)
    assert qr_beneficiary((await documents(client, latest))[0]) == ADMINISTRATION["name"]


async def test_the_draft_preview_uses_the_payee_name_in_its_instruction(
    client: httpx.AsyncClient,
) -> None:
    await client.patch("/v1/administration", json={"payee_name": PAYEE})
    customer = await create_customer(client)
    draft = (
        await client.post(
            "/v1/invoices",
            json={
                "customer_id": customer["id"],
                "lines": [
                    {"description": "Werk", "quantity": "1", "unit_price": "10", "vat_rate": "21"}
                ],
            },
        )
    ).json()
    templates = (await client.get("/v1/pdf-templates")).json()["data"]
    response = await client.get(
        f"/v1/invoices/{draft['id']}/preview.pdf", params={"pdf_template_id": templates[0]["id"]}
    )
    assert response.status_code == 200, response.text
    assert f"ten name van {PAYEE}" in " ".join(pdf_text(response.content).split())


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("x" * 71, "at most 70 characters"),
        ("Testbedrijf\nB.V.", "control characters"),
        ("Testbedrijf\tB.V.", "control characters"),
        ("Test\u200bbedrijf", "control characters"),  # zero-width space: looks the same
        ("Test\u202ebedrijf", "control characters"),  # right-to-left override
        ("Test\x07", "control characters"),  # BEL
        ("   ", "at least 1 character"),
        (12, "valid string"),
    ],
)
async def test_a_bad_payee_name_is_a_422_naming_the_field_and_changes_nothing(
    client: httpx.AsyncClient, value: object, reason: str
) -> None:
    body = assert_problem(await client.patch("/v1/administration", json={"payee_name": value}), 422)
    [error] = body["errors"]
    assert error["loc"] == ["body", "payee_name"]
    assert reason in error["msg"]
    assert (await client.get("/v1/administration")).json()["payee_name"] is None


async def test_seventy_characters_fit_and_an_administration_can_start_with_one(
    app: Any, http: httpx.AsyncClient
) -> None:
    name = "Ç" + "a" * 69
    async with new_tenant(app, http, payee_name=name) as tenant:
        assert tenant.administration["payee_name"] == name
        final = await finalized_invoice(tenant.client)
        pdf, ubl = await documents(tenant.client, final)
        assert qr_beneficiary(pdf) == name
        assert ubl_account_name(ubl) == name


def test_payee_name_is_the_setting_else_the_name() -> None:
    administration = Administration(name="Testbedrijf B.V.", payee_name=None)
    assert payee_name(administration) == "Testbedrijf B.V."
    administration.payee_name = "T. Bedrijf"
    assert payee_name(administration) == "T. Bedrijf"
