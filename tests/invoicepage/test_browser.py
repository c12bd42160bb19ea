"""The customer's invoice page in a real browser: Debian's Chromium, driven by Playwright,
against `invoicer serve` (uvicorn) on the suite's database.

An invoice finalised and partly paid through the API is opened at its `public_url`: the page
renders its number and the amount still due, its QR code decodes to a SEPA transfer of that
amount to the IBAN, a 375 px
wide screen scrolls only vertically, the focus is visible, the texts have enough contrast, the
PDF and UBL download as stored, and nothing is refused by the page's Content-Security-Policy or
logged as an error. Revoked, the same URL is a 404 without a trace of the invoice; so is a
wrong token.

Needs the `playwright` package and /usr/bin/chromium (`apt-get install chromium`); without them
this module is skipped with one line, unless INVOICER_TEST_REQUIRE_BROWSER=1 (CI sets it, and
installs Chromium), which makes it fail instead.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pypdf
import pytest
import zxingcpp
from PIL import Image

from tests.support.factories import LINE, Tenant
from tests.support.invoicepage import token_of

CHROMIUM = os.environ.get("INVOICER_TEST_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("INVOICER_TEST_REQUIRE_BROWSER") == "1"
FOUND = Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None

try:
    from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright
except ImportError:  # pragma: no cover - depends on the machine
    if not REQUIRED:
        pytest.skip(
            "playwright is not installed: the invoice page's browser test is skipped",
            allow_module_level=True,
        )
    raise
if not FOUND and not REQUIRED:
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install chromium): the invoice page's browser "
        "test is skipped",
        allow_module_level=True,
    )

pytestmark = pytest.mark.anyio

UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
IBAN = "NL91ABNA0417164300"
IBAN_SHOWN = "NL91 ABNA 0417 1643 00"

# WCAG 2.x contrast of each element's text against the background it is drawn on.
CONTRAST = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => c.match(/[\\d.]+/g).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const fg = lum(parse(style.color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    out.push([el.tagName + "." + el.className, Math.round(ratio * 100) / 100]);
  }
  return out;
}
"""


