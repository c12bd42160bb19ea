"""The reminder policy over HTTP: the Dutch default, replacing it, and every bad policy refused
with a 422 that names the field, changing nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.factories import Tenant, client_with_key, new_tenant
from tests.support.reminders import after_due, overdue_invoice, reminders_of, run_reminders

pytestmark = pytest.mark.anyio

STEPS = [
    {"days_after_due": 10, "kind": "reminder", "action": "draft"},
    {"days_after_due": 30, "kind": "fourteen_day_letter"},
    {"days_after_due": 50, "kind": "final_notice"},
]


async def test_default_policy_is_the_dutch_one(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/reminder-policy")
    assert response.status_code == 200, response.text
    policy = response.json()
    assert policy["is_default"] is True
    assert policy["enabled"] is True
    assert [(s["step"], s["days_after_due"], s["kind"], s["action"]) for s in policy["steps"]] == [
        (1, 7, "reminder", "send"),
        (2, 21, "fourteen_day_letter", "send"),
        (3, 35, "final_notice", "send"),
    ]
    assert policy["charge_collection_costs_b2c"] is True
    assert policy["b2b_fixed_compensation"] is False
    assert policy["b2b_commercial_interest"] is False
    assert policy["creditor_deducts_vat"] is True


async def test_put_replaces_the_policy(client: httpx.AsyncClient) -> None:
    response = await client.put(
        "/v1/reminder-policy",
        json={"steps": STEPS, "b2b_fixed_compensation": True, "creditor_deducts_vat": False},
    )
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["is_default"] is False
    assert [s["days_after_due"] for s in saved["steps"]] == [10, 30, 50]
    assert saved["steps"][0]["action"] == "draft"
    assert saved["b2b_fixed_compensation"] is True
    assert saved["creditor_deducts_vat"] is False
    assert (await client.get("/v1/reminder-policy")).json() == saved


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (
            {"steps": [STEPS[0], {"days_after_due": 10, "kind": "final_notice"}]},
            ["body", "steps", 1, "days_after_due"],
        ),
        (
            {"steps": [STEPS[1], {"days_after_due": 20, "kind": "reminder"}]},
            ["body", "steps", 1, "days_after_due"],
        ),
        (
            {"steps": [{"days_after_due": 0, "kind": "reminder"}]},
            ["body", "steps", 0, "days_after_due"],
        ),
        (
            {"steps": [{"days_after_due": 5, "kind": "herinnering"}]},
            ["body", "steps", 0, "kind"],
        ),
        (
            {"steps": [{"days_after_due": 5, "kind": "reminder", "action": "shout"}]},
            ["body", "steps", 0, "action"],
        ),
        (
            {"steps": [{"days_after_due": d, "kind": "reminder"} for d in range(1, 12)]},
            ["body", "steps"],
        ),
        (
            {"steps": [STEPS[1], {"days_after_due": 40, "kind": "fourteen_day_letter"}]},
            ["body", "steps", 1, "kind"],
        ),
        (
            {"steps": [{"days_after_due": 20, "kind": "final_notice"}, STEPS[1]]},
            ["body", "steps", 0, "kind"],
        ),
        (
            {"steps": [{"days_after_due": 7, "kind": "reminder", "email_template_id": "emlt_x"}]},
            ["body", "steps", 0, "email_template_id"],
        ),
        ({"enabled": "yes please"}, ["body", "enabled"]),
        ({"steps": STEPS, "surprise": 1}, ["body", "surprise"]),
    ],
    ids=[
        "same-days",
        "fewer-days",
        "zero-days",
        "unknown-kind",
        "unknown-action",
        "eleven-steps",
        "two-letters",
        "notice-before-letter",
        "unknown-template",
        "not-a-bool",
        "unknown-field",
    ],
)
async def test_bad_policy_is_422_naming_the_field_and_changes_nothing(
    client: httpx.AsyncClient, body: dict[str, Any], loc: list[Any]
) -> None:
    response = await client.put("/v1/reminder-policy", json=body)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert loc in [e["loc"] for e in problem["errors"]], problem
    assert (await client.get("/v1/reminder-policy")).json()["is_default"] is True


async def test_another_administrations_template_is_refused(
    app: Any, http: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    async with new_tenant(app, http) as other:
        theirs = (await other.client.get("/v1/email-templates")).json()["data"][0]["id"]
    response = await client.put(
        "/v1/reminder-policy",
        json={"steps": [{"days_after_due": 7, "kind": "reminder", "email_template_id": theirs}]},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "steps", 0, "email_template_id"]


async def test_changing_the_policy_needs_settings_write(app: Any, tenant: Tenant) -> None:
    made = await tenant.client.post(
        "/v1/api-keys", json={"name": "boekhouder", "scopes": ["read", "invoices:write"]}
    )
    assert made.status_code == 201, made.text
    async with client_with_key(app, made.json()["secret"]) as limited:
        assert (await limited.get("/v1/reminder-policy")).status_code == 200
        response = await limited.put("/v1/reminder-policy", json={"steps": STEPS})
        assert response.status_code == 403, response.text
    assert (await tenant.client.get("/v1/reminder-policy")).json()["is_default"] is True


async def test_a_disabled_policy_makes_no_reminder(client: httpx.AsyncClient) -> None:
    invoice = await overdue_invoice(client)
    response = await client.put("/v1/reminder-policy", json={"enabled": False})
    assert response.status_code == 200, response.text
    assert (await run_reminders(client, after_due(40)))["reminders"] == []
    assert (await client.put("/v1/reminder-policy", json={"enabled": True})).status_code == 200
    made = (await run_reminders(client, after_due(40)))["reminders"]
    # Switched on late: one reminder, the latest due step's (the letter: no costs before it).
    assert [(r["invoice_id"], r["kind"]) for r in made] == [(invoice["id"], "fourteen_day_letter")]


async def test_saving_the_policy_reschedules_open_invoices(client: httpx.AsyncClient) -> None:
    invoice = await overdue_invoice(client)
    assert (await reminders_of(client, invoice["id"]))["next_reminder_date"] == after_due(7)
    response = await client.put("/v1/reminder-policy", json={"steps": STEPS})
    assert response.status_code == 200, response.text
    assert (await reminders_of(client, invoice["id"]))["next_reminder_date"] == after_due(10)
    assert (await run_reminders(client, after_due(9)))["reminders"] == []
    [made] = (await run_reminders(client, after_due(10)))["reminders"]
    assert made["step"] == 1
    mail = (await client.get(f"/v1/mails/{made['mail_id']}")).json()
    assert mail["status"] == "draft"  # the step's action: a draft to review
    assert (await client.put("/v1/reminder-policy", json={"steps": []})).status_code == 200
    state = await reminders_of(client, invoice["id"])
    assert state["next_reminder_date"] is None
    assert (await run_reminders(client, after_due(60)))["reminders"] == []
