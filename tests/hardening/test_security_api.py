"""Security regressions of the API edge (issue 18, findings 2, 5 and 9): each test failed on the
code before its fix.

- Idempotent replays are bound to the API key that made them and never skip authentication, the
  scope check or the rate limit.
- Dates out of the supported range are a 422, not a 500.
- JSON that means more than one thing (duplicate keys, numbers that underflow or overflow, NaN),
  and query parameters an operation does not declare, are a 422 naming them.
- `/metrics` can require a bearer token.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app
from tests.support.assertions import assert_problem
from tests.support.factories import client_with_key, create_customer, new_tenant

pytestmark = pytest.mark.anyio

JSON = {"content-type": "application/json"}


async def _key(client: httpx.AsyncClient, *scopes: str) -> str:
    response = await client.post("/v1/api-keys", json={"name": "k", "scopes": list(scopes)})
    assert response.status_code == 201, response.text
    return str(response.json()["secret"])


async def _key_ids(client: httpx.AsyncClient) -> list[str]:
    return [key["id"] for key in (await client.get("/v1/api-keys")).json()["data"]]


# --- finding 2: idempotent replays -------------------------------------------------------------


async def test_a_read_only_key_cannot_replay_another_keys_new_api_key(
    app: Any, client: httpx.AsyncClient
) -> None:
    """A read-only key that sent the same Idempotency-Key and body as an earlier POST
    /v1/api-keys received the stored 201, with the new full-scope key's secret."""
    body = {"name": "ci", "scopes": ["read", "settings:write"]}
    headers = {"Idempotency-Key": "new-ci-key"}
    created = await client.post("/v1/api-keys", json=body, headers=headers)
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    keys_before = await _key_ids(client)

    async with client_with_key(app, await _key(client, "read")) as reader:
        replay = await reader.post("/v1/api-keys", json=body, headers=headers)
    problem = assert_problem(replay, 403)
    assert secret not in replay.text
    assert "settings:write" in problem["detail"]
    assert len(await _key_ids(client)) == len(keys_before) + 1  # the reader's key only


async def test_another_key_with_the_scope_gets_422_key_reused_not_the_stored_body(
    app: Any, client: httpx.AsyncClient
) -> None:
    body = {"name": "ci", "scopes": ["read"]}
    headers = {"Idempotency-Key": "shared-by-two-keys"}
    created = await client.post("/v1/api-keys", json=body, headers=headers)
    assert created.status_code == 201
    async with client_with_key(app, await _key(client, "read", "settings:write")) as other:
        replay = await other.post("/v1/api-keys", json=body, headers=headers)
    problem = assert_problem(replay, 422)
    assert problem["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert problem["errors"][0]["type"] == "idempotency_key_reused"
    assert created.json()["secret"] not in replay.text
    # The key that made it still gets its replay.
    again = await client.post("/v1/api-keys", json=body, headers=headers)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == created.json()


async def test_webhook_secret_rotation_is_not_replayed_to_a_read_only_key(
    app: Any, client: httpx.AsyncClient
) -> None:
    endpoint = await client.post(
        "/v1/webhook-endpoints",
        json={"url": "https://93.184.215.14/invoicer"},  # no DNS look-up; nothing is sent
    )
    assert endpoint.status_code == 201, endpoint.text
    url = f"/v1/webhook-endpoints/{endpoint.json()['id']}/rotate-secret"
    headers = {"Idempotency-Key": "rotate-1"}
    rotated = await client.post(url, headers=headers)
    assert rotated.status_code == 200, rotated.text
    async with client_with_key(app, await _key(client, "read")) as reader:
        replay = await reader.post(url, headers=headers)
    assert_problem(replay, 403)
    assert rotated.json()["secret"] not in replay.text


@pytest.fixture
async def limited(settings: Settings) -> AsyncIterator[Any]:
    app = create_app(
        settings.model_copy(update={"rate_limit_per_minute": 1, "rate_limit_burst": 3})
    )
    async with app.router.lifespan_context(app):
        yield app


async def test_replays_count_against_the_rate_limit(limited: Any) -> None:
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        async with new_tenant(limited, http) as tenant:
            headers = {"Idempotency-Key": "replayed-often"}
            statuses = [
                (
                    await tenant.client.post("/v1/customers", json={"name": "A"}, headers=headers)
                ).status_code
                for _ in range(5)
            ]
    assert statuses[0] == 201
    assert 429 in statuses  # replays took tokens as well


# --- finding 5: dates out of range -------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_post_batch_far_dates_are_422_not_500(client: httpx.AsyncClient, day: str) -> None:
    problem = assert_problem(await client.get(f"/v1/invoices/post-batch?date={day}"), 422)
    assert problem["errors"][0]["loc"] == ["query", "date"]


# --- finding 9: ambiguous JSON, unknown query parameters, /metrics -------------------------------


async def test_duplicate_json_keys_are_422_naming_the_key(client: httpx.AsyncClient) -> None:
    body = b'{"name": "Jan", "address": {"city": "Utrecht", "city": "Delft"}, "name": "Piet"}'
    problem = assert_problem(await client.post("/v1/customers", content=body, headers=JSON), 422)
    locs = sorted(tuple(error["loc"]) for error in problem["errors"])
    assert locs == [("body", "address", "city"), ("body", "name")]
    assert {error["type"] for error in problem["errors"]} == {"duplicate_key"}
    assert (await client.get("/v1/customers")).json()["data"] == []


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("1e-400", "number_too_small"),
        ("-0.5e-999", "number_too_small"),
        ("1e400", "number_too_large"),
        ("NaN", "json_invalid"),
        ("-Infinity", "json_invalid"),
    ],
)
async def test_numbers_that_cannot_be_read_exactly_are_422(
    client: httpx.AsyncClient, number: str, kind: str
) -> None:
    customer = await create_customer(client)
    body = (
        (
            '{"customer_id": "CUS", "lines": [{"description": "x", "quantity": NUMBER, '
            '"unit_price": "1.00", "vat_rate": "21"}]}'
        )
        .replace("CUS", customer["id"])
        .replace("NUMBER", number)
    )
    problem = assert_problem(
        await client.post("/v1/invoices", content=body.encode(), headers=JSON), 422
    )
    assert problem["errors"] == [
        {"loc": ["body", "lines", 0, "quantity"], "msg": problem["errors"][0]["msg"], "type": kind}
    ]
    assert (await client.get("/v1/invoices")).json()["data"] == []


