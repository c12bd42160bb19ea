"""API keys: shown once, stored hashed, scoped, revocable."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import delete, select

from app.db import Database
from app.models import ApiKey
from tests.support.assertions import assert_problem
from tests.support.factories import Tenant, client_with_key

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


# --- verified keys reused for reads (INVOICER_API_KEY_CACHE_SECONDS) ---------------------------


async def _delete_row_elsewhere(db: Database, key_id: str) -> None:
    """Revoke the key the way another replica would: this process is not told."""
    async with db.transaction(write=True) as session:
        await session.execute(delete(ApiKey).where(ApiKey.id == key_id))


async def test_reads_reuse_a_verified_key_for_seconds_writes_never(
    app: Any, tenant: Tenant, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = (
        await tenant.client.post(
            "/v1/api-keys", json={"name": "tmp", "scopes": ["read", "parties:write"]}
        )
    ).json()
    async with client_with_key(app, created["secret"]) as temp:
        assert (await temp.get("/v1/customers")).status_code == 200
        await _delete_row_elsewhere(db, created["id"])
        # A read within the TTL is served from the verification this process made...
        assert (await temp.get("/v1/customers")).status_code == 200
        # ...a write checks the key in its own transaction,
        assert_problem(await temp.post("/v1/customers", json={"name": "X"}), 401)
        # a wrong secret for the same key id never matches the cached entry,
        wrong = created["secret"][:-4] + (
            "AAAA" if not created["secret"].endswith("AAAA") else "BBBB"
        )
        async with client_with_key(app, wrong) as forged:
            assert_problem(await forged.get("/v1/customers"), 401)
        # and once the TTL has passed, reads see the revocation too.
        later = time.monotonic() + app.state.settings.api_key_cache_seconds + 0.1
        monkeypatch.setattr("app.auth.principal.time.monotonic", lambda: later)
        assert_problem(await temp.get("/v1/customers"), 401)


async def test_without_key_reuse_every_read_checks_the_key(
    app: Any, tenant: Tenant, db: Database
) -> None:
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"api_key_cache_seconds": 0})
    try:
        created = (
            await tenant.client.post("/v1/api-keys", json={"name": "tmp", "scopes": ["read"]})
        ).json()
        async with client_with_key(app, created["secret"]) as temp:
            assert (await temp.get("/v1/customers")).status_code == 200
            await _delete_row_elsewhere(db, created["id"])
            assert_problem(await temp.get("/v1/customers"), 401)
    finally:
        app.state.settings = settings


async def test_reads_see_a_settings_change_of_this_process_at_once(tenant: Tenant) -> None:
    assert (await tenant.client.get("/v1/administration")).json()["name"] != "Nieuwe Naam B.V."
    patched = await tenant.client.patch(
        "/v1/administration", json={"name": "Nieuwe Naam B.V.", "timezone": "Europe/London"}
    )
    assert patched.status_code == 200, patched.text
    read = (await tenant.client.get("/v1/administration")).json()
    assert (read["name"], read["timezone"]) == ("Nieuwe Naam B.V.", "Europe/London")


async def test_a_cached_key_survives_a_failed_read(tenant: Tenant) -> None:
    # A read that fails rolls its session back; the cached verification must not be expired
    # with it (it is a copy that belongs to no session).
    assert (await tenant.client.get("/v1/administration")).status_code == 200
    assert_problem(await tenant.client.get("/v1/invoices/inv_01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404)
    for _ in range(3):
        response = await tenant.client.get("/v1/administration")
        assert response.status_code == 200
        assert response.json()["id"] == tenant.id
