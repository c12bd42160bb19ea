"""The buyer's KvK number and Peppol id are frozen with the final invoice, and read back from it;
invoices finalised before buyers had them read as having none."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.db import Database
from app.invoices import service
from app.invoices.delivery import buyer_of
from app.invoices.printing import snapshot_of
from app.models import Administration, Invoice
from app.models.enums import InvoiceStatus
from tests.support.factories import (
    Tenant,
    create_company,
    create_customer,
    create_invoice,
    finalize_draft,
)

pytestmark = pytest.mark.anyio


async def frozen_buyer(db: Database, invoice_id: str) -> dict[str, Any]:
    async with db.transaction(write=False) as session:
        snapshot = await session.scalar(
            select(Invoice.parties_snapshot).where(Invoice.id == invoice_id)
        )
    assert snapshot is not None
    return dict(snapshot["buyer"])


async def test_finalising_freezes_the_buyers_kvk_number_and_peppol_id(
    client: httpx.AsyncClient, db: Database, tenant: Tenant
) -> None:
    customer = await create_customer(client, kvk_number="87654321", peppol_id="0106:87654321")
    final = await finalize_draft(
        client, (await create_invoice(client, customer_id=customer["id"]))["id"]
    )
    changes = {"kvk_number": None, "peppol_id": "0088:8712345678906"}
    assert (await client.patch(f"/v1/customers/{customer['id']}", json=changes)).is_success

    buyer = await frozen_buyer(db, final["id"])
    async with db.transaction(write=False) as session:
        invoice = await service.get_invoice(session, tenant.id, final["id"])
        administration = await session.get(Administration, tenant.id)
        assert administration is not None
        printed = snapshot_of(invoice, administration).buyer

    assert (buyer["kvk_number"], buyer["peppol_id"]) == ("87654321", "0106:87654321")
    # What the documents (PDF, UBL) of the final invoice are made from: the frozen values.
    assert (printed.kvk_number, printed.peppol_id) == ("87654321", "0106:87654321")


@pytest.mark.parametrize(
    ("company_fields", "expected"),
    [
        (
            {"kvk_number": "11112222", "peppol_id": "0190:00000001003214345000"},
            ("11112222", "0190:00000001003214345000"),
        ),
        ({}, ("33334444", "0106:33334444")),
    ],
    ids=["company-first", "customer-fills-in"],
)
async def test_customer_of_a_company_is_billed_with_the_companys_identifiers_first(
    client: httpx.AsyncClient,
    db: Database,
    company_fields: dict[str, str],
    expected: tuple[str, str],
) -> None:
    company = await create_company(client, **company_fields)
    customer = await create_customer(
        client, company_id=company["id"], kvk_number="33334444", peppol_id="0106:33334444"
    )
    final = await finalize_draft(
        client, (await create_invoice(client, customer_id=customer["id"]))["id"]
    )

    buyer = await frozen_buyer(db, final["id"])

    assert (buyer["kvk_number"], buyer["peppol_id"]) == expected


def test_snapshot_frozen_before_buyers_had_them_reads_as_none() -> None:
    older = {
        "buyer": {
            "name": "De Vries Bouw B.V.",
            "attention": None,
            "address": {"street": "Marktplein 12", "postal_code": "3011 AB", "city": "Rotterdam"},
            "vat_number": "NL004495445B01",
            "email": "factuur@devries.example",
        }
    }
    invoice = Invoice(parties_snapshot=older, status=InvoiceStatus.final)

    buyer = buyer_of(invoice)

    assert (buyer.name, buyer.vat_number) == ("De Vries Bouw B.V.", "NL004495445B01")
    assert (buyer.kvk_number, buyer.peppol_id) == (None, None)