async def test_ordinary_numbers_and_zero_still_work(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    body = (
        '{"customer_id": "%s", "lines": [{"description": "x", "quantity": 0e-400, '
        '"unit_price": 12.5, "vat_rate": "21"}, {"description": "y", "quantity": 1.5e0, '
        '"unit_price": "2.00", "vat_rate": "9"}]}'
    ).replace("%s", customer["id"])
    response = await client.post("/v1/invoices", content=body.encode(), headers=JSON)
    assert response.status_code == 201, response.text
    lines = response.json()["lines"]
    assert [line["quantity"] for line in lines] == ["0", "1.5"]


async def test_unknown_query_parameters_are_422_naming_them(client: httpx.AsyncClient) -> None:
    """`GET /v1/mails?invoice_id=...` returned every mail of the administration."""
    problem = assert_problem(await client.get("/v1/mails?invoice_id=inv_x&limit=5"), 422)
    assert [error["loc"] for error in problem["errors"]] == [["query", "invoice_id"]]
    assert problem["errors"][0]["type"] == "unknown_parameter"
    # Declared parameters, those of shared dependencies (pagination) included, still work.
    assert (await client.get("/v1/customers?limit=5&q=jan")).status_code == 200
    problem = assert_problem(await client.post("/v1/customers?dry_run=1", json={"name": "A"}), 422)
    assert problem["errors"][0]["loc"] == ["query", "dry_run"]
    assert (await client.get("/v1/customers")).json()["data"] == []


@pytest.fixture
async def metrics_app(settings: Settings) -> AsyncIterator[Any]:
    app = create_app(
        settings.model_copy(update={"metrics_token": SecretStr("metrics-secret-0123456789")})
    )
    async with app.router.lifespan_context(app):
        yield app


async def test_metrics_can_require_a_bearer_token(metrics_app: Any) -> None:
    transport = httpx.ASGITransport(app=metrics_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        assert_problem(await http.get("/metrics"), 401)
        wrong = {"Authorization": "Bearer metrics-secret-wrong"}
        assert_problem(await http.get("/metrics", headers=wrong), 401)
        right = {"Authorization": "Bearer metrics-secret-0123456789"}
        response = await http.get("/metrics", headers=right)
        assert response.status_code == 200
        assert "invoicer_http_requests_total" in response.text
        # Health probes stay open.
        assert (await http.get("/healthz")).status_code == 200


async def test_metrics_are_open_without_a_token(http: httpx.AsyncClient) -> None:
    response = await http.get("/metrics")
    assert response.status_code == 200
