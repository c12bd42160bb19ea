"""Importing bank statements, matching incoming credits to open invoices, and matching by hand.

An import is one transaction (the request's): the statement's new transactions are written,
matched and turned into payments together, or nothing is stored at all (a refused statement,
or an error halfway). What the statement holds that the administration already has (the same
file again, an overlapping day) is recognised by each transaction's dedup key and left alone;
the unique index on that key is the final judge when two imports of one statement race.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.banking import camt
from app.banking import repository as repo
from app.banking.matching import Credit, Matcher, OpenInvoice
from app.errors import Conflict, Invalid, NotFound
from app.i18n import Message, t
from app.invoices import repository as invoices_repo
from app.models import Administration, BankTransaction, Invoice
from app.models.base import new_id
from app.models.enums import (
    BankTransactionStatus,
    CreditDebit,
    InvoiceKind,
    InvoiceStatus,
    MatchRule,
    PaymentMethod,
    PaymentStatus,
)
from app.payments import service as payments
from app.shared.pagination import PageParams

# Payment.reference is at most 140 characters.
MAX_PAYMENT_REFERENCE = 140


class ForeignStatement(Invalid):
    type, code = "foreign-statement", "foreign_statement"
    title = t("The statement is not of the administration's bank account")


class NoOwnIban(Invalid):
    type, code = "administration-has-no-iban", "administration_has_no_iban"
    title = t("The administration has no IBAN to import statements for")


class BankTransactionAlreadyMatched(Conflict):
    type, code = "bank-transaction-already-matched", "bank_transaction_already_matched"
    title = t("The bank transaction is matched already")


class BankTransactionNotACredit(Conflict):
    type, code = "bank-transaction-not-a-credit", "bank_transaction_not_a_credit"
    title = t("Only incoming credits can be matched to an invoice")


class InvoiceNotOpen(Conflict):
    type, code = "invoice-not-open", "invoice_not_open"
    title = t("The invoice is not open for payment")


@dataclass
class ImportResult:
    statement: camt.CamtStatement
    total: int  # distinct transactions in the statement
    already_known: int
    new: list[BankTransaction] = field(default_factory=list)


# --- importing ---------------------------------------------------------------------------------


async def import_statement(
    session: AsyncSession, administration: Administration, data: bytes
) -> ImportResult:
    """Store the statement's transactions that are new, and pay the invoices its credits match.
    Refuses (422, nothing stored) what is not a CAMT.053 of the administration's own account."""
    # Parsing and schema validation are CPU work of up to a second: off the event loop.
    statement = await anyio.to_thread.run_sync(camt.parse, data)
    _check_account(administration, statement)
    now = clock.now()
    rows = _rows(administration.id, statement, now)
    keys = list(rows)
    known = await repo.existing_keys(session, administration.id, keys)
    # In key order: two imports that overlap take the unique index's entries in one order, so
    # neither waits for a row the other holds while holding one it wants (no deadlock).
    fresh = [rows[k] for k in sorted(keys) if k not in known]
    inserted = await repo.insert_new(session, fresh) if fresh else set()
    result = ImportResult(statement, total=len(keys), already_known=len(keys) - len(inserted))
    new_rows = [rows[k] for k in keys if k in inserted]  # statement order
    credits = [row for row in new_rows if row["status"] is BankTransactionStatus.unmatched]
    if credits:
        await _match_credits(session, administration.id, credits, now)
    if new_rows:
        by_key = {
            r.dedup_key: r
            for r in await repo.by_keys(
                session, administration.id, [row["dedup_key"] for row in new_rows]
            )
        }
        result.new = [by_key[row["dedup_key"]] for row in new_rows]
    return result


def _check_account(administration: Administration, statement: camt.CamtStatement) -> None:
    own = camt.compact_iban(administration.iban or "")
    if not own:
        raise NoOwnIban(
            t("Set the administration's IBAN first: statements are accepted for that account.")
        )
    for iban in statement.account_ibans:
        if iban != own:
            raise ForeignStatement.field(
                ["body", "Stmt", "Acct", "Id", "IBAN"],
                t(
                    "The statement is of account {iban}; this administration's account is {own}.",
                    iban=iban,
                    own=own,
                ),
                "foreign_statement",
            )


