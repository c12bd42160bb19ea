"""Data made through the API before a load: administrations (operator token), customers (half
delivered by e-mail) and drafts, and how they are shared out between client processes."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from harness.stack import OPERATOR

ADDRESS = {"street": "Keizersgracht 1", "postal_code": "1015 CJ", "city": "Amsterdam"}
LINES = [
    {"description": "Onderhoud cv-ketel", "quantity": "1", "unit_price": "95.00", "vat_rate": "21"},
    {"description": "Filter", "quantity": "2", "unit_price": "12.50", "vat_rate": "21"},
    {"description": "Voorrijkosten", "quantity": "1", "unit_price": "35.00", "vat_rate": "9"},
]
# The mix's latency goal is judged at the fewest in flight reaching this share of its highest


@dataclass
class Tenant:
    """One administration as the load sees it. The draft pools are split between clients."""

    key: str
    administration_id: str
    email_customers: list[str]
    none_customers: list[str]
    read_ids: list[str]
    send_drafts: list[str] = field(default_factory=list)  # e-mail delivery: finalise with send
    none_drafts: list[str] = field(default_factory=list)  # delivery none: finalise with {}


def seller(i: int) -> dict[str, Any]:
    return {
        "name": f"Load {i} B.V.",
        "address": ADDRESS,
        "kvk_number": "12345678",
        "vat_number": "NL004495445B01",
        "iban": "NL91ABNA0417164300",
        "sender_email": f"facturen{i}@load.example",
        "owner_email": f"eigenaar{i}@load.example",
    }


def customer_body(i: int, email: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Klant {i} B.V.",
        "address": {"street": f"Dorpsstraat {i + 1}", "postal_code": "3511 AB", "city": "Utrecht"},
        "delivery_method": "email" if email else "none",
    }
    if email:
        body["email"] = f"klant{i}@customer.example"
    return body


async def post_json(
    http: httpx.AsyncClient, path: str, body: dict[str, Any], key: str
) -> dict[str, Any]:
    """POST as `key` (a bearer token), again after a 5xx (up to 5 times); the JSON answer."""
    for attempt in range(5):
        response = await http.post(path, json=body, headers={"Authorization": f"Bearer {key}"})
        if response.status_code < 300:
            result: dict[str, Any] = response.json()
            return result
        if response.status_code < 500 or attempt == 4:
            break
        await asyncio.sleep(0.5)
    raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:300]}")


async def seed(
    base_url: str,
    *,
    administrations: int,
    customers: int,
    read_drafts: int,
    finalize_drafts: int,
    concurrency: int = 16,
) -> list[Tenant]:
    """Administrations (operator token), customers (half by e-mail) and drafts, in parallel."""
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:

        async def post(path: str, body: dict[str, Any], key: str) -> dict[str, Any]:
            async with gate:
                return await post_json(http, path, body, key)

        made = await asyncio.gather(
            *(post("/v1/administrations", seller(i), OPERATOR) for i in range(administrations))
        )
        tenants = []
        for created in made:
            key = created["api_key"]
            bodies = [customer_body(i, email=i % 2 == 0) for i in range(customers)]
            rows = await asyncio.gather(*(post("/v1/customers", b, key) for b in bodies))
            tenants.append(
                Tenant(
                    key=key,
                    administration_id=created["administration"]["id"],
                    email_customers=[
                        r["id"] for r, b in zip(rows, bodies, strict=True) if "email" in b
                    ],
                    none_customers=[
                        r["id"] for r, b in zip(rows, bodies, strict=True) if "email" not in b
                    ],
                    read_ids=[],
                )
            )

        async def draft(tenant: Tenant, customer: str) -> str:
            body = {"customer_id": customer, "lines": LINES}
            return str((await post("/v1/invoices", body, tenant.key))["id"])

        rng = random.Random(7)
        per_read = max(1, read_drafts // administrations)
        per_final = max(1, finalize_drafts // (2 * administrations))
        for tenant in tenants:
            everyone = tenant.email_customers + tenant.none_customers
            reads, sends, nones = await asyncio.gather(
                asyncio.gather(*(draft(tenant, rng.choice(everyone)) for _ in range(per_read))),
                asyncio.gather(
                    *(draft(tenant, rng.choice(tenant.email_customers)) for _ in range(per_final))
                ),
                asyncio.gather(
                    *(draft(tenant, rng.choice(tenant.none_customers)) for _ in range(per_final))
                ),
            )
            tenant.read_ids, tenant.send_drafts, tenant.none_drafts = (
                list(reads),
                list(sends),
                list(nones),
            )
        return tenants


def draft_chunk(tenant: Tenant, index: int, chunks: int) -> Tenant:
    """The tenant with the `index`-th of `chunks` disjoint shares of its drafts to finalise."""
    return replace(
        tenant,
        send_drafts=tenant.send_drafts[index::chunks],
        none_drafts=tenant.none_drafts[index::chunks],
    )


def split_tenants(tenants: list[Tenant], clients: int) -> list[list[Tenant]]:
    """Every client sees every administration, but gets its own share of the drafts to
    finalise, so no two clients ever finalise the same draft."""
    out = []
    for c in range(clients):
        out.append(
            [
                Tenant(
                    key=t.key,
                    administration_id=t.administration_id,
                    email_customers=t.email_customers,
                    none_customers=t.none_customers,
                    read_ids=t.read_ids,
                    send_drafts=t.send_drafts[c::clients],
                    none_drafts=t.none_drafts[c::clients],
                )
                for t in tenants
            ]
        )
    return out
