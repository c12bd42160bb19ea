"""The customer's invoice page as HTML (Jinja2, autoescaped) and the headers every `/p/` answer
carries.

Every value a user typed (names, addresses, descriptions) reaches the page through Jinja's
autoescape; the texts of the page are `t(...)` messages rendered in the administration's
language, and amounts and dates are formatted in it as on the PDF. The page loads nothing: its
one stylesheet is inline (allowed by its hash in the Content-Security-Policy) and the QR code is
a `data:` image, so the policy can forbid everything else.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app import placeholders
from app.i18n import Text, render, t
from app.invoicepage.service import InvoicePage, Status
from app.shared import vat

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = (TEMPLATES / "page.css").read_text(encoding="utf-8")
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLESHEET.encode("utf-8")).digest()).decode()

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "img-src data:",
        f"style-src 'sha256-{STYLE_HASH}'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}

TEXTS: dict[str, Text] = {
    "invoice": t("Invoice"),
    "credit_note": t("Credit note"),
    "invoice_number": t("Invoice {number}"),
    "credit_note_number": t("Credit note {number}"),
    "from": t("From"),
    "to": t("To"),
    "details": t("Details"),
    "number": t("Number"),
    "invoice_date": t("Invoice date"),
    "due_date": t("Due date"),
    "delivery_date": t("Delivery date"),
    "credits": t("Credits invoice"),
    "vat_number": t("VAT number"),
    "kvk_number": t("Chamber of Commerce number"),
    "lines": t("Lines"),
    "lines_caption": t("The invoice lines, with VAT per line"),
    "description": t("Description"),
    "quantity": t("Quantity"),
    "unit_price": t("Unit price"),
    "vat": t("VAT"),
    "amount": t("Amount"),
    "totals": t("Totals"),
    "subtotal": t("Subtotal excl. VAT"),
    "vat_over": t("VAT {rate} over {base}"),
    "total": t("Total incl. VAT"),
    "status": t("Status"),
    "amount_paid": t("Paid so far"),
    "amount_due": t("Amount due"),
    "pay": t("How to pay"),
    "pay_instruction": t(
        "Please transfer {amount} before {due_date} to {iban} in the name of {name}, "
        "quoting {reference}."
    ),
    "pay_no_iban": t("Please pay {amount} before {due_date}, quoting {reference}."),
    "iban": t("IBAN"),
    "bic": t("BIC"),
    "payee": t("In the name of"),
    "reference": t("Payment reference"),
    "qr_alt": t(
        "QR code for your banking app: a SEPA transfer of {amount} to {iban} ({name}), "
        "reference {reference}"
    ),
    "qr_caption": t("Scan with your banking app to pay"),
    "downloads": t("Downloads"),
    "download_pdf": t("Invoice as PDF ({filename})"),
    "download_ubl": t("E-invoice as UBL for bookkeeping software ({filename})"),
    "notes": t("Notes"),
    "not_found_title": t("Page not found"),
    "not_found": t(
        "This link does not lead to an invoice. It may have been mistyped, or replaced by a "
        "newer link; ask the sender of the invoice for the current one."
    ),
}
STATUS_TEXTS: dict[Status, Text] = {
    Status.open: t("Open"),
    Status.partially_paid: t("Partly paid"),
    Status.paid: t("Paid"),
    Status.credited: t("Credited"),
    Status.credit_note: t("Credit note: nothing to pay"),
}


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True, slots=True)
class Formatter:
    locale: str
    currency: str

    def money(self, value: Decimal) -> str:
        return placeholders.format_money(
            abs(value) if value == 0 else value, self.currency, self.locale
        )

    def number(self, value: Decimal) -> str:
        return format_decimal(
            abs(value) if value == 0 else value,
            locale=placeholders.babel_locale(self.locale),
            decimal_quantization=False,
        )

    def day(self, value: date) -> str:
        return placeholders.format_long_date(value, self.locale)

    @staticmethod
    def iban(value: str) -> str:
        """In groups of four, as IBANs are written for people (ISO 13616 paper format)."""
        compact = value.replace(" ", "").upper()
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))

    def rate(self, code: str) -> str:
        treatment = vat.TREATMENTS.get(code)
        if treatment is not None:
            return treatment.column[self.locale]
        return f"{self.number(Decimal(code))}%"


def _texts(locale: str) -> dict[str, Any]:
    return {name: _Fill(text, locale) for name, text in TEXTS.items()}


@dataclass(frozen=True, slots=True)
class _Fill:
    """A text for the template: `{{ text.name }}` as is, `{{ text.name(field=value) }}` filled
    (the fields are escaped by the template, the translation itself is ours)."""

    text: Text
    locale: str

    def __str__(self) -> str:
        return render(self.text, self.locale)

    def __call__(self, **fields: Any) -> str:
        return render(Text(self.text.msgid, fields), self.locale)


def invoice_html(page: InvoicePage, base_path: str) -> str:
    """The page; `base_path` is its own path (`/p/<token>`), for the download links."""
    doc = page.document
    locale = doc.locale
    fmt = Formatter(locale, doc.currency)
    return (
        _environment()
        .get_template("invoice.html")
        .render(
            lang=locale,
            text=_texts(locale),
            status_text=render(STATUS_TEXTS[page.state.status], locale),
            page=page,
            doc=doc,
            fmt=fmt,
            notices=[
                text
                for code in doc.treatments
                if (text := vat.notice(code, locale, small_business=doc.small_business_scheme))
            ],
            base_path=base_path,
            stylesheet=STYLESHEET,
        )
    )


def not_found_html(locale: str) -> str:
    return (
        _environment()
        .get_template("not_found.html")
        .render(lang=locale, text=_texts(locale), stylesheet=STYLESHEET)
    )
