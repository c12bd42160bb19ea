"""Metrics that move, JSON log lines with the request id, readiness that reports a stuck outbox,
and rate limits that answer 429 with Retry-After without degrading anyone else."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from app import clock
from app.config import Settings
from app.main import create_app
from app.observability import JsonFormatter
from tests.support.factories import (
    Tenant,
    create_customer,
    create_invoice,
    finalize,
    finalized_invoice,
    new_tenant,
)
from tests.support.mail import email_customer, wait_for_status
from tests.support.metrics import metric, scrape
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio


async def test_metrics_move_with_requests_finalisations_and_mails(
    http: httpx.AsyncClient, client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    before = await scrape(http)
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    await client.get(f"/v1/invoices/{invoice['id']}")
    final = (await finalize(client, invoice["id"], action="send")).json()
    await wait_for_status(client, final["mail"]["id"], "sent")
    after = await scrape(http)
    route = {"method": "GET", "route": "/v1/invoices/{invoice_id}", "status": "200"}
    assert (
        metric(after, "invoicer_http_requests_total", **route)
        >= metric(before, "invoicer_http_requests_total", **route) + 1
    )
    assert (
        metric(after, "invoicer_invoices_finalized_total")
        == metric(before, "invoicer_invoices_finalized_total") + 1
    )
    assert (
        metric(after, "invoicer_mails_total", status="sent")
        >= metric(before, "invoicer_mails_total", status="sent") + 1
    )
    assert (
        metric(
            after,
            "invoicer_http_request_duration_seconds_count",
            method="GET",
            route="/v1/invoices/{invoice_id}",
        )
        >= 1
    )
    assert "invoicer_outbox_queued_mails" in after


async def test_recurrence_runs_are_counted(
    http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await create_customer(client)
    base = await create_invoice(client, customer_id=customer["id"])
    await client.post(
        "/v1/recurrences",
        json={
            "base_invoice_id": base["id"],
            "start_date": "2026-01-01",
            "backfill": True,
            "day_of_month": 1,
            "automation": "create",
        },
    )
    before = metric(await scrape(http), "invoicer_recurrence_runs_total", outcome="created")
    await client.post("/v1/recurrences/run-due", json={"date": "2026-02-01"})
    after = metric(await scrape(http), "invoicer_recurrence_runs_total", outcome="created")
    assert after == before + 2


@pytest.fixture
def json_log() -> AsyncIterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("invoicer.access")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_log_lines_are_json_with_request_and_administration(
    client: httpx.AsyncClient, tenant: Tenant, json_log: io.StringIO
) -> None:
    response = await client.get("/v1/customers", headers={"X-Request-ID": "trace-abc.123"})
    assert response.headers["x-request-id"] == "trace-abc.123"
    generated = await client.get("/v1/customers")
    assert re.fullmatch(r"[0-9A-Z]{26}", generated.headers["x-request-id"])
    hostile = await client.get("/v1/customers", headers={"X-Request-ID": 'x" injected {'})
    assert hostile.headers["x-request-id"] != 'x" injected {'
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    first = lines[0]
    assert first["request_id"] == "trace-abc.123"
    assert first["administration_id"] == tenant.id
    assert (first["method"], first["route"], first["status"]) == ("GET", "/v1/customers", 200)
    assert first["duration_ms"] >= 0
    assert {line["request_id"] for line in lines} == {
        "trace-abc.123",
        generated.headers["x-request-id"],
        hostile.headers["x-request-id"],
    }


async def test_invoice_page_tokens_stay_out_of_the_log(
    client: httpx.AsyncClient, http: httpx.AsyncClient, json_log: io.StringIO
) -> None:
    final = await finalized_invoice(client)
    token = final["public_url"].rsplit("/", 1)[1]
    assert (await http.get(f"/p/{token}")).status_code == 200
    assert (await http.get(f"/p/{token}/pdf")).status_code == 200
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    assert [(line["path"], line["route"]) for line in lines][-2:] == [
        ("/p/{token}", "/p/{token}"),
        ("/p/{token}/pdf", "/p/{token}/{kind}"),
    ]
    assert token not in json_log.getvalue()


async def test_readiness_reports_a_stuck_outbox(
    http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    await finalize(client, invoice["id"], action="send")  # no worker runs
    later = clock.now() + timedelta(hours=2)
    clock.set_clock(lambda: later)
    try:
        ready = await http.get("/readyz")
    finally:
        clock.set_clock(None)
    assert ready.status_code == 200  # the API still serves
    body = ready.json()
    assert body["status"] == "degraded"
    assert body["outbox"].startswith("stuck:")


@pytest.fixture
async def limited(settings: Settings) -> AsyncIterator[Any]:
    app = create_app(
        settings.model_copy(
            update={"rate_limit_per_minute": 60, "rate_limit_burst": 5, "mail_limit_per_hour": 2}
        )
    )
    async with app.router.lifespan_context(app):
        yield app


async def test_a_key_over_its_rate_gets_429_with_retry_after(limited: Any) -> None:
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        async with new_tenant(limited, http) as first, new_tenant(limited, http) as second:
            statuses = [(await first.client.get("/v1/customers")).status_code for _ in range(8)]
            assert statuses[:5] == [200] * 5
            assert 429 in statuses[5:]
            blocked = await first.client.get("/v1/customers")
            assert blocked.status_code == 429
            assert blocked.headers["content-type"] == "application/problem+json"
            assert int(blocked.headers["retry-after"]) >= 1
            # Nothing else is degraded: another key, and health, still answer.
            assert (await second.client.get("/v1/customers")).status_code == 200
            assert (await http.get("/healthz")).status_code == 200


async def test_mail_volume_per_administration_is_limited(limited: Any) -> None:
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        async with new_tenant(limited, http) as tenant, new_tenant(limited, http) as other:
            limited.state.key_limiter.per_minute = 100_000  # only the mail limit matters here
            limited.state.key_limiter.burst = 100_000
            limited.state.key_limiter._buckets.clear()
            customer = await create_customer(
                tenant.client, delivery_method="email", email="jan@devries.nl"
            )
            statuses = []
            for _ in range(3):
                invoice = await create_invoice(tenant.client, customer_id=customer["id"])
                response = await finalize(tenant.client, invoice["id"], action="send")
                statuses.append(response.status_code)
            assert statuses == [200, 200, 429]
            assert int(response.headers["retry-after"]) > 0
            assert (await tenant.client.get(f"/v1/invoices/{invoice['id']}")).json()[
                "status"
            ] == "draft"
            edit = await finalize(tenant.client, invoice["id"], action="edit")
            assert edit.status_code == 200  # a draft mail is not sent, so not counted
            theirs = await create_customer(
                other.client, delivery_method="email", email="piet@example.nl"
            )
            invoice = await create_invoice(other.client, customer_id=theirs["id"])
            ok = await finalize(other.client, invoice["id"], action="send")
            assert ok.status_code == 200


async def test_recurring_sends_count_against_the_mail_limit(limited: Any) -> None:
    """The hourly cap is the mail service's, so recurring create_and_send obeys it too (it was
    checked only by two routers): over the cap the invoice is still made, the mail is not, and
    the run says why; sending a draft over the cap is a 429 as well."""
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        async with new_tenant(limited, http) as tenant:
            limited.state.key_limiter.per_minute = 100_000  # only the mail limit matters here
            limited.state.key_limiter.burst = 100_000
            limited.state.key_limiter._buckets.clear()
            client = tenant.client
            customer = await create_customer(
                client, delivery_method="email", email="jan@devries.nl"
            )
            base = await create_invoice(client, customer_id=customer["id"])
            made = await client.post(
                "/v1/recurrences",
                json={
                    "base_invoice_id": base["id"],
                    "start_date": "2026-01-01",
                    "backfill": True,
                    "day_of_month": 1,
                    "automation": "create_and_send",
                },
            )
            assert made.status_code == 201, made.text
            ran = await client.post("/v1/recurrences/run-due", json={"date": "2026-03-15"})
            assert ran.status_code == 200, ran.text
            runs = ran.json()["runs"]
            assert [r["outcome"] for r in runs] == ["sent", "sent", "not_sent"]
            assert "2 mails per hour" in runs[2]["detail"]
            assert runs[2]["invoice_id"] is not None
            assert runs[2]["mail_id"] is None
            invoice = (await client.get(f"/v1/invoices/{runs[2]['invoice_id']}")).json()
            assert invoice["status"] == "final"
            # A draft is not counted when it is made, only when it is sent.
            other = await create_invoice(client, customer_id=customer["id"])
            mail = (await finalize(client, other["id"], action="edit")).json()["mail"]
            refused = await client.post(f"/v1/mails/{mail['id']}/send")
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) > 0
