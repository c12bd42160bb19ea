"""The address classifier of webhook URLs, over a table of addresses; and the vetting
transport against real local receivers: TLS checked against the endpoint's name while the
connection goes to the vetted address, and the fallback over a name's vetted addresses."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator

import pytest
import trustme

from app.config import Settings
from app.webhooks import delivery, url_safety
from tests.support.webhook_receiver import Receiver
from tests.support.webhooks import Hooks

pytestmark = pytest.mark.anyio

# Teredo addresses below: server 65.54.227.120 (4136:e378), flags and port as in RFC 4380; the
# last 32 bits are the client's IPv4 address XOR 0xffffffff.
ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700::1111",
    "2a00:1450:4001::1",
    "::ffff:8.8.8.8",  # IPv4-mapped public address
    "2002:808:808::",  # 6to4 of 8.8.8.8
    "2002:808:808:1::1",  # the subnet and interface bits do not change where it goes
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo, client 8.8.8.8
    "64:ff9b::808:808",  # NAT64 (well-known prefix) of 8.8.8.8
]


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert url_safety.refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.0.0.1", "a private address"),
        ("172.31.255.255", "a private address"),
        ("192.168.0.1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("239.1.2.3", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"),
        ("100.127.255.254", "a shared (carrier-grade NAT) address"),
        ("240.0.0.1", "a private address"),  # 240/4, "reserved for future use"
        ("::7f00:1", "a reserved address"),  # IPv4-compatible, deprecated: nothing routes it
        ("::ffff:10.0.0.1", "an IPv4-mapped address embedding 10.0.0.1, a private address"),
        ("::ffff:127.0.0.1", "an IPv4-mapped address embedding 127.0.0.1, a loopback address"),
        ("2002:7f00:1::", "a 6to4 address embedding 127.0.0.1, a loopback address"),
        ("2002:a01:203::1", "a 6to4 address embedding 10.1.2.3, a private address"),
        (
            "2002:a9fe:a9fe::",
            "a 6to4 address embedding 169.254.169.254, a link-local address",
        ),
        (
            "2002:6440:1::",
            "a 6to4 address embedding 100.64.0.1, a shared (carrier-grade NAT) address",
        ),
        (
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "a Teredo address embedding 127.0.0.1, a loopback address",
        ),
        (
            "2001:0:4136:e378:8000:63bf:f5fe:fdfc",
            "a Teredo address embedding 10.1.2.3, a private address",
        ),
        (
            "2001:0:4136:e378:8000:63bf:5601:5601",
            "a Teredo address embedding 169.254.169.254, a link-local address",
        ),
        (  # a public client behind a server on a private network is no genuine Teredo address
            "2001:0:a00:1:8000:63bf:f7f7:f7f7",
            "a Teredo address embedding 10.0.0.1, a private address",
        ),
        ("2001::", "a Teredo address embedding 255.255.255.255, a private address"),
        ("64:ff9b::7f00:1", "a NAT64 address embedding 127.0.0.1, a loopback address"),
        ("64:ff9b::a01:203", "a NAT64 address embedding 10.1.2.3, a private address"),
        (
            "64:ff9b::a9fe:a9fe",
            "a NAT64 address embedding 169.254.169.254, a link-local address",
        ),
        (
            "64:ff9b:1::7f00:1",
            "a local-use NAT64 address, translated to an address the local network picks",
        ),
        (  # even of a public address: where the IPv4 address sits is the operator's choice
            "64:ff9b:1::808:808",
            "a local-use NAT64 address, translated to an address the local network picks",
        ),
    ],
)
def test_refusal(address: str, reason: str) -> None:
    assert url_safety.refusal(ipaddress.ip_address(address)) == reason


async def test_a_name_whose_first_address_refuses_is_reached_on_the_next(
    hooks: Hooks, receiver: Receiver, allow_private: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connecting to the vetted addresses must not cost the fallback a client resolving by
    itself has: `localhost` is ::1 and 127.0.0.1 on many machines, the receiver only on the
    second (nothing listens on 127.0.0.2, which stands in for the first)."""

    async def resolve(host: str, port: int) -> list[url_safety.IPAddress]:
        assert host == "two.example.com"
        return [ipaddress.ip_address("127.0.0.2"), ipaddress.ip_address("127.0.0.1")]

    monkeypatch.setattr(url_safety, "resolve", resolve)
    endpoint = await hooks.endpoint(f"http://two.example.com:{receiver.port}/hooks")
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [request] = receiver.received
    assert request.headers["host"] == f"two.example.com:{receiver.port}"
    [delivered] = await hooks.deliveries(endpoint["id"])
    assert delivered["status"] == "delivered"


async def test_when_every_address_refuses_the_error_names_each(
    hooks: Hooks, allow_private: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def resolve(host: str, port: int) -> list[url_safety.IPAddress]:
        return [ipaddress.ip_address("127.0.0.2"), ipaddress.ip_address("127.0.0.3")]

    monkeypatch.setattr(url_safety, "resolve", resolve)
    endpoint = await hooks.endpoint("http://nobody.example.com:9/hooks")
    await hooks.test_event(endpoint["id"])
    await hooks.deliver()
    [pending] = await hooks.deliveries(endpoint["id"])
    assert pending["status"] == "pending"
    assert pending["last_error"].startswith("ConnectError: 127.0.0.2: ")
    assert "; 127.0.0.3: " in pending["last_error"]


@pytest.fixture
def tls_receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Receiver, list[str | None]]]:
    """An HTTPS receiver on 127.0.0.1 whose certificate names `hooks.example.com` only (no IP
    address), trusted by the delivery job; and the server names (SNI) clients asked it for."""
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("hooks.example.com").configure_cert(server_context)
    asked: list[str | None] = []
    server_context.sni_callback = lambda _socket, name, _context: asked.append(name)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    monkeypatch.setattr(delivery, "_ssl_context", lambda: client_context)
    server = Receiver(tls=server_context)
    server.start()
    try:
        yield server, asked
    finally:
        server.stop()


async def test_https_goes_to_the_vetted_address_and_verifies_the_endpoint_name(
    hooks: Hooks,
    allow_private: Settings,
    tls_receiver: tuple[Receiver, list[str | None]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The connection goes to 127.0.0.1, yet SNI and the certificate check use the name: the
    certificate has no IP address, so checking it against the address would fail."""
    receiver, asked = tls_receiver

    async def resolve(host: str, port: int) -> list[url_safety.IPAddress]:
        return [ipaddress.ip_address("127.0.0.1")]  # both names below

    monkeypatch.setattr(url_safety, "resolve", resolve)
    right = await hooks.endpoint(f"https://hooks.example.com:{receiver.port}/hooks")
    wrong = await hooks.endpoint(f"https://other.example.com:{receiver.port}/hooks")
    await hooks.test_event(right["id"])
    await hooks.test_event(wrong["id"])
    await hooks.deliver()
    [request] = receiver.received
    assert request.headers["host"] == f"hooks.example.com:{receiver.port}"
    request.verify(right["secret"])
    assert sorted(n or "" for n in asked) == ["hooks.example.com", "other.example.com"]
    [refused] = await hooks.deliveries(wrong["id"])
    assert refused["status"] == "pending"
    assert "CERTIFICATE_VERIFY_FAILED" in refused["last_error"]
