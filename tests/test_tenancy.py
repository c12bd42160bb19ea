"""Nothing crosses administrations: every `{id}` route answers 404 for another tenant's ids.

The cases are generated from the app's OpenAPI route table, so a new route with an unknown path
parameter fails here until it is covered.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.factories import Tenant, create_company, create_customer, new_tenant
from tests.test_api_conventions import assert_problem

pytestmark = pytest.mark.anyio

CONTACT = {"type": "phone", "value": "0201234567"}
# A valid body per route that takes one, so the 404 cannot hide behind a 422. Routes missing
# here fail the test with a message naming them.
VALID_BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/v1/customers/{customer_id}/contact-details"): CONTACT,
    ("POST", "/v1/companies/{company_id}/contact-details"): CONTACT,
    ("PATCH", "/v1/customers/{customer_id}/contact-details/{detail_id}"): {"value": "1"},
    ("PATCH", "/v1/companies/{company_id}/contact-details/{detail_id}"): {"value": "1"},
    ("PATCH", "/v1/customers/{customer_id}"): {"name": "X"},
    ("PATCH", "/v1/companies/{company_id}"): {"name": "X"},
}


async def _foreign_ids(client: httpx.AsyncClient) -> dict[str, str]:
    """Objects of the *other* administration, by path parameter name."""
    company = await create_company(client)
    customer = await create_customer(client, company_id=company["id"])
    detail = (
        await client.post(
            f"/v1/customers/{customer['id']}/contact-details", json={"type": "phone", "value": "1"}
        )
    ).json()
    key = (await client.post("/v1/api-keys", json={"name": "k", "scopes": ["read"]})).json()
    return {
        "company_id": company["id"],
        "customer_id": customer["id"],
        "detail_id": detail["id"],
        "key_id": key["id"],
    }


def id_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every operation with a path parameter, from the OpenAPI document."""
    out = []
    for path, operations in app.openapi()["paths"].items():
        if "{" in path:
            for method in operations:
                if method in ("get", "post", "put", "patch", "delete"):
                    out.append((method.upper(), path))
    return out


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
            missing = [p for p in params if p not in foreign]
            assert not missing, f"{method} {path}: add ids for {missing} to this test"
            # Every combination where at least one id is foreign: all foreign, and each single
            # foreign id with the caller's own ids elsewhere (a foreign child under an own parent).
            variants = [dict(foreign)]
            for p in params:
                if len(params) > 1 and p in own:
                    variants.append(
                        {**foreign, **{q: own[q] for q in params if q in own and q != p}}
                    )
            for values in variants:
                url = path.format(**values)
                if method in ("POST", "PATCH", "PUT"):
                    assert (method, path) in VALID_BODIES, f"add a valid body for {method} {path}"
                body = VALID_BODIES.get((method, path))
                response = await tenant.client.request(method, url, json=body)
                assert_problem(response, 404)
                checked += 1
        assert checked >= len(routes)
        # The other administration's objects are untouched.
        assert (
            await other.client.get(f"/v1/customers/{foreign['customer_id']}")
        ).status_code == 200


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
        addresses = {
            a["address"] for a in (await tenant.client.get("/v1/known-addresses")).json()["data"]
        }
        assert "admin@krakeling.nl" not in addresses
        assert "mijn@example.nl" in addresses
