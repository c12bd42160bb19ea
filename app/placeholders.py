"""`[name]` placeholders in mail texts and invoice notes: plain substitution, never code.

A placeholder is `[` + a lower-case ASCII letter + lower-case letters, digits or `_` + `]`
(`PLACEHOLDER_PATTERN`). Anything else between brackets is ordinary text. Substitution is one
pass over the user's text: a value is never scanned again, so a value that happens to contain
`[deze_maand]` stays as it is. Placeholders without a value are left exactly as written.

Values are data, never markup: in an HTML text (`render_html`) every value is HTML-escaped, while
the template's own HTML stays as written; plain texts (subjects, plain bodies, notes) get the
values as they are.

Locales: `nl` formats as Babel's `nl_NL`, `en` as `en_GB` (day-month-year dates and euro amounts
the way European English readers expect them). Placeholder names are Dutch in both locales.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_currency, get_currency_precision

BABEL_LOCALES: Mapping[str, str] = {"nl": "nl_NL", "en": "en_GB"}

PLACEHOLDER_PATTERN = re.compile(r"\[([a-z][a-z0-9_]*)\]")

# Ordered as the catalogue lists them.
_MAIL_NAMES = (
    "vorige_maand",
    "deze_maand",
    "volgende_maand",
    "vorig_jaar",
    "dit_jaar",
    "volgend_jaar",
)
_NOTE_NAMES = (
    "vorige_maand_factuur",
    "deze_maand_factuur",
    "volgende_maand_factuur",
    "vorig_kwartaal_factuur",
    "dit_kwartaal_factuur",
    "volgend_kwartaal_factuur",
    "vorig_jaar_factuur",
    "dit_jaar_factuur",
    "volgend_jaar_factuur",
)
_INVOICE_NAMES = (
    "factuurnummer",
    "factuurdatum",
    "vervaldatum",
    "betaaltermijn",
    "subtotaal",
    "btw",
    "totaal",
    "klant_naam",
    "bedrijf_naam",
    "administratie_naam",
    "iban",
    "bic",
    "betaalkenmerk",
)
# The link to the invoice's page for the customer: mails only. A note is frozen into the PDF at
# finalisation, and a link printed there would outlive its revocation.
_LINK_NAMES = ("factuur_link",)
MAIL_PLACEHOLDERS = frozenset(_MAIL_NAMES)
NOTE_PLACEHOLDERS = frozenset(_NOTE_NAMES)
INVOICE_PLACEHOLDERS = frozenset(_INVOICE_NAMES)
LINK_PLACEHOLDERS = frozenset(_LINK_NAMES)
# A mail is always about one invoice, so its texts may also use the invoice's own dates.
ALLOWED_IN_MAIL = MAIL_PLACEHOLDERS | NOTE_PLACEHOLDERS | INVOICE_PLACEHOLDERS | LINK_PLACEHOLDERS
# Notes are dated by the booking date only (seed 004): "today" has no meaning in a note.
ALLOWED_IN_NOTES = NOTE_PLACEHOLDERS | INVOICE_PLACEHOLDERS


def babel_locale(locale: str) -> str:
    try:
        return BABEL_LOCALES[locale]
    except KeyError:
        supported = ", ".join(sorted(BABEL_LOCALES))
        raise ValueError(f"unsupported locale {locale!r}; supported: {supported}") from None


# --- the text machinery ----------------------------------------------------------------------


def render(text: str, values: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else value

    # A callback (not a replacement template) so backslashes in values are taken literally.
    return PLACEHOLDER_PATTERN.sub(substitute, text)


def render_html(text: str, values: Mapping[str, str]) -> str:
    """`render` for an HTML text: each value is escaped (`<`, `>`, `&` and both quotes), so a
    customer named `<a href="...">Betaal hier</a>` shows as that text and never becomes a link
    in a mail sent from the administration's own address. The template's HTML is kept."""
    return render(text, {name: html.escape(value) for name, value in values.items()})


def find_placeholders(text: str) -> list[str]:
    """Names of the placeholders in `text`, each once, in order of first appearance."""
    return list(dict.fromkeys(PLACEHOLDER_PATTERN.findall(text)))


def unknown_placeholders(text: str, allowed: Iterable[str]) -> list[str]:
    known = frozenset(allowed)
    return [name for name in find_placeholders(text) if name not in known]


# --- date values -----------------------------------------------------------------------------


def _month_shift(day: date, months: int) -> date:
    """The first day of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_name(first_day: date, locale: str) -> str:
    # "LLLL" is the stand-alone month name: the form used without a day (nl: "maart 2014").
    return format_date(first_day, "LLLL y", locale=babel_locale(locale))


