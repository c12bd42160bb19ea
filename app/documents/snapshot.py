"""An invoice's facts as finalised: the one input of both its PDF and its UBL e-invoice.

Plain frozen values, no ORM and no I/O, read from the models once per finalisation (or draft
preview) by `app.invoices.printing.snapshot_of`. The PDF view (`app.documents.print_view`) and the
UBL document (`app.invoices.ubl.ubl_document`) are pure functions of a snapshot, so the two
documents cannot tell different stories about the same invoice.

Amounts arrive computed and rounded by `app.invoices.totals`, in the service's signs (a credit
note has negative lines). `Line` and `Vat` are shared by both documents; each document adds the
checks its own format needs (the UBL document is stricter: cents, quantity x price, item names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.shared.vat import REVERSE_CHARGE as REVERSE_CHARGE
from app.shared.vat import TREATMENTS

_RATE = re.compile(r"\d{1,2}(\.\d{1,2})?")


def check_rate(rate: str) -> None:
    if rate not in TREATMENTS and not _RATE.fullmatch(rate):
        raise ValueError(
            f"VAT rate {rate!r} is neither a percentage nor one of {', '.join(TREATMENTS)}"
        )


@dataclass(frozen=True, slots=True)
class Address:
    street: str | None
    postal_code: str | None
    city: str | None
    country: str  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True)
class Party:
    """Seller or buyer. `attention` is the person a company is billed for ("t.a.v.")."""

    name: str
    address: Address
    vat_number: str | None  # with its country prefix, as normalised by app.parties.identifiers
    kvk_number: str | None = None  # 8 digits, Dutch Chamber of Commerce
    email: str | None = None
    attention: str | None = None
    # An explicit Peppol participant identifier "scheme:value" (e.g. "0190:00000001003214345000"
    # for a Dutch government body's OIN), when the buyer gave one.
    peppol_id: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    description: str
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    vat_rate: str  # "21", "9", "0" or a zero-VAT treatment of `app.shared.vat`
    amount: Decimal  # the rounded line amount, as booked
    delivery_date: date | None = None  # the line's own, when it differs from the invoice's

    def __post_init__(self) -> None:
        check_rate(self.vat_rate)


@dataclass(frozen=True, slots=True)
class Vat:
    rate: str
    base: Decimal
    amount: Decimal

    def __post_init__(self) -> None:
        check_rate(self.rate)


@dataclass(frozen=True, slots=True)
class InvoiceSnapshot:
    """`draft` is a preview of an invoice that has no number yet; everything else is final."""

    kind: str  # "invoice" | "credit_note"
    number: str | None  # None on a draft
    draft: bool
    invoice_date: date
    due_date: date
    currency: str
    locale: str  # "nl" | "en"
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    vat: tuple[Vat, ...]
    subtotal: Decimal
    total: Decimal
    iban: str | None
    bic: str | None
    payment_reference: str | None
    notes: str | None  # placeholders filled in
    credited_invoice_number: str | None = None  # credit notes: the invoice they correct
    credited_invoice_date: date | None = None
    # The seller is under the small-business scheme (KOR): exempt lines say so.
    small_business_scheme: bool = False
    # The administration asks for NLCIUS e-invoices (tagged so where the buyer allows it).
    prefer_nlcius: bool = False
    finalized_at: datetime | None = None  # None on a draft
    delivery_date: date | None = None  # when the goods or services were delivered, if given
    # The account holder's name of `iban` as the bank knows it; None: the seller's name.
    payee_name: str | None = None

    @property
    def payee(self) -> str:
        return self.payee_name or self.seller.name
