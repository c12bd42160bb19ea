"""Where a webhook may be sent: the address check, and the connections that obey it.

A webhook URL is a request the service makes on a customer's behalf, and must not reach the
service's own network (cloud metadata, databases, admin ports). Two rules make that hold:

- An address is judged by where packets to it end up. IPv6 transition forms (IPv4-mapped,
  6to4, Teredo, NAT64) carry an IPv4 address that a relay or translator forwards to, so they
  are judged by that IPv4 address, whatever the standard library's tables say about the prefix
  (those tables differ between Python versions).
- The host is resolved once per connection, every address it resolves to is vetted, and the
  connection goes to one of those addresses: the HTTP client never resolves the name again,
  so DNS that changes between the check and the connection (rebinding) cannot redirect it.
  The URL keeps its host name, so the Host header, SNI and certificate verification use it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable

import anyio
import httpcore
import httpx

from app.i18n import t

RESOLVE_TIMEOUT_SECONDS = 5.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")  # RFC 3056: bits 16-47 are the IPv4 address
_TEREDO = ipaddress.IPv6Network("2001::/32")  # RFC 4380: server, and client XOR 0xffffffff
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits are the address
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: local-use translators


class UnsafeUrl(Exception):
    """The URL's host cannot be used: it is (or resolves to) a non-public address, or does not
    resolve at all."""


def _embedded(address: ipaddress.IPv6Address) -> tuple[str, list[ipaddress.IPv4Address]] | None:
    """The name of the transition form `address` is written in, and the IPv4 addresses its
    packets are forwarded to; None for a plain IPv6 address."""
    if address.ipv4_mapped is not None:
        return "an IPv4-mapped address", [address.ipv4_mapped]
    if address in _SIX_TO_FOUR:
        assert address.sixtofour is not None
        return "a 6to4 address", [address.sixtofour]
    if address in _TEREDO:
        assert address.teredo is not None
        server, client = address.teredo
        # Packets go to the client; the server is vetted too: a genuine Teredo address names a
        # public server, so one that does not is refused rather than guessed about.
        return "a Teredo address", [client, server]
    if address in _NAT64:
        return "a NAT64 address", [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return None


def refusal(address: IPAddress) -> str | None:
    """Why a webhook may not be sent to `address`; None for a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded(address)
        if embedded is not None:
            form, targets = embedded
            for target in targets:
                reason = refusal(target)
                if reason is not None:
                    return f"{form} embedding {target}, {reason}"
            return None  # the embedded address decides, not the stdlib's entry for the prefix
        if address in _NAT64_LOCAL:
            # Where the IPv4 address sits depends on a prefix length only the local network's
            # operator knows (RFC 6052 allows /48 to /96), so its destination cannot be vetted.
            return "a local-use NAT64 address, translated to an address the local network picks"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if address.is_private:
        return "a private address"
    if address.is_reserved:
        return "a reserved address"
    if not address.is_global:
        return "not a public address"
    return None


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses a connection to `host` would use, in the resolver's order (IP literals as
    they are). Tests replace this function to simulate DNS."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0])
        if address not in out:
            out.append(address)
    return out


async def vetted_addresses(host: str, port: int, *, allow_private: bool) -> list[IPAddress]:
    """The addresses of `host` (ASCII, as in a URL), all of them allowed (raises `UnsafeUrl`
    otherwise).

    Every address must pass, not just the first: a name with one public and one private
    address would otherwise reach the private one whenever the resolver reorders them.
    """
    try:
        with anyio.fail_after(RESOLVE_TIMEOUT_SECONDS):
            addresses = await resolve(host, port)
    except (OSError, UnicodeError, TimeoutError) as exc:
        raise UnsafeUrl(
            t(
                "the host {host} does not resolve ({reason})",
                host=host,
                reason=str(exc) or "timeout",
            )
        ) from exc
    if not addresses:
        raise UnsafeUrl(t("the host {host} does not resolve", host=host))
    if not allow_private:
        for address in addresses:
            reason = refusal(address)
            if reason is not None:
                what = f"{host} is" if _is_literal(host) else f"{host} resolves to {address},"
                raise UnsafeUrl(
                    t(
                        "webhooks are sent to public addresses only: {what} {reason}",
                        what=what,
                        reason=reason,
                    )
                )
    return addresses


async def check_url(url: httpx.URL, *, allow_private: bool) -> None:
    """Raises `UnsafeUrl` unless the URL's host resolves to allowed addresses only."""
    port = url.port or (443 if url.scheme == "https" else 80)
    await vetted_addresses(url.raw_host.decode("ascii"), port, allow_private=allow_private)


class VettingBackend(httpcore.AsyncNetworkBackend):
    """Opens each TCP connection to an address vetted for it, never to the name.

    httpcore passes the URL's host here and, for https, uses that same host (not the address
    connected to) for SNI and certificate verification in `start_tls`, which is left as it is.
    """

    def __init__(self, *, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._network = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await vetted_addresses(host, port, allow_private=self._allow_private)
        # Each vetted address in the resolver's order, as a client resolving by itself would:
        # a name with an unreachable first address (::1 beside 127.0.0.1) still gets through.
        failures: list[httpcore.ConnectError | httpcore.ConnectTimeout] = []
        for address in addresses:
            try:
                return await self._network.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failures.append(exc)
        if len(failures) == 1:
            raise failures[0]
        tried = zip(addresses, failures, strict=True)
        raise httpcore.ConnectError("; ".join(f"{address}: {exc}" for address, exc in tried))

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise UnsafeUrl(t("webhooks are sent over TCP only"))

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


class VettingTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, connecting through `VettingBackend` (no proxy: a proxy would make
    the connection to a name of its own choosing, unchecked)."""

    def __init__(self, *, allow_private: bool, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx takes no network backend argument, so its connection pool is replaced by one
        # built the same way (one request per transport: the default limits do not matter).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            network_backend=VettingBackend(allow_private=allow_private),
        )
