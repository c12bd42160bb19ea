"""The VAT treatments a line can have: the Dutch rates and the zero-VAT treatments that each need
their own words on the invoice and their own category in the e-invoice.

A line's `vat_rate` is one of `CODES`. A percentage ("21", "9", "0") is charged (or zero-rated) in
the Netherlands; every other code carries no VAT on this invoice for a legal reason that the
invoice must state (Wet OB art. 35a; EU VAT directive art. 226): the PDF prints `notice`, the UBL
writes `category` with `reason` (and the VATEX code where one exists). One line has one code, so
a line never carries two of these texts.

Pure data, no I/O: the totals, the PDF and the UBL read the same table, so they cannot disagree
about what a code means.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

REVERSE_CHARGE = "reverse_charge"
INTRA_COMMUNITY = "intra_community"
EXPORT = "export"
EXEMPT = "exempt"

PERCENTAGES = ("21", "9", "0")


@dataclass(frozen=True, slots=True)
class Treatment:
    """A zero-VAT treatment: how the e-invoice codes it (UNCL5305 category, VATEX code) and what
    an invoice must say about it, per locale."""

    code: str
    category: str  # UNCL5305: AE reverse charge, K intra-community, G export, E exempt
    vatex: str | None  # CEF VATEX reason code; None where no code fits in general (exempt)
    notice: dict[str, str]  # the legally required text, as printed and as reason in the UBL
    column: dict[str, str]  # the short text in the rate column of the PDF
    needs_buyer_vat_number: bool  # printed beside the notice; required by the rules


TREATMENTS: dict[str, Treatment] = {
    t.code: t
    for t in (
        # Domestic (art. 12 lid 2-5 Wet OB) and EU (art. 196 directive) reverse charge: the buyer
        # accounts for the VAT. "BTW verlegd" is the wording the Belastingdienst asks for.
        Treatment(
            REVERSE_CHARGE,
            "AE",
            "VATEX-EU-AE",
            {"nl": "BTW verlegd", "en": "VAT reverse-charged"},
            {"nl": "verlegd", "en": "reverse charge"},
            needs_buyer_vat_number=True,
        ),
        # Intra-community supply of goods (art. 138 directive): 0%, both VAT numbers on the
        # invoice, and the buyer declares the acquisition.
        Treatment(
            INTRA_COMMUNITY,
            "K",
            "VATEX-EU-IC",
            {"nl": "Intracommunautaire levering", "en": "Intra-community supply"},
            {"nl": "0% ICL", "en": "0% ICS"},
            needs_buyer_vat_number=True,
        ),
        # Export of goods outside the EU (art. 146 directive).
        Treatment(
            EXPORT,
            "G",
            "VATEX-EU-G",
            {"nl": "Uitvoer buiten de EU, 0% btw", "en": "Export outside the EU, 0% VAT"},
            {"nl": "0% uitvoer", "en": "0% export"},
            needs_buyer_vat_number=False,
        ),
        # Exempt supplies (art. 11 Wet OB: health care, education, ...). There is no VATEX code
        # for exemptions in general, so the e-invoice carries the text only (BR-E-10 allows it).
        Treatment(
            EXEMPT,
            "E",
            None,
            {"nl": "Vrijgesteld van btw", "en": "Exempt from VAT"},
            {"nl": "vrijgesteld", "en": "exempt"},
            needs_buyer_vat_number=False,
        ),
    )
}

# An administration under the small-business scheme (kleineondernemersregeling, art. 25 Wet OB)
# charges no VAT at all: its lines are exempt, and this is the text that says why.
SMALL_BUSINESS_NOTICE = {
    "nl": "Vrijgesteld van btw op grond van de kleineondernemersregeling (KOR)",
    "en": "Exempt from VAT under the Dutch small businesses scheme (KOR)",
}

CODES = (*PERCENTAGES, *TREATMENTS)

# Where an intra-community supply can go (address country codes, so Greece is GR here): the EU
# member states, and Northern Ireland (XI), which the EU VAT rules for goods still cover.
EU_VAT_AREA = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split()
)


def percent(code: str) -> Decimal:
    """The VAT percentage of a code: 0 for every zero-VAT treatment."""
    return Decimal(0) if code in TREATMENTS else Decimal(code)


def notice(code: str, locale: str, *, small_business: bool = False) -> str | None:
    """The text an invoice must carry for lines of `code`; None for a percentage."""
    treatment = TREATMENTS.get(code)
    if treatment is None:
        return None
    if code == EXEMPT and small_business:
        return SMALL_BUSINESS_NOTICE[locale]
    return treatment.notice[locale]