def dedup_key(tx: camt.CamtTransaction, occurrence: int) -> str:
    """The transaction's identity across statements. The bank's own reference when it gives
    one (with the detail's place in a batch entry); else the transaction's facts plus how many
    identical ones came before it in the statement (two equal transfers on one day stay two,
    and an overlapping statement lists them in the same order)."""
    if tx.entry_reference or tx.detail_reference:
        facts: tuple[object, ...] = (
            "ref",
            tx.account_iban,
            tx.entry_reference,
            tx.detail_reference,
            tx.detail_index,
            tx.booking_date,
            tx.direction,
            tx.amount,
        )
    else:
        facts = (
            "facts",
            tx.account_iban,
            tx.booking_date,
            tx.direction,
            tx.amount,
            tx.currency,
            tx.counterparty_iban,
            tx.remittance,
            tx.structured_reference,
            tx.end_to_end_id,
            occurrence,
        )
    return hashlib.sha256("\x1f".join(map(str, facts)).encode()).hexdigest()


def _rows(
    administration_id: str, statement: camt.CamtStatement, now: datetime
) -> dict[str, dict[str, Any]]:
    """The statement's transactions as table rows, by dedup key, in statement order (a key
    repeated within the statement is one transaction written twice: kept once)."""
    seen: Counter[tuple[object, ...]] = Counter()
    rows: dict[str, dict[str, Any]] = {}
    for tx in statement.transactions:
        identity = (
            tx.account_iban,
            tx.booking_date,
            tx.direction,
            tx.amount,
            tx.currency,
            tx.counterparty_iban,
            tx.remittance,
            tx.structured_reference,
            tx.end_to_end_id,
        )
        occurrence = seen[identity]
        seen[identity] += 1
        key = dedup_key(tx, occurrence)
        if key in rows:
            continue
        incoming = tx.direction == "credit" and not tx.reversal
        rows[key] = {
            "id": new_id("btx"),
            "administration_id": administration_id,
            "dedup_key": key,
            "account_iban": tx.account_iban,
            "message_id": statement.message_id[:35],
            "statement_id": tx.statement_id[:35],
            "direction": CreditDebit(tx.direction),
            "status": BankTransactionStatus.unmatched
            if incoming
            else BankTransactionStatus.ignored,
            "amount": tx.amount,
            "currency": tx.currency,
            "booking_date": tx.booking_date,
            "value_date": tx.value_date,
            "counterparty_name": tx.counterparty_name,
            "counterparty_iban": tx.counterparty_iban,
            "remittance_info": tx.remittance,
            "structured_reference": tx.structured_reference,
            "end_to_end_id": tx.end_to_end_id,
            "bank_reference": tx.detail_reference or tx.entry_reference,
            "detail_index": tx.detail_index,
            "invoice_id": None,
            "payment_id": None,
            "matched_by": None,
            "matched_at": None,
            "created_at": now,
        }
    return {k: v for k, v in rows.items() if v["amount"] > 0}


async def _match_credits(
    session: AsyncSession, administration_id: str, credits: list[dict[str, Any]], now: datetime
) -> None:
    """Match the new credits in statement order and record the payments. The open invoices and
    known IBANs are read once into dicts; the invoices matched are then locked in one query and
    checked again (a payment recorded meanwhile may have paid them)."""
    matcher = Matcher.build(
        (_open(row) for row in await repo.open_invoices(session, administration_id)),
        await repo.known_ibans(session, administration_id),
    )
    planned: list[tuple[dict[str, Any], str, MatchRule]] = []
    for row in credits:
        match = matcher.match(
            Credit(
                amount=row["amount"],
                currency=row["currency"],
                counterparty_iban=row["counterparty_iban"],
                structured_reference=row["structured_reference"],
                remittance=row["remittance_info"],
            )
        )
        if match is None:
            continue
        party_id = matcher.invoices[match.invoice_id].party_id
        matcher.apply(match.invoice_id, row["amount"])
        if row["counterparty_iban"]:
            matcher.learn(party_id, row["counterparty_iban"])
        planned.append((row, match.invoice_id, match.rule))
    if not planned:
        return
    locked = await repo.lock_invoices(
        session, administration_id, [invoice_id for _, invoice_id, _ in planned]
    )
    matched: list[dict[str, Any]] = []
    learned: list[tuple[str | None, str | None, str]] = []
    for row, invoice_id, rule in planned:
        invoice = locked.get(invoice_id)
        if invoice is None or not _payable(invoice):
            continue
        if rule is MatchRule.amount_iban and invoice.amount_due != row["amount"]:
            continue  # the amount no longer identifies it
        payment = await _pay(session, invoice, row)
        matched.append(
            {
                "id": row["id"],
                "invoice_id": invoice.id,
                "payment_id": payment.id,
                "matched_by": rule,
                "matched_at": now,
            }
        )
        if row["counterparty_iban"]:
            learned.append((invoice.customer_id, invoice.company_id, row["counterparty_iban"]))
    await repo.mark_matched(session, matched)
    await repo.learn_ibans(session, administration_id, learned, now)


def _open(row: Any) -> OpenInvoice:
    references = (row.number,) if row.number else ()
    return OpenInvoice(
        id=row.id,
        party_id=row.customer_id or row.company_id,
        currency=row.currency,
        amount_due=row.amount_due,
        references=references,
    )


