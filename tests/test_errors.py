"""Every outcome a client can act on is its own error class, with a stable `type` and `code`,
and each operation declares the problems it answers, so a generated SDK can tell them apart."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from app.errors import AppError, Conflict, error_classes, schema_name
from tests.support.assertions import assert_problem
from tests.support.factories import create_customer, create_invoice, finalize_draft

METHODS = {"get", "post", "put", "patch", "delete"}


def _classes(app: Any) -> list[type[AppError]]:
    assert app is not None  # the app (and so every domain package) is imported
    return [AppError, *error_classes()]


@pytest.mark.anyio
async def test_every_error_class_has_its_own_code_and_type(app: Any) -> None:
    classes = _classes(app)
    assert len(classes) > 30
    codes = [c.code for c in classes]
    types = [c.type for c in classes]
    assert len(codes) == len(set(codes)), sorted(codes)
    assert len(types) == len(set(types)), sorted(types)
    for error in classes:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", error.code), error
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", error.type), error


def test_an_error_class_must_declare_its_code() -> None:
    with pytest.raises(TypeError, match="own `type` and `code`"):
        type("Unnamed", (Conflict,), {"type": "unnamed"})


async def _declared(http: httpx.AsyncClient, operation_id: str) -> dict[str, set[str]]:
    """The problem codes an operation declares, per status."""
    spec: dict[str, Any] = (await http.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    for ops in spec["paths"].values():
        for method, op in ops.items():
            if method in METHODS and op["operationId"] == operation_id:
                out: dict[str, set[str]] = {}
                for status, response in op["responses"].items():
                    content = response.get("content", {}).get("application/problem+json")
                    if content:
                        schema = content["schema"]
                        refs = [s["$ref"] for s in schema.get("oneOf", [schema])]
                        out[status] = {
                            schemas[r.rsplit("/", 1)[-1]]["properties"]["code"]["const"]
                            for r in refs
                        }
                return out
    raise AssertionError(f"no operation {operation_id}")


@pytest.mark.anyio
async def test_every_error_class_but_the_bases_is_declared_somewhere(
    app: Any, http: httpx.AsyncClient
) -> None:
    spec: dict[str, Any] = (await http.get("/openapi.json")).json()
    declared = set(spec["components"]["schemas"])
    unused = {c.__name__ for c in _classes(app) if schema_name(c) not in declared} - {
        "AppError",
        "Conflict",
    }
    assert not unused


async def _answers(
    http: httpx.AsyncClient, response: httpx.Response, status: int, operation_id: str
) -> str:
    body = assert_problem(response, status)
    code: str = body["code"]
    assert body["type"] == "https://invoicer.dev/problems/" + code.replace("_", "-")
    assert code in (await _declared(http, operation_id)).get(str(status), set())
    return code


@pytest.mark.anyio
async def test_finalize_twice_is_a_declared_invoice_not_draft(
    http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await create_customer(client, delivery_method="none")
    draft = await create_invoice(client, customer_id=customer["id"])
    await finalize_draft(client, draft["id"])
    url = f"/v1/invoices/{draft['id']}"
    again = await client.post(f"{url}/finalize", json={})
    assert await _answers(http, again, 409, "invoices_finalize") == "invoice_not_draft"
    preview = await client.get(f"{url}/preview.pdf")
    assert await _answers(http, preview, 409, "invoices_preview") == "invoice_not_draft"
    # The same status on one operation, two outcomes: both declared.
    assert {"invoice_not_draft", "number_in_use"} <= (await _declared(http, "invoices_finalize"))[
        "409"
    ]


@pytest.mark.anyio
async def test_deleting_a_customer_with_invoices_is_a_declared_customer_in_use(
    http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await create_customer(client)
    await create_invoice(client, customer_id=customer["id"])
    response = await client.delete(f"/v1/customers/{customer['id']}")
    assert await _answers(http, response, 409, "customers_delete") == "customer_in_use"


@pytest.mark.anyio
async def test_crediting_a_draft_is_a_declared_invoice_not_final(
    http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    response = await client.post(f"/v1/invoices/{draft['id']}/credit-note", json={})
    assert await _answers(http, response, 409, "invoices_credit_note") == "invoice_not_final"
    missing = await client.get("/v1/invoices/inv_01J0000000000000000000000X")
    assert await _answers(http, missing, 404, "invoices_get") == "not_found"
