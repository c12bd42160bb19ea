"""Webhook endpoints over HTTP: the secret shown once, URL and event validation, refusal of
non-public addresses, scopes, limits."""

from __future__ import annotations

import base64
import ipaddress
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.webhooks import service, url_safety
from tests.support.assertions import assert_problem
from tests.support.factories import Tenant, client_with_key

pytestmark = pytest.mark.anyio

PUBLIC = "93.184.215.14"  # what the fake DNS below says public names resolve to


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Name -> address for the names tests use; anything else goes to the real resolver."""
    names: dict[str, str] = {
        "hooks.example.com": PUBLIC,
        "internal.example.com": "127.0.0.1",
        "intranet.example.com": "10.20.30.40",
    }
    real = url_safety.resolve

    async def resolve(host: str, port: int) -> list[url_safety.IPAddress]:
        if host in names:
            return [ipaddress.ip_address(names[host])]
        return await real(host, port)

    monkeypatch.setattr(url_safety, "resolve", resolve)
    return names


def url_error(response: httpx.Response) -> str:
    body = assert_problem(response, 422)
    [error] = [e for e in body["errors"] if e["loc"][-1] == "url"]
    assert error["loc"] == ["body", "url"]
    return str(error["msg"])


async def test_create_shows_the_secret_only_once(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": "https://hooks.example.com/invoicer", "description": "Boekhouding"},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) == 32
    assert (created["url"], created["events"], created["active"]) == (
        "https://hooks.example.com/invoicer",
        [],
        True,
    )
    endpoint_id = created["id"]
    assert endpoint_id.startswith("whe_")
    got = await client.get(f"/v1/webhook-endpoints/{endpoint_id}")
    listed = await client.get("/v1/webhook-endpoints")
    changed = await client.patch(
        f"/v1/webhook-endpoints/{endpoint_id}", json={"events": ["invoice.paid"]}
    )
    for response in (got, changed):
        assert response.status_code == 200, response.text
        assert "secret" not in response.json()
        assert created["secret"] not in response.text
    [row] = listed.json()["data"]
    assert "secret" not in row
    assert changed.json()["events"] == ["invoice.paid"]


async def test_rotating_gives_a_new_secret(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    created = (
        await client.post("/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"})
    ).json()
    rotated = await client.post(f"/v1/webhook-endpoints/{created['id']}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"].startswith("whsec_")
    assert rotated.json()["secret"] != created["secret"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://127.8.9.10:8080/hooks",
        "http://10.1.2.3/hooks",
        "http://172.16.0.5/hooks",
        "http://192.168.1.20/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/hooks",
        "http://[fc00::1]/hooks",
        "http://[fe80::1]/hooks",
        "http://[::ffff:192.168.1.1]/hooks",
        "http://0.0.0.0/hooks",
        "http://224.0.0.251/hooks",
        "http://localhost:8000/hooks",
        "http://2130706433/hooks",  # 127.0.0.1 written as one number
        "https://internal.example.com/hooks",  # a name that resolves to loopback
        "https://intranet.example.com/hooks",  # a name that resolves to a private address
    ],
)
async def test_non_public_addresses_are_refused(
    client: httpx.AsyncClient, fake_dns: dict[str, str], url: str
) -> None:
    message = url_error(await client.post("/v1/webhook-endpoints", json={"url": url}))
    assert "public addresses only" in message
    assert (await client.get("/v1/webhook-endpoints")).json()["data"] == []


async def test_a_name_that_does_not_resolve_is_refused(client: httpx.AsyncClient) -> None:
    message = url_error(
        await client.post("/v1/webhook-endpoints", json={"url": "https://nowhere.invalid/hook"})
    )
    assert "does not resolve" in message


async def test_changing_the_url_to_a_private_address_is_refused(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    created = (
        await client.post("/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"})
    ).json()
    response = await client.patch(
        f"/v1/webhook-endpoints/{created['id']}", json={"url": "http://192.168.0.1/"}
    )
    assert "192.168.0.1 is a private address" in url_error(response)
    kept = (await client.get(f"/v1/webhook-endpoints/{created['id']}")).json()
    assert kept["url"] == "https://hooks.example.com/"


async def test_private_addresses_are_accepted_when_the_settings_allow_them(
    client: httpx.AsyncClient, allow_private: Settings
) -> None:
    response = await client.post("/v1/webhook-endpoints", json={"url": "http://10.1.2.3/hooks"})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://hooks.example.com/", "only http and https"),
        ("hooks.example.com/invoicer", "only http and https"),
        ("https://", "no host"),
        ("https://user:pass@hooks.example.com/", "credentials"),
        ("https://hooks.example.com/a b", "spaces"),
        ("https://hooks.example.com/" + "a" * 2000, "2000"),
        ("", "at least 1"),
    ],
)
async def test_malformed_urls_are_422(
    client: httpx.AsyncClient, fake_dns: dict[str, str], url: str, expected: str
) -> None:
    assert expected in url_error(await client.post("/v1/webhook-endpoints", json={"url": url}))


async def test_unknown_event_types_are_422(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": "https://hooks.example.com/", "events": ["invoice.paid", "invoice.eaten"]},
    )
    body = assert_problem(response, 422)
    assert [e["loc"] for e in body["errors"]] == [["body", "events", 1]]


async def test_event_filters_are_stored_once_in_a_fixed_order(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/webhook-endpoints",
        json={
            "url": "https://hooks.example.com/",
            "events": ["mail.failed", "invoice.finalized", "mail.failed"],
        },
    )
    assert response.json()["events"] == ["invoice.finalized", "mail.failed"]


async def test_writing_needs_the_settings_scope(
    app: Any, client: httpx.AsyncClient, tenant: Tenant, fake_dns: dict[str, str]
) -> None:
    created = (
        await client.post("/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"})
    ).json()
    key = (await client.post("/v1/api-keys", json={"name": "r", "scopes": ["read"]})).json()
    async with client_with_key(app, key["secret"]) as reader:
        assert (await reader.get("/v1/webhook-endpoints")).status_code == 200
        assert (await reader.get(f"/v1/webhook-endpoints/{created['id']}")).status_code == 200
        assert (
            await reader.get(f"/v1/webhook-endpoints/{created['id']}/deliveries")
        ).status_code == 200
        url = f"/v1/webhook-endpoints/{created['id']}"
        for response in (
            await reader.post("/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"}),
            await reader.patch(url, json={"description": "x"}),
            await reader.delete(url),
            await reader.post(f"{url}/rotate-secret"),
            await reader.post(f"{url}/test"),
        ):
            assert_problem(response, 403)


async def test_delete_removes_the_endpoint(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    created = (
        await client.post("/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"})
    ).json()
    url = f"/v1/webhook-endpoints/{created['id']}"
    assert (await client.delete(url)).status_code == 204
    assert_problem(await client.get(url), 404)
    assert_problem(await client.delete(url), 404)


async def test_an_administration_has_at_most_twenty_endpoints(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    for i in range(service.MAX_ENDPOINTS):
        response = await client.post(
            "/v1/webhook-endpoints", json={"url": f"https://hooks.example.com/{i}"}
        )
        assert response.status_code == 201
    response = await client.post(
        "/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"}
    )
    assert assert_problem(response, 409)["type"].endswith("/webhook-endpoint-limit")
    page = (await client.get("/v1/webhook-endpoints", params={"limit": 15})).json()
    rest = (
        await client.get("/v1/webhook-endpoints", params={"cursor": page["next_cursor"]})
    ).json()
    assert len(page["data"]) + len(rest["data"]) == service.MAX_ENDPOINTS
    assert rest["next_cursor"] is None


async def test_a_disabled_endpoint_gets_no_test_event(
    client: httpx.AsyncClient, fake_dns: dict[str, str]
) -> None:
    created = (
        await client.post("/v1/webhook-endpoints", json={"url": "https://hooks.example.com/"})
    ).json()
    url = f"/v1/webhook-endpoints/{created['id']}"
    disabled = await client.patch(url, json={"active": False})
    assert disabled.json()["active"] is False
    assert assert_problem(await client.post(f"{url}/test"), 409)["type"].endswith(
        "/webhook-endpoint-disabled"
    )
    assert_problem(await client.patch(url, json={"active": None}), 422)
