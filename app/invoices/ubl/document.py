"""The e-invoice's input: a `UblDocument` of plain frozen values, checked when it is built.

Like the PDF view model, the figures arrive computed and rounded by `app.invoices.totals`: the
UBL formats and checks, it never calculates an amount. A document whose figures do not add up is
refused here, because a receiver would reject it anyway (BR-CO-10, BR-CO-15, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.documents.snapshot import InvoiceSnapshot, Line, Party, Vat
from app.invoices.totals import CENT, RATES, line_amount
from app.invoices.ubl.profiles import Profile, choose
from app.parties.codelists import COUNTRIES
from app.shared import vat as vat_codes
from app.shared.xmltext import XML_SPACE as XML_SPACE
from app.shared.xmltext import clean_text as clean_text

KINDS = frozenset({"invoice", "credit_note"})
LOCALES = frozenset({"nl", "en"})

_CURRENCY = re.compile(r"[A-Z]{3}")


def present(value: str | None) -> str | None:
    """`value` as it goes into the XML, or None when that would be an empty element."""
    if value is None:
        return None
    # XPath's normalize-space, which Peppol's "no empty elements" rule (PEPPOL-EN16931-R008) uses,
    # strips only these four characters.
    return clean_text(value).strip(XML_SPACE) or None


def blank(value: str | None) -> bool:
    return present(value) is None


def check_cents(what: str, value: Decimal) -> None:
    if not value.is_finite() or value != value.quantize(CENT):
        raise ValueError(f"{what} {value} is not a whole number of cents")


def _check_rate(rate: str) -> None:
    if rate not in RATES:
        raise ValueError(f"VAT rate {rate!r} is not one of {', '.join(RATES)}")


def _check_party(party: Party) -> None:
    if blank(party.name):
        raise ValueError("a party needs a name (BT-27, BT-44)")
    if party.address.country not in COUNTRIES:
        raise ValueError(f"{party.address.country!r} is not a country code of EN 16931 (BR-CL-14)")


def _check_line(line: Line) -> None:
    _check_rate(line.vat_rate)
    if blank(line.description):
        raise ValueError("a line needs a description (the item name, BT-153)")
    if not (line.quantity.is_finite() and line.unit_price.is_finite()):
        raise ValueError("quantity and unit price must be finite numbers")
    check_cents("line amount", line.amount)
    # PEPPOL-EN16931-R120: the line amount is quantity x price, rounded as the totals module
    # rounds it.
    if line.amount != line_amount(line.quantity, line.unit_price):
        raise ValueError(
            f"line amount {line.amount} is not {line.quantity} x {line.unit_price} in cents"
        )


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file carried inside the e-invoice (the invoice PDF)."""

    filename: str
    mime_type: str
    data: bytes
    description: str