def _quarter_name(first_day: date, locale: str) -> str:
    quarter = (first_day.month - 1) // 3 + 1
    # Spelled out here rather than taken from CLDR, whose quarter names vary between releases.
    if babel_locale(locale).startswith("nl"):
        return f"{quarter}e kwartaal {first_day.year}"
    return f"Q{quarter} {first_day.year}"


def mail_date_values(today: date, locale: str) -> dict[str, str]:
    return {
        "vorige_maand": _month_name(_month_shift(today, -1), locale),
        "deze_maand": _month_name(_month_shift(today, 0), locale),
        "volgende_maand": _month_name(_month_shift(today, 1), locale),
        "vorig_jaar": str(today.year - 1),
        "dit_jaar": str(today.year),
        "volgend_jaar": str(today.year + 1),
    }


def note_date_values(invoice_date: date, locale: str) -> dict[str, str]:
    quarter_start = date(invoice_date.year, (invoice_date.month - 1) // 3 * 3 + 1, 1)
    return {
        "vorige_maand_factuur": _month_name(_month_shift(invoice_date, -1), locale),
        "deze_maand_factuur": _month_name(_month_shift(invoice_date, 0), locale),
        "volgende_maand_factuur": _month_name(_month_shift(invoice_date, 1), locale),
        "vorig_kwartaal_factuur": _quarter_name(_month_shift(quarter_start, -3), locale),
        "dit_kwartaal_factuur": _quarter_name(quarter_start, locale),
        "volgend_kwartaal_factuur": _quarter_name(_month_shift(quarter_start, 3), locale),
        "vorig_jaar_factuur": str(invoice_date.year - 1),
        "dit_jaar_factuur": str(invoice_date.year),
        "volgend_jaar_factuur": str(invoice_date.year + 1),
    }


# --- invoice values --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InvoiceFacts:
    """What placeholders may say about one invoice; a plain view, never an ORM object."""

    number: str | None
    invoice_date: date
    due_date: date
    subtotal: Decimal
    vat_total: Decimal
    total: Decimal
    currency: str = "EUR"
    customer_name: str | None = None
    company_name: str | None = None
    administration_name: str
    iban: str | None = None
    bic: str | None = None
    payment_reference: str | None = None
    # The invoice's page for the customer (final invoices with a working link).
    public_url: str | None = None


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    # Rounded half-up like every amount on the invoice; Babel would round half-even.
    exponent = Decimal(1).scaleb(-get_currency_precision(currency))
    rounded = amount.quantize(exponent, rounding=ROUND_HALF_UP)
    return format_currency(rounded, currency, locale=babel_locale(locale))


def format_long_date(day: date, locale: str) -> str:
    return format_date(day, "long", locale=babel_locale(locale))


def invoice_values(facts: InvoiceFacts, locale: str) -> dict[str, str]:
    """Values of `INVOICE_PLACEHOLDERS`.

    `factuurnummer` (and `betaalkenmerk` without an explicit reference) is missing until the
    invoice is final, so a draft preview keeps `[factuurnummer]` as written; `factuur_link`
    likewise, and while the invoice's link is revoked. `klant_naam` is the
    addressee: the customer, or the company on a company-level invoice, so "Beste [klant_naam],"
    always greets someone. Other missing facts give an empty string.
    """

    def money(amount: Decimal) -> str:
        return format_money(amount, facts.currency, locale)

    values = {
        "factuurdatum": format_long_date(facts.invoice_date, locale),
        "vervaldatum": format_long_date(facts.due_date, locale),
        "betaaltermijn": str((facts.due_date - facts.invoice_date).days),
        "subtotaal": money(facts.subtotal),
        "btw": money(facts.vat_total),
        "totaal": money(facts.total),
        "klant_naam": facts.customer_name or facts.company_name or "",
        "bedrijf_naam": facts.company_name or "",
        "administratie_naam": facts.administration_name,
        "iban": facts.iban or "",
        "bic": facts.bic or "",
    }
    if facts.number is not None:
        values["factuurnummer"] = facts.number
    if facts.public_url is not None:
        values["factuur_link"] = facts.public_url
    reference = facts.payment_reference or facts.number
    if reference is not None:
        values["betaalkenmerk"] = reference
    return values


# --- the two kinds of text -------------------------------------------------------------------


def mail_values(*, today: date, locale: str, facts: InvoiceFacts | None = None) -> dict[str, str]:
    """Every value for a mail's subject and body; `today` in the administration's time zone."""
    values = mail_date_values(today, locale)
    if facts is not None:
        values |= note_date_values(facts.invoice_date, locale)
        values |= invoice_values(facts, locale)
    return values


def note_values(
    *, invoice_date: date, locale: str, facts: InvoiceFacts | None = None
) -> dict[str, str]:
    if facts is not None and facts.invoice_date != invoice_date:
        raise ValueError("facts.invoice_date differs from the invoice date of the note")
    values = note_date_values(invoice_date, locale)
    if facts is not None:
        values |= {
            name: value
            for name, value in invoice_values(facts, locale).items()
            if name in ALLOWED_IN_NOTES
        }
    return values


def render_mail_text(
    text: str, *, today: date, locale: str, facts: InvoiceFacts | None = None
) -> str:
    return render(text, mail_values(today=today, locale=locale, facts=facts))


def render_mail_html(
    text: str, *, today: date, locale: str, facts: InvoiceFacts | None = None
) -> str:
    return render_html(text, mail_values(today=today, locale=locale, facts=facts))


def render_note(
    text: str, *, invoice_date: date, locale: str, facts: InvoiceFacts | None = None
) -> str:
    return render(text, note_values(invoice_date=invoice_date, locale=locale, facts=facts))


# --- the catalogue (GET /v1/placeholders) ----------------------------------------------------

Context = Literal["mail", "note", "invoice"]


@dataclass(frozen=True)
class PlaceholderInfo:
    name: str
    context: Context
    description: str
    example: str
    in_mail: bool
    in_notes: bool

    @property
    def token(self) -> str:
        return f"[{self.name}]"


# The seed's own example day (April 2014) unless the caller passes today.
EXAMPLE_DATE = date(2014, 4, 15)

_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "vorige_maand": (
        "De maand vóór de maand waarin de mail wordt gemaakt",
        "The month before the month the mail is made in",
    ),
    "deze_maand": ("De maand waarin de mail wordt gemaakt", "The month the mail is made in"),
    "volgende_maand": (
        "De maand na de maand waarin de mail wordt gemaakt",
        "The month after the month the mail is made in",
    ),
    "vorig_jaar": (
        "Het jaar vóór het jaar waarin de mail wordt gemaakt",
        "The year before the year the mail is made in",
    ),
    "dit_jaar": ("Het jaar waarin de mail wordt gemaakt", "The year the mail is made in"),
    "volgend_jaar": (
        "Het jaar na het jaar waarin de mail wordt gemaakt",
        "The year after the year the mail is made in",
    ),
    "vorige_maand_factuur": (
        "De maand vóór de maand van de factuurdatum",
        "The month before the invoice date's month",
    ),
    "deze_maand_factuur": ("De maand van de factuurdatum", "The invoice date's month"),
    "volgende_maand_factuur": (
        "De maand na de maand van de factuurdatum",
        "The month after the invoice date's month",
    ),
    "vorig_kwartaal_factuur": (
        "Het kwartaal vóór het kwartaal van de factuurdatum",
        "The quarter before the invoice date's quarter",
    ),
    "dit_kwartaal_factuur": ("Het kwartaal van de factuurdatum", "The invoice date's quarter"),
    "volgend_kwartaal_factuur": (
        "Het kwartaal na het kwartaal van de factuurdatum",
        "The quarter after the invoice date's quarter",
    ),
    "vorig_jaar_factuur": (
        "Het jaar vóór het jaar van de factuurdatum",
        "The year before the invoice date's year",
    ),
    "dit_jaar_factuur": ("Het jaar van de factuurdatum", "The invoice date's year"),
    "volgend_jaar_factuur": (
        "Het jaar na het jaar van de factuurdatum",
        "The year after the invoice date's year",
    ),
    "factuurnummer": (
        "Het factuurnummer (pas bekend zodra de factuur definitief is)",
        "The invoice number (known once the invoice is final)",
    ),
    "factuurdatum": ("De factuurdatum", "The invoice date"),
    "vervaldatum": ("De vervaldatum", "The due date"),
    "betaaltermijn": ("De betaaltermijn in dagen", "The payment term in days"),
    "subtotaal": ("Het totaal exclusief btw", "The total excluding VAT"),
    "btw": ("Het btw-bedrag", "The VAT amount"),
    "totaal": ("Het totaal inclusief btw", "The total including VAT"),
    "klant_naam": (
        "De naam van de klant (of van het bedrijf bij een factuur aan een bedrijf)",
        "The customer's name (or the company's on an invoice to a company)",
    ),
    "bedrijf_naam": ("De naam van het bedrijf van de klant", "The name of the customer's company"),
    "administratie_naam": ("De naam van uw administratie", "The name of your administration"),
    "iban": ("Uw IBAN", "Your IBAN"),
    "bic": ("Uw BIC", "Your BIC"),
    "betaalkenmerk": (
        "Het betalingskenmerk (standaard het factuurnummer)",
        "The payment reference (the invoice number unless set)",
    ),
    "factuur_link": (
        "De link naar de pagina van de factuur voor de klant: de factuur, de status, de QR-code "
        "om te betalen, de PDF en de UBL (alleen in e-mails)",
        "The link to the invoice's page for the customer: the invoice, its status, the QR code "
        "to pay, its PDF and UBL (mails only)",
    ),
}


