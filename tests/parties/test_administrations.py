"""Creating administrations (operator token) and changing their settings."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import ADMINISTRATION, OPERATOR, Tenant

pytestmark = pytest.mark.anyio


async def test_operator_creates_administration_with_normalised_settings(
    http: httpx.AsyncClient,
) -> None:
    body = ADMINISTRATION | {
        "vat_number": "nl 0044.95.445.b01",
        "iban": "nl91 abna 0417 1643 00",
        "kvk_number": "1234 5678",
        "address": {"street": "Keizersgracht 1", "postal_code": "1015cj", "city": "Amsterdam"},
    }
    response = await http.post("/v1/administrations", json=body, headers=OPERATOR)
    assert response.status_code == 201, response.text
    created = response.json()
    admin = created["administration"]
    assert admin["vat_number"] == "NL004495445B01"
    assert admin["iban"] == "NL91ABNA0417164300"
    assert admin["kvk_number"] == "12345678"
    assert admin["address"]["postal_code"] == "1015 CJ"
    assert admin["locale"] == "nl"
    assert admin["timezone"] == "Europe/Amsterdam"
    assert admin["number_format"] == "{year}-{seq:05}"
    assert created["api_key"].startswith("ik_")
    me = await http.get(
        "/v1/administration", headers={"Authorization": f"Bearer {created['api_key']}"}
    )
    assert me.json()["id"] == admin["id"]


async def test_creating_administration_needs_the_operator_token(http: httpx.AsyncClient) -> None:
    assert_problem(await http.post("/v1/administrations", json={"name": "X"}), 401)
    bad = {"Authorization": "Bearer not-the-operator"}
    assert_problem(await http.post("/v1/administrations", json={"name": "X"}, headers=bad), 401)


async def test_api_key_is_not_an_operator_token(tenant: Tenant) -> None:
    assert_problem(await tenant.client.post("/v1/administrations", json={"name": "X"}), 401)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("vat_number", "NL123"),
        ("kvk_number", "1234"),
        ("iban", "NL00ABNA0000000000"),
        ("bic", "NOTABIC!"),
        ("sender_email", "not-an-address"),
        ("owner_email", "Eigenaar <eigenaar@example.nl>"),
        ("timezone", "Mars/Olympus"),
        ("locale", "de"),
        ("payment_term_days", -1),
        ("payment_term_days", 10_000),
        ("number_format", "{year}"),
        ("number_format", "{seq.__class__}"),
        ("number_format", "{seq!r}"),
        ("number_format", "{seq:>10}"),
        ("name", ""),
        ("name", "a\nb"),
        ("address", {"postal_code": "12345"}),
        ("address", {"country": "XX"}),
    ],
    ids=lambda v: str(v)[:20],
)
async def test_invalid_setting_is_422_naming_the_field(
    http: httpx.AsyncClient, field: str, value: Any
) -> None:
    response = await http.post(
        "/v1/administrations", json=ADMINISTRATION | {field: value}, headers=OPERATOR
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["loc"][:2] == ["body", field], body


async def test_patch_changes_only_given_settings(tenant: Tenant) -> None:
    response = await tenant.client.patch(
        "/v1/administration",
        json={
            "locale": "en",
            "payment_term_days": 14,
            "number_format": "F{year}{month:02}-{seq:04}",
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["locale"], updated["payment_term_days"]) == ("en", 14)
    assert updated["number_format"] == "F{year}{month:02}-{seq:04}"
    assert updated["name"] == tenant.administration["name"]
    assert updated["iban"] == tenant.administration["iban"]


async def test_patch_can_clear_optional_but_not_required_settings(tenant: Tenant) -> None:
    cleared = await tenant.client.patch("/v1/administration", json={"bic": None})
    assert cleared.json()["bic"] is None
    body = assert_problem(await tenant.client.patch("/v1/administration", json={"name": None}), 422)
    assert "name cannot be null" in body["detail"]


async def test_patch_with_invalid_value_changes_nothing(tenant: Tenant) -> None:
    response = await tenant.client.patch(
        "/v1/administration", json={"payment_term_days": 7, "iban": "NL00BAD"}
    )
    assert_problem(response, 422)
    assert (await tenant.client.get("/v1/administration")).json()["payment_term_days"] == 30
