"""Bank statements and bank transactions in the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from app.invoices.schemas import Money
from app.models.enums import BankTransactionStatus, CreditDebit, MatchRule
from app.payments.schemas import PaymentState
from app.shared.pagination import Page
from app.shared.schemas import StrictModel


class BankTransactionOut(BaseModel):
    id: str
    direction: CreditDebit = Field(description="`credit`: received; `debit`: paid out.")
    status: BankTransactionStatus = Field(
        description="`matched`: it paid `invoice_id`; `unmatched`: an incoming credit no open "
        "invoice was found for (match it by hand); `ignored`: a debit or a reversal, kept but "
        "never matched."
    )
    amount: Money = Field(description="Always positive; `direction` says which way.")
    currency: str
    booking_date: date
    value_date: date | None
    counterparty_name: str | None
    counterparty_iban: str | None
    remittance_info: str | None = Field(description="The unstructured remittance (Ustrd).")
    structured_reference: str | None = Field(
        description="The structured creditor reference (CdtrRefInf/Ref), e.g. a betalingskenmerk."
    )
    end_to_end_id: str | None
    bank_reference: str | None = Field(description="The bank's reference (AcctSvcrRef).")
    account_iban: str
    statement_id: str
    invoice_id: str | None
    payment_id: str | None
    matched_by: MatchRule | None
    matched_at: datetime | None
    created_at: datetime


class BankTransactionPage(Page[BankTransactionOut]):
    pass


class ImportCounts(BaseModel):
    transactions: int = Field(description="Distinct transactions in the statement.")
    new: int = Field(description="Stored by this import.")
    already_known: int = Field(description="Imported before (same or overlapping statement).")
    matched: int = Field(description="New credits that became a payment of an invoice.")
    unmatched: int = Field(description="New credits left for matching by hand.")
    ignored: int = Field(description="New debits and reversals (stored, never matched).")


class StatementImported(BaseModel):
    message_type: str = Field(description="The CAMT version read, e.g. `camt.053.001.02`.")
    message_id: str = Field(description="The statement file's message id (GrpHdr/MsgId).")
    account_ibans: list[str]
    counts: ImportCounts
    transactions: list[BankTransactionOut] = Field(
        description="The new transactions, in statement order, with their status and the "
        "invoice each matched."
    )


class MatchIn(StrictModel):
    invoice_id: Annotated[
        str, StringConstraints(max_length=40, pattern=r"^[a-z]{2,5}_[0-9A-Za-z]{1,34}$")
    ] = Field(description="The invoice the credit pays (`inv_...`).")


class TransactionMatched(BaseModel):
    transaction: BankTransactionOut
    invoice: PaymentState = Field(description="The invoice's payment state after the payment.")
