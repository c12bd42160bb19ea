"""A buyer's KvK number and Peppol participant id on companies and customers: normalised when
valid, a 422 naming the field (and nothing stored) when not."""

from __future__ import annotations

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import create_company, create_customer

pytestmark = pytest.mark.anyio

OWNERS = ["companies", "customers"]


async def create(client: httpx.AsyncClient, owner: str, **fields: object) -> dict[str, object]:
    return await (create_company if owner == "companies" else create_customer)(client, **fields)


@pytest.mark.parametrize("owner", OWNERS)
async def test_kvk_number_and_peppol_id_are_stored_changed_and_cleared(
    client: httpx.AsyncClient, owner: str
) -> None:
    party = await create(client, owner, kvk_number="1234 5678", peppol_id="0106:12345678")
    assert (party["kvk_number"], party["peppol_id"]) == ("12345678", "0106:12345678")
    url = f"/v1/{owner}/{party['id']}"
    assert (await client.get(url)).json()["peppol_id"] == "0106:12345678"

    changed = await client.patch(url, json={"peppol_id": "9944:nl 0044.95.445.b01"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["kvk_number"], changed.json()["peppol_id"]) == (
        "12345678",
        "9944:NL004495445B01",
    )
    cleared = (await client.patch(url, json={"kvk_number": None, "peppol_id": None})).json()
    assert (cleared["kvk_number"], cleared["peppol_id"]) == (None, None)
    assert (await client.get(url)).json()["peppol_id"] is None


async def test_parties_without_them_have_none(client: httpx.AsyncClient) -> None:
    for party in (await create_company(client), await create_customer(client)):
        assert (party["kvk_number"], party["peppol_id"]) == (None, None)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0106:12345678", "0106:12345678"),
        ("0106:1234.5678", "0106:12345678"),
        ("0190:00000001003214345000", "0190:00000001003214345000"),
        ("9944:NL004495445B01", "9944:NL004495445B01"),
        ("9944: nl004495445b01", "9944:NL004495445B01"),
        ("9925:BE 0403.019.261", "9925:BE0403019261"),
        ("9933:GR094259216", "9933:EL094259216"),  # a Greek VAT number is written EL
        ("0208:0403019261", "0208:0403019261"),
        ("0208:BE 0403.019.261", "0208:0403019261"),
        ("0088:8712345678906", "0088:8712345678906"),
        ("0007:556 732 1707", "0007:5567321707"),  # Swedish orgnr: checked, stored compact
        ("0192:974760673", "0192:974760673"),  # Norwegian orgnr (PEPPOL-COMMON-R041)
        ("0060:123456789", "0060:123456789"),
        ("iso6523-actorid-upis::0106:12345678", "0106:12345678"),  # as the Directory prints it
    ],
)
async def test_valid_peppol_ids_are_normalised(
    client: httpx.AsyncClient, given: str, stored: str
) -> None:
    party = await create_customer(client, peppol_id=given)
    assert party["peppol_id"] == stored


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("12345678", "scheme:value"),
        ("EM:facturen@example.nl", "'EM' is not an electronic address scheme"),
        ("9999:12345678", "'9999' is not an electronic address scheme"),
        ("106:12345678", "'106' is not an electronic address scheme"),
        ("0106:1234567", "KvK number"),
        ("0106:", "KvK number"),
        ("0190:123456789", "OIN"),
        ("0208:0403019262", "Belgian enterprise number"),
        ("0088:8712345678900", "GLN"),
        ("9944:NL004495446B01", "not a valid EU VAT number"),
        ("9944:004495445B01", "does not start with a country code"),
        ("9930:NL004495445B01", "not a VAT number starting with DE"),
        ("9944:EU372000041", "one-stop-shop"),
        ("0060:556 732 1707", "without spaces"),
        ("0060:ü", "printable ASCII"),
        (
            "0007:5567321708",
            "Swedish organisation number",
        ),  # a wrong check digit (PEPPOL-COMMON-R049)
        ("0151:12345678901", "Australian Business Number"),  # PEPPOL-COMMON-R050
        ("0060:" + "1" * 51, "1 to 50"),
    ],
)
@pytest.mark.parametrize("owner", OWNERS)
async def test_invalid_peppol_id_is_422_naming_the_field_and_not_stored(
    client: httpx.AsyncClient, owner: str, given: str, reason: str
) -> None:
    body = assert_problem(
        await client.post(f"/v1/{owner}", json={"name": "Gemeente X", "peppol_id": given}), 422
    )
    [error] = body["errors"]
    assert error["loc"] == ["body", "peppol_id"]
    assert reason in error["msg"], error["msg"]
    assert (await client.get(f"/v1/{owner}")).json()["data"] == []

    party = await create(client, owner, peppol_id="0106:12345678")
    url = f"/v1/{owner}/{party['id']}"
    body = assert_problem(await client.patch(url, json={"peppol_id": given}), 422)
    assert body["errors"][0]["loc"] == ["body", "peppol_id"]
    assert (await client.get(url)).json()["peppol_id"] == "0106:12345678"


@pytest.mark.parametrize("given", ["1234567", "123456789", "1234567a", ""])
@pytest.mark.parametrize("owner", OWNERS)
async def test_invalid_kvk_number_is_422_naming_the_field_and_not_stored(
    client: httpx.AsyncClient, owner: str, given: str
) -> None:
    party = await create(client, owner, kvk_number="12345678")
    url = f"/v1/{owner}/{party['id']}"
    body = assert_problem(await client.patch(url, json={"kvk_number": given}), 422)
    [error] = body["errors"]
    assert error["loc"] == ["body", "kvk_number"]
    assert "KvK number (8 digits)" in error["msg"]
    assert (await client.get(url)).json()["kvk_number"] == "12345678"


async def test_openapi_says_what_they_are_for(http: httpx.AsyncClient) -> None:
    schemas = (await http.get("/openapi.json")).json()["components"]["schemas"]
    for name in ("CompanyCreate", "CompanyUpdate", "CompanyOut", "CustomerCreate", "CustomerOut"):
        properties = schemas[name]["properties"]
        assert "legal identifier" in properties["kvk_number"]["description"], name
        assert "e-invoice address" in properties["peppol_id"]["description"], name
