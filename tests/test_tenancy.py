"""Nothing crosses administrations: every `{id}` route answers 404 for another tenant's ids.

The cases are generated from the app's OpenAPI route table, so a new route with an unknown path
parameter fails here until it is covered.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.banking import UNKNOWN_CREDIT
from tests.support.factories import (
    Tenant,
    create_company,
    create_customer,
    create_invoice,
    finalize,
    new_tenant,
)
from tests.support.routes import id_routes

pytestmark = pytest.mark.anyio

CONTACT = {"type": "phone", "value": "0201234567"}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)
# A valid request per route that takes a body, so the 404 cannot hide behind a 422 or 415.
# Routes missing here fail the test with a message naming them.
VALID: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/customers/{customer_id}/contact-details"): {"json": CONTACT},
    ("POST", "/v1/companies/{company_id}/contact-details"): {"json": CONTACT},
    ("PATCH", "/v1/customers/{customer_id}/contact-details/{detail_id}"): {"json": {"value": "1"}},
    ("PATCH", "/v1/companies/{company_id}/contact-details/{detail_id}"): {"json": {"value": "1"}},
    ("PATCH", "/v1/customers/{customer_id}"): {"json": {"name": "X"}},
    ("PATCH", "/v1/companies/{company_id}"): {"json": {"name": "X"}},
    ("PATCH", "/v1/invoices/{invoice_id}"): {"json": {"notes": "x"}},
    ("PATCH", "/v1/invoices/{invoice_id}/payment"): {"json": {"payment_status": "paid"}},
    ("POST", "/v1/invoices/{invoice_id}/finalize"): {"json": {}},
    ("POST", "/v1/invoices/{invoice_id}/credit-note"): {"json": {}},
    ("POST", "/v1/invoices/{invoice_id}/mails"): {"json": {"action": "edit"}},
    ("POST", "/v1/invoices/{invoice_id}/payments"): {
        "json": {"amount": "1.00", "date": "2026-01-15", "method": "bank"}
    },
    ("POST", "/v1/invoices/{invoice_id}/reminders/pause"): {"json": {"reason": "x"}},
    ("POST", "/v1/invoices/{invoice_id}/reminders/resume"): {"json": {}},
    ("POST", "/v1/bank-transactions/{transaction_id}/match"): {"json": {"invoice_id": "inv_X"}},
    ("POST", "/v1/invoices/{invoice_id}/public-link"): {},
    ("PATCH", "/v1/pdf-templates/{template_id}"): {"json": {"name": "X"}},
    ("PUT", "/v1/pdf-templates/{template_id}/logo"): {
        "content": PNG,
        "headers": {"content-type": "image/png"},
    },
    ("PATCH", "/v1/email-templates/{template_id}"): {"json": {"name": "X"}},
    ("PATCH", "/v1/mails/{mail_id}"): {"json": {"subject": "X"}, "headers": {"If-Match": '"1"'}},
    ("POST", "/v1/mails/{mail_id}/send"): {},
    ("PATCH", "/v1/recurrences/{recurrence_id}"): {"json": {"automation": "notify"}},
    ("POST", "/v1/recurrences/{recurrence_id}/copy"): {},
    ("POST", "/v1/recurrences/{recurrence_id}/acknowledge"): {},
    ("PATCH", "/v1/webhook-endpoints/{endpoint_id}"): {"json": {"description": "X"}},
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/rotate-secret"): {},
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/test"): {},
}


async def _foreign_ids(client: httpx.AsyncClient) -> dict[str, str]:
    """Objects of the *other* administration, by path parameter name (templates by kind)."""
    company = await create_company(client, delivery_method="email")
    customer = await create_customer(client, company_id=company["id"])
    detail = (
        await client.post(
            f"/v1/customers/{customer['id']}/contact-details", json={"type": "phone", "value": "1"}
        )
    ).json()
    key = (await client.post("/v1/api-keys", json={"name": "k", "scopes": ["read"]})).json()
    final = await create_invoice(client, customer_id=customer["id"])
    finalized = await finalize(client, final["id"], action="edit")
    assert finalized.status_code == 200, finalized.text
    body = finalized.json()
    draft = await create_invoice(client, customer_id=customer["id"])
    admin = (await client.get("/v1/administration")).json()
    recurrence = await client.post(
        "/v1/recurrences",
        json={
            "base_invoice_id": final["id"],
            "start_date": "2026-01-01",
            "day_of_month": 1,
            "backfill": True,  # every past month stays due, so the next date is the start
        },
    )
    assert recurrence.status_code == 201, recurrence.text
    # Before the endpoint exists, so it hears of none of it.
    payment = await client.post(
        f"/v1/invoices/{final['id']}/payments",
        json={"amount": "1.00", "date": "2026-01-15", "method": "cash"},
    )
    assert payment.status_code == 201, payment.text
    statement = await client.post(
        "/v1/bank-statements", content=UNKNOWN_CREDIT, headers={"content-type": "application/xml"}
    )
    assert statement.status_code == 200, statement.text
    # A public address literal: accepted without DNS and without allowing private URLs.
    endpoint = await client.post("/v1/webhook-endpoints", json={"url": "https://93.184.215.14/"})
    assert endpoint.status_code == 201, endpoint.text
    return {
        "transaction_id": statement.json()["transactions"][0]["id"],
        "endpoint_id": endpoint.json()["id"],
        "recurrence_id": recurrence.json()["id"],
        "company_id": company["id"],
        "customer_id": customer["id"],
        "detail_id": detail["id"],
        "key_id": key["id"],
        "invoice_id": draft["id"],
        "final_invoice_id": final["id"],
        "payment_id": payment.json()["payment"]["id"],
        "document_id": body["documents"][0]["id"],
        "mail_id": body["mail"]["id"],
        "pdf_template_id": admin["default_pdf_template_id"],
        "email_template_id": admin["default_email_template_id"],
    }


def _value(foreign: dict[str, str], path: str, param: str) -> str | None:
    if param == "template_id":
        return foreign["pdf_template_id" if "/pdf-templates/" in path else "email_template_id"]
    if param == "invoice_id" and "/payments" in path:  # payments are made on final invoices
        return foreign["final_invoice_id"]
    return foreign.get(param)


async def test_every_id_route_hides_other_administrations(
    app: Any, http: httpx.AsyncClient, tenant: Tenant
) -> None:
    async with new_tenant(app, http) as other:
        foreign = await _foreign_ids(other.client)
        own_company = await create_company(tenant.client)
        own_customer = await create_customer(tenant.client)
        own = {"company_id": own_company["id"], "customer_id": own_customer["id"]}
        routes = id_routes(app)
        assert routes
        checked = 0
        for method, path in routes:
            params = re.findall(r"{(\w+)}", path)
            missing = [p for p in params if _value(foreign, path, p) is None]
            assert not missing, f"{method} {path}: add ids for {missing} to this test"
            values_of = {p: str(_value(foreign, path, p)) for p in params}
            # All ids foreign; and, under an own parent, a foreign child.
            variants = [values_of]
            if len(params) > 1:
                variants += [{**values_of, p: own[p]} for p in params if p in own]
            if method in ("POST", "PATCH", "PUT"):
                assert (method, path) in VALID, f"add a valid request for {method} {path}"
            for values in variants:
                url = path.format(**values)
                response = await tenant.client.request(method, url, **VALID.get((method, path), {}))
                assert_problem(response, 404)
                checked += 1
        assert checked >= len(routes) >= 40
        # The other administration's objects are untouched.
        customer = await other.client.get(f"/v1/customers/{foreign['customer_id']}")
        assert customer.json()["name"] != "X"
        draft = (await other.client.get(f"/v1/invoices/{foreign['invoice_id']}")).json()
        assert (draft["status"], draft["notes"], draft["payment_status"]) == (
            "draft",
            None,
            "unpaid",
        )
        mail = (await other.client.get(f"/v1/mails/{foreign['mail_id']}")).json()
        assert (mail["status"], mail["version"]) == ("draft", 1)
        recurrence = await other.client.get(f"/v1/recurrences/{foreign['recurrence_id']}")
        assert (recurrence.json()["automation"], recurrence.json()["next_date"]) == (
            "none",
            "2026-01-01",
        )
        endpoint = f"/v1/webhook-endpoints/{foreign['endpoint_id']}"
        assert (await other.client.get(endpoint)).json()["description"] is None
        assert (await other.client.get(f"{endpoint}/deliveries")).json()["data"] == []


async def test_lists_show_no_foreign_rows(
    app: Any, http: httpx.AsyncClient, tenant: Tenant
) -> None:
    async with new_tenant(app, http) as other:
        await _foreign_ids(other.client)
        mine = await create_customer(tenant.client, email="mijn@example.nl")
        customers = (await tenant.client.get("/v1/customers")).json()["data"]
        assert [c["id"] for c in customers] == [mine["id"]]
        assert (await tenant.client.get("/v1/companies")).json()["data"] == []
        keys = (await tenant.client.get("/v1/api-keys")).json()["data"]
        assert len(keys) == 1
        for listing in ("/v1/invoices", "/v1/mails", "/v1/webhook-endpoints"):
            assert (await tenant.client.get(listing)).json()["data"] == []
        templates = (await tenant.client.get("/v1/pdf-templates")).json()["data"]
        assert [t["id"] for t in templates] == [tenant.administration["default_pdf_template_id"]]
        addresses = {
            a["address"] for a in (await tenant.client.get("/v1/known-addresses")).json()["data"]
        }
        assert "admin@krakeling.nl" not in addresses
        assert "mijn@example.nl" in addresses
