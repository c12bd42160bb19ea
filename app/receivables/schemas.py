"""Response models of receivables (open items and their aging) and customer statements."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from app.invoices.schemas import Money
from app.models.enums import InvoiceKind, PaymentStatus
from app.receivables.aging import Bucket
from app.shared.pagination import Page


class OpenItem(BaseModel):
    """An open invoice (or credit note: negative amounts) and how late it is."""

    invoice_id: str
    number: str
    kind: InvoiceKind
    customer_id: str | None
    company_id: str | None = Field(
        description="The company of a company-level invoice, or the customer's linked company."
    )
    customer_name: str | None
    company_name: str | None
    invoice_date: date
    due_date: date
    total: Money = Field(description="The original amount (negative for a credit note).")
    amount_paid: Money
    amount_due: Money = Field(description="total - amount_paid: what is still open.")
    payment_status: PaymentStatus
    days_overdue: int = Field(description="Days past the due date on `as_of`; 0 when not due.")
    bucket: Bucket


class BucketTotal(BaseModel):
    count: int
    amount: Money


class AgingTotals(BaseModel):
    """Over every open item that matches the filters, not only the page's."""

    not_due: BucketTotal
    overdue_1_30: BucketTotal
    overdue_31_60: BucketTotal
    overdue_61_90: BucketTotal
    overdue_over_90: BucketTotal
    total: BucketTotal = Field(description="The grand total: every bucket together.")


class ReceivablesPage(Page[OpenItem]):
    """Open items oldest due date first; `totals` cover all of them, whatever the page."""

    as_of: date = Field(description="The day days overdue are counted to.")
    currency: str
    totals: AgingTotals


class Debtor(BaseModel):
    customer_id: str | None
    company_id: str | None
    name: str = Field(description="As the statement is addressed (a linked customer's company).")
    attention: str | None = Field(description="The customer a company is addressed for.")


class StatementOut(BaseModel):
    """A statement of open items ("rekeningoverzicht") of a customer or company."""

    as_of: date
    currency: str
    debtor: Debtor
    items: list[OpenItem] = Field(description="Every open item, oldest due date first.")
    totals: AgingTotals
    total_due: Money = Field(description="What the debtor owes in all (totals.total.amount).")
    overdue_due: Money = Field(description="The part of total_due past its due date.")
    iban: str | None
    payee_name: str = Field(description="The account holder's name to pay to.")
