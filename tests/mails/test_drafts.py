"""Draft mails (seed 000 'Bewerk en verstuur'): save, optimistic locking, known addresses only,
delete, send; and e-mail templates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app import clock, placeholders
from tests.support.assertions import assert_problem
from tests.support.factories import create_customer, create_invoice, finalize
from tests.support.mail import email_customer, wait_for_status
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.anyio


async def draft_mail(client: httpx.AsyncClient) -> tuple[dict[str, Any], str]:
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (
        await finalize(client, invoice["id"], action="edit", recipients={"to": ["jan@devries.nl"]})
    ).json()
    mail = final["mail"]
    got = await client.get(f"/v1/mails/{mail['id']}")
    return got.json(), got.headers["etag"]


async def test_draft_saved_twice_with_etags(client: httpx.AsyncClient) -> None:
    mail, etag = await draft_mail(client)
    assert mail["status"] == "draft"
    first = await client.patch(
        f"/v1/mails/{mail['id']}", json={"subject": "Eerste versie"}, headers={"If-Match": etag}
    )
    assert first.status_code == 200, first.text
    assert first.json()["subject"] == "Eerste versie"
    assert first.json()["body"] == mail["body"]  # partial update
    second = await client.patch(
        f"/v1/mails/{mail['id']}",
        json={"cc": ["Administratie@Krakeling.nl"], "body": "Nieuwe tekst"},
        headers={"If-Match": first.headers["etag"]},
    )
    assert second.status_code == 200, second.text
    saved = second.json()
    assert (saved["subject"], saved["body"], saved["cc"]) == (
        "Eerste versie",
        "Nieuwe tekst",
        ["Administratie@krakeling.nl"],
    )
    assert saved["version"] == mail["version"] + 2
    invoice = (await client.get(f"/v1/invoices/{mail['invoice_id']}")).json()
    assert invoice["status"] == "final"  # a draft mail never makes the invoice a draft


async def test_stale_etag_is_412_and_changes_nothing(client: httpx.AsyncClient) -> None:
    mail, etag = await draft_mail(client)
    editor_a = await client.patch(
        f"/v1/mails/{mail['id']}", json={"subject": "A"}, headers={"If-Match": etag}
    )
    assert editor_a.status_code == 200
    editor_b = await client.patch(
        f"/v1/mails/{mail['id']}", json={"subject": "B"}, headers={"If-Match": etag}
    )
    body = assert_problem(editor_b, 412)
    assert editor_b.headers["etag"] == editor_a.headers["etag"]
    assert "reload" in body["detail"]
    assert (await client.get(f"/v1/mails/{mail['id']}")).json()["subject"] == "A"


async def test_patch_without_if_match_is_428(client: httpx.AsyncClient) -> None:
    mail, _ = await draft_mail(client)
    assert_problem(await client.patch(f"/v1/mails/{mail['id']}", json={"subject": "x"}), 428)


@pytest.mark.parametrize(
    ("field", "address"),
    [
        ("to", "onbekend@example.org"),
        ("cc", "jan@devries.nl.evil.example"),
        ("bcc", "Jan de Vries <jan@devries.nl>"),
        ("to", "jan@devries.nl, onbekend@example.org"),
        ("to", "jan@devries.nl\r\nBcc: onbekend@example.org"),
        ("cc", "jan@devries.nl\nX-Header: 1"),
        ("to", "jan@devries.nl;onbekend@example.org"),
        ("to", '"jan@devries.nl" <onbekend@example.org>'),
        ("to", "<jan@devries.nl>"),
        ("to", "jan@devries.nl\u0000"),
    ],
    ids=[
        "unknown",
        "lookalike-domain",
        "display-name",
        "comma-list",
        "crlf-header",
        "lf-header",
        "semicolon-list",
        "quoted-display-trick",
        "angle-brackets",
        "nul",
    ],
)
async def test_unknown_or_tricky_address_is_422_and_draft_unchanged(
    client: httpx.AsyncClient, field: str, address: str
) -> None:
    mail, etag = await draft_mail(client)
    response = await client.patch(
        f"/v1/mails/{mail['id']}",
        json={field: ["jan@devries.nl", address]},
        headers={"If-Match": etag},
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["loc"][:3] in (["body", field, 1], ["body", field], ["body"]), body
    after = await client.get(f"/v1/mails/{mail['id']}")
    assert after.json() == mail
    assert after.headers["etag"] == etag


async def test_known_addresses_compare_case_insensitively(client: httpx.AsyncClient) -> None:
    mail, etag = await draft_mail(client)
    response = await client.patch(
        f"/v1/mails/{mail['id']}",
        json={"to": ["JAN@DEVRIES.NL"], "bcc": ["Eigenaar@TestBedrijf.nl"]},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.text


async def test_delete_draft_then_404(client: httpx.AsyncClient) -> None:
    mail, etag = await draft_mail(client)
    assert (
        await client.delete(f"/v1/mails/{mail['id']}", headers={"If-Match": etag})
    ).status_code == 204
    assert_problem(await client.get(f"/v1/mails/{mail['id']}"), 404)
    assert_problem(await client.delete(f"/v1/mails/{mail['id']}"), 404)
    invoice = (await client.get(f"/v1/invoices/{mail['invoice_id']}")).json()
    assert invoice["status"] == "final"
    assert (await client.get(f"/v1/invoices/{mail['invoice_id']}/mails")).json()["data"] == []


async def test_send_draft_then_it_cannot_be_edited_or_deleted(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    mail, etag = await draft_mail(client)
    saved = await client.patch(
        f"/v1/mails/{mail['id']}",
        json={"subject": "Uw factuur", "to": ["boekhouding@devries.nl"]},
        headers={"If-Match": etag},
    )
    sent = await client.post(
        f"/v1/mails/{mail['id']}/send", headers={"If-Match": saved.headers["etag"]}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "queued"
    done = await wait_for_status(client, mail["id"], "sent")
    assert outbox.messages[0].rcpt_tos == ["boekhouding@devries.nl"]
    assert outbox.messages[0].message["Subject"] == "Uw factuur"
    assert_problem(
        await client.patch(
            f"/v1/mails/{mail['id']}",
            json={"subject": "x"},
            headers={"If-Match": f'"{done["version"]}"'},
        ),
        409,
    )
    assert_problem(await client.delete(f"/v1/mails/{mail['id']}"), 409)
    assert_problem(await client.post(f"/v1/mails/{mail['id']}/send"), 409)


async def test_send_with_stale_etag_is_412(client: httpx.AsyncClient) -> None:
    mail, etag = await draft_mail(client)
    await client.patch(
        f"/v1/mails/{mail['id']}", json={"subject": "nieuw"}, headers={"If-Match": etag}
    )
    assert_problem(
        await client.post(f"/v1/mails/{mail['id']}/send", headers={"If-Match": etag}), 412
    )
    assert (await client.get(f"/v1/mails/{mail['id']}")).json()["status"] == "draft"


async def test_send_rechecks_addresses_that_are_no_longer_known(client: httpx.AsyncClient) -> None:
    mail, _ = await draft_mail(client)
    customer_id = (await client.get(f"/v1/invoices/{mail['invoice_id']}")).json()["customer_id"]
    await client.patch(f"/v1/customers/{customer_id}", json={"email": None})
    body = assert_problem(await client.post(f"/v1/mails/{mail['id']}/send"), 422)
    assert "jan@devries.nl" in body["detail"]
    assert (await client.get(f"/v1/mails/{mail['id']}")).json()["status"] == "draft"


async def test_mail_scope_is_needed_to_edit(app: Any, client: httpx.AsyncClient) -> None:
    from tests.support.factories import client_with_key

    mail, etag = await draft_mail(client)
    key = (
        await client.post("/v1/api-keys", json={"name": "r", "scopes": ["read", "invoices:write"]})
    ).json()
    async with client_with_key(app, key["secret"]) as limited:
        assert_problem(
            await limited.patch(
                f"/v1/mails/{mail['id']}", json={"subject": "x"}, headers={"If-Match": etag}
            ),
            403,
        )
        assert_problem(await limited.post(f"/v1/mails/{mail['id']}/send"), 403)


# --- e-mail templates --------------------------------------------------------------------------


async def test_template_reports_unknown_placeholders_and_missing_pdf(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/v1/email-templates",
        json={
            "name": "Maand",
            "subject": "Factuur [deze_maand] [onbekend]",
            "body": "Hallo [klant_naam], [typo_veld]",
        },
    )
    assert response.status_code == 201
    warnings = response.json()["warnings"]
    assert {(w["code"], w.get("field")) for w in warnings} == {
        ("no_pdf_attachment", "attachments"),
        ("unknown_placeholder", "subject"),
        ("unknown_placeholder", "body"),
    }
    assert any("[onbekend]" in w["message"] for w in warnings)


async def test_template_with_unknown_pdf_template_is_422(client: httpx.AsyncClient) -> None:
    body = assert_problem(
        await client.post(
            "/v1/email-templates",
            json={
                "name": "x",
                "subject": "s",
                "body": "b",
                "attachments": ["pdft_01J0000000000000000000000X"],
            },
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "attachments", 0]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "subject": "Factuur\r\nBcc: a@example.org", "body": "b"},
        {"name": "x", "subject": "", "body": "b"},
        {"name": "x", "subject": "s"},
        {"name": "x", "subject": "s", "body": "b", "attachments": "pdft_x"},
    ],
    ids=["subject-crlf", "empty-subject", "no-body", "attachments-not-list"],
)
async def test_bad_template_is_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    assert_problem(await client.post("/v1/email-templates", json=body), 422)


async def test_pdf_template_attached_to_an_email_template_cannot_be_deleted(
    client: httpx.AsyncClient,
) -> None:
    pdf = (await client.post("/v1/pdf-templates", json={"name": "Extra"})).json()
    template = (
        await client.post(
            "/v1/email-templates",
            json={"name": "t", "subject": "s", "body": "b", "attachments": [pdf["id"]]},
        )
    ).json()
    assert_problem(await client.delete(f"/v1/pdf-templates/{pdf['id']}"), 409)
    await client.patch(f"/v1/email-templates/{template['id']}", json={"attachments": []})
    assert (await client.delete(f"/v1/pdf-templates/{pdf['id']}")).status_code == 204


async def test_default_templates_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    admin = (await client.get("/v1/administration")).json()
    assert_problem(
        await client.delete(f"/v1/email-templates/{admin['default_email_template_id']}"), 409
    )
    assert_problem(
        await client.delete(f"/v1/pdf-templates/{admin['default_pdf_template_id']}"), 409
    )


async def test_mail_subject_placeholders_use_today_and_invoice(client: httpx.AsyncClient) -> None:
    from app import clock

    template = (
        await client.post(
            "/v1/email-templates",
            json={
                "name": "m",
                "subject": "[factuurnummer] [deze_maand]",
                "body": "[totaal] [klant_naam] [vervaldatum]",
            },
        )
    ).json()
    customer = await create_customer(
        client, name="Jan de Vries", email="jan@devries.nl", delivery_method="email"
    )
    invoice = await create_invoice(client, customer_id=customer["id"], invoice_date="2026-02-10")
    final = (
        await finalize(client, invoice["id"], action="edit", email_template_id=template["id"])
    ).json()
    from babel.dates import format_date

    month = format_date(clock.today_in("Europe/Amsterdam"), "LLLL y", locale="nl_NL")
    assert final["mail"]["subject"] == f"{final['number']} {month}"
    assert final["mail"]["body"] == "€\xa0121,00 Jan de Vries 12 maart 2026"


async def test_placeholders_typed_into_a_draft_are_resolved_when_it_is_sent(
    client: httpx.AsyncClient, outbox: SmtpServer
) -> None:
    # Made on an earlier day than it is sent: the mail placeholders follow the sending day.
    clock.set_clock(lambda: datetime(2025, 3, 10, 9, 0, tzinfo=UTC))
    try:
        mail, etag = await draft_mail(client)
        saved = await client.patch(
            f"/v1/mails/{mail['id']}",
            json={
                "subject": "Factuur [factuurnummer] voor [deze_maand]",
                "body": "Beste [klant_naam], [vorige_maand] en [volgend_jaar]; [onbekend] blijft.",
                "body_html": "<p>[klant_naam] &amp; [dit_jaar]</p>",
            },
            headers={"If-Match": etag},
        )
    finally:
        clock.set_clock(None)
    assert saved.status_code == 200, saved.text
    assert saved.json()["subject"] == "Factuur [factuurnummer] voor [deze_maand]"  # as typed
    invoice = (await client.get(f"/v1/invoices/{mail['invoice_id']}")).json()
    sent = await client.post(f"/v1/mails/{mail['id']}/send")
    assert sent.status_code == 200, sent.text
    today = placeholders.mail_date_values(clock.today_in("Europe/Amsterdam"), "nl")
    body = sent.json()
    assert body["subject"] == f"Factuur {invoice['number']} voor {today['deze_maand']}"
    assert body["body"] == (
        f"Beste Jan de Vries, {today['vorige_maand']} en {today['volgend_jaar']}; "
        "[onbekend] blijft."
    )
    assert body["body_html"] == f"<p>Jan de Vries &amp; {today['dit_jaar']}</p>"
    assert today["deze_maand"] != "maart 2025"
    await wait_for_status(client, mail["id"], "sent")
    assert outbox.messages[0].message["Subject"] == body["subject"]
