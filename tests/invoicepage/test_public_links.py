"""The customer's invoice page over HTTP (no browser; tests/invoicepage/test_browser.py opens it
in Chromium): who gets a link, revoking and renewing it, the 404 that tells nothing, the headers
of every answer, escaping, the downloads, the language, the payment status, and the
`[factuur_link]` placeholder in mails."""

from __future__ import annotations

import io
import secrets
from decimal import Decimal
from typing import Any

import httpx
import pypdf
import pytest

from app.config import Settings
from app.invoicepage.service import Status, payment_state
from app.models.enums import InvoiceKind
from tests.support.assertions import assert_problem
from tests.support.factories import (
    Tenant,
    client_with_key,
    create_customer,
    create_invoice,
    finalize,
    finalize_draft,
    finalized_invoice,
    new_tenant,
)
from tests.support.invoicepage import (
    Elements,
    assert_page_headers,
    inline_style_is_allowed,
    path_of,
    qr_payload,
    token_of,
)

pytestmark = pytest.mark.anyio

NBSP = "\xa0"
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(2)>'


async def _page(http: httpx.AsyncClient, public_url: str) -> httpx.Response:
    return await http.get(path_of(public_url))


async def test_a_final_invoice_gets_a_link_and_a_draft_none(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    assert draft["public_url"] is None
    final = await finalize_draft(client, draft["id"])
    url = final["public_url"]
    assert url.startswith(f"{settings.public_base()}/p/")
    assert len(token_of(url)) == 43  # 32 random bytes
    assert (await client.get(f"/v1/invoices/{draft['id']}")).json()["public_url"] == url
    listed = (await client.get("/v1/invoices", params={"customer_id": customer["id"]})).json()
    assert [i["public_url"] for i in listed["data"]] == [url]
    other = await finalized_invoice(client, customer_id=customer["id"])
    assert other["public_url"] != url


async def test_the_page_shows_the_invoice_in_dutch_with_strict_headers(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    response = await _page(http, final["public_url"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert_page_headers(response)
    assert inline_style_is_allowed(response)
    html = response.text
    page = Elements(html)
    assert page.named("html") == [{"lang": "nl"}]
    assert len(page.named("h1")) == 1
    assert f"Factuur {final['number']}" in html
    assert f"€{NBSP}121,00" in html  # the amount due
    assert "Openstaand" in html
    assert "NL91 ABNA 0417 1643 00" in html
    assert "Testbedrijf B.V." in html
    assert "Onderhoud cv-ketel" in html
    assert "Jan de Vries" in html
    assert {a.get("scope") for a in page.named("th")} == {"col", "row"}
    [image] = page.named("img")
    assert str(image["src"]).startswith("data:image/svg+xml;base64,")
    assert "NL91 ABNA 0417 1643 00" in str(image["alt"])
    assert not page.named("script")
    assert not page.named("iframe")
    assert not page.named("form")
    links = {str(a["href"]) for a in page.named("a")}
    assert links == {f"{path_of(final['public_url'])}/pdf", f"{path_of(final['public_url'])}/ubl"}


async def test_an_english_administration_gets_an_english_page(
    app: Any, http: httpx.AsyncClient
) -> None:
    async with new_tenant(app, http, locale="en") as english:
        final = await finalized_invoice(english.client)
        response = await _page(http, final["public_url"])
    assert Elements(response.text).named("html") == [{"lang": "en"}]
    assert f"Invoice {final['number']}" in response.text
    assert "Amount due" in response.text
    assert "€121.00" in response.text


async def test_revoking_gives_404_at_once_and_renewing_makes_a_new_link(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    first = final["public_url"]
    revoked = await client.delete(f"/v1/invoices/{final['id']}/public-link")
    assert revoked.status_code == 204
    assert (await _page(http, first)).status_code == 404
    assert (await client.get(f"/v1/invoices/{final['id']}")).json()["public_url"] is None
    # Revoking again changes nothing.
    assert (await client.delete(f"/v1/invoices/{final['id']}/public-link")).status_code == 204

    renewed = await client.post(f"/v1/invoices/{final['id']}/public-link")
    assert renewed.status_code == 201, renewed.text
    second = renewed.json()["public_url"]
    assert second != first
    assert (await client.get(f"/v1/invoices/{final['id']}")).json()["public_url"] == second
    assert (await _page(http, second)).status_code == 200
    assert (await _page(http, first)).status_code == 404

    # Renewing a working link replaces it too.
    third = (await client.post(f"/v1/invoices/{final['id']}/public-link")).json()["public_url"]
    assert (await _page(http, second)).status_code == 404
    assert (await _page(http, third)).status_code == 200


async def test_renewing_with_an_idempotency_key_makes_one_link(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    key = {"Idempotency-Key": "renew-1"}
    first = await client.post(f"/v1/invoices/{final['id']}/public-link", headers=key)
    again = await client.post(f"/v1/invoices/{final['id']}/public-link", headers=key)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert (await _page(http, first.json()["public_url"])).status_code == 200


async def test_every_token_that_opens_nothing_gets_the_same_404(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    revoked = final["public_url"]
    await client.delete(f"/v1/invoices/{final['id']}/public-link")
    replaced = await finalized_invoice(client)
    await client.post(f"/v1/invoices/{replaced['id']}/public-link")
    paths = [
        path_of(revoked),
        path_of(replaced["public_url"]),
        f"/p/{secrets.token_urlsafe(32)}",  # well-formed, never made
        "/p/short",
        "/p/" + "A" * 44,
        "/p/" + "A" * 42 + "%21",
        "/p/%3Cscript%3E",
        f"{path_of(revoked)}/pdf",
        f"{path_of(revoked)}/ubl",
        f"{path_of(replaced['public_url'])}/pdf",
    ]
    bodies = set()
    for path in paths:
        response = await http.get(path)
        assert response.status_code == 404, path
        assert_page_headers(response)
        assert response.headers["content-type"].startswith("text/html")
        bodies.add(response.text)
        for secret in (final["number"], replaced["number"], "Jan de Vries", "Onderhoud"):
            assert secret not in response.text
    assert len(bodies) == 1  # the same page, whatever the reason


async def test_a_draft_has_no_link_and_no_page(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"])
    body = assert_problem(await client.post(f"/v1/invoices/{draft['id']}/public-link"), 409)
    assert body["code"] == "draft_has_no_page"
    body = assert_problem(await client.delete(f"/v1/invoices/{draft['id']}/public-link"), 409)
    assert body["code"] == "draft_has_no_page"
    assert (await client.get(f"/v1/invoices/{draft['id']}")).json()["public_url"] is None


async def test_another_administrations_invoice_is_404_and_its_link_keeps_working(
    app: Any, http: httpx.AsyncClient, tenant: Tenant
) -> None:
    async with new_tenant(app, http) as other:
        theirs = await finalized_invoice(other.client)
        for method in ("POST", "DELETE"):
            response = await tenant.client.request(
                method, f"/v1/invoices/{theirs['id']}/public-link"
            )
            assert_problem(response, 404)
        assert (await _page(http, theirs["public_url"])).status_code == 200
        current = (await other.client.get(f"/v1/invoices/{theirs['id']}")).json()
        assert current["public_url"] == theirs["public_url"]


async def test_a_read_only_key_cannot_revoke_or_renew(
    client: httpx.AsyncClient, app: Any, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    key = (await client.post("/v1/api-keys", json={"name": "r", "scopes": ["read"]})).json()
    async with client_with_key(app, key["secret"]) as reader:
        assert_problem(await reader.delete(f"/v1/invoices/{final['id']}/public-link"), 403)
        assert_problem(await reader.post(f"/v1/invoices/{final['id']}/public-link"), 403)
    assert (await _page(http, final["public_url"])).status_code == 200


async def test_names_and_descriptions_are_escaped(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    customer = await create_customer(client, name=f"{SCRIPT} {BREAKOUT}")
    line = {
        "description": f"Werk {BREAKOUT} {SCRIPT}",
        "unit_price": "10.00",
        "unit": BREAKOUT[:20],
    }
    final = await finalize_draft(
        client,
        (await create_invoice(client, customer_id=customer["id"], lines=[line], notes=SCRIPT))[
            "id"
        ],
    )
    response = await _page(http, final["public_url"])
    assert response.status_code == 200
    html = response.text
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    page = Elements(html)
    assert len(page.named("img")) == 1  # only the QR code
    assert all("onerror" not in attrs for _, attrs in page.tags)
    assert SCRIPT in "".join(page.text)  # shown as text, as typed


async def test_the_downloads_are_the_stored_documents(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    stored = {d["kind"]: d for d in final["documents"]}
    for kind, media in (("pdf", "application/pdf"), ("ubl", "application/xml")):
        response = await http.get(f"{path_of(final['public_url'])}/{kind}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.headers["content-disposition"] == (
            f'attachment; filename="{stored[kind]["filename"]}"'
        )
        assert_page_headers(response)
        original = await client.get(stored[kind]["content_url"])
        assert response.content == original.content
    pdf = await http.get(f"{path_of(final['public_url'])}/pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert final["number"] in text
    assert (await http.get(f"{path_of(final['public_url'])}/xml")).status_code == 404


async def test_the_page_follows_the_payment_status(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    paid = await client.patch(
        f"/v1/invoices/{final['id']}/payment", json={"payment_status": "paid"}
    )
    assert paid.status_code == 200
    html = (await _page(http, final["public_url"])).text
    assert "Betaald" in html
    assert f"€{NBSP}0,00" in html
    assert not Elements(html).named("img")  # nothing to pay: no QR code


async def test_a_partly_paid_invoice_asks_for_the_rest_in_its_qr_code(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    paid = await client.post(
        f"/v1/invoices/{final['id']}/payments",
        json={"amount": "21.00", "date": final["invoice_date"], "method": "bank"},
    )
    assert paid.status_code == 201, paid.text
    html = (await _page(http, final["public_url"])).text
    assert "Deels betaald" in html
    assert f"€{NBSP}100,00" in html  # due
    assert f"€{NBSP}21,00" in html  # paid so far
    [image] = Elements(html).named("img")
    fields = qr_payload(str(image["src"])).split("\n")
    assert fields[:4] == ["BCD", "002", "1", "SCT"]
    assert (fields[5], fields[6], fields[7]) == (
        "Testbedrijf B.V.",
        "NL91ABNA0417164300",
        "EUR100.00",
    )
    assert fields[-1] == final["number"]


async def test_a_credited_invoice_and_its_credit_note(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    final = await finalized_invoice(client)
    credit = await client.post(f"/v1/invoices/{final['id']}/credit-note", json={})
    assert credit.status_code == 201, credit.text
    credit_note = await finalize_draft(client, credit.json()["id"])
    html = (await _page(http, final["public_url"])).text
    assert "Gecrediteerd" in html
    assert not Elements(html).named("img")
    note = (await _page(http, credit_note["public_url"])).text
    assert f"Creditnota {credit_note['number']}" in note
    assert "niets te betalen" in note
    assert final["number"] in note


async def test_a_mail_template_with_the_link_validates_and_the_mail_carries_it(
    client: httpx.AsyncClient,
) -> None:
    admin = (await client.get("/v1/administration")).json()
    template = await client.post(
        "/v1/email-templates",
        json={
            "name": "Met link",
            "subject": "Factuur [factuurnummer]",
            "body": "Bekijk en betaal uw factuur: [factuur_link]",
            "attachments": [admin["default_pdf_template_id"]],
        },
    )
    assert template.status_code == 201, template.text
    assert template.json()["warnings"] == []
    customer = await create_customer(client, delivery_method="email")
    draft = await create_invoice(client, customer_id=customer["id"])
    response = await finalize(
        client, draft["id"], email_template_id=template.json()["id"], action="edit"
    )
    assert response.status_code == 200, response.text
    final = response.json()
    mail = (await client.get(f"/v1/mails/{final['mail']['id']}")).json()
    assert mail["body"] == f"Bekijk en betaal uw factuur: {final['public_url']}"
    # Typed into a draft mail later, it resolves when the mail is sent (the current link).
    await client.delete(f"/v1/invoices/{final['id']}/public-link")
    renewed = (await client.post(f"/v1/invoices/{final['id']}/public-link")).json()
    etag = (await client.get(f"/v1/mails/{mail['id']}")).headers["etag"]
    patched = await client.patch(
        f"/v1/mails/{mail['id']}",
        json={"body": "Nieuwe link: [factuur_link]"},
        headers={"If-Match": etag},
    )
    assert patched.status_code == 200, patched.text
    sent = await client.post(f"/v1/mails/{mail['id']}/send")
    assert sent.status_code == 200, sent.text
    assert sent.json()["body"] == f"Nieuwe link: {renewed['public_url']}"


@pytest.mark.parametrize(
    ("kind", "total", "paid", "credited", "status", "due"),
    [
        (InvoiceKind.invoice, "121.00", "0", "0", Status.open, "121.00"),
        (InvoiceKind.invoice, "121.00", "21.00", "0", Status.partially_paid, "100.00"),
        (InvoiceKind.invoice, "121.00", "121.00", "0", Status.paid, "0.00"),
        (InvoiceKind.invoice, "121.00", "150.00", "0", Status.paid, "0.00"),  # overpaid
        # A final credit note settles its invoice with a payment: credited, not paid.
        (InvoiceKind.invoice, "121.00", "121.00", "-121.00", Status.credited, "0.00"),
        (InvoiceKind.invoice, "121.00", "21.00", "-21.00", Status.partially_paid, "100.00"),
        (InvoiceKind.invoice, "121.00", "121.00", "-21.00", Status.paid, "0.00"),
        (InvoiceKind.credit_note, "-121.00", "0", "0", Status.credit_note, "0.00"),
    ],
)
def test_payment_state(
    kind: InvoiceKind, total: str, paid: str, credited: str, status: Status, due: str
) -> None:
    state = payment_state(kind, Decimal(total), Decimal(paid), Decimal(credited))
    assert (state.status, state.amount_due) == (status, Decimal(due))


async def test_the_page_names_the_payee_as_the_bank_knows_it(
    client: httpx.AsyncClient, http: httpx.AsyncClient
) -> None:
    """The payee name setting (checked by Dutch banks against the IBAN) is what the page's
    payment instruction and QR code carry, not the administration's trading name."""
    response = await client.patch("/v1/administration", json={"payee_name": "Testbedrijf Beheer"})
    assert response.status_code == 200, response.text
    final = await finalized_invoice(client)
    html = (await _page(http, final["public_url"])).text
    assert "Testbedrijf Beheer" in html
    [image] = Elements(html).named("img")
    assert "Testbedrijf Beheer" in str(image["alt"])
