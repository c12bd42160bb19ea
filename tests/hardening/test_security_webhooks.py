"""Security regressions of the webhook URL filter (issue 18, finding 7).

The filter unwrapped IPv4-mapped IPv6 addresses only: 6to4, Teredo and NAT64 addresses carry an
IPv4 address that a relay or translator forwards to, and must be judged by it. Delivery must
connect to the very addresses it vetted, so a name that resolves elsewhere by then is refused
before anything is sent.

No test here sends traffic beyond loopback: refused addresses are refused before connecting,
and the only receiver is the real one on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.db import Database
from app.webhooks.delivery import deliver_batch
from tests.support.assertions import assert_problem
from tests.support.factories import Tenant
from tests.support.webhook_receiver import Receiver
from tests.support.webhooks import FAST

pytestmark = pytest.mark.anyio


def url_error(response: httpx.Response) -> str:
    body = assert_problem(response, 422)
    [error] = [e for e in body["errors"] if e["loc"][-1] == "url"]
    assert error["loc"] == ["body", "url"]
    return str(error["msg"])


async def assert_refused(client: httpx.AsyncClient, url: str, reason: str) -> None:
    message = url_error(await client.post("/v1/webhook-endpoints", json={"url": url}))
    assert message.startswith("webhooks are sent to public addresses only: "), message
    assert reason in message, message
    assert (await client.get("/v1/webhook-endpoints")).json()["data"] == []


# --- registration: IPv6 forms that embed a refused IPv4 address ----------------------------------


@pytest.mark.parametrize(
    ("url", "embedded"),
    [
        ("http://[2002:7f00:1::]/hook", "127.0.0.1"),
        ("http://[2002:a01:203::1]:8080/hook", "10.1.2.3"),
        ("http://[2002:a9fe:a9fe::]/latest/meta-data/", "169.254.169.254"),
    ],
)
async def test_6to4_addresses_embedding_a_refused_address_are_refused(
    client: httpx.AsyncClient, url: str, embedded: str
) -> None:
    """2002::/16 carries the IPv4 address in bits 16-47; a 6to4 relay sends to it. The filter
    let these through as public IPv6 addresses."""
    await assert_refused(client, url, f"a 6to4 address embedding {embedded}, ")


@pytest.mark.parametrize(
    ("url", "embedded"),
    [
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook", "127.0.0.1"),
        ("http://[2001:0:4136:e378:8000:63bf:f5fe:fdfc]/hook", "10.1.2.3"),
        ("http://[2001:0:4136:e378:8000:63bf:5601:5601]/latest/meta-data/", "169.254.169.254"),
    ],
)
async def test_teredo_addresses_embedding_a_refused_address_are_refused(
    client: httpx.AsyncClient, url: str, embedded: str
) -> None:
    """2001::/32 carries the client's IPv4 address, XOR 0xffffffff, in the last 32 bits. The
    filter refused these only because Python 3.11's table calls all of 2001::/23 private (a
    table that has changed between versions), and so could not say what they reach."""
    await assert_refused(client, url, f"a Teredo address embedding {embedded}, ")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[64:ff9b::7f00:1]/hook", "a NAT64 address embedding 127.0.0.1, "),
        ("http://[64:ff9b::a01:203]/hook", "a NAT64 address embedding 10.1.2.3, "),
        (
            "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
            "a NAT64 address embedding 169.254.169.254, ",
        ),
        ("http://[64:ff9b:1::7f00:1]/hook", "a local-use NAT64 address"),
        ("http://[64:ff9b:1::a9fe:a9fe]/hook", "a local-use NAT64 address"),
    ],
)
async def test_nat64_addresses_embedding_a_refused_address_are_refused(
    client: httpx.AsyncClient, url: str, reason: str
) -> None:
    """64:ff9b::/96 carries the IPv4 address in its last 32 bits; a translator sends to it.
    The filter refused these only as "reserved" (all of ::/8), whatever they embed."""
    await assert_refused(client, url, reason)


@pytest.mark.parametrize(
    "url",
    [
        "https://[2002:808:808::]/hook",  # 6to4 of 8.8.8.8
        "https://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/hook",  # Teredo, client 8.8.8.8
        "https://[64:ff9b::808:808]/hook",  # NAT64 of 8.8.8.8 (what DNS64 gives IPv6-only hosts)
        "https://[2606:4700::1111]/hook",
    ],
)
async def test_these_forms_of_a_public_address_are_accepted(
    client: httpx.AsyncClient, url: str
) -> None:
    """Judged by the embedded address, not refused by prefix: an IPv6-only network reaches a
    public receiver through NAT64. (Saving sends nothing: no event is made here.)"""
    response = await client.post("/v1/webhook-endpoints", json={"url": url})
    assert response.status_code == 201, response.text


# --- delivery: the connection goes to the vetted address -------------------------------------


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def permissive_api(app: Any) -> Iterator[None]:
    """Lets the API save URLs on loopback for one test (the app is shared by the session)."""
    original = app.state.settings
    app.state.settings = original.model_copy(update={"webhook_allow_private_urls": True})
    try:
        yield
    finally:
        app.state.settings = original


def worker(settings: Settings, *, allow_private: bool) -> Settings:
    return settings.model_copy(
        update={
            "webhook_allow_private_urls": allow_private,
            "webhook_timeout_seconds": 2.0,
            "webhook_max_attempts": 3,
        }
    )


async def endpoint_with_event(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    """A new endpoint (with its secret, shown this once) and a test event queued for it."""
    created = await client.post("/v1/webhook-endpoints", json={"url": url})
    assert created.status_code == 201, created.text
    endpoint = dict(created.json())
    queued = await client.post(f"/v1/webhook-endpoints/{endpoint['id']}/test")
    assert queued.status_code == 202, queued.text
    return endpoint


async def only_delivery(client: httpx.AsyncClient, endpoint_id: str) -> dict[str, Any]:
    listed = await client.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries")
    [delivery] = listed.json()["data"]
    return dict(delivery)


async def test_a_name_resolving_to_loopback_at_delivery_is_not_called(
    client: httpx.AsyncClient,
    tenant: Tenant,
    db: Database,
    settings: Settings,
    receiver: Receiver,
    permissive_api: None,
) -> None:
    """Saved while private URLs were allowed, sent after they no longer are: the real resolver
    says `localhost` is loopback, so the attempt stops before connecting."""
    endpoint = await endpoint_with_event(client, f"http://localhost:{receiver.port}/hooks")
    strict = worker(settings, allow_private=False)
    assert await deliver_batch(db, strict, administration_id=tenant.id, retry=FAST) == 1
    assert receiver.received == []
    pending = await only_delivery(client, endpoint["id"])
    assert (pending["status"], pending["attempts"]) == ("pending", 1)
    assert pending["last_error"].startswith(
        "not sent: webhooks are sent to public addresses only: localhost resolves to "
    )
    assert pending["last_error"].endswith(", a loopback address")


@pytest.mark.parametrize(
    ("rebound", "reason"),
    [
        ("2002:7f00:1::", "a 6to4 address embedding 127.0.0.1, a loopback address"),
        (
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "a Teredo address embedding 127.0.0.1, a loopback address",
        ),
        ("64:ff9b::7f00:1", "a NAT64 address embedding 127.0.0.1, a loopback address"),
    ],
)
async def test_a_name_rebound_to_an_embedded_loopback_is_not_called(
    client: httpx.AsyncClient,
    tenant: Tenant,
    db: Database,
    settings: Settings,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    rebound: str,
    reason: str,
) -> None:
    """DNS rebinding: public when saved, an embedded loopback when sent. The attempt resolves
    once and vets what it will connect to, so it stops before connecting."""
    names = {"hooks.example.com": "93.184.215.14"}

    async def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address(names[host])]

    # Simulated DNS (no real name rebinds on demand); the connection itself is not replaced.
    monkeypatch.setattr("app.webhooks.url_safety.resolve", resolve)
    endpoint = await endpoint_with_event(client, f"http://hooks.example.com:{receiver.port}/")
    names["hooks.example.com"] = rebound
    strict = worker(settings, allow_private=False)
    await deliver_batch(db, strict, administration_id=tenant.id, retry=FAST)
    assert receiver.received == []
    pending = await only_delivery(client, endpoint["id"])
    assert (pending["status"], pending["attempts"]) == ("pending", 1)
    assert pending["last_error"] == (
        "not sent: webhooks are sent to public addresses only: "
        f"hooks.example.com resolves to {rebound}, {reason}"
    )


async def test_with_private_urls_allowed_delivery_reaches_the_local_receiver_by_name(
    client: httpx.AsyncClient,
    tenant: Tenant,
    db: Database,
    settings: Settings,
    receiver: Receiver,
    permissive_api: None,
) -> None:
    """Through the vetting transport, with the real resolver: the request reaches the real
    receiver, under the endpoint's name (Host), signed."""
    endpoint = await endpoint_with_event(client, f"http://localhost:{receiver.port}/hooks")
    permissive = worker(settings, allow_private=True)
    assert await deliver_batch(db, permissive, administration_id=tenant.id, retry=FAST) == 1
    [request] = receiver.received
    assert request.headers["host"] == f"localhost:{receiver.port}"
    request.verify(endpoint["secret"])
    delivered = await only_delivery(client, endpoint["id"])
    assert (delivered["status"], delivered["last_status_code"]) == ("delivered", 200)
