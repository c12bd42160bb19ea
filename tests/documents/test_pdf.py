"""Real PDFs rendered and read back: what a Dutch invoice must show, layouts, safety, QR codes."""

from __future__ import annotations

import io
import re
import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import anyio
import pypdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from app.documents.layouts import LayoutError, available_layouts
from app.documents.pdf import (
    MAX_LOGO_BYTES,
    epc_qr_payload,
    render,
    render_async,
    validate_logo,
)
from app.documents.snapshot import Vat
from app.documents.viewmodel import REVERSE_CHARGE, InvoiceDocument, PartyView, TemplateOptions
from tests.documents.samples import BUYER, IBAN, document, image_count, line
from tests.support.pdf import pdf_pages, pdf_text

CLASSIC = TemplateOptions()
MM = 72 / 25.4


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    bitmap = pypdfium2.PdfDocument(pdf)[page].render(scale=3)
    return [code.text for code in zxingcpp.read_barcodes(bitmap.to_pil())]


def png(width: int = 120, height: int = 40, mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (200, 30, 30, 128) if mode == "RGBA" else "navy").save(
        buffer, "PNG"
    )
    return buffer.getvalue()


def jpeg(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


# --- what the invoice shows ------------------------------------------------------------------


def test_invoice_shows_parties_lines_and_dutch_totals() -> None:
    printed = pdf_text(render(document(), CLASSIC))

    for expected in (
        "Factuur",
        "Jansen Installatietechniek B.V.",
        "KvK-nummer 12345678",
        "BTW-nummer NL123456789B01",
        "Keizersgracht 1",
        "De Vries Bouw B.V.",
        "Marktplein 12",
        "Factuurnummer",
        "2026-00042",
        "23 november 2026",
        "7 december 2026",
        "Installatie warmtepomp",
        "Arbeid monteur",
        "2,5 uur",
        "Onderhoudscontract 2027",
        "€ 1.000,00",
        "Subtotaal",
        "€ 1.447,06",
        "BTW 21% over € 1.212,50",
        "€ 254,63",
        "BTW 9% over € 234,56",
        "€ 21,11",
        "€ 1.722,80",
        IBAN,
        "ABNANL2A",
        "Betalingskenmerk",
        "Pagina 1 van 1",
    ):
        assert expected in printed, expected
    assert "21%" in printed
    assert "9%" in printed
    assert "BTW verlegd" not in printed


def test_reverse_charge_says_btw_verlegd_with_the_buyers_vat_number() -> None:
    doc = document(
        (line("Advies grensoverschrijdend", "4", "125.00", vat_rate=REVERSE_CHARGE),),
        buyer=PartyView(
            "Müller GmbH", ("Hauptstraße 5", "10115 Berlin", "Duitsland"), "DE123456789"
        ),
    )

    printed = pdf_text(render(doc, CLASSIC))

    assert "BTW verlegd" in printed
    assert "DE123456789" in printed
    assert "verlegd" in printed.split("Advies grensoverschrijdend")[1]  # the line's rate column
    assert "€ 500,00" in printed


def test_each_zero_vat_treatment_prints_its_legal_text_once() -> None:
    doc = document(
        (
            line("Warmtepomp", "1", "4000.00", vat_rate="intra_community"),
            line("Montage-advies", "2", "125.00", vat_rate=REVERSE_CHARGE),
            line("Tweede warmtepomp", "1", "4000.00", vat_rate="intra_community"),
        ),
        buyer=PartyView(
            "Müller GmbH", ("Hauptstraße 5", "10115 Berlin", "Duitsland"), "DE136695976"
        ),
    )

    printed = pdf_text(render(doc, CLASSIC))

    notices = printed.splitlines()
    assert notices.count("Intracommunautaire levering") == 1
    assert notices.count("BTW verlegd") == 1  # beside "BTW verlegd over ..." in the totals
    # Both treatments need the buyer's VAT number; it is printed once beside them (and once in
    # the buyer's block).
    assert printed.count("BTW-nummer afnemer: DE136695976") == 1
    assert "0% ICL" in printed.split("Warmtepomp")[1]  # the line's rate column


@pytest.mark.parametrize(
    ("vat_rate", "locale", "small_business", "expected"),
    [
        ("export", "nl", False, "Uitvoer buiten de EU, 0% btw"),
        ("export", "en", False, "Export outside the EU, 0% VAT"),
        ("exempt", "nl", False, "Vrijgesteld van btw"),
        (
            "exempt",
            "nl",
            True,
            "Vrijgesteld van btw op grond van de kleineondernemersregeling (KOR)",
        ),
        ("exempt", "en", True, "Exempt from VAT under the Dutch small businesses scheme (KOR)"),
    ],
)
def test_export_and_exemptions_print_their_reason(
    vat_rate: str, locale: str, small_business: bool, expected: str
) -> None:
    doc = replace(
        document((line("Levering", "1", "100.00", vat_rate=vat_rate),), locale=locale),
        small_business_scheme=small_business,
    )
    printed = " ".join(pdf_text(render(doc, CLASSIC)).split())

    assert expected in printed
    assert "BTW-nummer afnemer" not in printed
    assert "Customer VAT number" not in printed


def test_watermark_is_printed_only_when_set() -> None:
    assert "CONCEPT" in pdf_text(render(document(watermark="CONCEPT", number=None), CLASSIC))
    assert "CONCEPT" not in pdf_text(render(document(), CLASSIC))


def test_draft_without_number_shows_concept_in_place_of_the_number() -> None:
    printed = pdf_text(render(document(number=None, payment_reference=None), CLASSIC))

    assert "Factuurnummer" in printed
    assert "concept" in printed
    assert "Vermeld bij uw betaling" not in printed


def test_credit_note_refers_to_the_credited_invoice() -> None:
    credit = (line("Creditering arbeid monteur", "-2.5", "85.00", unit="uur"),)
    doc = document(
        credit, kind="credit_note", number="2026-00043", credited_invoice_number="2026-00042"
    )

    printed = pdf_text(render(doc, CLASSIC))

    assert "Creditnota" in printed
    assert "Creditnota voor factuur" in printed
    assert "2026-00042" in printed
    assert "€ -257,13" in printed  # -212.50 and 21% VAT
    assert "wordt met u verrekend" in printed


def test_notes_keep_their_line_breaks() -> None:
    printed = pdf_text(render(document(notes="Eerste regel\nTweede regel"), CLASSIC))

    assert "Toelichting" in printed
    assert "Eerste regel\nTweede regel" in printed


def test_english_locale_uses_english_labels_and_formats() -> None:
    doc = document((line("Consulting", "10", "123.456", vat_rate=REVERSE_CHARGE),), locale="en")

    printed = pdf_text(render(doc, CLASSIC))

    for expected in (
        "Invoice",
        "Invoice number",
        "Due date",
        "7 December 2026",
        "€1,234.56",
        "€123.456",
        "VAT reverse-charged",
        "Customer VAT number: NL987654321B01",
        "Page 1 of 1",
        "Scan to pay",
    ):
        assert expected in printed, expected
    assert "Factuur" not in printed


def test_label_overrides_replace_the_layouts_labels() -> None:
    options = TemplateOptions(labels={"invoice": "Nota", "page": "Blad {page}/{pages}"})

    printed = pdf_text(render(document(), options))

    assert "Nota" in printed
    assert "Blad 1/1" in printed


@pytest.mark.parametrize("layout", ["classic", "modern"])
def test_every_layout_renders_the_same_facts(layout: str) -> None:
    options = TemplateOptions(layout=layout, accent_color="#AA3366", footer_text="Bedankt!")

    printed = pdf_text(render(document(), options))

    for expected in ("De Vries Bouw B.V.", "Arbeid monteur", "€ 1.722,80", "Bedankt!", IBAN):
        assert expected in printed


def test_layouts_look_different() -> None:
    classic = pypdfium2.PdfDocument(render(document(), CLASSIC))[0].render(scale=0.5).to_pil()
    modern = pypdfium2.PdfDocument(render(document(), TemplateOptions(layout="modern")))[0]
    top_left_pixel = modern.render(scale=0.5).to_pil().getpixel((5, 5))

    assert classic.getpixel((5, 5)) == (255, 255, 255)
    assert top_left_pixel != (255, 255, 255)  # the modern layout's colour band


def test_same_input_gives_identical_bytes() -> None:
    assert render(document(), CLASSIC) == render(document(), CLASSIC)


# --- many lines ------------------------------------------------------------------------------


def test_long_invoice_numbers_pages_and_repeats_the_table_header() -> None:
    lines = tuple(
        line(f"Regel {n:03d} " + ("met een lange omschrijving " * 6 if n % 25 == 0 else ""))
        for n in range(400)
    )

    pages = pdf_pages(render(document(lines), CLASSIC))

    count = len(pages)
    assert count >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {count}" in page
        assert "Omschrijving" in page
        assert "Bedrag" in page
    everything = "\n".join(pages)
    for n in range(400):
        assert everything.count(f"Regel {n:03d}") == 1
    assert "€ 48.400,00" in pages[-1]  # 400 x 100.00 plus 21% VAT, on the last page


def test_long_description_wraps_within_its_column() -> None:
    words = "Levering en montage van een hybride warmtepomp met buffervat " * 3
    doc = document((line(words.strip()),))

    printed = pdf_text(render(doc, CLASSIC))

    cell = printed.split("Bedrag\n")[1].split("\n1\n")[0].splitlines()
    assert len(cell) >= 3
    assert " ".join(cell) == words.strip()


def test_a_line_longer_than_a_page_continues_on_the_next_page() -> None:
    doc = document((line("kort"), line("woord " * 3000), line("daarna")))

    pages = pdf_pages(render(doc, CLASSIC))

    assert len(pages) >= 3
    assert sum(page.count("woord") for page in pages) == 3000
    assert "daarna" in pages[-1] or "daarna" in pages[-2]


# --- user text is printed literally ----------------------------------------------------------


def test_markup_in_user_text_is_printed_literally() -> None:
    name = "<b>Jansen & Zn</b> <BV>"
    long = name + " " + "lange omschrijving " * 8  # wraps, so it goes through a Paragraph
    doc = document(
        (line(name), line(long)),
        buyer=replace(BUYER, name=name, address_lines=("<i>Straat</i> & 1",)),
        notes=f"{name}\n&amp; &lt;geen entiteit&gt;",
    )
    options = TemplateOptions(footer_text=name, labels={"notes": "<u>Noot</u> &"})

    printed = pdf_text(render(doc, options))

    assert printed.count(name) >= 5  # buyer, both lines, notes, footer
    assert "<i>Straat</i> & 1" in printed
    assert "&amp; &lt;geen entiteit&gt;" in printed
    assert "<u>Noot</u> &" in printed


def test_image_markup_in_user_text_loads_nothing(tmp_path: Path) -> None:
    picture = tmp_path / "secret.png"
    picture.write_bytes(png())
    tag = f'<img src="{picture}" width="100" height="100"/>'
    doc = document(
        (line(tag), line(tag + " " + "x " * 80)),
        notes=f'{tag}<link href="file:///etc/passwd">x</link><font name="Courier">y</font>',
    )

    pdf = render(doc, TemplateOptions(footer_text=tag))

    assert image_count(pdf) == 0
    assert all("/Annots" not in page for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert tag in " ".join(pdf_text(pdf).split())  # printed, if wrapped over lines


def test_control_characters_do_not_break_rendering() -> None:
    doc = document((line("tab\there\x00nul\x1bescape\x7f"),), notes="a\rb\x0cc")

    printed = pdf_text(render(doc, CLASSIC))

    assert "tab here" in printed


# --- the scan-to-pay code --------------------------------------------------------------------


def test_epc_qr_code_decodes_to_the_payment() -> None:
    doc = document()

    codes = qr_codes(render(doc, CLASSIC))

    assert codes == [
        "BCD\n002\n1\nSCT\nABNANL2A\nJansen Installatietechniek B.V.\n"
        f"{IBAN}\nEUR1722.80\n\n\n2026-00042"
    ]


def test_epc_qr_code_in_the_modern_layout_decodes_too() -> None:
    codes = qr_codes(render(document(), TemplateOptions(layout="modern")))

    assert len(codes) == 1
    assert IBAN in codes[0]
    assert "EUR1722.80" in codes[0]
    assert "2026-00042" in codes[0]


@pytest.mark.parametrize(
    "changes",
    [
        {"iban": None},
        {"lines": (line("Gratis proefperiode", "1", "0.00"),)},
        {"lines": (line("Creditering", "-1", "50.00"),), "kind": "credit_note"},
    ],
    ids=["no-iban", "zero-total", "negative-total"],
)
def test_no_qr_code_without_something_to_pay(changes: dict[str, object]) -> None:
    lines = changes.pop("lines", None)
    doc = document(lines, **changes)  # type: ignore[arg-type]

    assert epc_qr_payload(doc) is None
    assert qr_codes(render(doc, CLASSIC)) == []


def test_epc_payload_puts_a_creditor_reference_in_the_structured_field() -> None:
    payload = epc_qr_payload(document(payment_reference="RF18 5390 0754 7034", bic=None))

    assert payload is not None
    assert payload.split("\n") == [
        "BCD", "002", "1", "SCT", "", "Jansen Installatietechniek B.V.", IBAN, "EUR1722.80",
        "", "RF18539007547034",
    ]  # fmt: skip


def test_epc_payload_keeps_user_text_on_its_own_line_and_within_limits() -> None:
    seller = replace(document().seller, name="Naam\nmet regeleinde " + "x" * 100)

    payload = epc_qr_payload(document(seller=seller, payment_reference="ref\nBCD"))

    assert payload is not None
    fields = payload.split("\n")
    assert len(fields) == 11
    assert fields[5].startswith("Naam met regeleinde")
    assert len(fields[5]) == 70
    assert fields[10] == "ref BCD"


# --- logos -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["classic", "modern"])
@pytest.mark.parametrize("logo", [png(), png(mode="RGB"), jpeg()], ids=["png-alpha", "png", "jpeg"])
def test_logo_is_embedded(layout: str, logo: bytes) -> None:
    pdf = render(document(), TemplateOptions(layout=layout, logo=logo))

    assert image_count(pdf) == 1


def test_validate_logo_accepts_png_and_jpeg() -> None:
    assert validate_logo(png()) == "png"
    assert validate_logo(jpeg()) == "jpeg"


@pytest.mark.parametrize(
    "data",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"just some text",
        png(width=2001, height=10),
        png()[:40],
        b"\x89PNG" + b"\0" * (MAX_LOGO_BYTES + 1),
    ],
    ids=["svg", "text", "too-many-pixels", "truncated", "too-many-bytes"],
)
def test_validate_logo_rejects(data: bytes) -> None:
    with pytest.raises(ValueError, match="logo"):
        validate_logo(data)


def test_validate_logo_rejects_other_image_types() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")

    with pytest.raises(ValueError, match="PNG or JPEG"):
        validate_logo(buffer.getvalue())


# --- post ------------------------------------------------------------------------------------


def test_letter_puts_the_buyer_address_in_the_envelope_window() -> None:
    pdf = render(document(letter=True), CLASSIC)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    height = float(page.mediabox.height)
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        positions.setdefault(text.strip(), (tm[4] / MM, (height - tm[5]) / MM))

    page.extract_text(visitor_text=visit)

    left, top = positions["De Vries Bouw B.V."]
    assert 20 <= left <= 30  # window from 20 mm, address 5 mm inside it
    assert 45 <= top <= 90  # window from 45 mm down
    return_line = "Jansen Installatietechniek B.V. · Keizersgracht 1 · 1015 CJ Amsterdam"
    assert 45 <= positions[return_line][1] < top  # small, in the window, above the address


# --- options and errors ----------------------------------------------------------------------


def test_unknown_layout_is_rejected() -> None:
    with pytest.raises(LayoutError):
        render(document(), TemplateOptions(layout="../../etc"))


def test_unknown_label_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown label"):
        render(document(), TemplateOptions(labels={"no_such_label": "x"}))


def test_bad_accent_colour_is_rejected() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        TemplateOptions(accent_color="red")


def test_both_layouts_are_available() -> None:
    assert available_layouts() == ["classic", "modern"]


# --- concurrency -----------------------------------------------------------------------------


def test_render_from_several_threads_at_once() -> None:
    # ReportLab with embedded fonts fails now and then when documents are built concurrently;
    # render() serialises them, so every thread gets a complete PDF.
    docs = [document((line(f"Thread-regel {n}"),)) for n in range(6)]
    results: dict[int, bytes] = {}

    def work(n: int) -> None:
        for _ in range(3):
            results[n] = render(docs[n], CLASSIC)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for n in range(6):
        assert f"Thread-regel {n}" in pdf_text(results[n])
        assert results[n] == render(docs[n], CLASSIC)


@pytest.mark.anyio
async def test_render_async_renders_concurrent_requests_one_at_a_time() -> None:
    docs = [document((line(f"Async-regel {n}"),)) for n in range(5)]
    results: dict[int, bytes] = {}

    async def one(n: int) -> None:
        results[n] = await render_async(docs[n], CLASSIC)

    async with anyio.create_task_group() as group:
        for n in range(5):
            group.start_soon(one, n)

    for n in range(5):
        assert re.search(rf"Async-regel {n}\b", pdf_text(results[n]))
        assert results[n].startswith(b"%PDF-")


def test_money_is_never_rounded_silently() -> None:
    doc = document((line("Kleine onderdelen", "1000", "0.125"),))

    printed = pdf_text(render(doc, CLASSIC))

    assert "€ 0,125" in printed
    assert "€ 125,00" in printed
    assert doc.lines[0].amount == Decimal("125.00")


# --- issue 16: drafts, page flow, credit notes, creation date ----------------------------------


def test_a_draft_preview_carries_no_qr_code() -> None:
    draft = document(number=None, payment_reference=None, watermark="CONCEPT")

    assert epc_qr_payload(draft) is None
    assert qr_codes(render(draft, CLASSIC)) == []
    assert "Scan om te betalen" not in pdf_text(render(draft, CLASSIC))


def closing_pages(pdf: bytes) -> tuple[list[int], int, int]:
    """Lines per page, and the pages (1-based) of the total and of the payment block."""
    pages = pdf_pages(pdf)
    counts = [page.count("Regel ") for page in pages]
    total = next(n for n, page in enumerate(pages, 1) if "Totaal" in page)
    payment = next(n for n, page in enumerate(pages, 1) if "Gelieve" in page)
    return counts, total, payment


@pytest.mark.parametrize("layout", ["classic", "modern"])
@pytest.mark.parametrize("count", [56, 60, 62, 65])
def test_the_payment_block_keeps_with_the_totals(layout: str, count: int) -> None:
    doc = document(tuple(line(f"Regel {n:03d}") for n in range(count)))

    pdf = render(doc, TemplateOptions(layout=layout))
    counts, total, payment = closing_pages(pdf)

    assert payment == total  # the QR code never stands alone on a page
    assert qr_codes(pdf, payment - 1) != []
    assert sum(counts) == count
    # The first page holds as many lines as fit under its header: as many as when hundreds follow.
    many = document(tuple(line(f"Regel {n:03d}") for n in range(200)))
    full = pdf_pages(render(many, TemplateOptions(layout=layout)))
    assert counts[0] == full[0].count("Regel ") >= 27


@pytest.mark.parametrize("count", [5, 50, 55])
def test_a_closing_that_fits_stays_on_the_page_of_the_last_lines(count: int) -> None:
    doc = document(tuple(line(f"Regel {n:03d}") for n in range(count)))

    counts, total, payment = closing_pages(render(doc, CLASSIC))

    assert total == payment == len(counts)
    assert counts[-1] > 0


def credit_note(**changes: object) -> InvoiceDocument:
    credit = (line("Creditering arbeid monteur", "-2.5", "85.00", unit="uur"),)
    return document(
        credit,
        kind="credit_note",
        number="2026-00043",
        payment_reference="2026-00043",
        credited_invoice_number="2026-00042",
        **changes,
    )


@pytest.mark.parametrize("layout", ["classic", "modern"])
@pytest.mark.parametrize("locale", ["nl", "en"])
def test_a_credit_note_has_no_due_date_and_no_payment_reference(layout: str, locale: str) -> None:
    printed = pdf_text(render(credit_note(locale=locale), TemplateOptions(layout=layout)))

    for label in ("Vervaldatum", "Betalingskenmerk", "Due date", "Payment reference"):
        assert label not in printed
        assert label.upper() not in printed
    assert ("wordt met u verrekend" if locale == "nl" else "settled with you") in printed


def test_negative_zero_is_printed_as_zero() -> None:
    zero = Decimal("-0.00")
    lines = (
        line("Creditering arbeid monteur", "-2.5", "85.00"),
        line("Gratis onderdeel", "-1", "0.00", vat_rate="9"),
    )
    doc = document(lines, kind="credit_note")
    doc = replace(
        doc,
        vat=(*doc.vat[:1], Vat("9", zero, zero)),
        lines=(doc.lines[0], replace(doc.lines[1], amount=zero, quantity=Decimal("-0"))),
    )

    printed = pdf_text(render(doc, CLASSIC))
    total_zero = pdf_text(
        render(
            replace(
                doc, lines=doc.lines[1:], subtotal=zero, vat=(Vat("9", zero, zero),), total=zero
            ),
            CLASSIC,
        )
    )

    for text in (printed, total_zero):
        assert not re.search(r"-\s*0(?![\d.])", text.replace("2026-00042", "")), text
        assert "€ 0,00" in text
    assert "BTW 9% over € 0,00" in printed


def creation_date(pdf: bytes) -> object:
    return pypdf.PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"]


def test_the_creation_date_is_the_documents_time_and_deterministic() -> None:
    finalised = datetime(2026, 11, 23, 14, 5, 9, tzinfo=UTC)
    doc = document(created_at=finalised)

    pdf = render(doc, CLASSIC)

    assert creation_date(pdf) == "D:20261123140509+00'00'"
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.creation_date == finalised
    assert render(doc, CLASSIC) == pdf  # the same input still gives the same bytes
    later = render(replace(doc, created_at=datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)), CLASSIC)
    assert creation_date(later) == "D:20270102030405+00'00'"


