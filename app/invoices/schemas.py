"""Request and response models for invoices, their lines, totals and checks."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from app.i18n import t
from app.invoices.totals import RATES, normalize_rate
from app.mails.schemas import EmailTemplateChoice, MailOut
from app.models.enums import DeliveryMethod, InvoiceKind, InvoiceStatus, PartyLevel, PaymentStatus
from app.shared.pagination import Page
from app.shared.schemas import PaymentMark, StrictModel, UpdateModel
from app.shared.vat import CODES
from app.shared.xmltext import has_text

EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)
MAX_LINES = 1000


def _in_range(value: date) -> date:
    # Far-away dates would overflow date arithmetic (due dates, recurrences).
    if not EARLIEST <= value <= LATEST:
        raise ValueError(
            t("dates must lie between {earliest} and {latest}", earliest=EARLIEST, latest=LATEST)
        )
    return value


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _price(value: Decimal) -> str:
    # At least two decimals ("12.50"), more only when given ("0.1234").
    text = _plain(value)
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def _rate(value: Any) -> Any:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


def _no_nul_text(value: str) -> str:
    if "\0" in value:
        raise ValueError(t("NUL characters are not allowed"))
    return value


def _visible_text(value: str) -> str:
    # A description of control characters only would print as nothing, and the e-invoice needs
    # an item name (BT-153).
    if not has_text(value):
        raise ValueError(t("a description needs at least one printable character"))
    return value


def iso_date(value: Any) -> Any:
    # Pydantic's lax mode also reads numbers and digit strings as Unix timestamps (`0` would be
    # 1970-01-01) and datetimes as dates; the API documents dates as `YYYY-MM-DD` strings only.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(t("dates are written as YYYY-MM-DD"))
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def decimal_string(pattern: str, description: str, examples: list[str]) -> WithJsonSchema:
    """How a decimal is documented: a string with a pattern (inputs may also be JSON numbers,
    but clients are told to send strings, which keep every digit)."""
    return WithJsonSchema(
        {
            "type": "string",
            "format": "decimal",
            "pattern": pattern,
            "description": description,
            "examples": examples,
        }
    )


# The patterns also bound the values: at most 6 (quantity) or 8 (price) whole digits.
QUANTITY_PATTERN = r"^-?[0-9]{1,6}(\.[0-9]{1,4})?$"
PRICE_PATTERN = r"^-?[0-9]{1,8}(\.[0-9]{1,4})?$"
MONEY_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"
InvoiceDate = Annotated[date, BeforeValidator(iso_date), AfterValidator(_in_range)]
Quantity = Annotated[
    Decimal,
    Field(
        allow_inf_nan=False,
        decimal_places=4,
        ge=Decimal(-1_000_000),
        le=Decimal(1_000_000),
    ),
    PlainSerializer(_plain, return_type=str),
    decimal_string(QUANTITY_PATTERN, "Up to 4 decimals.", ["2", "1.5"]),
]
UnitPrice = Annotated[
    Decimal,
    Field(
        allow_inf_nan=False,
        decimal_places=4,
        ge=Decimal(-100_000_000),
        le=Decimal(100_000_000),
    ),
    PlainSerializer(_price, return_type=str),
    decimal_string(
        PRICE_PATTERN, "Excluding VAT; up to 4 decimals. Negative for a discount line.", ["95.00"]
    ),
]
Money = Annotated[
    Decimal,
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    decimal_string(MONEY_PATTERN, "An amount in euros, two decimals.", ["1210.00"]),
]
VatRate = Annotated[
    str,
    BeforeValidator(_rate),
    AfterValidator(normalize_rate),
    WithJsonSchema({"type": "string", "enum": list(CODES)}),
    Field(
        examples=list(RATES),
        description="`21`, `9` or `0` (percent), or a zero-VAT treatment, each printed with its "
        "legally required text: `reverse_charge` (btw verlegd, domestic or EU), "
        "`intra_community` (intracommunautaire levering of goods), `export` (outside the EU), "
        "`exempt` (vrijgesteld; under the KOR every line).",
    ),
]
# A stored line's code: always canonical (`VatRate` normalises what is sent).
VatCode = Annotated[str, WithJsonSchema({"type": "string", "enum": list(CODES)})]
Description = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_no_nul_text),
    AfterValidator(_visible_text),
]
Notes = Annotated[
    str,
    StringConstraints(max_length=10_000),
    AfterValidator(_no_nul_text),
    Field(description="Toelichting; may hold placeholders such as [deze_maand_factuur]."),
]
Unit = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
IdRef = Annotated[str, StringConstraints(max_length=40)]


class LineIn(StrictModel):
    description: Description
    quantity: Quantity = Decimal(1)
    unit: Unit | None = None
    unit_price: UnitPrice
    vat_rate: VatRate = "21"
    delivery_date: InvoiceDate | None = Field(
        default=None, description="When this line was delivered, if not on the invoice's date."
    )


class LineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    description: str
    quantity: Quantity
    unit: str | None
    unit_price: UnitPrice
    vat_rate: VatCode
    amount: Money = Field(description="Quantity x unit price, rounded half-up to cents.")
    delivery_date: date | None


class InvoiceCreate(StrictModel):
    customer_id: IdRef | None = Field(default=None, description="For a customer-level invoice.")
    company_id: IdRef | None = Field(default=None, description="For a company-level invoice.")
    invoice_date: InvoiceDate | None = Field(
        default=None,
        description="Booking date; today in the administration's time zone if left out.",
    )
    due_date: InvoiceDate | None = Field(
        default=None, description="Invoice date + payment term if left out."
    )
    delivery_date: InvoiceDate | None = Field(
        default=None, description="Leveringsdatum: when the goods or services were delivered."
    )
    lines: list[LineIn] = Field(default_factory=list, max_length=MAX_LINES)
    notes: Notes | None = None
    payment_status: PaymentMark = PaymentStatus.unpaid
    currency: Literal["EUR"] = "EUR"

    @model_validator(mode="after")
    def _one_party(self) -> InvoiceCreate:
        if (self.customer_id is None) == (self.company_id is None):
            raise ValueError(
                t("give either customer_id (customer level) or company_id (company level)")
            )
        if self.due_date and self.invoice_date and self.due_date < self.invoice_date:
            raise ValueError(t("due_date cannot be before invoice_date"))
        return self


class InvoiceUpdate(UpdateModel):
    not_nullable = ("invoice_date", "lines", "payment_status")

    customer_id: IdRef | None = None
    company_id: IdRef | None = None
    invoice_date: InvoiceDate | None = None
    due_date: InvoiceDate | None = Field(
        default=None, description="null: follow invoice date + payment term again."
    )
    delivery_date: InvoiceDate | None = Field(default=None, description="null: none printed.")
    lines: list[LineIn] | None = Field(default=None, max_length=MAX_LINES)
    notes: Notes | None = None
    payment_status: PaymentMark | None = None

    @model_validator(mode="after")
    def _consistent(self) -> InvoiceUpdate:
        given = self.model_fields_set
        if "customer_id" in given and "company_id" in given:
            if (self.customer_id is None) == (self.company_id is None):
                raise ValueError(t("give either customer_id or company_id, not both or neither"))
        return self


class VatOut(BaseModel):
    rate: VatCode
    base: Money
    amount: Money


class TotalsOut(BaseModel):
    subtotal: Money
    vat: list[VatOut]
    total: Money


class DocumentRef(BaseModel):
    id: str
    kind: str
    filename: str
    content_url: str


class InvoiceOut(BaseModel):
    id: str
    kind: InvoiceKind
    level: PartyLevel
    customer_id: str | None
    company_id: str | None
    invoice_date: date
    due_date: date
    delivery_date: date | None
    lines: list[LineOut]
    notes: str | None
    currency: str
    status: InvoiceStatus
    payment_status: PaymentStatus
    amount_paid: Money = Field(description="The sum of its payments (refunds on a credit note).")
    amount_due: Money = Field(description="Total minus amount_paid; negative when owed back.")
    overpaid: bool
    number: str | None
    finalized_at: datetime | None
    paid_at: datetime | None
    delivery_method: DeliveryMethod
    delivery_method_source: PartyLevel
    totals: TotalsOut
    documents: list[DocumentRef]
    credited_invoice_id: str | None
    created_at: datetime
    updated_at: datetime


class InvoicePage(Page[InvoiceOut]):
    pass


class CreditNoteCreate(StrictModel):
    lines: list[Annotated[int, Field(ge=0)]] | None = Field(
        default=None,
        max_length=MAX_LINES,
        description="Positions (0-based) of the lines to credit; all lines when left out.",
    )
    invoice_date: InvoiceDate | None = None
    notes: Notes | None = None


class PaymentUpdate(StrictModel):
    payment_status: PaymentMark


class CheckProblem(BaseModel):
    code: str = Field(description="Stable identifier, e.g. `no_lines`.")
    severity: Literal["error", "warning"]
    message: str
    field: str | None = Field(default=None, description="What to fix, e.g. `lines[2].quantity`.")


class CheckOut(BaseModel):
    ok: bool = Field(description="True when nothing blocks finalising.")
    delivery_method: DeliveryMethod
    delivery_method_source: PartyLevel
    problems: list[CheckProblem]


class DefaultRecipient(BaseModel):
    address: str
    name: str | None
    source: Literal["customer", "company", "contact_detail"]


class DeliveryOut(BaseModel):
    delivery_method: DeliveryMethod
    delivery_method_source: PartyLevel
    pdf_template_id: str | None = Field(
        description="For none/post: the administration's default PDF template."
    )
    default_recipients: list[DefaultRecipient] = Field(
        description="E-mail delivery: who gets the mail unless deselected."
    )
    email_templates: list[EmailTemplateChoice] = Field(
        description="E-mail delivery: the templates to choose from, with warnings."
    )


class FinalizedInvoiceOut(InvoiceOut):
    mail: MailOut | None = Field(description="The invoice mail (e-mail delivery), draft or queued.")