def _example_facts(example_date: date, locale: str) -> InvoiceFacts:
    dutch = babel_locale(locale).startswith("nl")
    return InvoiceFacts(
        number=f"{example_date.year}-00042",
        invoice_date=example_date,
        due_date=example_date + timedelta(days=30),
        subtotal=Decimal("1020.30"),
        vat_total=Decimal("214.26"),
        total=Decimal("1234.56"),
        customer_name="Jan Jansen",
        company_name="Jansen Installatietechniek B.V." if dutch else "Jansen Engineering Ltd",
        administration_name="Mijn Bedrijf B.V." if dutch else "My Company Ltd",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        public_url="https://facturen.example.nl/p/q9Zp0c2vXb7RkT3mLw8sYf1aHn4eUj6dGi5oKx0Ar2E",
    )


def catalogue(locale: str, example_date: date = EXAMPLE_DATE) -> list[PlaceholderInfo]:
    """Every placeholder with a description in `locale` and its value on `example_date`.

    Mail placeholders take `example_date` as today, the others as the invoice date.
    """
    description_index = 0 if babel_locale(locale).startswith("nl") else 1
    groups: list[tuple[Context, tuple[str, ...], dict[str, str]]] = [
        ("mail", _MAIL_NAMES, mail_date_values(example_date, locale)),
        ("note", _NOTE_NAMES, note_date_values(example_date, locale)),
        ("invoice", _INVOICE_NAMES, invoice_values(_example_facts(example_date, locale), locale)),
        ("invoice", _LINK_NAMES, invoice_values(_example_facts(example_date, locale), locale)),
    ]
    return [
        PlaceholderInfo(
            name=name,
            context=context,
            description=_DESCRIPTIONS[name][description_index],
            example=examples[name],
            in_mail=name in ALLOWED_IN_MAIL,
            in_notes=name in ALLOWED_IN_NOTES,
        )
        for context, names, examples in groups
        for name in names
    ]
