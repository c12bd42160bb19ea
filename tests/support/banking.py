"""Bank statements for the banking tests: the hand-written CAMT.053 fixtures and a way to post
one, raw or as a multipart upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).resolve().parents[1] / "banking" / "fixtures"
# ABN AMRO style, camt.053.001.02, account NL91ABNA0417164300 (the test administration's IBAN).
EARLIER = (FIXTURES / "abnamro_2026-11-20.camt053.001.02.xml").read_bytes()
DAY = (FIXTURES / "abnamro_2026-12-03.camt053.001.02.xml").read_bytes()
OVERLAP = (FIXTURES / "abnamro_2026-12-03_04.camt053.001.02.xml").read_bytes()
# Rabobank style, camt.053.001.08, account RABOBANK_IBAN.
RABOBANK = (FIXTURES / "rabobank_2026-12-03.camt053.001.08.xml").read_bytes()
RABOBANK_IBAN = "NL44RABO0123456789"


def only_entries(statement: bytes, *positions: int) -> bytes:
    """The statement with only its entries (Ntry) at `positions` (0-based) kept."""
    text = statement.decode()
    head, _, rest = text.partition("<Ntry>")
    body, _, tail = rest.rpartition("</Ntry>")
    entries = ("<Ntry>" + body + "</Ntry>").split("</Ntry>")[:-1]
    kept = "".join(entries[i] + "</Ntry>" for i in positions)
    return (head.rstrip() + "\n      " + kept.strip() + tail).encode()


# One booked credit that names no invoice (P. Onbekend, 77.77): it stays unmatched.
UNKNOWN_CREDIT = only_entries(DAY, 3)


async def post_statement(
    client: httpx.AsyncClient,
    statement: bytes,
    *,
    content_type: str = "application/xml",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        "/v1/bank-statements",
        content=statement,
        headers={"Content-Type": content_type} | (headers or {}),
    )


async def import_ok(client: httpx.AsyncClient, statement: bytes) -> dict[str, Any]:
    response = await post_statement(client, statement)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def bank_transactions(client: httpx.AsyncClient, **query: str) -> list[dict[str, Any]]:
    """Every bank transaction of the client's administration (all pages)."""
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params = dict(query, limit="200") | ({"cursor": cursor} if cursor else {})
        response = await client.get("/v1/bank-transactions", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        out += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out
