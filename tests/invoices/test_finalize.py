"""Finalising (seed 000): none/post/e-mail delivery, numbers, stored documents, irreversibility."""

from __future__ import annotations

import hashlib
import io

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.db import Database
from app.models import NumberCounter
from tests.support.assertions import assert_problem
from tests.support.factories import (
    LINE,
    Tenant,
    create_company,
    create_customer,
    create_invoice,
    finalize,
    finalize_draft,
)
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.anyio


async def test_none_delivery_gets_number_and_one_stored_pdf(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, delivery_method="none")
    lines = [LINE, LINE | {"description": "Filter", "vat_rate": "9"}]
    draft = await create_invoice(
        client, customer_id=customer["id"], invoice_date="2026-03-02", lines=lines
    )
    final = await finalize_draft(client, draft["id"])
    assert final["status"] == "final"
    assert final["number"] == "2026-00001"
    assert final["finalized_at"]
    assert final["mail"] is None
    assert (final["delivery_method"], final["delivery_method_source"]) == ("none", "customer")
    [ref, ubl] = final["documents"]
    assert (ref["kind"], ubl["kind"]) == ("pdf", "ubl")
    assert ubl["filename"] == "factuur-2026-00001.xml"
    assert ref["filename"] == "factuur-2026-00001.pdf"
    meta = (await client.get(f"/v1/documents/{ref['id']}")).json()
    content = await client.get(ref["content_url"])
    assert content.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(content.content).hexdigest() == meta["sha256"]
    assert meta["template_version"].startswith("classic@")
    text = pdf_text(content.content)
    assert "2026-00001" in text
    assert customer["name"] in text
    assert "CONCEPT" not in text
    listed = (await client.get(f"/v1/invoices/{draft['id']}/documents")).json()["data"]
    assert [d["id"] for d in listed] == [ref["id"], ubl["id"]]
    # GET joins lines and documents in one statement: each line and document comes once.
    assert [line["description"] for line in final["lines"]] == [LINE["description"], "Filter"]
    got = (await client.get(f"/v1/invoices/{draft['id']}")).json()
    assert got == {k: v for k, v in final.items() if k != "mail"}


