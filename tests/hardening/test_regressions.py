"""Regression tests for the bugs the hardening fuzzers found."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.assertions import assert_problem
from tests.support.factories import create_customer

pytestmark = pytest.mark.anyio

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "\xff\xfe"}',
        b'{"name": "Caf\xe9"}',  # Latin-1, not UTF-8
        b"[" * 100_000 + b"]" * 100_000,
        b'{"name": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_001,
    ],
    ids=["invalid-utf8", "latin1", "nested-arrays", "nested-objects"],
)
async def test_undecodable_json_is_a_declared_422_not_a_bare_400(
    client: httpx.AsyncClient, body: bytes
) -> None:
    """FastAPI answered these with a 400 that no operation declares (schemathesis:
    "Undocumented status code"); they are malformed JSON like any other."""
    problem = assert_problem(await client.post("/v1/customers", content=body, headers=JSON), 422)
    assert problem["errors"] == [
        {"loc": ["body"], "msg": "JSON decode error", "type": "json_invalid"}
    ]
    assert (await client.get("/v1/customers")).json()["data"] == []


@pytest.mark.parametrize(
    "value",
    [0, 86_400, 8.658637428069278e-282, "0", "86400", "2026-01-01T00:00:00", "20260101", True],
    ids=["zero", "timestamp", "tiny-float", "digit-string", "digits", "datetime", "basic", "bool"],
)
async def test_dates_are_only_yyyy_mm_dd(client: httpx.AsyncClient, value: Any) -> None:
    """Pydantic's lax mode read numbers and digit strings as Unix timestamps: `{"date": 0}` ran
    the recurrences due on 1970-01-01 (schemathesis: "Schema-violating request accepted")."""
    customer = await create_customer(client)
    invoice = {"customer_id": customer["id"], "invoice_date": value}
    problem = assert_problem(await client.post("/v1/invoices", json=invoice), 422)
    assert problem["errors"][0]["loc"] == ["body", "invoice_date"]
    problem = assert_problem(
        await client.post("/v1/recurrences/run-due", json={"date": value}), 422
    )
    assert problem["errors"][0]["loc"] == ["body", "date"]
    assert (await client.get("/v1/invoices")).json()["data"] == []


async def test_iso_dates_still_work(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    response = await client.post(
        "/v1/invoices",
        json={
            "customer_id": customer["id"],
            "invoice_date": "2026-02-28",
            "due_date": "2026-03-30",
        },
    )
    assert response.status_code == 201, response.text
    assert (response.json()["invoice_date"], response.json()["due_date"]) == (
        "2026-02-28",
        "2026-03-30",
    )
    assert_problem(
        await client.post(
            "/v1/invoices", json={"customer_id": customer["id"], "invoice_date": "2026-02-30"}
        ),
        422,
    )
