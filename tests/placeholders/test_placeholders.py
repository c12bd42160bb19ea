"""Placeholders: the seed's values, quarter and year boundaries, and substitution that never
treats user text as code."""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.placeholders import (
    ALLOWED_IN_MAIL,
    ALLOWED_IN_NOTES,
    EXAMPLE_DATE,
    INVOICE_PLACEHOLDERS,
    LINK_PLACEHOLDERS,
    MAIL_PLACEHOLDERS,
    NOTE_PLACEHOLDERS,
    PLACEHOLDER_PATTERN,
    InvoiceFacts,
    catalogue,
    find_placeholders,
    format_money,
    invoice_values,
    mail_date_values,
    mail_values,
    note_date_values,
    note_values,
    render,
    render_html,
    render_mail_html,
    render_mail_text,
    render_note,
    unknown_placeholders,
)

NBSP = "\xa0"
DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS = {"nl": DUTCH_MONTHS, "en": ENGLISH_MONTHS}


FACTS = InvoiceFacts(
    number="2026-00042",
    invoice_date=date(2026, 10, 24),
    due_date=date(2026, 11, 23),
    subtotal=Decimal("1020.30"),
    vat_total=Decimal("214.26"),
    total=Decimal("1234.56"),
    customer_name="Jan Jansen",
    company_name="Jansen B.V.",
    administration_name="Bakkerij De Korenbloem",
    iban="NL91ABNA0417164300",
    bic="ABNANL2A",
    public_url="https://facturen.example.nl/p/q9Zp0c2vXb7RkT3mLw8sYf1aHn4eUj6dGi5oKx0Ar2E",
)


# --- seed 004: mail text, relative to today --------------------------------------------------

SEED_TEMPLATE = "\n".join(
    [
        "[vorige_maand]",
        "[deze_maand]",
        "[volgende_maand]",
        "[vorig_jaar]",
        "[dit_jaar]",
        "[volgend_jaar]",
    ]
)
SEED_RESULT = "maart 2014\napril 2014\nmei 2014\n2013\n2014\n2015"


@pytest.mark.parametrize("day", range(1, 31))
def test_seed_example_on_every_day_of_april_2014(day: int) -> None:
    assert render_mail_text(SEED_TEMPLATE, today=date(2014, 4, day), locale="nl") == SEED_RESULT


def test_mail_date_values_are_exactly_the_six_mail_placeholders() -> None:
    assert mail_date_values(date(2014, 4, 15), "nl") == {
        "vorige_maand": "maart 2014",
        "deze_maand": "april 2014",
        "volgende_maand": "mei 2014",
        "vorig_jaar": "2013",
        "dit_jaar": "2014",
        "volgend_jaar": "2015",
    }
    assert set(mail_date_values(date(2014, 4, 15), "en")) == MAIL_PLACEHOLDERS


@pytest.mark.parametrize(
    ("today", "locale", "expected"),
    [
        (date(2014, 1, 1), "nl", ("december 2013", "januari 2014", "februari 2014")),
        (date(2014, 12, 31), "nl", ("november 2014", "december 2014", "januari 2015")),
        (date(2024, 2, 29), "nl", ("januari 2024", "februari 2024", "maart 2024")),
        (date(2014, 4, 30), "en", ("March 2014", "April 2014", "May 2014")),
        (date(2014, 1, 31), "en", ("December 2013", "January 2014", "February 2014")),
        (date(2014, 12, 1), "en", ("November 2014", "December 2014", "January 2015")),
    ],
)
def test_mail_months_across_year_boundaries(
    today: date, locale: str, expected: tuple[str, str, str]
) -> None:
    values = mail_date_values(today, locale)
    assert (values["vorige_maand"], values["deze_maand"], values["volgende_maand"]) == expected


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_in_both_locales(locale: str, month: int) -> None:
    assert mail_date_values(date(2026, month, 10), locale)["deze_maand"] == (
        f"{MONTHS[locale][month - 1]} 2026"
    )


def test_dutch_month_names_are_lower_case() -> None:
    for month in range(1, 13):
        assert mail_date_values(date(2026, month, 1), "nl")["deze_maand"].islower()


# --- seed 004: invoice notes, relative to the booking date -----------------------------------


