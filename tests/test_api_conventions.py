"""Conventions shared by every route: auth, problem+json errors, limits, idempotency, pages."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from tests.support.assertions import PROBLEM, assert_problem
from tests.support.factories import OPERATOR, Tenant, client_with_key, create_customer

pytestmark = pytest.mark.anyio


async def test_no_key_is_401_problem(http: httpx.AsyncClient) -> None:
    response = await http.get("/v1/customers")
    body = assert_problem(response, 401)
    assert "Authorization" in body["detail"]
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ik_01M84S6T0E7T8298G2DK6N67A6_not-the-right-secret-at-all-0000",
        "Bearer nonsense",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "ik_01M84S6T0E7T8298G2DK6N67A6_missing-scheme-0000000000000",
    ],
    ids=["unknown-key", "not-a-key", "basic-auth", "empty-bearer", "no-scheme"],
)
async def test_bad_key_is_401_problem(http: httpx.AsyncClient, header: str) -> None:
    assert_problem(await http.get("/v1/customers", headers={"Authorization": header}), 401)


async def test_wrong_secret_for_existing_key_is_401(
    tenant: Tenant, http: httpx.AsyncClient
) -> None:
    forged = tenant.api_key[:-4] + ("AAAA" if not tenant.api_key.endswith("AAAA") else "BBBB")
    assert_problem(
        await http.get("/v1/customers", headers={"Authorization": f"Bearer {forged}"}), 401
    )


async def test_missing_scope_is_403_problem(app: Any, tenant: Tenant) -> None:
    created = await tenant.client.post("/v1/api-keys", json={"name": "reader", "scopes": ["read"]})
    assert created.status_code == 201
    async with client_with_key(app, created.json()["secret"]) as reader:
        assert (await reader.get("/v1/customers")).status_code == 200
        body = assert_problem(await reader.post("/v1/customers", json={"name": "X"}), 403)
        assert "parties:write" in body["detail"]
    assert (await tenant.client.get("/v1/customers")).json()["data"] == []


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/does-not-exist"), 404)


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.put("/v1/customers", json={})
    assert_problem(response, 405)
    # Every method of the path (two routes here), as RFC 9110 requires.
    assert response.headers["allow"] == "GET, POST"
    response = await client.put("/v1/mails/mail_x")
    assert response.headers["allow"] == "DELETE, GET, PATCH"


async def test_unknown_field_is_422_naming_it(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.post("/v1/customers", json={"name": "A", "nme": "B"}), 422)
    assert {
        "loc": ["body", "nme"],
        "msg": "Extra inputs are not permitted",
        "type": "extra_forbidden",
    } in body["errors"]


async def test_malformed_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/customers", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["type"] == "json_invalid"


async def test_oversized_body_is_413_by_content_length(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/customers",
        content=b"x" * (3 * 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 413)


async def test_oversized_chunked_body_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> Any:
        for _ in range(30):
            yield b" " * 100_000

    response = await client.post(
        "/v1/customers", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(response, 413)
    assert (await client.get("/v1/customers")).json()["data"] == []


async def test_health_and_readiness(http: httpx.AsyncClient) -> None:
    assert (await http.get("/healthz")).json() == {
        "status": "ok",
        "database": None,
        "migrations": None,
        "outbox": None,
    }
    ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"
    assert ready.json()["migrations"]
    assert ready.json()["outbox"] in ("ok",) or ready.json()["outbox"].startswith("stuck")


# --- idempotency -----------------------------------------------------------------------------


async def test_idempotent_post_replays_the_first_response(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "create-jan-1"}
    first = await client.post("/v1/customers", json={"name": "Jan"}, headers=headers)
    second = await client.post("/v1/customers", json={"name": "Jan"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert len((await client.get("/v1/customers")).json()["data"]) == 1


async def test_idempotency_key_with_another_body_is_422(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "create-once"}
    assert (
        await client.post("/v1/customers", json={"name": "A"}, headers=headers)
    ).status_code == 201
    body = assert_problem(
        await client.post("/v1/customers", json={"name": "B"}, headers=headers), 422
    )
    assert body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    names = [c["name"] for c in (await client.get("/v1/customers")).json()["data"]]
    assert names == ["A"]


async def test_idempotency_keys_are_per_administration(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    from tests.support.factories import new_tenant

    headers = {"Idempotency-Key": "shared-key"}
    assert (
        await client.post("/v1/customers", json={"name": "A"}, headers=headers)
    ).status_code == 201
    async with new_tenant(app, http) as other:
        response = await other.client.post("/v1/customers", json={"name": "B"}, headers=headers)
        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers


async def test_failed_request_does_not_consume_the_key(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "retry-after-fix"}
    assert (
        await client.post("/v1/customers", json={"name": ""}, headers=headers)
    ).status_code == 422
    assert (
        await client.post("/v1/customers", json={"name": "Fixed"}, headers=headers)
    ).status_code == 201


async def test_concurrent_duplicate_is_409_or_replay_never_two_effects(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "concurrent"}
    statuses: list[int] = []

    async def post() -> None:
        response = await client.post("/v1/customers", json={"name": "Once"}, headers=headers)
        statuses.append(response.status_code)
        if response.status_code == 409:
            assert response.headers["content-type"] == PROBLEM
            assert response.headers["retry-after"] == "1"

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(post)
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    assert len((await client.get("/v1/customers")).json()["data"]) == 1


async def test_idempotency_key_too_long_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/customers", json={"name": "A"}, headers={"Idempotency-Key": "k" * 256}
    )
    assert_problem(response, 422)


async def test_operator_requests_are_idempotent_too(http: httpx.AsyncClient) -> None:
    headers = OPERATOR | {"Idempotency-Key": "new-admin"}
    first = await http.post("/v1/administrations", json={"name": "Eenmalig"}, headers=headers)
    second = await http.post("/v1/administrations", json={"name": "Eenmalig"}, headers=headers)
    assert first.status_code == 201
    assert second.json()["administration"]["id"] == first.json()["administration"]["id"]


# --- pagination ------------------------------------------------------------------------------


async def test_pagination_over_120_records_has_no_duplicates_and_no_gaps(
    client: httpx.AsyncClient,
) -> None:
    created = [(await create_customer(client, name=f"Klant {i:03}"))["id"] for i in range(120)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 25}
        if cursor:
            params["cursor"] = cursor
        body = (await client.get("/v1/customers", params=params)).json()
        seen += [c["id"] for c in body["data"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 5
    assert seen == created  # creation order, each exactly once


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "!!!not-base64!!!"}, "cursor"),
        ({"cursor": "AAAA"}, "cursor"),
    ],
    ids=["limit-zero", "limit-too-big", "limit-not-int", "cursor-garbage", "cursor-binary"],
)
async def test_bad_page_parameters_are_422(
    client: httpx.AsyncClient, params: dict[str, Any], field: str
) -> None:
    body = assert_problem(await client.get("/v1/customers", params=params), 422)
    assert body["errors"][0]["loc"] == ["query", field]


async def test_unreachable_database_is_503_with_retry_after(settings: Any) -> None:
    from app.main import create_app
    from tests.support.ports import free_port

    down = create_app(
        settings.model_copy(
            update={"database_url": f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"}
        )
    )
    async with down.router.lifespan_context(down):
        transport = httpx.ASGITransport(app=down)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(
                "/v1/customers", headers={"Authorization": "Bearer ik_" + "A" * 26 + "_" + "b" * 43}
            )
            body = assert_problem(response, 503)
            assert body["type"].endswith("database-unavailable")
            assert response.headers["retry-after"] == "2"
            assert (await client.get("/readyz")).status_code == 503


async def test_run_due_ignores_an_idempotency_key(client: httpx.AsyncClient) -> None:
    # It commits per occurrence, so no stored answer; it used to hang on SQLite with a key.
    with anyio.fail_after(20):
        for _ in range(2):
            response = await client.post(
                "/v1/recurrences/run-due",
                json={"date": "2030-01-01"},
                headers={"Idempotency-Key": "run-due-1"},
            )
            assert response.status_code == 200, response.text
            assert "idempotent-replayed" not in response.headers