async def test_numbers_are_consecutive_per_year(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    numbers = []
    for day in ("2026-01-05", "2026-02-01", "2027-01-03", "2026-12-31"):
        draft = await create_invoice(client, customer_id=customer["id"], invoice_date=day)
        numbers.append((await finalize_draft(client, draft["id"]))["number"])
    assert numbers == ["2026-00001", "2026-00002", "2027-00001", "2026-00003"]


async def test_custom_number_format(client: httpx.AsyncClient) -> None:
    await client.patch("/v1/administration", json={"number_format": "F{seq:04}"})
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    assert (await finalize_draft(client, draft["id"]))["number"] == "F0001"


async def test_final_invoice_cannot_change(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(
        client,
        customer_id=customer["id"],
        notes="Periode [deze_maand_factuur]",
        invoice_date="2026-04-15",
    )
    final = await finalize_draft(client, draft["id"])
    assert final["notes"] == "Periode april 2026"  # frozen, resolved against the invoice date
    url = f"/v1/invoices/{draft['id']}"
    body = assert_problem(await finalize(client, draft["id"]), 409)
    assert body["type"].endswith("invoice-not-draft")
    assert_problem(await client.patch(url, json={"notes": "anders"}), 409)
    assert_problem(await client.delete(url), 409)
    assert (await client.get(url)).json() == {k: v for k, v in final.items() if k != "mail"}
    paid = await client.patch(f"{url}/payment", json={"payment_status": "paid"})
    assert paid.status_code == 200
    assert paid.json()["payment_status"] == "paid"
    assert paid.json()["number"] == final["number"]


async def test_final_invoice_keeps_printed_buyer_after_party_changes(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client, name="Oude Naam")
    draft = await create_invoice(client, customer_id=customer["id"])
    final = await finalize_draft(client, draft["id"])
    await client.patch(
        f"/v1/customers/{customer['id']}", json={"name": "Nieuwe Naam", "delivery_method": "post"}
    )
    again = (await client.get(f"/v1/invoices/{draft['id']}")).json()
    assert again["delivery_method"] == final["delivery_method"] == "none"
    document = await client.get(final["documents"][0]["content_url"])
    assert "Oude Naam" in pdf_text(document.content)


async def test_blocking_problems_make_finalise_a_422_and_change_nothing(
    client: httpx.AsyncClient, tenant: Tenant, db: Database
) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"], lines=[])
    body = assert_problem(await finalize(client, draft["id"]), 422)
    assert body["type"].endswith("invoice-not-ready")
    assert [p["code"] for p in body["problems"]] == ["no_lines"]
    assert (await client.get(f"/v1/invoices/{draft['id']}")).json()["status"] == "draft"
    async with db.transaction(write=False) as session:
        counters = (
            await session.scalars(
                select(NumberCounter).where(NumberCounter.administration_id == tenant.id)
            )
        ).all()
    assert list(counters) == []


async def test_email_fields_for_post_delivery_are_refused(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, delivery_method="post")
    draft = await create_invoice(client, customer_id=customer["id"])
    assert_problem(await finalize(client, draft["id"], action="send"), 422)
    assert (await client.get(f"/v1/invoices/{draft['id']}")).json()["status"] == "draft"


async def test_finalize_is_idempotent_with_a_key(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    headers = {"Idempotency-Key": f"finalize-{draft['id']}"}
    first = await finalize(client, draft["id"], headers=headers)
    second = await finalize(client, draft["id"], headers=headers)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    other = await create_invoice(client, customer_id=customer["id"])
    assert (await finalize_draft(client, other["id"]))["number"].endswith("00002")


async def test_post_delivery_letter_and_day_batch(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    names = ["Post Een", "Post Twee"]
    numbers = []
    for name in names:
        customer = await create_customer(client, name=name, delivery_method="post")
        draft = await create_invoice(client, customer_id=customer["id"])
        final = await finalize_draft(client, draft["id"])
        assert final["delivery_method"] == "post"
        numbers.append(final["number"])
    emailed = await create_customer(client, name="Per Mail", delivery_method="none")
    await finalize_draft(client, (await create_invoice(client, customer_id=emailed["id"]))["id"])
    from app import clock

    today = clock.today_in("Europe/Amsterdam").isoformat()
    batch = await client.get("/v1/invoices/post-batch", params={"date": today})
    assert batch.status_code == 200
    assert batch.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(batch.content))
    text = pdf_text(batch.content)
    assert all(n in text for n in numbers)
    assert all(n in text for n in names)
    assert "Per Mail" not in text
    assert len(reader.pages) >= 2
    empty = await client.get("/v1/invoices/post-batch", params={"date": "2001-01-01"})
    assert_problem(empty, 404)


async def test_company_level_invoice_finalises(client: httpx.AsyncClient) -> None:
    company = await create_company(
        client,
        delivery_method="post",
        address={"street": "Dorpsstraat 12", "postal_code": "3511 AB", "city": "Utrecht"},
    )
    draft = await create_invoice(client, company_id=company["id"])
    final = await finalize_draft(client, draft["id"])
    assert (final["level"], final["delivery_method_source"]) == ("company", "company")
    document = await client.get(final["documents"][0]["content_url"])
    assert company["name"] in pdf_text(document.content)


async def test_credit_note_negates_and_has_its_own_series_when_configured(
    client: httpx.AsyncClient,
) -> None:
    await client.patch("/v1/administration", json={"credit_note_number_format": "C{year}-{seq:03}"})
    customer = await create_customer(client)
    draft = await create_invoice(
        client,
        customer_id=customer["id"],
        invoice_date="2026-05-01",
        lines=[
            {"description": "Werk", "quantity": "2", "unit_price": "50", "vat_rate": "21"},
            {"description": "Boek", "quantity": "1", "unit_price": "20", "vat_rate": "9"},
        ],
    )
    final = await finalize_draft(client, draft["id"])
    assert_problem(
        await client.post(f"/v1/invoices/{draft['id']}/credit-note", json={"lines": [5]}), 422
    )
    response = await client.post(
        f"/v1/invoices/{draft['id']}/credit-note", json={"lines": [0], "invoice_date": "2026-05-10"}
    )
    assert response.status_code == 201, response.text
    credit = response.json()
    assert credit["kind"] == "credit_note"
    assert credit["credited_invoice_id"] == draft["id"]
    assert [line["quantity"] for line in credit["lines"]] == ["-2"]
    assert credit["totals"]["total"] == "-121.00"
    done = await finalize_draft(client, credit["id"])
    assert done["number"] == "C2026-001"
    text = pdf_text((await client.get(done["documents"][0]["content_url"])).content)
    assert final["number"] in text  # refers to the credited invoice
    next_invoice = await create_invoice(
        client, customer_id=customer["id"], invoice_date="2026-05-11"
    )
    assert (await finalize_draft(client, next_invoice["id"]))["number"] == "2026-00002"
    assert_problem(await client.post(f"/v1/invoices/{credit['id']}/credit-note", json={}), 409)


async def test_draft_cannot_be_credited(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    assert_problem(await client.post(f"/v1/invoices/{draft['id']}/credit-note", json={}), 409)


async def test_preview_of_final_invoice_is_409(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    await finalize_draft(client, draft["id"])
    assert_problem(await client.get(f"/v1/invoices/{draft['id']}/preview.pdf"), 409)


async def test_stored_ubl_of_invoice_and_credit_note_validate_and_match(
    client: httpx.AsyncClient,
) -> None:
    from decimal import Decimal

    from tests.support.einvoice import assert_conforms
    from tests.support.ubl_figures import figures

    company = await create_company(
        client,
        vat_number="NL004495445B01",
        address={"street": "Dorpsstraat 12", "postal_code": "3511 AB", "city": "Utrecht"},
    )
    customer = await create_customer(client, company_id=company["id"])
    draft = await create_invoice(
        client,
        customer_id=customer["id"],
        lines=[
            {"description": "Werk", "quantity": "3", "unit_price": "33.3333", "vat_rate": "21"},
            {"description": "Boek", "quantity": "1", "unit_price": "20", "vat_rate": "9"},
            {"description": "Korting", "quantity": "1", "unit_price": "-5", "vat_rate": "21"},
        ],
    )
    final = await finalize_draft(client, draft["id"])
    credit = await client.post(f"/v1/invoices/{draft['id']}/credit-note", json={})
    credited = await finalize_draft(client, credit.json()["id"])
    for invoice, sign in ((final, 1), (credited, -1)):
        ubl = next(d for d in invoice["documents"] if d["kind"] == "ubl")
        response = await client.get(ubl["content_url"])
        assert response.headers["content-type"] == "application/xml"
        assert_conforms(response.content)  # the XSD and the official rules of its profile
        seen = figures(response.content)
        totals = invoice["totals"]
        assert seen["subtotal"] == sign * Decimal(totals["subtotal"])
        assert seen["payable"] == sign * Decimal(totals["total"])
        assert sorted((base, vat) for _, _, base, vat in seen["vat"]) == sorted(  # type: ignore[attr-defined]
            (sign * Decimal(v["base"]), sign * Decimal(v["amount"])) for v in totals["vat"]
        )


@pytest.mark.parametrize("day", ["0", "20260101", "2026-1-1", "1.5e9"])
async def test_post_batch_date_must_be_yyyy_mm_dd(client: httpx.AsyncClient, day: str) -> None:
    body = assert_problem(await client.get("/v1/invoices/post-batch", params={"date": day}), 422)
    assert body["errors"][0]["loc"] == ["query", "date"]
