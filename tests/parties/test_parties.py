"""Companies, customers, their contact details and the known addresses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import create_company, create_customer

pytestmark = pytest.mark.anyio


async def test_customer_linked_to_company(client: httpx.AsyncClient) -> None:
    company = await create_company(client, delivery_method="email", vat_number="NL004495445B01")
    customer = await create_customer(client, company_id=company["id"], delivery_method="none")
    assert customer["company_id"] == company["id"]
    listed = (await client.get("/v1/customers", params={"company_id": company["id"]})).json()
    assert [c["id"] for c in listed["data"]] == [customer["id"]]


async def test_customer_with_unknown_company_is_422(client: httpx.AsyncClient) -> None:
    body = assert_problem(
        await client.post("/v1/customers", json={"name": "A", "company_id": "cmp_nope"}), 422
    )
    assert body["errors"][0]["loc"] == ["body", "company_id"]
    assert (await client.get("/v1/customers")).json()["data"] == []


async def test_patch_customer_partially(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    response = await client.patch(
        f"/v1/customers/{customer['id']}",
        json={"delivery_method": "post", "email": None},
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["delivery_method"] == "post"
    assert updated["email"] is None
    assert updated["name"] == customer["name"]
    assert updated["address"] == customer["address"]


async def test_unlink_and_relink_company(client: httpx.AsyncClient) -> None:
    company = await create_company(client)
    customer = await create_customer(client, company_id=company["id"])
    unlinked = await client.patch(f"/v1/customers/{customer['id']}", json={"company_id": None})
    assert unlinked.json()["company_id"] is None
    relinked = await client.patch(
        f"/v1/customers/{customer['id']}", json={"company_id": company["id"]}
    )
    assert relinked.json()["company_id"] == company["id"]


async def test_company_with_customers_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    company = await create_company(client)
    customer = await create_customer(client, company_id=company["id"])
    assert_problem(await client.delete(f"/v1/companies/{company['id']}"), 409)
    assert (await client.delete(f"/v1/customers/{customer['id']}")).status_code == 204
    assert (await client.delete(f"/v1/companies/{company['id']}")).status_code == 204
    assert_problem(await client.get(f"/v1/companies/{company['id']}"), 404)


async def test_search_customers_by_name_or_email(client: httpx.AsyncClient) -> None:
    await create_customer(client, name="Jan de Vries", email="jan@devries.nl")
    await create_customer(client, name="Petra 100% Jansen", email="petra@jansen.nl")
    names = lambda r: [c["name"] for c in r.json()["data"]]  # noqa: E731
    assert names(await client.get("/v1/customers", params={"q": "VRIES"})) == ["Jan de Vries"]
    assert names(await client.get("/v1/customers", params={"q": "jansen.nl"})) == [
        "Petra 100% Jansen"
    ]
    assert names(await client.get("/v1/customers", params={"q": "100%"})) == ["Petra 100% Jansen"]
    assert names(await client.get("/v1/customers", params={"q": "%"})) == ["Petra 100% Jansen"]
    assert names(await client.get("/v1/customers", params={"q": "_"})) == []


@pytest.mark.parametrize("owner", ["customers", "companies"])
async def test_contact_details_crud(client: httpx.AsyncClient, owner: str) -> None:
    party = await (create_customer if owner == "customers" else create_company)(client)
    base = f"/v1/{owner}/{party['id']}/contact-details"
    created = await client.post(
        base, json={"type": "Email", "value": "Boekhouding@Example.NL", "invoice": True}
    )
    assert created.status_code == 201, created.text
    detail = created.json()
    assert detail == {
        "id": detail["id"],
        "type": "email",
        "value": "Boekhouding@example.nl",
        "invoice": True,
    }
    phone = (await client.post(base, json={"type": "phone", "value": "+31 20 123 4567"})).json()
    listed = (await client.get(base)).json()
    assert [d["id"] for d in listed] == [detail["id"], phone["id"]]
    fetched = (await client.get(f"/v1/{owner}/{party['id']}")).json()
    assert [d["id"] for d in fetched["contact_details"]] == [detail["id"], phone["id"]]
    patched = await client.patch(f"{base}/{detail['id']}", json={"invoice": False})
    assert patched.json()["invoice"] is False
    assert (await client.delete(f"{base}/{detail['id']}")).status_code == 204
    assert_problem(await client.delete(f"{base}/{detail['id']}"), 404)
    assert [d["id"] for d in (await client.get(base)).json()] == [phone["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {"type": "email", "value": "not an address"},
        {"type": "email", "value": "a@example.nl, b@example.nl"},
        {"type": "email", "value": "Naam <a@example.nl>"},
        {"type": "phone", "value": "0612345678", "invoice": True},
        {"type": "phone", "value": "06\r\nBcc: x@example.nl"},
        {"type": "", "value": "x"},
        {"type": "e mail", "value": "x"},
        {"type": "email", "value": ""},
        {"type": "email", "value": "a@example.nl", "invoice": "yes please"},
    ],
    ids=[
        "bad-email",
        "comma-list",
        "display-name",
        "invoice-flag-on-phone",
        "crlf",
        "empty-type",
        "type-with-space",
        "empty-value",
        "invoice-not-bool",
    ],
)
async def test_invalid_contact_detail_is_422_and_not_stored(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    customer = await create_customer(client)
    base = f"/v1/customers/{customer['id']}/contact-details"
    assert_problem(await client.post(base, json=body), 422)
    assert (await client.get(base)).json() == []


async def test_patch_contact_detail_to_invalid_combination_is_422(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    base = f"/v1/customers/{customer['id']}/contact-details"
    detail = (
        await client.post(base, json={"type": "email", "value": "a@example.nl", "invoice": True})
    ).json()
    assert_problem(await client.patch(f"{base}/{detail['id']}", json={"type": "phone"}), 422)
    assert_problem(await client.patch(f"{base}/{detail['id']}", json={"value": "nope"}), 422)
    assert (await client.get(base)).json() == [detail]


async def test_contact_detail_of_another_party_is_404(client: httpx.AsyncClient) -> None:
    one = await create_customer(client)
    two = await create_customer(client, name="Twee")
    detail = (
        await client.post(
            f"/v1/customers/{one['id']}/contact-details", json={"type": "phone", "value": "1"}
        )
    ).json()
    url = f"/v1/customers/{two['id']}/contact-details/{detail['id']}"
    assert_problem(await client.patch(url, json={"value": "2"}), 404)
    assert_problem(await client.delete(url), 404)
    company = await create_company(client)
    assert_problem(
        await client.delete(f"/v1/companies/{company['id']}/contact-details/{detail['id']}"), 404
    )


async def test_known_addresses_cover_every_source_once(client: httpx.AsyncClient) -> None:
    company = await create_company(client, email="admin@krakeling.nl")
    customer = await create_customer(client, email="Jan@DeVries.nl", company_id=company["id"])
    await client.post(
        f"/v1/customers/{customer['id']}/contact-details",
        json={"type": "email", "value": "jan@devries.nl"},
    )
    await client.post(
        f"/v1/companies/{company['id']}/contact-details",
        json={"type": "email", "value": "inkoop@krakeling.nl", "invoice": True},
    )
    await client.post(
        f"/v1/customers/{customer['id']}/contact-details",
        json={"type": "phone", "value": "0201234567"},
    )
    data = (await client.get("/v1/known-addresses")).json()["data"]
    addresses = [a["address"].lower() for a in data]
    assert addresses == sorted(
        [
            "admin@krakeling.nl",
            "eigenaar@testbedrijf.nl",
            "facturen@testbedrijf.nl",
            "inkoop@krakeling.nl",
            "jan@devries.nl",
        ]
    )
    by_address = {a["address"].lower(): a for a in data}
    assert by_address["inkoop@krakeling.nl"]["name"] == company["name"]
    assert by_address["eigenaar@testbedrijf.nl"]["source"] == "administration"
    only = (await client.get("/v1/known-addresses", params={"q": "KRAKELING"})).json()["data"]
    assert [a["address"] for a in only] == ["admin@krakeling.nl", "inkoop@krakeling.nl"]


async def test_known_addresses_paginate_without_duplicates(client: httpx.AsyncClient) -> None:
    for i in range(7):
        await create_customer(client, name=f"K{i}", email=f"k{i}@example.nl")
        await create_customer(client, name=f"K{i} again", email=f"K{i}@example.nl")
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = (await client.get("/v1/known-addresses", params=params)).json()
        seen += [a["address"].lower() for a in body["data"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    expected = sorted(
        [f"k{i}@example.nl" for i in range(7)]
        + ["eigenaar@testbedrijf.nl", "facturen@testbedrijf.nl"]
    )
    assert seen == expected