def note(
    prev_month: str,
    month: str,
    next_month: str,
    prev_quarter: str,
    quarter: str,
    next_quarter: str,
    prev_year: str,
    year: str,
    next_year: str,
) -> dict[str, str]:
    return {
        "vorige_maand_factuur": prev_month,
        "deze_maand_factuur": month,
        "volgende_maand_factuur": next_month,
        "vorig_kwartaal_factuur": prev_quarter,
        "dit_kwartaal_factuur": quarter,
        "volgend_kwartaal_factuur": next_quarter,
        "vorig_jaar_factuur": prev_year,
        "dit_jaar_factuur": year,
        "volgend_jaar_factuur": next_year,
    }


NOTE_CASES_NL = [
    (
        date(2014, 1, 1),
        note(
            "december 2013",
            "januari 2014",
            "februari 2014",
            "4e kwartaal 2013",
            "1e kwartaal 2014",
            "2e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 2, 28),
        note(
            "januari 2014",
            "februari 2014",
            "maart 2014",
            "4e kwartaal 2013",
            "1e kwartaal 2014",
            "2e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 3, 31),
        note(
            "februari 2014",
            "maart 2014",
            "april 2014",
            "4e kwartaal 2013",
            "1e kwartaal 2014",
            "2e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 4, 1),
        note(
            "maart 2014",
            "april 2014",
            "mei 2014",
            "1e kwartaal 2014",
            "2e kwartaal 2014",
            "3e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 6, 30),
        note(
            "mei 2014",
            "juni 2014",
            "juli 2014",
            "1e kwartaal 2014",
            "2e kwartaal 2014",
            "3e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 7, 1),
        note(
            "juni 2014",
            "juli 2014",
            "augustus 2014",
            "2e kwartaal 2014",
            "3e kwartaal 2014",
            "4e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 9, 30),
        note(
            "augustus 2014",
            "september 2014",
            "oktober 2014",
            "2e kwartaal 2014",
            "3e kwartaal 2014",
            "4e kwartaal 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 10, 1),
        note(
            "september 2014",
            "oktober 2014",
            "november 2014",
            "3e kwartaal 2014",
            "4e kwartaal 2014",
            "1e kwartaal 2015",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 12, 31),
        note(
            "november 2014",
            "december 2014",
            "januari 2015",
            "3e kwartaal 2014",
            "4e kwartaal 2014",
            "1e kwartaal 2015",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2024, 2, 29),
        note(
            "januari 2024",
            "februari 2024",
            "maart 2024",
            "4e kwartaal 2023",
            "1e kwartaal 2024",
            "2e kwartaal 2024",
            "2023",
            "2024",
            "2025",
        ),
    ),
]


@pytest.mark.parametrize(("invoice_date", "expected"), NOTE_CASES_NL)
def test_note_values_in_dutch(invoice_date: date, expected: dict[str, str]) -> None:
    assert note_date_values(invoice_date, "nl") == expected


NOTE_CASES_EN = [
    (
        date(2014, 1, 15),
        note(
            "December 2013",
            "January 2014",
            "February 2014",
            "Q4 2013",
            "Q1 2014",
            "Q2 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 4, 1),
        note(
            "March 2014",
            "April 2014",
            "May 2014",
            "Q1 2014",
            "Q2 2014",
            "Q3 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 8, 20),
        note(
            "July 2014",
            "August 2014",
            "September 2014",
            "Q2 2014",
            "Q3 2014",
            "Q4 2014",
            "2013",
            "2014",
            "2015",
        ),
    ),
    (
        date(2014, 12, 31),
        note(
            "November 2014",
            "December 2014",
            "January 2015",
            "Q3 2014",
            "Q4 2014",
            "Q1 2015",
            "2013",
            "2014",
            "2015",
        ),
    ),
]


@pytest.mark.parametrize(("invoice_date", "expected"), NOTE_CASES_EN)
def test_note_values_in_english(invoice_date: date, expected: dict[str, str]) -> None:
    assert note_date_values(invoice_date, "en") == expected


def _reference_note_values(day: date, locale: str) -> dict[str, str]:
    """The same values by another route: stepping over month and quarter edges by days."""
    names = MONTHS[locale]

    def month(d: date) -> str:
        return f"{names[d.month - 1]} {d.year}"

    def quarter(d: date) -> str:
        number = (d.month - 1) // 3 + 1
        return f"{number}e kwartaal {d.year}" if locale == "nl" else f"Q{number} {d.year}"

    first_of_month = day.replace(day=1)
    first_of_quarter = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    last_of_quarter = (first_of_quarter + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    return note(
        month(first_of_month - timedelta(days=1)),
        month(day),
        month(first_of_month + timedelta(days=31)),
        quarter(first_of_quarter - timedelta(days=1)),
        quarter(day),
        quarter(last_of_quarter + timedelta(days=1)),
        str(day.year - 1),
        str(day.year),
        str(day.year + 1),
    )


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("year", [2014, 2024, 2026])
def test_note_values_on_every_day_of_a_year(locale: str, year: int) -> None:
    day = date(year, 1, 1)
    while day.year == year:
        assert note_date_values(day, locale) == _reference_note_values(day, locale), day
        day += timedelta(days=1)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    st.sampled_from(["nl", "en"]),
)
def test_note_values_match_the_reference(day: date, locale: str) -> None:
    assert note_date_values(day, locale) == _reference_note_values(day, locale)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    st.sampled_from(["nl", "en"]),
)
def test_mail_values_are_note_values_of_the_same_day(day: date, locale: str) -> None:
    notes = note_date_values(day, locale)
    assert mail_date_values(day, locale) == {
        name: notes[f"{name}_factuur"] for name in MAIL_PLACEHOLDERS
    }


def test_notes_use_the_booking_date_not_today() -> None:
    text = "Abonnement [deze_maand_factuur] ([dit_kwartaal_factuur]); [deze_maand]"
    assert render_note(text, invoice_date=date(2014, 4, 3), locale="nl") == (
        "Abonnement april 2014 (2e kwartaal 2014); [deze_maand]"
    )


def test_unsupported_locale_is_rejected() -> None:
    with pytest.raises(ValueError, match="unsupported locale 'de'"):
        mail_date_values(date(2014, 4, 1), "de")
    with pytest.raises(ValueError, match="unsupported locale"):
        catalogue("nl_NL")


# --- invoice data ----------------------------------------------------------------------------


def test_invoice_values_in_dutch() -> None:
    assert invoice_values(FACTS, "nl") == {
        "factuurnummer": "2026-00042",
        "factuurdatum": "24 oktober 2026",
        "vervaldatum": "23 november 2026",
        "betaaltermijn": "30",
        "subtotaal": f"€{NBSP}1.020,30",
        "btw": f"€{NBSP}214,26",
        "totaal": f"€{NBSP}1.234,56",
        "klant_naam": "Jan Jansen",
        "bedrijf_naam": "Jansen B.V.",
        "administratie_naam": "Bakkerij De Korenbloem",
        "iban": "NL91ABNA0417164300",
        "bic": "ABNANL2A",
        "betaalkenmerk": "2026-00042",
        "factuur_link": "https://facturen.example.nl/p/q9Zp0c2vXb7RkT3mLw8sYf1aHn4eUj6dGi5oKx0Ar2E",
    }
    assert set(invoice_values(FACTS, "nl")) == INVOICE_PLACEHOLDERS | LINK_PLACEHOLDERS


def test_the_invoice_link_is_for_mails_only_and_missing_without_a_link() -> None:
    # A note is frozen into the PDF: a link printed there would outlive its revocation.
    assert "factuur_link" in ALLOWED_IN_MAIL
    assert "factuur_link" not in ALLOWED_IN_NOTES
    without = dataclasses.replace(FACTS, public_url=None)
    assert "factuur_link" not in invoice_values(without, "nl")
    assert render_mail_text(
        "Zie [factuur_link]", today=date(2026, 1, 1), locale="nl", facts=without
    ) == ("Zie [factuur_link]")


def test_invoice_values_in_english() -> None:
    values = invoice_values(FACTS, "en")
    assert values["factuurdatum"] == "24 October 2026"
    assert values["vervaldatum"] == "23 November 2026"
    assert values["totaal"] == "€1,234.56"
    assert values["btw"] == "€214.26"


@pytest.mark.parametrize(
    ("amount", "nl", "en"),
    [
        (Decimal("0"), f"€{NBSP}0,00", "€0.00"),
        (Decimal("0.005"), f"€{NBSP}0,01", "€0.01"),
        (Decimal("0.015"), f"€{NBSP}0,02", "€0.02"),
        (Decimal("0.025"), f"€{NBSP}0,03", "€0.03"),
        (Decimal("1234.5"), f"€{NBSP}1.234,50", "€1,234.50"),
        (Decimal("1234567.891"), f"€{NBSP}1.234.567,89", "€1,234,567.89"),
        (Decimal("-1234.56"), f"€{NBSP}-1.234,56", "-€1,234.56"),
    ],
)
def test_money_is_rounded_half_up_and_formatted_per_locale(
    amount: Decimal, nl: str, en: str
) -> None:
    assert format_money(amount, "EUR", "nl") == nl
    assert format_money(amount, "EUR", "en") == en


def test_draft_invoice_keeps_its_number_placeholder() -> None:
    values = invoice_values(replace(FACTS, number=None), "nl")
    assert "factuurnummer" not in values
    assert "betaalkenmerk" not in values
    assert render("Factuur [factuurnummer]", values) == "Factuur [factuurnummer]"


def test_explicit_payment_reference_wins_over_the_number() -> None:
    values = invoice_values(replace(FACTS, payment_reference="1234 5678 9012 3456"), "nl")
    assert values["betaalkenmerk"] == "1234 5678 9012 3456"
    draft = invoice_values(replace(FACTS, number=None, payment_reference="REF-1"), "nl")
    assert draft["betaalkenmerk"] == "REF-1"


def test_company_level_invoice_greets_the_company() -> None:
    values = invoice_values(replace(FACTS, customer_name=None), "nl")
    assert values["klant_naam"] == "Jansen B.V."
    assert values["bedrijf_naam"] == "Jansen B.V."


def test_missing_optional_facts_are_empty() -> None:
    values = invoice_values(replace(FACTS, company_name=None, iban=None, bic=None), "nl")
    assert values["klant_naam"] == "Jan Jansen"
    assert values["bedrijf_naam"] == ""
    assert values["iban"] == ""
    assert values["bic"] == ""


def test_mail_with_invoice_uses_today_for_mail_dates_and_invoice_date_for_its_own() -> None:
    subject = "Factuur [factuurnummer] over [deze_maand_factuur] ([deze_maand])"
    body = (
        "Beste [klant_naam],\n\nHierbij factuur [factuurnummer] van [factuurdatum] voor "
        "[totaal]. Graag betalen vóór [vervaldatum] op [iban] o.v.v. [betaalkenmerk].\n\n"
        "Groet, [administratie_naam]"
    )
    today = date(2026, 11, 2)
    assert render_mail_text(subject, today=today, locale="nl", facts=FACTS) == (
        "Factuur 2026-00042 over oktober 2026 (november 2026)"
    )
    assert render_mail_text(body, today=today, locale="nl", facts=FACTS) == (
        "Beste Jan Jansen,\n\nHierbij factuur 2026-00042 van 24 oktober 2026 voor "
        f"€{NBSP}1.234,56. Graag betalen vóór 23 november 2026 op NL91ABNA0417164300 o.v.v. "
        "2026-00042.\n\nGroet, Bakkerij De Korenbloem"
    )


def test_mail_values_cover_exactly_what_mails_allow() -> None:
    assert set(mail_values(today=date(2026, 1, 1), locale="nl", facts=FACTS)) == ALLOWED_IN_MAIL
    assert set(mail_values(today=date(2026, 1, 1), locale="nl")) == MAIL_PLACEHOLDERS


def test_note_values_cover_exactly_what_notes_allow() -> None:
    values = note_values(invoice_date=date(2026, 10, 24), locale="nl", facts=FACTS)
    assert set(values) == ALLOWED_IN_NOTES
    assert set(note_values(invoice_date=date(2026, 10, 24), locale="nl")) == NOTE_PLACEHOLDERS


def test_final_note_resolves_dates_and_invoice_data() -> None:
    text = "Huur [deze_maand_factuur], factuur [factuurnummer], totaal [totaal]"
    assert render_note(text, invoice_date=date(2026, 10, 24), locale="nl", facts=FACTS) == (
        f"Huur oktober 2026, factuur 2026-00042, totaal €{NBSP}1.234,56"
    )


def test_note_facts_must_share_the_invoice_date() -> None:
    with pytest.raises(ValueError, match="invoice date"):
        render_note("x", invoice_date=date(2026, 10, 25), locale="nl", facts=FACTS)


# --- substitution ----------------------------------------------------------------------------

VALUES = {"deze_maand": "april 2014", "dit_jaar": "2014", "x": "X"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("geen placeholders", "geen placeholders"),
        ("[deze_maand]", "april 2014"),
        ("[deze_maand][dit_jaar]", "april 20142014"),
        ("[deze_maand] en [deze_maand]", "april 2014 en april 2014"),
        ("[onbekend] [deze_maand]", "[onbekend] april 2014"),
        ("[[deze_maand]]", "[april 2014]"),
        ("[[[x]]]", "[[X]]"),
        ("[a[x]]", "[aX]"),
        ("[x[x]", "[xX"),
        ("[", "["),
        ("]", "]"),
        ("[]", "[]"),
        ("][x][", "]X["),
        ("[ deze_maand ]", "[ deze_maand ]"),
        ("[deze maand]", "[deze maand]"),
        ("[Deze_Maand]", "[Deze_Maand]"),
        ("[DEZE_MAAND]", "[DEZE_MAAND]"),
        ("[deze-maand]", "[deze-maand]"),
        ("[1x]", "[1x]"),
        ("[_x]", "[_x]"),
        ("[deze_maand", "[deze_maand"),
        ("deze_maand]", "deze_maand]"),
        ("(deze_maand) {deze_maand} <deze_maand>", "(deze_maand) {deze_maand} <deze_maand>"),
        ("{} {0} {x} {{x}} %s %(x)s ${x} $x", "{} {0} {x} {{x}} %s %(x)s ${x} $x"),
        ("{[x]} %([x])s ${[x]}", "{X} %(X)s ${X}"),
        ("{{ x }} {% if x %}[x]{% endif %}", "{{ x }} {% if x %}X{% endif %}"),
        ("__import__('os').system('x') [x]", "__import__('os').system('x') X"),
        ("één – “[x]” 🧾 [ëén] [x́]", "één – “X” 🧾 [ëén] [x́]"),
        ("regel 1\r\n[x]\tregel 2\n", "regel 1\r\nX\tregel 2\n"),
        ("\\[x] \\1 \\g<0>", "\\X \\1 \\g<0>"),
    ],
)
def test_render(text: str, expected: str) -> None:
    assert render(text, VALUES) == expected


def test_render_is_single_pass() -> None:
    values = {"a": "[b]", "b": "[a]", "deze_maand": "[deze_maand] [dit_jaar]", "dit_jaar": "2014"}
    assert render("[a] [b] [deze_maand]", values) == "[b] [a] [deze_maand] [dit_jaar]"


def test_values_are_inserted_literally() -> None:
    values = {"x": r"\1 \g<0> \n {0} %s ${y}"}
    assert render("[x]", values) == r"\1 \g<0> \n {0} %s ${y}"


def test_render_with_no_values_changes_nothing() -> None:
    assert render("[deze_maand] [x]", {}) == "[deze_maand] [x]"


def test_user_text_with_braces_is_not_formatted() -> None:
    # A template engine or str.format would fail on, or evaluate, these.
    text = "{0.__class__} {x!r} %(x)s {{ [dit_jaar] }}"
    assert render_mail_text(text, today=date(2014, 4, 1), locale="nl") == (
        "{0.__class__} {x!r} %(x)s {{ 2014 }}"
    )


def _reference_render(text: str, values: dict[str, str]) -> str:
    """A hand-written scanner with the documented token rule, to check the regex against."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "[" and i + 1 < len(text) and "a" <= text[i + 1] <= "z":
            j = i + 2
            while j < len(text) and (
                "a" <= text[j] <= "z" or "0" <= text[j] <= "9" or text[j] == "_"
            ):
                j += 1
            if j < len(text) and text[j] == "]":
                name = text[i + 1 : j]
                out.append(values.get(name, text[i : j + 1]))
                i = j + 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


TEXT = st.text(alphabet=st.sampled_from(list("[]ax_1 Z{}%$\\é\n")) | st.characters(), max_size=60)
NAMES = st.sampled_from(["a", "x", "a_1", "ax", "deze_maand"])


@given(TEXT, st.dictionaries(NAMES, st.text(max_size=12)))
def test_render_matches_the_reference_scanner(text: str, values: dict[str, str]) -> None:
    assert render(text, values) == _reference_render(text, values)


@given(TEXT)
def test_render_without_brackets_is_identity(text: str) -> None:
    plain = text.replace("[", "")
    assert render(plain, {"a": "A", "x": "X", "deze_maand": "april 2014"}) == plain


@given(TEXT, st.dictionaries(NAMES, st.text(max_size=12)))
def test_unknown_placeholders_survive_as_written(text: str, values: dict[str, str]) -> None:
    rendered = render(text, values)
    for name in unknown_placeholders(text, values):
        assert f"[{name}]" in rendered


# --- finding and reporting -------------------------------------------------------------------


def test_find_placeholders_in_order_without_repeats() -> None:
    text = "[dit_jaar] [onbekend] [dit_jaar] [[deze_maand]] [Fout] [ook fout] [x1_y]"
    assert find_placeholders(text) == ["dit_jaar", "onbekend", "deze_maand", "x1_y"]


def test_unknown_placeholders_are_reported_for_mail_templates() -> None:
    text = "[deze_maand] [dit_kwartaal_factuur] [totaal] [deze_maan] [factuur_nummer] [deze_maan]"
    assert unknown_placeholders(text, ALLOWED_IN_MAIL) == ["deze_maan", "factuur_nummer"]


def test_mail_date_placeholders_are_unknown_in_notes() -> None:
    text = "[deze_maand] [deze_maand_factuur] [factuurnummer]"
    assert unknown_placeholders(text, ALLOWED_IN_NOTES) == ["deze_maand"]


def test_unknown_placeholders_accept_any_iterable() -> None:
    assert unknown_placeholders("[a] [b] [c]", iter(["b"])) == ["a", "c"]
    assert unknown_placeholders("no tokens", []) == []


def test_every_known_name_is_a_token() -> None:
    for name in ALLOWED_IN_MAIL | ALLOWED_IN_NOTES:
        assert PLACEHOLDER_PATTERN.fullmatch(f"[{name}]"), name
        assert find_placeholders(f"x[{name}]y") == [name]


def test_name_sets_are_disjoint_and_as_documented() -> None:
    assert not MAIL_PLACEHOLDERS & NOTE_PLACEHOLDERS
    assert not MAIL_PLACEHOLDERS & INVOICE_PLACEHOLDERS
    assert not NOTE_PLACEHOLDERS & INVOICE_PLACEHOLDERS
    assert not LINK_PLACEHOLDERS & (MAIL_PLACEHOLDERS | NOTE_PLACEHOLDERS | INVOICE_PLACEHOLDERS)
    assert {f"{name}_factuur" for name in MAIL_PLACEHOLDERS} < NOTE_PLACEHOLDERS
    assert {
        "factuurnummer",
        "factuurdatum",
        "vervaldatum",
        "totaal",
        "klant_naam",
        "bedrijf_naam",
        "administratie_naam",
        "subtotaal",
        "btw",
        "betaalkenmerk",
        "iban",
    } <= INVOICE_PLACEHOLDERS
    assert ALLOWED_IN_MAIL == (
        MAIL_PLACEHOLDERS | NOTE_PLACEHOLDERS | INVOICE_PLACEHOLDERS | LINK_PLACEHOLDERS
    )
    assert ALLOWED_IN_NOTES == NOTE_PLACEHOLDERS | INVOICE_PLACEHOLDERS


# --- catalogue -------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_catalogue_lists_every_placeholder_once(locale: str) -> None:
    entries = catalogue(locale)
    names = [entry.name for entry in entries]
    assert len(names) == len(set(names))
    assert set(names) == (
        MAIL_PLACEHOLDERS | NOTE_PLACEHOLDERS | INVOICE_PLACEHOLDERS | LINK_PLACEHOLDERS
    )
    for entry in entries:
        expected_context = (
            "mail"
            if entry.name in MAIL_PLACEHOLDERS
            else "note"
            if entry.name in NOTE_PLACEHOLDERS
            else "invoice"
        )
        assert entry.context == expected_context
        assert entry.in_mail == (entry.name in ALLOWED_IN_MAIL)
        assert entry.in_notes == (entry.name in ALLOWED_IN_NOTES)
        assert entry.token == f"[{entry.name}]"
        assert entry.description
        assert entry.example


def test_catalogue_examples_default_to_the_seed_day() -> None:
    assert EXAMPLE_DATE == date(2014, 4, 15)
    examples = {entry.name: entry.example for entry in catalogue("nl")}
    assert [examples[name] for name in ("vorige_maand", "deze_maand", "volgende_maand")] == [
        "maart 2014",
        "april 2014",
        "mei 2014",
    ]
    assert examples["dit_kwartaal_factuur"] == "2e kwartaal 2014"
    assert examples["totaal"] == f"€{NBSP}1.234,56"
    assert examples["factuurdatum"] == "15 april 2014"


def test_catalogue_examples_follow_the_given_day_and_locale() -> None:
    examples = {entry.name: entry.example for entry in catalogue("en", date(2026, 12, 5))}
    assert examples["volgende_maand"] == "January 2027"
    assert examples["volgend_kwartaal_factuur"] == "Q1 2027"
    assert examples["totaal"] == "€1,234.56"
    assert examples["vervaldatum"] == "4 January 2027"


def test_catalogue_descriptions_are_translated() -> None:
    dutch = {entry.name: entry.description for entry in catalogue("nl")}
    english = {entry.name: entry.description for entry in catalogue("en")}
    assert dutch["deze_maand"] == "De maand waarin de mail wordt gemaakt"
    assert english["deze_maand"] == "The month the mail is made in"
    assert all(dutch[name] != english[name] for name in dutch if name not in {"iban", "bic"})


def test_catalogue_order_is_stable() -> None:
    names = [entry.name for entry in catalogue("nl")]
    assert names[:6] == [
        "vorige_maand",
        "deze_maand",
        "volgende_maand",
        "vorig_jaar",
        "dit_jaar",
        "volgend_jaar",
    ]
    assert names[6] == "vorige_maand_factuur"
    assert names[15] == "factuurnummer"


def test_no_placeholder_value_looks_like_a_placeholder() -> None:
    # Otherwise a resolved text would report placeholders the user never wrote.
    for locale in ("nl", "en"):
        values = mail_values(today=date(2026, 3, 29), locale=locale, facts=FACTS)
        assert not any(re.search(PLACEHOLDER_PATTERN, value) for value in values.values())


# --- HTML texts --------------------------------------------------------------------------------


def test_render_html_escapes_values_and_keeps_the_template_markup() -> None:
    link = '<a href="https://evil.example/pay">Betaal & hier</a>'
    html = render_html('<p class="x">Beste [klant_naam], [onbekend]</p>', {"klant_naam": link})

    assert html == (
        '<p class="x">Beste &lt;a href=&quot;https://evil.example/pay&quot;&gt;'
        "Betaal &amp; hier&lt;/a&gt;, [onbekend]</p>"
    )
    # Plain texts (subjects, plain bodies) keep the value as it is.
    assert render("Beste [klant_naam]", {"klant_naam": link}) == f"Beste {link}"


@given(st.text(), st.text())
def test_render_html_is_render_with_escaped_values(text: str, value: str) -> None:
    values = {"klant_naam": value}
    assert render_html(text, values) == render(text, {"klant_naam": html.escape(value)})


def test_render_mail_html_uses_the_mail_values() -> None:
    facts = InvoiceFacts(
        number="2026-00001",
        invoice_date=date(2026, 1, 5),
        due_date=date(2026, 2, 4),
        subtotal=Decimal("1"),
        vat_total=Decimal("0"),
        total=Decimal("1"),
        customer_name="Jan & <Zn>",
        administration_name="Acme",
    )
    text = "<b>[klant_naam]</b> [factuurnummer]"
    assert render_mail_html(text, today=date(2026, 1, 5), locale="nl", facts=facts) == (
        "<b>Jan &amp; &lt;Zn&gt;</b> 2026-00001"
    )
    assert render_mail_text(text, today=date(2026, 1, 5), locale="nl", facts=facts) == (
        "<b>Jan & <Zn></b> 2026-00001"
    )