@dataclass(frozen=True, slots=True)
class UblDocument:
    """A final invoice or credit note, in the service's signs: a credit note has negative lines
    (the renderer turns them into a UBL CreditNote's positive figures).

    Building one checks what the EN 16931 arithmetic rules check, so an inconsistent document
    fails here rather than at the receiver: parties with a name and a country code, lines with an
    item name (BT-153), known VAT codes, amounts in whole cents, each line amount quantity x price
    (PEPPOL-EN16931-R120), at least one line (BR-16), one VAT group per code used (BR-CO-18), each
    group's base the sum of its lines (BR-S-08, BR-AE-08, ...), subtotal the sum of the lines
    (BR-CO-10) and total subtotal plus VAT (BR-CO-15).
    """

    kind: str  # "invoice" | "credit_note"
    number: str
    issue_date: date
    due_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    subtotal: Decimal
    vat: tuple[Vat, ...]
    total: Decimal
    iban: str | None
    bic: str | None
    payment_reference: str | None
    notes: str | None = None
    credited_invoice_number: str | None = None  # credit notes: the invoice they correct
    credited_invoice_date: date | None = None
    buyer_reference: str | None = None  # the buyer's own reference (BT-10), e.g. a cost centre
    locale: str = "nl"  # the language of the legally required VAT texts
    small_business_scheme: bool = False  # the seller is under the KOR: exempt lines say so
    prefer_nlcius: bool = False
    attachment: Attachment | None = None
    delivery_date: date | None = None  # BT-72, when the invoice gives one
    payee_name: str | None = None  # BT-85, the payment account's name; None: the seller's

    @property
    def payee(self) -> str:
        return self.payee_name or self.seller.name

    def __post_init__(self) -> None:
        for party in (self.seller, self.buyer):
            _check_party(party)
        for line in self.lines:
            _check_line(line)
        for vat in self.vat:
            _check_rate(vat.rate)
            check_cents("VAT base", vat.base)
            check_cents("VAT amount", vat.amount)
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {sorted(KINDS)}")
        if self.locale not in LOCALES:
            raise ValueError(f"locale {self.locale!r} is not one of {sorted(LOCALES)}")
        if blank(self.number):
            raise ValueError("a final document needs a number (BT-1)")
        if not _CURRENCY.fullmatch(self.currency):
            raise ValueError(f"currency {self.currency!r} is not an ISO 4217 code")
        if self.kind == "invoice" and (
            self.credited_invoice_number is not None or self.credited_invoice_date is not None
        ):
            raise ValueError("only a credit note refers to a credited invoice")
        if not self.lines:
            raise ValueError("a UBL document needs at least one line (BR-16)")
        check_cents("subtotal", self.subtotal)
        check_cents("total", self.total)
        bases: dict[str, Decimal] = {}
        for line in self.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, Decimal(0)) + line.amount
        given = {vat.rate: vat.base for vat in self.vat}
        if len(given) != len(self.vat):
            raise ValueError("each VAT rate appears once in the VAT breakdown")
        if given != bases:
            raise ValueError(
                f"the VAT bases {given} are not the sums of the lines per rate {bases}"
            )
        if self.subtotal != sum(bases.values(), Decimal(0)):
            raise ValueError(f"subtotal {self.subtotal} is not the sum of the line amounts")
        if self.total != self.subtotal + self.vat_total:
            raise ValueError(f"total {self.total} is not subtotal {self.subtotal} plus VAT")

    @property
    def vat_total(self) -> Decimal:
        return sum((vat.amount for vat in self.vat), Decimal("0.00"))

    @property
    def sign(self) -> int:
        """What the service's amounts are multiplied by in the UBL document."""
        return -1 if self.kind == "credit_note" else 1

    @property
    def profile(self) -> Profile:
        return choose(self.seller, self.buyer, prefer_nlcius=self.prefer_nlcius)

    @property
    def payment_due(self) -> bool:
        """Whether the buyer pays the seller: an invoice to pay, or a credit note that in fact
        charges (a credited discount). A credit note that refunds is paid the other way."""
        return self.total > 0

    def exemption_reason(self, code: str) -> str | None:
        return vat_codes.notice(code, self.locale, small_business=self.small_business_scheme)


def ubl_document(snapshot: InvoiceSnapshot, attachment: Attachment | None = None) -> UblDocument:
    """The e-invoice of a final invoice's snapshot: the same figures as its PDF, structured for
    the receiver's software, optionally carrying that PDF."""
    if snapshot.draft or snapshot.number is None:
        raise ValueError("only a final invoice has an e-invoice")
    return UblDocument(
        kind=snapshot.kind,
        number=snapshot.number,
        issue_date=snapshot.invoice_date,
        due_date=snapshot.due_date,
        currency=snapshot.currency,
        seller=snapshot.seller,
        buyer=snapshot.buyer,
        lines=snapshot.lines,
        subtotal=snapshot.subtotal,
        vat=snapshot.vat,
        total=snapshot.total,
        iban=snapshot.iban,
        bic=snapshot.bic,
        payment_reference=snapshot.payment_reference,
        notes=snapshot.notes,
        credited_invoice_number=snapshot.credited_invoice_number,
        credited_invoice_date=snapshot.credited_invoice_date,
        locale=snapshot.locale,
        small_business_scheme=snapshot.small_business_scheme,
        prefer_nlcius=snapshot.prefer_nlcius,
        delivery_date=snapshot.delivery_date,
        attachment=attachment,
        payee_name=snapshot.payee,
    )
