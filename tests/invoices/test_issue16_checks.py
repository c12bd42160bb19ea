"""Issue 16's checks and fixes on invoices: placeholders in notes that would be printed as
written (an error naming the `_factuur` variant of a mail placeholder), 0% VAT to a buyer abroad
without a VAT number (a warning), and `paid_at` of an invoice made or changed to paid."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app import i18n
from tests.support.assertions import assert_problem
from tests.support.factories import LINE, create_customer, create_invoice, finalize

pytestmark = pytest.mark.anyio


async def problems(client: httpx.AsyncClient, invoice_id: str, **headers: str) -> list[Any]:
    response = await client.get(f"/v1/invoices/{invoice_id}/check", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["problems"])


def coded(found: list[Any], code: str) -> list[Any]:
    return [p for p in found if p["code"] == code]


async def test_a_mail_placeholder_in_notes_is_an_error_naming_the_invoice_variant(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(
        client, customer_id=customer["id"], notes="Onderhoud [deze_maand], [dit_jaar_factuur]"
    )
    [problem] = coded(await problems(client, draft["id"]), "unknown_notes_placeholder")
    assert (problem["severity"], problem["field"]) == ("error", "notes")
    assert "[deze_maand_factuur]" in problem["message"]
    # It blocks finalising: the notes are frozen as they would print.
    body = assert_problem(await finalize(client, draft["id"]), 422)
    assert "unknown_notes_placeholder" in [e["type"] for e in body["errors"]]


async def test_an_unknown_placeholder_in_notes_is_an_error(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"], notes="Zie [bijlage_x]")
    [problem] = coded(await problems(client, draft["id"]), "unknown_notes_placeholder")
    assert problem["severity"] == "error"
    assert "[bijlage_x]" in problem["message"]
    fine = await create_invoice(
        client, customer_id=customer["id"], notes="Periode [deze_maand_factuur] [factuurnummer]"
    )
    assert coded(await problems(client, fine["id"]), "unknown_notes_placeholder") == []


async def test_the_notes_message_is_translated(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    draft = await create_invoice(client, customer_id=customer["id"], notes="[vorige_maand]")
    shown = coded(await problems(client, draft["id"]), "unknown_notes_placeholder")[0]["message"]
    text = i18n.t(
        "[{name}] is a placeholder for mails, relative to the day a mail is made; "
        "notes are dated by the invoice date: use [{suggestion}].",
        name="vorige_maand",
        suggestion="vorige_maand_factuur",
    )
    dutch, english = i18n.render(text, "nl"), i18n.render(text, "en")
    assert dutch != english  # the Dutch catalog has it
    assert dutch.startswith("[vorige_maand] is een placeholder voor e-mails")
    assert shown in (dutch, english)  # in the language of the request


async def test_zero_vat_abroad_without_vat_number_is_a_warning(client: httpx.AsyncClient) -> None:
    address = {"street": "Hauptstrasse 1", "postal_code": "10115", "city": "Berlin"}
    abroad = await create_customer(client, name="Kunde", address=address | {"country": "DE"})
    line = LINE | {"vat_rate": "0"}
    draft = await create_invoice(client, customer_id=abroad["id"], lines=[line])
    [problem] = coded(await problems(client, draft["id"]), "zero_vat_abroad_without_vat_number")
    assert (problem["severity"], problem["field"]) == ("warning", "lines[0].vat_rate")
    # Not for a Dutch buyer, nor for a buyer abroad with a VAT number, nor for 21%.
    dutch = await create_customer(client)
    with_number = await create_customer(
        client, name="GmbH", address=address | {"country": "DE"}, vat_number="DE136695976"
    )
    for customer_id, lines in (
        (dutch["id"], [line]),
        (with_number["id"], [line]),
        (abroad["id"], [LINE]),
    ):
        other = await create_invoice(client, customer_id=customer_id, lines=lines)
        found = await problems(client, other["id"])
        assert coded(found, "zero_vat_abroad_without_vat_number") == [], found


async def test_an_invoice_created_as_paid_has_paid_at(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    paid = await create_invoice(client, customer_id=customer["id"], payment_status="paid")
    assert paid["paid_at"] is not None
    unpaid = await create_invoice(client, customer_id=customer["id"])
    assert unpaid["paid_at"] is None
    changed = await client.patch(f"/v1/invoices/{unpaid['id']}", json={"payment_status": "paid"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["paid_at"] is not None
    back = await client.patch(f"/v1/invoices/{unpaid['id']}", json={"payment_status": "unpaid"})
    assert back.json()["paid_at"] is None
