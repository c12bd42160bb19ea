"""What the PDF renderer prints: plain, immutable values, made from an invoice snapshot by
`app.documents.print_view`.

The renderer never sees ORM objects or Pydantic models, so it can run in a worker thread without a
session and be tested without a database. Amounts arrive already computed and rounded: the
renderer formats, it never calculates. Lines and VAT groups are the snapshot's own values; this
module owns what only print needs: parties as printed address lines, watermark, letter placement,
template options.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.documents.snapshot import REVERSE_CHARGE as REVERSE_CHARGE
from app.documents.snapshot import Line, Vat
from app.shared import vat as vat_codes

LOCALES = frozenset({"nl", "en"})
KINDS = frozenset({"invoice", "credit_note"})

_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True, slots=True)
class PartyView:
    """Seller or buyer. `address_lines` are printed as given, one per line."""

    name: str
    address_lines: tuple[str, ...] = ()
    vat_number: str | None = None
    kvk_number: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    locale: str
    kind: str
    number: str | None  # None on a draft preview
    invoice_date: date
    due_date: date
    seller: PartyView
    buyer: PartyView
    iban: str | None
    bic: str | None
    lines: tuple[Line, ...]
    subtotal: Decimal
    vat: tuple[Vat, ...]
    total: Decimal
    currency: str = "EUR"
    notes: str | None = None
    payment_reference: str | None = None  # printed, and the remittance text of the QR code
    credited_invoice_number: str | None = None  # credit notes only
    watermark: str | None = None  # e.g. "CONCEPT" on draft previews
    letter: bool = False  # post delivery: buyer address placed for a window envelope
    small_business_scheme: bool = False  # the seller is under the KOR: exempt lines say so
    # The PDF's CreationDate: the finalisation time of a final invoice, the render time of a
    # preview. Part of the input, so the same input still gives the same bytes; None keeps
    # ReportLab's fixed invariant date.
    created_at: datetime | None = None
    delivery_date: date | None = None  # printed as "Leveringsdatum" when given
    # The account holder's name of `iban` (QR code, payment instruction); None: the seller's.
    payee_name: str | None = None

    @property
    def payee(self) -> str:
        return self.payee_name or self.seller.name

    @property
    def draft(self) -> bool:
        """A preview of an invoice that is not final: watermarked, without a number."""
        return self.watermark is not None or self.number is None

    def __post_init__(self) -> None:
        if self.locale not in LOCALES:
            raise ValueError(f"locale {self.locale!r} is not one of {sorted(LOCALES)}")
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {sorted(KINDS)}")

    @property
    def treatments(self) -> tuple[str, ...]:
        """The zero-VAT treatments used, in the order of the VAT breakdown: each one's legally
        required text is printed once below the totals."""
        used = dict.fromkeys(
            [vat.rate for vat in self.vat] + [line.vat_rate for line in self.lines]
        )
        return tuple(code for code in used if code in vat_codes.TREATMENTS)

    @property
    def reverse_charge(self) -> bool:
        return REVERSE_CHARGE in self.treatments


@dataclass(frozen=True, slots=True)
class TemplateOptions:
    """A PDF template's settings as stored by the service; `labels` override the layout's."""

    layout: str = "classic"
    accent_color: str | None = None  # "#RRGGBB"
    logo: bytes | None = None  # PNG or JPEG, checked with `validate_logo` when it was saved
    footer_text: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.accent_color is not None and not _HEX_COLOR.fullmatch(self.accent_color):
            raise ValueError(f"accent colour {self.accent_color!r} is not #RRGGBB")


@dataclass(frozen=True, slots=True)
class StatementItem:
    """One open item of a statement: an invoice (or a credit note, negative) not yet settled."""

    number: str
    invoice_date: date
    due_date: date
    total: Decimal  # the original amount
    paid: Decimal
    open: Decimal  # what is still due: total - paid
    days_overdue: int  # 0 when not yet due


@dataclass(frozen=True, slots=True)
class StatementDocument:
    """A customer's statement of open items ("rekeningoverzicht") as printed on `as_of`.

    `labels` are the printed texts, already in the document's language (the service renders
    them from the gettext catalogs); user text (names, addresses) is escaped by the renderer.
    """

    locale: str
    as_of: date
    seller: PartyView
    buyer: PartyView
    iban: str | None
    bic: str | None
    payee_name: str  # the account holder's name, as in the payment instruction of an invoice
    items: tuple[StatementItem, ...]
    total_due: Decimal
    overdue_due: Decimal  # the part of total_due that is past its due date
    labels: Mapping[str, str]
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if self.locale not in LOCALES:
            raise ValueError(f"locale {self.locale!r} is not one of {sorted(LOCALES)}")
        if self.total_due != sum((item.open for item in self.items), Decimal("0.00")):
            raise ValueError(f"total due {self.total_due} is not the sum of the open amounts")
