"""API keys: shown once, stored hashed, scoped, revocable."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import ApiKey
from tests.factories import Tenant, client_with_key
from tests.test_api_conventions import assert_problem

pytestmark = pytest.mark.anyio


async def test_secret_is_shown_once_and_stored_hashed(tenant: Tenant, db: Database) -> None:
    created = await tenant.client.post(
        "/v1/api-keys", json={"name": "boekhouding", "scopes": ["read", "invoices:write", "read"]}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["scopes"] == ["read", "invoices:write"]
    listed = (await tenant.client.get("/v1/api-keys")).json()["data"]
    assert {k["id"] for k in listed} >= {body["id"]}
    assert all("secret" not in k for k in listed)
    async with db.transaction(write=False) as session:
        stored = await session.scalar(select(ApiKey).where(ApiKey.id == body["id"]))
    assert stored is not None
    assert body["secret"].split("_")[-1] not in stored.secret_hash
    assert len(stored.secret_hash) == 64


async def test_revoked_key_is_401(app: Any, tenant: Tenant) -> None:
    created = (
        await tenant.client.post("/v1/api-keys", json={"name": "tmp", "scopes": ["read"]})
    ).json()
    async with client_with_key(app, created["secret"]) as temp:
        assert (await temp.get("/v1/customers")).status_code == 200
        assert (await tenant.client.delete(f"/v1/api-keys/{created['id']}")).status_code == 204
        assert_problem(await temp.get("/v1/customers"), 401)
    assert_problem(await tenant.client.delete(f"/v1/api-keys/{created['id']}"), 404)


async def test_key_cannot_delete_itself(tenant: Tenant) -> None:
    keys = (await tenant.client.get("/v1/api-keys")).json()["data"]
    assert len(keys) == 1
    assert_problem(await tenant.client.delete(f"/v1/api-keys/{keys[0]['id']}"), 409)


async def test_key_cannot_grant_scopes_it_lacks(app: Any, tenant: Tenant) -> None:
    limited = (
        await tenant.client.post(
            "/v1/api-keys", json={"name": "settings", "scopes": ["read", "settings:write"]}
        )
    ).json()
    async with client_with_key(app, limited["secret"]) as client:
        response = await client.post(
            "/v1/api-keys", json={"name": "escalate", "scopes": ["invoices:finalize"]}
        )
        body = assert_problem(response, 403)
        assert "invoices:finalize" in body["detail"]
        ok = await client.post("/v1/api-keys", json={"name": "reader", "scopes": ["read"]})
        assert ok.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "scopes": []},
        {"name": "x", "scopes": ["admin"]},
        {"name": "", "scopes": ["read"]},
        {"name": "x"},
        {"name": "x", "scopes": "read"},
    ],
    ids=["no-scopes", "unknown-scope", "empty-name", "missing-scopes", "scopes-not-list"],
)
async def test_invalid_key_request_is_422(tenant: Tenant, body: dict[str, Any]) -> None:
    assert_problem(await tenant.client.post("/v1/api-keys", json=body), 422)


async def test_read_key_cannot_manage_keys(app: Any, tenant: Tenant) -> None:
    reader = (
        await tenant.client.post("/v1/api-keys", json={"name": "r", "scopes": ["read"]})
    ).json()
    async with client_with_key(app, reader["secret"]) as client:
        assert_problem(await client.get("/v1/api-keys"), 403)
        assert_problem(await client.patch("/v1/administration", json={"locale": "en"}), 403)
