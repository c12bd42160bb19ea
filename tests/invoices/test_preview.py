"""Draft previews and PDF templates over HTTP: real PDFs read back with pypdf, QR codes decoded."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.support.assertions import assert_problem
from tests.support.factories import create_company, create_customer, create_invoice, finalize

pytestmark = pytest.mark.anyio


def pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def normalise(text: str) -> str:
    return text.replace("\xa0", " ")


def qr_codes(data: bytes) -> list[str]:
    bitmap = pypdfium2.PdfDocument(data)[0].render(scale=3)
    return [code.text for code in zxingcpp.read_barcodes(bitmap.to_pil())]


def png(size: tuple[int, int] = (120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


LINES = [
    {
        "description": "Onderhoud cv-ketel",
        "quantity": "1",
        "unit_price": "1000.00",
        "vat_rate": "21",
    },
    {"description": "Filters", "quantity": "4", "unit_price": "12.50", "vat_rate": "9"},
    {"description": "Voorrijkosten", "quantity": "1", "unit_price": "234.56", "vat_rate": "21"},
]


async def test_preview_shows_buyer_lines_dutch_totals_vat_and_watermark(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client, name="Bakkerij Jansen")
    invoice = await create_invoice(client, customer_id=customer["id"], lines=LINES)
    response = await client.get(f"/v1/invoices/{invoice['id']}/preview.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = normalise("\n".join(pages(response.content)))
    assert "Bakkerij Jansen" in text
    for line in LINES:
        assert line["description"] in text
    assert "€" in text
    assert "€ 1.234,56" in text  # subtotal of the 21% lines
    assert "€ 1.284,56" in text  # subtotal
    assert "BTW 21% over € 1.234,56" in text
    assert "€ 259,26" in text  # 21% of 1.234,56 rounded half-up
    assert "BTW 9% over € 50,00" in text
    assert "€ 4,50" in text
    assert "€ 1.548,32" in text  # total
    assert "CONCEPT" in text
    assert "2026-0" not in text  # no number on a draft


async def test_preview_of_400_lines_has_page_numbers_and_repeated_headers(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    lines = [
        {"description": f"Regel {i:03}", "quantity": "1", "unit_price": "1.00"} for i in range(400)
    ]
    invoice = await create_invoice(client, customer_id=customer["id"], lines=lines)
    response = await client.get(f"/v1/invoices/{invoice['id']}/preview.pdf")
    texts = pages(response.content)
    assert len(texts) >= 5
    for number, text in enumerate(texts, start=1):
        assert f"Pagina {number} van {len(texts)}" in text
        if "Regel " in text:  # every page with lines repeats the table header
            assert "Omschrijving" in text
    assert sum("Regel " in text for text in texts) >= 5
    everything = "\n".join(texts)
    assert all(f"Regel {i:03}" in everything for i in range(400))


async def test_user_markup_is_printed_literally(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client, name="<b>Jansen & Zn</b> <BV>")
    invoice = await create_invoice(
        client,
        customer_id=customer["id"],
        notes='<img src="/etc/passwd"/> & <font size=40>groot</font>',
        lines=[{"description": "<i>cursief</i> & <br/>", "unit_price": "10"}],
    )
    text = "\n".join(pages((await client.get(f"/v1/invoices/{invoice['id']}/preview.pdf")).content))
    assert "<b>Jansen & Zn</b> <BV>" in text
    assert '<img src="/etc/passwd"/> & <font size=40>groot</font>' in text
    assert "<i>cursief</i> & <br/>" in text


async def test_final_pdf_carries_a_scan_to_pay_code(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"], lines=LINES)
    final = (await finalize(client, invoice["id"])).json()
    pdf = (await client.get(final["documents"][0]["content_url"])).content
    [payload] = qr_codes(pdf)
    fields = payload.split("\n")
    assert fields[:4] == ["BCD", "002", "1", "SCT"]
    assert fields[5] == "Testbedrijf B.V."
    assert fields[6] == "NL91ABNA0417164300"
    assert fields[7] == "EUR1548.32"
    assert final["number"] in payload


async def test_reverse_charge_prints_btw_verlegd_and_buyer_vat(client: httpx.AsyncClient) -> None:
    company = await create_company(
        client,
        name="Beratung GmbH",
        vat_number="DE136695976",
        address={
            "street": "Hauptstraße 1",
            "postal_code": "10115",
            "city": "Berlin",
            "country": "DE",
        },
    )
    invoice = await create_invoice(
        client,
        company_id=company["id"],
        lines=[{"description": "Advies", "unit_price": "500", "vat_rate": "reverse_charge"}],
    )
    text = "\n".join(pages((await client.get(f"/v1/invoices/{invoice['id']}/preview.pdf")).content))
    assert "BTW verlegd" in text
    assert "DE136695976" in text
    assert "Duitsland" in text


async def test_preview_with_another_template_and_logo(client: httpx.AsyncClient) -> None:
    template = (
        await client.post(
            "/v1/pdf-templates",
            json={
                "name": "Modern",
                "layout": "modern",
                "accent_color": "#AA3300",
                "footer_text": "Bedankt voor uw opdracht!",
                "labels": {"invoice": "Nota"},
            },
        )
    ).json()
    assert (template["layout_version"], template["has_logo"]) == (3, False)
    uploaded = await client.put(
        f"/v1/pdf-templates/{template['id']}/logo",
        content=png(),
        headers={"content-type": "image/png"},
    )
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["logo_content_type"] == "image/png"
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    response = await client.get(
        f"/v1/invoices/{invoice['id']}/preview.pdf", params={"pdf_template_id": template["id"]}
    )
    text = "\n".join(pages(response.content))
    assert "NOTA" in text  # the modern layout prints the title in capitals
    assert "Bedankt voor uw opdracht!" in text
    reader = PdfReader(io.BytesIO(response.content))
    assert any(reader.pages[0].images)


async def test_default_template_is_used_for_none_and_post(client: httpx.AsyncClient) -> None:
    modern = (await client.post("/v1/pdf-templates", json={"name": "M", "layout": "modern"})).json()
    admin = await client.patch("/v1/administration", json={"default_pdf_template_id": modern["id"]})
    assert admin.json()["default_pdf_template_id"] == modern["id"]
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    final = (await finalize(client, invoice["id"])).json()
    meta = (await client.get(f"/v1/documents/{final['documents'][0]['id']}")).json()
    assert meta["template_version"] == "modern@3"
    assert meta["pdf_template_id"] == modern["id"]


async def test_layouts_are_listed(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/v1/pdf-layouts")).json()
    assert listed["next_cursor"] is None
    layouts = listed["data"]
    assert {item["name"] for item in layouts} >= {"classic", "modern"}
    assert "invoice" in layouts[0]["label_keys"]
    first = (await client.get("/v1/pdf-layouts", params={"limit": 1})).json()
    assert [item["name"] for item in first["data"]] == [layouts[0]["name"]]
    rest = await client.get("/v1/pdf-layouts", params={"cursor": first["next_cursor"]})
    assert [item["name"] for item in rest.json()["data"]] == [item["name"] for item in layouts[1:]]


BAD_TEMPLATES: list[tuple[str, dict[str, Any], str]] = [
    ("unknown-layout", {"name": "x", "layout": "fancy"}, "layout"),
    ("path-traversal-layout", {"name": "x", "layout": "../fonts"}, "layout"),
    ("bad-colour", {"name": "x", "accent_color": "red"}, "accent_color"),
    ("unknown-label", {"name": "x", "labels": {"invoise": "Nota"}}, "labels"),
    ("label-too-long", {"name": "x", "labels": {"invoice": "x" * 301}}, "labels"),
    ("footer-too-long", {"name": "x", "footer_text": "x" * 1001}, "footer_text"),
    ("no-name", {"layout": "classic"}, "name"),
]


@pytest.mark.parametrize(
    ("case", "body", "field"), BAD_TEMPLATES, ids=[b[0] for b in BAD_TEMPLATES]
)
async def test_bad_template_is_422_and_not_stored(
    client: httpx.AsyncClient, case: str, body: dict[str, Any], field: str
) -> None:
    problem = assert_problem(await client.post("/v1/pdf-templates", json=body), 422)
    assert problem["errors"][0]["loc"][:2] == ["body", field], problem
    assert len((await client.get("/v1/pdf-templates")).json()["data"]) == 1


@pytest.mark.parametrize(
    ("case", "content", "content_type", "status"),
    [
        ("text-as-png", b"hello, I am not an image", "image/png", 422),
        ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/png", 422),
        ("svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", 415),
        ("too-many-pixels", None, "image/png", 422),
        ("too-large", b"\x89PNG" + b"\0" * (600 * 1024), "image/png", 422),
        ("no-content-type", b"\x89PNG", "", 415),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
async def test_bad_logo_is_rejected_and_nothing_stored(
    client: httpx.AsyncClient, case: str, content: bytes | None, content_type: str, status: int
) -> None:
    template_id = (await client.get("/v1/administration")).json()["default_pdf_template_id"]
    data = content if content is not None else png((2500, 10))
    headers = {"content-type": content_type} if content_type else {}
    response = await client.put(
        f"/v1/pdf-templates/{template_id}/logo", content=data, headers=headers
    )
    assert_problem(response, status)
    assert (await client.get(f"/v1/pdf-templates/{template_id}")).json()["has_logo"] is False


def words_at_top(data: bytes, page: int = 0) -> dict[str, float]:
    """Each text run on `page` and its distance from the top of the page, in millimetres."""
    reader = PdfReader(io.BytesIO(data))
    height = float(reader.pages[page].mediabox.height)
    positions: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        positions.setdefault(text.strip(), (height - tm[5]) * 25.4 / 72)

    reader.pages[page].extract_text(visitor_text=visit)
    return positions


async def test_the_preview_of_a_post_invoice_is_the_window_letter(
    client: httpx.AsyncClient,
) -> None:
    post = await create_customer(client, name="Per Post B.V.", delivery_method="post")
    mail = await create_customer(client, name="Per Mail B.V.", delivery_method="email")
    letter = await create_invoice(client, customer_id=post["id"], lines=LINES)
    plain = await create_invoice(client, customer_id=mail["id"], lines=LINES)

    preview = (await client.get(f"/v1/invoices/{letter['id']}/preview.pdf")).content
    other = (await client.get(f"/v1/invoices/{plain['id']}/preview.pdf")).content

    # The letter has the return line above the address in the envelope window, and no "bill to".
    assert "Testbedrijf B.V." in normalise(pages(preview)[0]).split("Per Post B.V.")[0]
    assert 45 <= words_at_top(preview)["Per Post B.V."] <= 90
    assert "Factuur aan" not in pages(preview)[0]
    assert "Factuur aan" in pages(other)[0]
    final = await finalize(client, letter["id"])
    stored = (await client.get(final.json()["documents"][0]["content_url"])).content
    assert abs(words_at_top(stored)["Per Post B.V."] - words_at_top(preview)["Per Post B.V."]) < 1


async def test_a_preview_has_no_scan_to_pay_code_and_is_dated_when_rendered(
    client: httpx.AsyncClient,
) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"], lines=LINES)
    before = datetime.now(UTC).replace(microsecond=0)

    preview = (await client.get(f"/v1/invoices/{invoice['id']}/preview.pdf")).content

    assert qr_codes(preview) == []
    assert "Scan om te betalen" not in "\n".join(pages(preview))
    created = PdfReader(io.BytesIO(preview)).metadata.creation_date
    assert created is not None
    assert before <= created <= datetime.now(UTC)


async def test_a_final_pdf_is_dated_at_finalisation(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"], lines=LINES)
    final = (await finalize(client, invoice["id"])).json()
    pdf = (await client.get(final["documents"][0]["content_url"])).content

    created = PdfReader(io.BytesIO(pdf)).metadata.creation_date
    finalized_at = datetime.fromisoformat(final["finalized_at"].replace("Z", "+00:00"))
    assert created == finalized_at.replace(microsecond=0)


async def test_delivery_dates_are_stored_shown_and_printed(client: httpx.AsyncClient) -> None:
    customer = await create_customer(client)
    lines = [
        {"description": "Warmtepomp", "unit_price": "4000", "delivery_date": "2026-11-03"},
        {"description": "Montage", "unit_price": "500"},
    ]
    invoice = await create_invoice(
        client, customer_id=customer["id"], lines=lines, delivery_date="2026-11-20"
    )
    assert invoice["delivery_date"] == "2026-11-20"
    assert [line["delivery_date"] for line in invoice["lines"]] == ["2026-11-03", None]

    text = normalise(
        "\n".join(pages((await client.get(f"/v1/invoices/{invoice['id']}/preview.pdf")).content))
    )
    assert "Leveringsdatum" in text
    assert "20 november 2026" in text
    assert "Leveringsdatum: 3 november 2026" in text

    cleared = await client.patch(f"/v1/invoices/{invoice['id']}", json={"delivery_date": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["delivery_date"] is None
    again = await client.patch(
        f"/v1/invoices/{invoice['id']}", json={"delivery_date": "2026-11-21"}
    )
    final = (await finalize(client, invoice["id"])).json()
    assert again.json()["delivery_date"] == final["delivery_date"] == "2026-11-21"
    assert (await client.get(f"/v1/invoices/{invoice['id']}")).json()["delivery_date"] == (
        "2026-11-21"
    )
    ubl = next(d for d in final["documents"] if d["filename"].endswith(".xml"))
    xml = (await client.get(ubl["content_url"])).content
    assert b"<cbc:ActualDeliveryDate>2026-11-21</cbc:ActualDeliveryDate>" in xml
    pdf = (await client.get(final["documents"][0]["content_url"])).content
    assert "21 november 2026" in normalise("\n".join(pages(pdf)))