class Console:
    """What the browser reports: console errors (CSP refusals among them) and page errors."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert FOUND, f"Chromium is required at {CHROMIUM} (INVOICER_TEST_REQUIRE_BROWSER=1)"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield launched
        finally:
            await launched.close()


async def _final_invoice(api: httpx.AsyncClient) -> dict[str, Any]:
    customer = await api.post(
        "/v1/customers",
        json={
            "name": "Sanne Bakker",
            "address": {"street": "Oudegracht 100", "postal_code": "3511 AV", "city": "Utrecht"},
        },
    )
    assert customer.status_code == 201, customer.text
    lines = [
        LINE,
        {
            "description": "Vervangen expansievat, inclusief afpersen en vullen installatie",
            "quantity": "2",
            "unit": "stuk",
            "unit_price": "87.50",
            "vat_rate": "9",
        },
    ]
    draft = await api.post(
        "/v1/invoices", json={"customer_id": customer.json()["id"], "lines": lines}
    )
    assert draft.status_code == 201, draft.text
    final = await api.post(f"/v1/invoices/{draft.json()['id']}/finalize", json={})
    assert final.status_code == 200, final.text
    return dict(final.json())


def _decode_qr(png: bytes) -> str:
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return str(code.text)


async def test_the_invoice_page_in_chromium(
    browser: Browser, page_server: str, tenant: Tenant, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {tenant.api_key}"}
    async with httpx.AsyncClient(base_url=page_server, headers=headers) as api:
        final = await _final_invoice(api)
        url = final["public_url"]
        assert url.startswith(f"{page_server}/p/")
        total = final["totals"]["total"]  # 121.00 + 2 x 87.50 x 1.09 = 311.75
        assert total == "311.75"
        # Partly paid: the page, and its QR code, ask for the rest.
        paid = await api.post(
            f"/v1/invoices/{final['id']}/payments",
            json={"amount": "11.75", "date": final["invoice_date"], "method": "bank"},
        )
        assert paid.status_code == 201, paid.text

        context = await browser.new_context(
            accept_downloads=True, device_scale_factor=2, viewport={"width": 1280, "height": 900}
        )
        page = await context.new_page()
        console = Console(page)
        response = await page.goto(url)
        assert response is not None
        assert response.status == 200
        assert await page.locator("h1").count() == 1
        assert await page.locator("h1").inner_text() == f"Factuur {final['number']}"
        assert await page.get_attribute("html", "lang") == "nl"
        summary = (await page.locator(".summary").inner_text()).replace("\xa0", " ")
        assert "Te betalen" in summary
        assert "€ 300,00" in summary
        assert "€ 11,75" in summary  # paid so far
        assert "Deels betaald" in await page.locator(".status").inner_text()
        assert await page.locator("table th[scope=col]").count() == 5

        # The QR code: a SEPA transfer of what is due, to the administration's IBAN.
        qr = page.locator("figure img")
        assert IBAN_SHOWN in (await qr.get_attribute("alt") or "")
        payload = _decode_qr(await qr.screenshot())
        fields = payload.split("\n")
        assert fields[:4] == ["BCD", "002", "1", "SCT"]
        assert fields[6] == IBAN
        assert fields[7] == "EUR300.00"
        assert fields[5] == "Testbedrijf B.V."
        assert final["number"] in payload

        # Keyboard users see where they are.
        await page.keyboard.press("Tab")
        outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        contrasts = await page.evaluate(CONTRAST)
        assert contrasts
        low = [(what, ratio) for what, ratio in contrasts if ratio < 4.5]
        assert not low, low

        # The stored documents download as they are.
        async with page.expect_download() as pdf_download:
            await page.locator("a[href$='/pdf']").click()
        pdf = await pdf_download.value
        stored = {d["kind"]: d for d in final["documents"]}
        assert pdf.suggested_filename == stored["pdf"]["filename"]
        pdf_path = tmp_path / pdf.suggested_filename
        await pdf.save_as(pdf_path)
        text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf_path).pages)
        assert final["number"] in text
        async with page.expect_download() as ubl_download:
            await page.locator("a[href$='/ubl']").click()
        ubl = await ubl_download.value
        assert ubl.suggested_filename == stored["ubl"]["filename"]
        ubl_path = tmp_path / ubl.suggested_filename
        await ubl.save_as(ubl_path)
        assert ET.parse(ubl_path).getroot().findtext("cbc:ID", namespaces=UBL) == final["number"]

        # A phone: 375 px wide, and nothing scrolls sideways.
        phone = await browser.new_context(
            viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
        )
        small = await phone.new_page()
        small_console = Console(small)
        await small.goto(url)
        widths = await small.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1] == 375, widths
        assert await small.locator("figure img").is_visible()
        await phone.close()

        assert console.errors == [], console.errors
        assert small_console.errors == [], small_console.errors

        # Revoked: the same URL is a 404 that shows nothing of the invoice.
        revoked = await api.delete(f"/v1/invoices/{final['id']}/public-link")
        assert revoked.status_code == 204
        gone = await page.goto(url)
        assert gone is not None
        assert gone.status == 404
        body = await page.content()
        for secret in (final["number"], "Sanne Bakker", "300,00", IBAN_SHOWN, "Onderhoud"):
            assert secret not in body
        assert await page.locator("img").count() == 0
        wrong = await page.goto(f"{page_server}/p/{secrets.token_urlsafe(32)}")
        assert wrong is not None
        assert wrong.status == 404
        assert await page.content() == body
        download = await page.goto(f"{url}/pdf")
        assert download is not None
        assert download.status == 404
        assert console.csp_violations() == []
        assert token_of(url) not in body
        await context.close()


async def test_the_console_watch_sees_a_csp_refusal(browser: Browser) -> None:
    """The check above could not fail if refusals never reached the console: one does."""
    page = await browser.new_page()
    console = Console(page)
    await page.set_content(
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<style>body{color:red}</style>"
    )
    await page.wait_for_timeout(100)
    assert console.csp_violations(), console.errors
    await page.close()


async def test_the_contrast_check_sees_low_contrast(browser: Browser) -> None:
    """The contrast script flags what WCAG fails: grey #999 on white is 2.85:1."""
    page = await browser.new_page()
    await page.set_content('<p style="color:#999">grey</p><p style="color:#1f2328">dark</p>')
    ratios = [ratio for _, ratio in await page.evaluate(CONTRAST)]
    assert ratios == [2.85, 15.8]
    await page.close()
