"""Shared pieces of the hardening tests: real objects to aim requests at, a walk over the OpenAPI
document, and the summary lines printed at the end of the run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from app import clock
from tests.support.factories import (
    ADMINISTRATION,
    create_company,
    create_customer,
    create_invoice,
    finalize,
)

WRITE_METHODS = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITE_METHODS)

# Lines printed by `pytest_terminal_summary` (tests/hardening/conftest.py): the figures the issue
# note quotes, one line per test and backend.
SUMMARY: list[str] = []
# Security matrix size per backend: [dimensions, rows, cases, failures].
MATRIX_TOTALS: dict[str, list[int]] = {}

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str
    spec: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)


def operations(openapi: dict[str, Any]) -> list[Operation]:
    out = []
    for path, item in openapi["paths"].items():
        for method, spec in item.items():
            if method in METHODS:
                out.append(Operation(method.upper(), path, spec))
    return out


def resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = openapi["components"]["schemas"][name]
    return schema


def json_body_schema(openapi: dict[str, Any], operation: Operation) -> dict[str, Any] | None:
    content = (operation.spec.get("requestBody") or {}).get("content", {})
    if "application/json" not in content:
        return None
    return resolve(openapi, content["application/json"]["schema"])


def variants(openapi: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a schema (`anyOf: [X, null]` -> [X])."""
    schema = resolve(openapi, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options is None:
        return [schema]
    out = []
    for option in options:
        out += variants(openapi, option)
    return [o for o in out if o.get("type") != "null"]


@dataclass(frozen=True)
class StringField:
    """A string somewhere in a request body: `path` holds keys and, for arrays, the index 0."""

    path: tuple[str | int, ...]
    schema: dict[str, Any]

    @property
    def name(self) -> str:
        return ".".join(map(str, self.path))


def string_fields(
    openapi: dict[str, Any],
    schema: dict[str, Any],
    path: tuple[str | int, ...] = (),
    *,
    text_only: bool = False,
) -> Iterator[StringField]:
    """Every string field of a body schema, `$ref`s resolved, through objects, arrays and maps.
    `text_only`: leave out enums, formats and patterns (not text a user types)."""
    if len(path) > 8:  # a recursive schema: deep enough
        return
    for option in variants(openapi, schema):
        kind = option.get("type")
        if kind == "string":
            if not (text_only and {"enum", "format", "pattern", "const"} & option.keys()):
                yield StringField(path, option)
        elif kind == "object":
            for name, sub in option.get("properties", {}).items():
                yield from string_fields(openapi, sub, (*path, name), text_only=text_only)
            extra = option.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                # A free-form map (labels): its keys are named by the server, so one known key.
                yield from string_fields(openapi, extra, (*path, "*"), text_only=text_only)
        elif kind == "array" and "items" in option:
            yield from string_fields(openapi, option["items"], (*path, 0), text_only=text_only)


def put_at(body: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of `body` with `value` at `path`, creating objects and one-element lists."""

    def place(container: Any, keys: tuple[str | int, ...]) -> Any:
        if not keys:
            return value
        key, rest = keys[0], keys[1:]
        if isinstance(key, int):
            items = list(container) if isinstance(container, list) and container else [{}]
            items[0] = place(items[0], rest)
            return items
        mapping = dict(container) if isinstance(container, dict) else {}
        mapping[key] = place(mapping.get(key), rest)
        return mapping

    result: dict[str, Any] = place(body, path)
    return result


# --- real objects -----------------------------------------------------------------------------


@dataclass
class Seeds:
    """Ids of one administration's objects, by path parameter name."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def candidates(self, path: str, param: str) -> list[str]:
        if param == "template_id":
            return self.ids["pdf_template_id" if "/pdf-templates/" in path else "email_template_id"]
        if param == "detail_id":
            owner = "company" if path.startswith("/v1/companies/") else "customer"
            return self.ids[f"{owner}_detail_id"]
        return self.ids.get(param, [])

    def first(self, path: str, param: str) -> str:
        found = self.candidates(path, param)
        assert found, f"{path}: no object for {{{param}}}; add one to seed_objects()"
        return found[0]


async def _ok(response: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def seed_objects(client: httpx.AsyncClient) -> Seeds:
    """One of every kind of object in the caller's administration: a company and a customer with
    contact details, a draft and a final invoice (with its document and draft mail), a
    recurrence, templates, a webhook endpoint and a spare API key."""
    company = await create_company(client, delivery_method="email")
    customer = await create_customer(client, company_id=company["id"], delivery_method="email")
    contact = {"type": "email", "value": "boekhouding@example.nl", "invoice": True}
    customer_detail = await _ok(
        await client.post(f"/v1/customers/{customer['id']}/contact-details", json=contact)
    )
    company_detail = await _ok(
        await client.post(f"/v1/companies/{company['id']}/contact-details", json=contact)
    )
    key = await _ok(await client.post("/v1/api-keys", json={"name": "spare", "scopes": ["read"]}))
    final = await create_invoice(client, customer_id=customer["id"], notes="Met dank")
    finalized = await _ok(await finalize(client, final["id"], action="edit"), 200)
    payment = await _ok(
        await client.post(
            f"/v1/invoices/{final['id']}/payments",
            json={"amount": "1.00", "date": "2026-01-15", "method": "cash"},
        )
    )
    # Delivered by post today, so the day's print batch has something in it.
    by_post = await create_customer(client, name="Per Post", delivery_method="post")
    posted = await create_invoice(client, customer_id=by_post["id"])
    await _ok(await finalize(client, posted["id"]), 200)
    draft = await create_invoice(client, customer_id=customer["id"])
    company_draft = await create_invoice(client, company_id=company["id"])
    admin = await _ok(await client.get("/v1/administration"), 200)
    recurrence = await _ok(
        await client.post(
            "/v1/recurrences",
            json={"base_invoice_id": final["id"], "start_date": "2026-01-01", "day_of_month": 1},
        )
    )
    pdf_template = await _ok(
        await client.post(
            "/v1/pdf-templates",
            json={"name": "Modern", "layout": "modern", "footer_text": "Bedankt"},
        )
    )
    email_template = await _ok(
        await client.post(
            "/v1/email-templates",
            json={
                "name": "Kort",
                "subject": "Factuur [factuurnummer]",
                "body": "Hallo [klant_naam]",
                "attachments": [pdf_template["id"]],
            },
        )
    )
    # A public address literal: accepted without DNS and without allowing private URLs.
    endpoint = await _ok(
        await client.post("/v1/webhook-endpoints", json={"url": "https://93.184.215.14/"})
    )
    return Seeds(
        ids={
            "company_id": [company["id"]],
            "customer_id": [customer["id"]],
            "customer_detail_id": [customer_detail["id"]],
            "company_detail_id": [company_detail["id"]],
            "key_id": [key["id"]],
            "invoice_id": [draft["id"], final["id"], company_draft["id"]],
            "document_id": [finalized["documents"][0]["id"]],
            "mail_id": [finalized["mail"]["id"]],
            "payment_id": [payment["payment"]["id"]],
            "recurrence_id": [recurrence["id"]],
            "pdf_template_id": [pdf_template["id"], admin["default_pdf_template_id"]],
            "email_template_id": [email_template["id"], admin["default_email_template_id"]],
            "endpoint_id": [endpoint["id"]],
        },
        extra={
            "draft_invoice_id": draft["id"],
            "final_invoice_id": final["id"],
            "today": clock.today_in(admin["timezone"]).isoformat(),
        },
    )


# --- a valid request for every write operation ----------------------------------------------

CONTACT = {"type": "email", "value": "administratie@example.nl", "invoice": False}
LINE = {
    "description": "Onderhoud cv-ketel",
    "quantity": "1",
    "unit": "stuk",
    "unit_price": "100.00",
    "vat_rate": "21",
}
Request = dict[str, Any]  # httpx keyword arguments: json, content, headers


def _recurrence(seeds: Seeds) -> Request:
    return {
        "json": {
            "base_invoice_id": seeds.extra["final_invoice_id"],
            "start_date": "2026-01-01",
            "day_of_month": 1,
        }
    }


# A request each write operation accepts, so the outcome under test (403, 422, 413, ...) cannot
# hide behind another error. Operations missing here fail the matrices with a message naming them.
VALID: dict[tuple[str, str], Any] = {
    ("POST", "/v1/administrations"): {"json": {"name": "Nieuwe administratie"}},
    # An id that is no dead letter: answered 200 with it under `not_retried`, nothing retried.
    ("POST", "/v1/dead-letters/retry"): {"json": {"kind": "mail", "ids": ["mail_none"]}},
    # The whole address, so a change to one part of it keeps the administration able to finalise.
    ("PATCH", "/v1/administration"): {
        "json": {"name": "Andere naam", "address": ADMINISTRATION["address"]}
    },
    ("POST", "/v1/api-keys"): {"json": {"name": "sleutel", "scopes": ["read"]}},
    ("DELETE", "/v1/api-keys/{key_id}"): {},
    ("POST", "/v1/companies"): {"json": {"name": "Bakkerij"}},
    ("PATCH", "/v1/companies/{company_id}"): {"json": {"name": "Bakkerij"}},
    ("DELETE", "/v1/companies/{company_id}"): {},
    ("POST", "/v1/companies/{company_id}/contact-details"): {"json": CONTACT},
    ("PATCH", "/v1/companies/{company_id}/contact-details/{detail_id}"): {
        "json": {"value": "ander@example.nl"}
    },
    ("DELETE", "/v1/companies/{company_id}/contact-details/{detail_id}"): {},
    ("POST", "/v1/customers"): {"json": {"name": "Jan"}},
    ("PATCH", "/v1/customers/{customer_id}"): {"json": {"name": "Jan"}},
    ("DELETE", "/v1/customers/{customer_id}"): {},
    ("POST", "/v1/customers/{customer_id}/contact-details"): {"json": CONTACT},
    ("PATCH", "/v1/customers/{customer_id}/contact-details/{detail_id}"): {
        "json": {"value": "ander@example.nl"}
    },
    ("DELETE", "/v1/customers/{customer_id}/contact-details/{detail_id}"): {},
    ("POST", "/v1/invoices"): lambda seeds: {
        "json": {"customer_id": seeds.ids["customer_id"][0], "lines": [LINE]}
    },
    ("PATCH", "/v1/invoices/{invoice_id}"): {"json": {"notes": "x", "lines": [LINE]}},
    ("DELETE", "/v1/invoices/{invoice_id}"): {},
    ("PATCH", "/v1/invoices/{invoice_id}/payment"): {"json": {"payment_status": "paid"}},
    # The seeded customer is delivered by e-mail: keep the mail as a draft.
    ("POST", "/v1/invoices/{invoice_id}/finalize"): {"json": {"action": "edit"}},
    ("POST", "/v1/invoices/{invoice_id}/credit-note"): {"json": {}},
    ("POST", "/v1/invoices/{invoice_id}/payments"): {
        "json": {"amount": "1.00", "date": "2026-01-15", "method": "bank"}
    },
    ("DELETE", "/v1/invoices/{invoice_id}/payments/{payment_id}"): {},
    # A new mail for the final invoice, kept as a draft.
    ("POST", "/v1/invoices/{invoice_id}/mails"): {"json": {"action": "edit"}},
    ("POST", "/v1/pdf-templates"): {"json": {"name": "Sjabloon"}},
    ("PATCH", "/v1/pdf-templates/{template_id}"): {"json": {"name": "Sjabloon"}},
    ("DELETE", "/v1/pdf-templates/{template_id}"): {},
    ("PUT", "/v1/pdf-templates/{template_id}/logo"): {
        "content": PNG,
        "headers": {"content-type": "image/png"},
    },
    ("DELETE", "/v1/pdf-templates/{template_id}/logo"): {},
    ("POST", "/v1/email-templates"): {"json": {"name": "E", "subject": "S", "body": "B"}},
    ("PATCH", "/v1/email-templates/{template_id}"): {"json": {"name": "E"}},
    ("DELETE", "/v1/email-templates/{template_id}"): {},
    ("PATCH", "/v1/mails/{mail_id}"): {"json": {"subject": "Onderwerp"}},
    ("DELETE", "/v1/mails/{mail_id}"): {},
    ("POST", "/v1/mails/{mail_id}/send"): {},
    ("POST", "/v1/recurrences"): _recurrence,
    ("POST", "/v1/recurrences/preview"): {"json": {"start_date": "2026-01-01", "day_of_month": 1}},
    ("POST", "/v1/recurrences/run-due"): {"json": {"date": "2026-01-01"}},
    ("PATCH", "/v1/recurrences/{recurrence_id}"): {"json": {"automation": "notify"}},
    ("DELETE", "/v1/recurrences/{recurrence_id}"): {},
    ("POST", "/v1/recurrences/{recurrence_id}/copy"): {},
    ("POST", "/v1/recurrences/{recurrence_id}/acknowledge"): {},
    ("POST", "/v1/placeholders/render"): {"json": {"text": "Factuur [deze_maand]"}},
    ("POST", "/v1/webhook-endpoints"): {"json": {"url": "https://93.184.215.14/hook"}},
    ("PATCH", "/v1/webhook-endpoints/{endpoint_id}"): {"json": {"description": "Boekhouding"}},
    ("DELETE", "/v1/webhook-endpoints/{endpoint_id}"): {},
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/rotate-secret"): {},
    ("POST", "/v1/webhook-endpoints/{endpoint_id}/test"): {},
}

# Fields that exclude another: setting the first drops the second from the valid request.
EXCLUSIVE: dict[tuple[str, str], dict[str, str]] = {
    ("POST", "/v1/invoices"): {"company_id": "customer_id"},
}


def with_value(
    operation: Operation, request: Request, path: tuple[str | int, ...], value: Any
) -> dict[str, Any]:
    """The JSON body of `request` with `value` at `path`."""
    body = dict(request.get("json") or {})
    drop = EXCLUSIVE.get((operation.method, operation.path), {}).get(str(path[0]))
    if drop:
        body.pop(drop, None)
    return put_at(body, path, value)


# Path parameters that must point at one particular seeded object (by `Seeds.extra` key).
TARGETS: dict[tuple[str, str], dict[str, str]] = {
    ("POST", "/v1/invoices/{invoice_id}/credit-note"): {"invoice_id": "final_invoice_id"},
    ("POST", "/v1/invoices/{invoice_id}/mails"): {"invoice_id": "final_invoice_id"},
    ("POST", "/v1/invoices/{invoice_id}/payments"): {"invoice_id": "final_invoice_id"},
    ("DELETE", "/v1/invoices/{invoice_id}/payments/{payment_id}"): {
        "invoice_id": "final_invoice_id"
    },
}


def valid_request(operation: Operation, seeds: Seeds) -> Request | None:
    """A copy of the valid request for `operation`, or None when there is none yet."""
    found = VALID.get((operation.method, operation.path))
    if found is None:
        return None
    request = found(seeds) if callable(found) else found
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in request.items()}


def url_for(operation: Operation, seeds: Seeds, **overrides: str) -> str:
    chosen = TARGETS.get((operation.method, operation.path), {})
    values = {
        p: overrides.get(p)
        or (seeds.extra[chosen[p]] if p in chosen else seeds.first(operation.path, p))
        for p in operation.params
    }
    return operation.path.format(**values)


async def prepare(
    client: httpx.AsyncClient, operation: Operation, seeds: Seeds, *, fresh: bool = False
) -> tuple[str, dict[str, str]]:
    """URL and extra headers for a request to `operation` on the seeded objects. `fresh`: aim
    operations that use their target up (finalising a draft) at a new object each time."""
    overrides: dict[str, str] = {}
    if fresh and operation.path == "/v1/invoices/{invoice_id}/finalize":
        customer = seeds.first("/v1/customers/{customer_id}", "customer_id")
        overrides["invoice_id"] = (await create_invoice(client, customer_id=customer))["id"]
    url = url_for(operation, seeds, **overrides)
    required = [
        p["name"]
        for p in operation.spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    ]
    if required:
        # Only dates are required in queries so far (the day of the post batch).
        url += "?" + "&".join(f"{name}={seeds.extra['today']}" for name in required)
    headers: dict[str, str] = {}
    if operation.path == "/v1/mails/{mail_id}" and operation.method != "GET":
        # Saving a draft needs its current ETag; a stale one would be a 412 whatever the body.
        headers["If-Match"] = (await client.get(url)).headers["etag"]
    return url, headers


def backend(database_url: str) -> str:
    return database_url.split(":", 1)[0].split("+", 1)[0]
