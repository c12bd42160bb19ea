"""Statements of open items (rekeningoverzicht) over HTTP on both databases: JSON by default,
the PDF with `Accept: application/pdf` read back and its figures checked, 406 for other types,
customers and companies, tenancy and text from users printed literally."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import ADMINISTRATION, create_company, create_customer, new_tenant
from tests.support.pdf import pdf_pages, pdf_text
from tests.support.receivables import TODAY, final_invoice, pay, today_is

pytestmark = pytest.mark.anyio

PDF = {"Accept": "application/pdf"}


def words(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


async def customer_with_open_items(client: httpx.AsyncClient) -> dict[str, Any]:
    """Three open invoices (one partly paid: 121.00 - 50.00) and one paid; due 10 days ahead,
    5 days ago and 45 days ago."""
    customer = await create_customer(client)
    invoices = [
        await final_invoice(client, customer_id=customer["id"], due=TODAY - timedelta(days=d))
        for d in (-10, 5, 45)
    ]
    await pay(client, invoices[2]["id"], "50.00", TODAY)
    paid = await final_invoice(client, customer_id=customer["id"], due=TODAY)
    await pay(client, paid["id"], "121.00", TODAY)
    return {"customer": customer, "invoices": invoices, "paid": paid}


async def test_the_statement_lists_the_open_items_and_the_total_due(
    client: httpx.AsyncClient,
) -> None:
    with today_is():
        made = await customer_with_open_items(client)
        other = await create_customer(client, name="Piet Puk", email="piet@puk.nl")
        await final_invoice(client, customer_id=other["id"], due=TODAY)
        response = await client.get(f"/v1/customers/{made['customer']['id']}/statement")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["as_of"] == TODAY.isoformat()
    assert body["debtor"] == {
        "customer_id": made["customer"]["id"],
        "company_id": None,
        "name": "Jan de Vries",
        "attention": None,
    }
    assert [item["number"] for item in body["items"]] == [
        made["invoices"][2]["number"],
        made["invoices"][1]["number"],
        made["invoices"][0]["number"],
    ]
    assert [item["days_overdue"] for item in body["items"]] == [45, 5, 0]
    assert [item["amount_due"] for item in body["items"]] == ["71.00", "121.00", "121.00"]
    assert body["total_due"] == "313.00"
    assert body["overdue_due"] == "192.00"
    assert body["totals"]["total"] == {"count": 3, "amount": "313.00"}
    assert body["iban"] == ADMINISTRATION["iban"]
    assert body["payee_name"] == ADMINISTRATION["name"]


async def test_the_pdf_statement_prints_the_figures_in_dutch(client: httpx.AsyncClient) -> None:
    with today_is():
        made = await customer_with_open_items(client)
        await client.patch("/v1/administration", json={"payee_name": "Testbedrijf Derdengelden"})
        response = await client.get(
            f"/v1/customers/{made['customer']['id']}/statement", headers=PDF
        )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="rekeningoverzicht-2026-12-04.pdf"' in response.headers["content-disposition"]
    text = words(response.content)
    for label in (
        "Rekeningoverzicht",
        "Factuurdatum",
        "Factuurnummer",
        "Vervaldatum",
        "Bedrag",
        "Betaald",
        "Openstaand",
        "Dagen over vervaldatum",
        "Waarvan vervallen",
        "Totaal openstaand",
        "4 december 2026",
    ):
        assert label in text, label
    # Seller letterhead and the customer's address.
    for part in ("Testbedrijf B.V.", "Keizersgracht 1", "KvK 12345678", "NL91ABNA0417164300"):
        assert part in text, part
    for part in ("Jan de Vries", "Dorpsstraat 12", "3511 AB"):
        assert part in text, part
    # Each open item: date, number, due date, amount, paid, open, days overdue.
    partly = made["invoices"][2]
    assert f"20-09-2026 {partly['number']} 20-10-2026 € 121,00 € 50,00 € 71,00 45" in text
    late = made["invoices"][1]
    assert f"30-10-2026 {late['number']} 29-11-2026 € 121,00 € 0,00 € 121,00 5" in text
    assert made["paid"]["number"] not in text
    assert "Waarvan vervallen € 192,00" in text
    assert "Totaal openstaand € 313,00" in text
    assert (
        "Gelieve € 313,00 over te maken op NL91ABNA0417164300 ten name van "
        "Testbedrijf Derdengelden" in text
    )
    assert "Pagina 1 van 1" in text


async def test_an_english_administration_gets_an_english_statement(
    app: Any, http: httpx.AsyncClient
) -> None:
    async with new_tenant(app, http, locale="en") as tenant:
        with today_is():
            made = await customer_with_open_items(tenant.client)
            response = await tenant.client.get(
                f"/v1/customers/{made['customer']['id']}/statement", headers=PDF
            )
    text = words(response.content)
    for label in ("Statement of account", "Days overdue", "Total due", "4 December 2026"):
        assert label in text, label
    assert "€313.00" in text.replace(" ", "")


async def test_a_long_statement_runs_over_pages_with_every_item(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    with today_is():
        numbers = [
            (await final_invoice(client, customer_id=customer["id"], due=TODAY))["number"]
            for _ in range(45)
        ]
        response = await client.get(f"/v1/customers/{customer['id']}/statement", headers=PDF)
    pages = pdf_pages(response.content)
    assert len(pages) >= 2
    assert f"Pagina 1 van {len(pages)}" in pages[0]
    assert "Factuurnummer" in pages[1]  # the header row repeats
    text = " ".join(" ".join(pages).split())
    assert all(number in text for number in numbers)
    assert "Totaal openstaand € 5.445,00" in text


async def test_nothing_open_says_so(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    json_body = (await client.get(f"/v1/customers/{customer['id']}/statement")).json()
    assert (json_body["items"], json_body["total_due"]) == ([], "0.00")
    response = await client.get(f"/v1/customers/{customer['id']}/statement", headers=PDF)
    assert "Er staan geen posten open op uw rekening." in words(response.content)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        ("application/pdf;q=0.5, application/json", "application/json"),
        ("text/html;q=0.9, application/pdf;q=0.8", "application/pdf"),
        ("application/*, application/json;q=0", "application/pdf"),
    ],
)
async def test_accept_chooses_the_media_type(
    client: httpx.AsyncClient, accept: str, media: str
) -> None:
    customer = await create_customer(client)
    response = await client.get(
        f"/v1/customers/{customer['id']}/statement", headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == media


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "application/pdf;q=0"])
async def test_an_unservable_accept_is_a_406(client: httpx.AsyncClient, accept: str) -> None:
    customer = await create_customer(client)
    body = assert_problem(
        await client.get(f"/v1/customers/{customer['id']}/statement", headers={"Accept": accept}),
        406,
    )
    assert body["code"] == "not_acceptable"
    assert "application/pdf" in body["detail"]


async def test_a_company_statement_holds_its_linked_customers_invoices(
    client: httpx.AsyncClient,
) -> None:
    company = await create_company(
        client,
        name="Bakker Bouw B.V.",
        address={"street": "Oudegracht 100", "postal_code": "3511 AV", "city": "Utrecht"},
    )
    linked = await create_customer(client, company_id=company["id"])
    alone = await create_customer(client, name="Piet Puk", email="piet@puk.nl")
    with today_is():
        own = await final_invoice(client, company_id=company["id"], due=TODAY)
        theirs = await final_invoice(client, customer_id=linked["id"], due=TODAY, price="10.00")
        await final_invoice(client, customer_id=alone["id"], due=TODAY)
        of_company = (await client.get(f"/v1/companies/{company['id']}/statement")).json()
        of_customer = (await client.get(f"/v1/customers/{linked['id']}/statement")).json()
        pdf = await client.get(f"/v1/customers/{linked['id']}/statement", headers=PDF)
        company_pdf = await client.get(f"/v1/companies/{company['id']}/statement", headers=PDF)
    assert {item["invoice_id"] for item in of_company["items"]} == {own["id"], theirs["id"]}
    assert of_company["total_due"] == "133.10"
    assert of_company["debtor"]["name"] == "Bakker Bouw B.V."
    # The linked customer's own statement: its own invoice, addressed as its invoices are.
    assert [item["invoice_id"] for item in of_customer["items"]] == [theirs["id"]]
    assert of_customer["debtor"] == {
        "customer_id": linked["id"],
        "company_id": company["id"],
        "name": "Bakker Bouw B.V.",
        "attention": "Jan de Vries",
    }
    text = words(pdf.content)
    assert "Bakker Bouw B.V. t.a.v. Jan de Vries Oudegracht 100" in text
    assert "Totaal openstaand € 133,10" in words(company_pdf.content)


async def test_another_administrations_customer_or_company_is_a_404(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await create_customer(client)
    company = await create_company(client)
    async with new_tenant(app, http) as other:
        for path in (
            f"/v1/customers/{customer['id']}/statement",
            f"/v1/companies/{company['id']}/statement",
            "/v1/customers/cus_doesnotexist/statement",
            "/v1/customers/../statement",
        ):
            for headers in ({}, PDF):
                response = await other.client.get(path, headers=headers)
                assert response.status_code == 404, path
                assert customer["name"] not in response.text


async def test_markup_in_names_is_printed_literally(client: httpx.AsyncClient) -> None:
    name = '<b>Jan</b> & <font name="x">Zn</font> <img src="/etc/passwd"/>'
    customer = await create_customer(client, name=name)
    with today_is():
        await final_invoice(client, customer_id=customer["id"], due=TODAY)
        response = await client.get(f"/v1/customers/{customer['id']}/statement", headers=PDF)
    assert response.status_code == 200
    assert name in words(response.content)


async def test_bad_dates_are_a_422(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    body = assert_problem(
        await client.get(
            f"/v1/customers/{customer['id']}/statement",
            params={"date": "yesterday"},
            headers=PDF,
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["query", "date"]


async def test_the_as_of_date_moves_days_overdue(client: httpx.AsyncClient) -> None:
    with today_is():
        made = await customer_with_open_items(client)
    later = TODAY + timedelta(days=20)
    body = (
        await client.get(
            f"/v1/customers/{made['customer']['id']}/statement",
            params={"date": later.isoformat()},
        )
    ).json()
    assert [item["days_overdue"] for item in body["items"]] == [65, 25, 10]
    assert body["overdue_due"] == body["total_due"] == "313.00"


async def test_more_open_items_than_a_statement_holds_is_a_422(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.receivables import service

    monkeypatch.setattr(service, "MAX_STATEMENT_ITEMS", 2)
    customer = await create_customer(client)
    with today_is():
        for _ in range(3):
            await final_invoice(client, customer_id=customer["id"], due=TODAY)
        for headers in ({}, PDF):
            body = assert_problem(
                await client.get(f"/v1/customers/{customer['id']}/statement", headers=headers),
                422,
            )
            assert body["code"] == "statement_too_long"
        # The receivables list pages through them all.
        listed = await client.get("/v1/receivables", params={"customer_id": customer["id"]})
    assert listed.json()["totals"]["total"]["count"] == 3


async def test_a_refund_owed_is_a_credit_balance(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    with today_is():
        invoice = await final_invoice(client, customer_id=customer["id"], due=TODAY)
        await pay(client, invoice["id"], "121.00", TODAY)
        draft = await client.post(f"/v1/invoices/{invoice['id']}/credit-note", json={})
        credit = await client.post(f"/v1/invoices/{draft.json()['id']}/finalize", json={})
        body = (await client.get(f"/v1/customers/{customer['id']}/statement")).json()
        pdf = await client.get(f"/v1/customers/{customer['id']}/statement", headers=PDF)
    assert [item["invoice_id"] for item in body["items"]] == [credit.json()["id"]]
    assert (body["total_due"], body["overdue_due"]) == ("-121.00", "0.00")
    text = words(pdf.content)
    assert f"{credit.json()['number']}" in text
    assert "€ -121,00" in text
    assert "U heeft een tegoed van € 121,00; wij verrekenen dit met u." in text
    assert "Gelieve" not in text
