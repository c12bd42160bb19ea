"""Country codes and VAT numbers as the e-invoice rules accept them (EN 16931 BR-CL-14 and
BR-CO-09), on administrations, companies and customers alike: what a receiver would refuse is
refused when it is stored, with a 422 naming the field, and nothing changes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import create_company, create_customer

pytestmark = pytest.mark.anyio

# Where each kind of party is read and changed.
KINDS = ["administration", "companies", "customers"]
# An administration is Dutch (app/parties/schemas.py): foreign countries and VAT numbers are
# buyers' only.
BUYERS = ["companies", "customers"]


async def party_url(client: httpx.AsyncClient, kind: str) -> str:
    """The URL of a party of `kind` to read and PATCH."""
    if kind == "administration":
        return "/v1/administration"
    party = await (create_company if kind == "companies" else create_customer)(client)
    return f"/v1/{kind}/{party['id']}"


async def patch_ok(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.patch(url, json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


# --- country codes -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["XK", "IC", "ZZ", "EU", "EL", "UK", "A1"])
@pytest.mark.parametrize("kind", KINDS)
async def test_country_outside_the_en16931_list_is_422_and_not_stored(
    client: httpx.AsyncClient, kind: str, code: str
) -> None:
    url = await party_url(client, kind)
    before = (await client.get(url)).json()["address"]
    body = assert_problem(
        await client.patch(url, json={"address": {"country": code, "city": "Pristina"}}), 422
    )
    [error] = body["errors"]
    assert error["loc"] == ["body", "address", "country"]
    assert "1A (Kosovo)" in error["msg"]
    assert (await client.get(url)).json()["address"] == before


@pytest.mark.parametrize("kind", ["companies", "customers"])
async def test_unknown_country_on_create_stores_nothing(
    client: httpx.AsyncClient, kind: str
) -> None:
    body = assert_problem(
        await client.post(f"/v1/{kind}", json={"name": "X", "address": {"country": "XK"}}), 422
    )
    assert body["errors"][0]["loc"] == ["body", "address", "country"]
    assert (await client.get(f"/v1/{kind}")).json()["data"] == []


@pytest.mark.parametrize(
    ("given", "code", "postal_code"),
    [("1A", "1A", "10000"), ("xi", "XI", "BT1 5GS"), ("de", "DE", "10115")],
)
@pytest.mark.parametrize("kind", BUYERS)
async def test_kosovo_and_northern_ireland_are_countries_without_a_dutch_postal_code_check(
    client: httpx.AsyncClient, kind: str, given: str, code: str, postal_code: str
) -> None:
    url = await party_url(client, kind)
    address = {"street": "Rruga 1", "postal_code": postal_code, "city": "X", "country": given}
    changed = await patch_ok(client, url, {"address": address})
    assert changed["address"] == address | {"country": code}
    assert (await client.get(url)).json()["address"]["country"] == code


# --- VAT numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("NL004495445B01", "NL004495445B01"),
        ("EL094259216", "EL094259216"),
        ("GR 094259216", "EL094259216"),  # python-stdnum: a valid Greek number; Greece writes EL
        ("gr094259216", "EL094259216"),
        ("XI980780684", "XI980780684"),  # Northern Ireland, checked as a UK number
        ("DE 136 695 976", "DE136695976"),
    ],
)
@pytest.mark.parametrize("kind", BUYERS)
async def test_vat_numbers_the_rules_accept_are_normalised(
    client: httpx.AsyncClient, kind: str, given: str, stored: str
) -> None:
    url = await party_url(client, kind)
    assert (await patch_ok(client, url, {"vat_number": given}))["vat_number"] == stored
    assert (await client.get(url)).json()["vat_number"] == stored


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("EU372000041", "one-stop-shop (OSS/IOSS) number"),  # OSS, non-union scheme
        ("EU 372 000 041", "one-stop-shop (OSS/IOSS) number"),
        ("IM5280000001", "one-stop-shop (OSS/IOSS) number"),  # IOSS, import scheme
        ("GR094259217", "not a valid EU VAT number"),  # a wrong Greek check digit
        ("EL094259217", "not a valid EU VAT number"),
        ("GB980780684", "GB is not an EU member state"),
        ("XI980780685", "not a valid EU VAT number"),
        ("CHE116281710", "CH is not an EU member state"),
        ("004495445B01", "does not start with a country code"),
        ("ZZ123456789", "does not start with a country code"),
        ("NL004495446B01", "not a valid EU VAT number"),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
async def test_vat_number_the_rules_refuse_is_422_and_not_stored(
    client: httpx.AsyncClient, kind: str, given: str, reason: str
) -> None:
    url = await party_url(client, kind)
    await patch_ok(client, url, {"vat_number": "NL004495445B01"})
    body = assert_problem(await client.patch(url, json={"vat_number": given}), 422)
    [error] = body["errors"]
    assert error["loc"] == ["body", "vat_number"]
    assert reason in error["msg"], error["msg"]
    assert (await client.get(url)).json()["vat_number"] == "NL004495445B01"


async def test_oss_number_says_which_number_to_give_instead(client: httpx.AsyncClient) -> None:
    body = assert_problem(
        await client.post("/v1/customers", json={"name": "X", "vat_number": "EU372000041"}), 422
    )
    assert "give the VAT number of the country of establishment" in body["errors"][0]["msg"]
    assert (await client.get("/v1/customers")).json()["data"] == []