@pytest.mark.parametrize("layout", ["classic", "modern"])
@pytest.mark.parametrize(
    ("locale", "label", "day", "line_day"),
    [
        ("nl", "Leveringsdatum", "20 november 2026", "3 november 2026"),
        ("en", "Delivery date", "20 November 2026", "3 November 2026"),
    ],
)
def test_delivery_dates_are_printed(
    layout: str, locale: str, label: str, day: str, line_day: str
) -> None:
    lines = (
        replace(line("Installatie warmtepomp", "1", "1000.00"), delivery_date=date(2026, 11, 3)),
        replace(line("Arbeid monteur"), delivery_date=date(2026, 11, 20)),  # as the invoice's
        line("Onderhoudscontract"),
    )
    doc = document(lines, locale=locale, delivery_date=date(2026, 11, 20))

    printed = pdf_text(render(doc, TemplateOptions(layout=layout)))

    header_label = label.upper() if layout == "modern" else label
    assert header_label in printed
    assert day in printed
    assert f"{label}: {line_day}" in printed  # under the line that has its own
    assert printed.count(f"{label}:") == 1
    without = pdf_text(render(document(locale=locale), TemplateOptions(layout=layout)))
    assert label not in without
    assert label.upper() not in without


@pytest.mark.parametrize("layout", ["classic", "modern"])
def test_cjk_is_printed_in_the_fallback_font_and_markup_stays_literal(layout: str) -> None:
    doc = document(
        (line("東京 出張 <b>&amp; 設置</b>"), line("株式会社 " + "長い説明 " * 30)),
        buyer=replace(BUYER, name="株式会社 東京商事", address_lines=("東京都千代田区 1-1",)),
        notes="備考: 東京 & <i>x</i>",
    )

    pdf = render(doc, TemplateOptions(layout=layout))

    printed = pdf_text(pdf)
    assert "東京 出張 <b>&amp; 設置</b>" in printed
    assert "備考: 東京 & <i>x</i>" in printed
    compact = "".join(printed.split())  # runs in two fonts are drawn (and read back) apart
    assert "株式会社東京商事" in compact
    assert "東京都千代田区1-1" in compact
    assert printed.count("長い説明") == 30
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert "WenQuanYiMicroHei-0" in fonts
    # Where DejaVu has the glyph, DejaVu prints it: a Latin-only invoice embeds no CJK font.
    latin = pypdf.PdfReader(io.BytesIO(render(document(), TemplateOptions(layout=layout))))
    assert not any(
        "WenQuanYi" in str(font.get_object()["/BaseFont"])
        for page in latin.pages
        for font in page["/Resources"]["/Font"].values()
    )