def _payable(invoice: Invoice) -> bool:
    """Final, an invoice (credit notes are refunded, not paid), not fully paid."""
    return (
        invoice.status is InvoiceStatus.final
        and invoice.kind is InvoiceKind.invoice
        and invoice.payment_status is not PaymentStatus.paid
        and invoice.amount_due > 0
    )


async def _pay(session: AsyncSession, invoice: Invoice, row: dict[str, Any]) -> Any:
    reference = (
        row["structured_reference"]
        or row["end_to_end_id"]
        or row["bank_reference"]
        or row["remittance_info"]
    )
    return await payments.record_payment(
        session,
        invoice,
        amount=row["amount"],
        payment_date=row["booking_date"],
        method=PaymentMethod.bank,
        reference=reference[:MAX_PAYMENT_REFERENCE] if reference else None,
        bank_transaction_id=row["id"],
        allow_overpayment=True,
    )


# --- listing and matching by hand --------------------------------------------------------------


async def on_payment_reversed(session: AsyncSession, event: events.PaymentReversed) -> None:
    """A reversed payment that a bank credit made (booked on the wrong invoice, say) puts the
    credit back on the unmatched list, to be matched again: the money arrived all the same."""
    payment = event.payment
    if payment.bank_transaction_id is not None:
        await repo.unmatch(session, payment.bank_transaction_id, payment.id)


async def list_transactions(
    session: AsyncSession,
    administration_id: str,
    params: PageParams,
    status: BankTransactionStatus | None,
) -> list[BankTransaction]:
    return await repo.transactions(session, administration_id, params, status)


async def get_transaction(
    session: AsyncSession, administration_id: str, transaction_id: str
) -> BankTransaction:
    found = await repo.transaction(session, administration_id, transaction_id)
    if found is None:
        raise NotFound(t("Bank transaction {id} not found.", id=transaction_id))
    return found


async def match_by_hand(
    session: AsyncSession, administration: Administration, transaction_id: str, invoice_id: str
) -> tuple[BankTransaction, Invoice]:
    """Pay `invoice_id` with the transaction's amount (a partial payment or an overpayment as it
    comes) and remember the IBAN it came from for the invoice's customer."""
    tx = await repo.transaction(session, administration.id, transaction_id, for_update=True)
    if tx is None:
        raise NotFound(t("Bank transaction {id} not found.", id=transaction_id))
    invoice = await invoices_repo.invoice(session, administration.id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    if tx.status is BankTransactionStatus.matched:
        raise BankTransactionAlreadyMatched(
            t(
                "Bank transaction {id} is matched to invoice {invoice} already.",
                id=tx.id,
                invoice=tx.invoice_id,
            )
        )
    if tx.status is not BankTransactionStatus.unmatched:
        raise BankTransactionNotACredit(
            t("Bank transaction {id} is a debit or a reversal; it pays no invoice.", id=tx.id)
        )
    if not _payable(invoice):
        raise InvoiceNotOpen(_not_open_reason(invoice))
    if tx.currency != invoice.currency:
        # As the automatic rules: a credit in another currency is no payment of this invoice.
        raise InvoiceNotOpen(
            t(
                "Credit {id} is in {currency}; invoice {number} is in {invoice_currency}.",
                id=tx.id,
                currency=tx.currency,
                number=invoice.number or invoice.id,
                invoice_currency=invoice.currency,
            )
        )
    now = clock.now()
    payment = await _pay(
        session,
        invoice,
        {
            "id": tx.id,
            "amount": tx.amount,
            "booking_date": tx.booking_date,
            "structured_reference": tx.structured_reference,
            "end_to_end_id": tx.end_to_end_id,
            "bank_reference": tx.bank_reference,
            "remittance_info": tx.remittance_info,
        },
    )
    tx.status = BankTransactionStatus.matched
    tx.invoice_id = invoice.id
    tx.payment_id = payment.id
    tx.matched_by = MatchRule.manual
    tx.matched_at = now
    if tx.counterparty_iban:
        await repo.learn_ibans(
            session,
            administration.id,
            [(invoice.customer_id, invoice.company_id, tx.counterparty_iban)],
            now,
        )
    await session.flush()
    return tx, invoice


def _not_open_reason(invoice: Invoice) -> Message:
    if invoice.status is InvoiceStatus.draft:
        return t("Invoice {id} is a draft; finalise it first.", id=invoice.id)
    if invoice.kind is InvoiceKind.credit_note:
        return t("Invoice {id} is a credit note; a credit pays no credit note.", id=invoice.id)
    return t("Invoice {number} is paid already.", number=invoice.number or invoice.id)
