"""Malformed input of every kind gets a clear 4xx problem, never a 500, and changes nothing.

Each case's id says what was tried.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

JSON = {"content-type": "application/json"}

BODIES: list[tuple[str, bytes, dict[str, str]]] = [
    ("empty-body", b"", JSON),
    ("json-null", b"null", JSON),
    ("json-array", b"[1, 2]", JSON),
    ("json-string", b'"Jan"', JSON),
    ("json-number", b"42", JSON),
    ("truncated-json", b'{"name": "Jan"', JSON),
    ("trailing-garbage", b'{"name": "Jan"} xyz', JSON),
    ("single-quotes", b"{'name': 'Jan'}", JSON),
    ("invalid-utf8", b'{"name": "\xff\xfe"}', JSON),
    ("lone-surrogate", b'{"name": "a\\ud800b"}', JSON),
    ("nul-in-name", b'{"name": "a\\u0000b"}', JSON),
    ("nul-in-id-field", b'{"name": "a", "company_id": "cmp_\\u0000"}', JSON),
    ("nul-in-nested-field", b'{"name": "a", "address": {"city": "A\\u0000"}}', JSON),
    ("nul-in-key", b'{"name": "a", "\\u0000": 1}', JSON),
    ("deeply-nested", b"[" * 50_000 + b"]" * 50_000, JSON),
    ("deeply-nested-object", b'{"name": ' + b'{"a":' * 5_000 + b"1" + b"}" * 5_001, JSON),
    ("name-is-object", b'{"name": {"first": "Jan"}}', JSON),
    ("name-is-number", b'{"name": 12}', JSON),
    ("name-is-bool", b'{"name": true}', JSON),
    ("name-too-long", b'{"name": "' + b"x" * 201 + b'"}', JSON),
    ("name-only-spaces", b'{"name": "   "}', JSON),
    ("name-with-newline", b'{"name": "Jan\\r\\nBcc: x@example.nl"}', JSON),
    ("huge-string", b'{"name": "' + b"x" * 1_500_000 + b'"}', JSON),
    ("duplicate-key-unknown", b'{"name": "a", "id": "cus_x"}', JSON),
    ("mass-assign-administration", b'{"name": "a", "administration_id": "adm_x"}', JSON),
    ("email-list", b'{"name": "a", "email": "a@example.nl, b@example.nl"}', JSON),
    ("email-display-name", b'{"name": "a", "email": "A <a@example.nl>"}', JSON),
    ("email-crlf", b'{"name": "a", "email": "a@example.nl\\r\\nBcc: b@example.nl"}', JSON),
    ("email-no-domain", b'{"name": "a", "email": "a@"}', JSON),
    ("bad-enum", b'{"name": "a", "delivery_method": "fax"}', JSON),
    ("enum-wrong-case", b'{"name": "a", "delivery_method": "EMAIL"}', JSON),
    ("bad-vat", b'{"name": "a", "vat_number": "NL000000000B00"}', JSON),
    ("bad-country", b'{"name": "a", "address": {"country": "Nederland"}}', JSON),
    ("bad-postal-code", b'{"name": "a", "address": {"postal_code": "ABCD 12"}}', JSON),
    ("address-is-string", b'{"name": "a", "address": "Dorpsstraat 1"}', JSON),
    ("form-encoded", b"name=Jan", {"content-type": "application/x-www-form-urlencoded"}),
    ("text-plain", b'{"name": "Jan"}', {"content-type": "text/plain"}),
    ("no-content-type", b'{"name": "Jan"}', {}),
    ("bad-content-length", b'{"name": "Jan"}', JSON | {"content-length": "abc"}),
]


@pytest.mark.parametrize(("case", "body", "headers"), BODIES, ids=[b[0] for b in BODIES])
async def test_malformed_body_is_4xx_problem_and_stores_nothing(
    client: httpx.AsyncClient, case: str, body: bytes, headers: dict[str, str]
) -> None:
    response = await client.post("/v1/customers", content=body, headers=headers)
    if case in ("text-plain", "no-content-type") and response.status_code == 201:
        pytest.fail("a body that is not declared as JSON was accepted")
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/customers")).json()["data"] == []


URLS: list[tuple[str, str, str]] = [
    ("nul-in-path-id", "GET", "/v1/customers/%00"),
    ("nul-in-query", "GET", "/v1/customers?q=%00"),
    ("nul-in-filter-id", "GET", "/v1/customers?company_id=cmp_%00"),
    ("very-long-id", "GET", "/v1/customers/" + "x" * 5000),
    ("emoji-id", "GET", "/v1/customers/%F0%9F%98%80"),
    ("path-traversal-id", "GET", "/v1/customers/..%2F..%2Fetc%2Fpasswd"),
    ("sql-in-id", "GET", "/v1/customers/'%20OR%201=1--"),
    ("sql-in-search", "GET", "/v1/customers?q='%20OR%201=1--"),
    ("like-wildcards-in-search", "GET", "/v1/customers?q=%25_%5C"),
    ("long-search", "GET", "/v1/customers?q=" + "a" * 300),
    ("float-limit", "GET", "/v1/customers?limit=1.5"),
    ("negative-limit", "GET", "/v1/customers?limit=-1"),
    ("huge-limit", "GET", "/v1/customers?limit=99999999999999999999999"),
    ("garbage-cursor", "GET", "/v1/customers?cursor=%%%"),
    ("long-cursor", "GET", "/v1/customers?cursor=" + "A" * 1000),
    ("delete-malformed-id", "DELETE", "/v1/customers/%F0%9F%98%80"),
    ("patch-malformed-id", "PATCH", "/v1/companies/x'y"),
    ("contact-under-malformed-owner", "GET", "/v1/customers/cus_%20/contact-details"),
]


@pytest.mark.parametrize(("case", "method", "url"), URLS, ids=[u[0] for u in URLS])
async def test_malformed_url_is_4xx_problem(
    client: httpx.AsyncClient, case: str, method: str, url: str
) -> None:
    kwargs: dict[str, Any] = {"json": {"name": "X"}} if method == "PATCH" else {}
    response = await client.request(method, url, **kwargs)
    if case in ("sql-in-search", "like-wildcards-in-search"):
        assert response.status_code == 200
        assert response.json()["data"] == []
        return
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"


HEADERS: list[tuple[str, dict[str, str | bytes]]] = [
    ("bearer-with-latin1", {"Authorization": "Bearer ik_ÿÿÿ".encode("latin-1")}),
    ("idempotency-key-latin1", {"Idempotency-Key": "sleutel-ÿ".encode("latin-1")}),
    ("bearer-very-long", {"Authorization": "Bearer ik_" + "A" * 10_000}),
    ("idempotency-key-empty", {"Idempotency-Key": ""}),
    ("idempotency-key-control-chars", {"Idempotency-Key": "a\tb"}),
]


@pytest.mark.parametrize(("case", "headers"), HEADERS, ids=[h[0] for h in HEADERS])
async def test_malformed_headers_are_4xx_problem(
    client: httpx.AsyncClient, case: str, headers: dict[str, str | bytes]
) -> None:
    response = await client.post("/v1/customers", json={"name": "A"}, headers=headers)
    if case == "idempotency-key-latin1":
        # Not ASCII, but printable once decoded: a fine key.
        assert response.status_code == 201
        return
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
