"""Recording and reversing payments, and keeping an invoice's `amount_paid`, `payment_status`
and `paid_at` in step with them, in the same transaction.

A payment's amount is given as what changed hands, always positive: money received on an
invoice, money refunded on a credit note. Rows, and what the API answers, are signed like the
invoice's total (see `Payment.amount`), so `amount_due = total - amount_paid` always holds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.errors import Conflict, Invalid, NotFound
from app.i18n import t
from app.invoices import repository as invoices_repo
from app.models import Administration, Invoice, Payment
from app.models.base import new_id
from app.models.enums import InvoiceKind, InvoiceStatus, PaymentMethod, PaymentStatus
from app.payments import repository as repo
from app.payments import schemas
from app.payments.status import overpaid, status_of
from app.shared.pagination import PageParams, page


class PaymentOnDraft(Conflict):
    type, code = "payment-on-draft", "payment_on_draft"
    title = t("Payments are recorded on final invoices only")


class PaymentExceedsAmountDue(Invalid):
    type, code = "payment-exceeds-amount-due", "payment_exceeds_amount_due"
    title = t("The payment is more than is due")


class PaymentNotReversible(Conflict):
    type, code = "payment-not-reversible", "payment_not_reversible"
    title = t("The payment cannot be reversed")


async def record_payment(
    session: AsyncSession,
    invoice: Invoice,
    *,
    amount: Decimal,
    payment_date: date,
    method: PaymentMethod,
    reference: str | None = None,
    note: str | None = None,
    bank_transaction_id: str | None = None,
    allow_overpayment: bool = False,
) -> Payment:
    """Add a payment of `amount` (> 0; a refund on a credit note) to a final `invoice` that the
    caller has locked (`for_update=True`), so concurrent payments add up instead of overwriting
    each other. More than is due is refused unless `allow_overpayment` (a bank transfer that
    was made is a fact; the invoice then shows `overpaid`)."""
    if invoice.status is not InvoiceStatus.final:
        raise PaymentOnDraft(
            t("Invoice {id} is a draft; finalise it before recording payments.", id=invoice.id)
        )
    if amount <= 0:
        raise Invalid.field(["body", "amount"], t("must be more than 0"))
    due = abs(invoice.amount_due) if _owing(invoice) else Decimal(0)
    if amount > due and not allow_overpayment:
        raise PaymentExceedsAmountDue.field(
            ["body", "amount"],
            t(
                "{amount} is more than the {due} still due on invoice {number}",
                amount=str(amount),
                due=str(due),
                number=invoice.number or invoice.id,
            ),
        )
    payment = Payment(
        id=new_id("pay"),
        administration_id=invoice.administration_id,
        invoice_id=invoice.id,
        amount=_signed(invoice, amount),
        payment_date=payment_date,
        method=method,
        reference=reference,
        note=note,
        reversed=False,
        bank_transaction_id=bank_transaction_id,
        created_at=clock.now(),
    )
    session.add(payment)
    changed = _apply(invoice, payment.amount)
    await events.publish(session, events.PaymentRecorded(invoice, payment))
    if changed:
        await events.publish(session, events.PaymentStatusChanged(invoice))
    return payment


async def add_payment(
    session: AsyncSession, administration: Administration, invoice_id: str, data: schemas.PaymentIn
) -> tuple[Invoice, Payment]:
    """`POST /v1/invoices/{id}/payments`."""
    invoice = await _locked_invoice(session, administration.id, invoice_id)
    if data.date > clock.today_in(administration.timezone):
        raise Invalid.field(["body", "date"], t("a payment cannot be dated in the future"))
    payment = await record_payment(
        session,
        invoice,
        amount=data.amount,
        payment_date=data.date,
        method=PaymentMethod(data.method),
        reference=data.reference,
        note=data.note,
    )
    return invoice, payment


async def list_payments(
    session: AsyncSession, administration_id: str, invoice_id: str, params: PageParams
) -> schemas.PaymentPage:
    invoice = await invoices_repo.invoice(session, administration_id, invoice_id)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    rows = await repo.payments_of(session, invoice.id, params)
    return page(schemas.PaymentPage, [out(invoice, p) for p in rows], params, lambda p: p.id)


async def reverse_payment(
    session: AsyncSession, administration: Administration, invoice_id: str, payment_id: str
) -> tuple[Invoice, Payment]:
    """`DELETE .../payments/{id}`: a reversal row cancels the payment; both stay. A credit
    note's settlement is undone only by the credit note itself (it is final), never here."""
    invoice = await _locked_invoice(session, administration.id, invoice_id)
    payment = await repo.payment(session, invoice.id, payment_id, for_update=True)
    if payment is None:
        raise NotFound(t("Payment {id} not found.", id=payment_id))
    today = clock.today_in(administration.timezone)
    return invoice, await _reverse(session, invoice, payment, today)


async def mark(
    session: AsyncSession, administration: Administration, invoice_id: str, status: PaymentStatus
) -> Invoice:
    """`PATCH .../payment`, kept for integrations that only know paid/unpaid. On a final
    invoice `paid` records one payment of what is due (today, method `other`) and `unpaid`
    reverses its payments (not a credit note's settlement). A draft only carries the mark;
    finalising turns it into a payment."""
    invoice = await _locked_invoice(session, administration.id, invoice_id)
    if invoice.status is InvoiceStatus.draft:
        if invoice.payment_status is not status:
            await _set_status(session, invoice, status)
        return invoice
    if status is PaymentStatus.paid:
        if _owing(invoice):
            await record_payment(
                session,
                invoice,
                amount=abs(invoice.amount_due),
                payment_date=clock.today_in(administration.timezone),
                method=PaymentMethod.other,
            )
        elif invoice.total == 0 and invoice.payment_status is not PaymentStatus.paid:
            await _set_status(session, invoice, PaymentStatus.paid)
    else:
        today = clock.today_in(administration.timezone)
        for payment in await repo.payments_of(session, invoice.id):
            if _reversible(payment):
                await _reverse(session, invoice, payment, today)
        if invoice.total == 0 and invoice.payment_status is not PaymentStatus.unpaid:
            await _set_status(session, invoice, PaymentStatus.unpaid)
    return invoice


async def on_invoice_finalized(session: AsyncSession, event: events.InvoiceFinalized) -> None:
    """A final credit note settles what is still due on the invoice it credits (both get a
    `credit_note` payment of the settled amount); what is left of it is a refund owed. A draft
    marked paid before finalising gets the payment that the mark stands for."""
    invoice = event.invoice
    today = clock.today_in(event.administration.timezone)
    if invoice.kind is InvoiceKind.credit_note and invoice.credited_invoice_id is not None:
        credited = await _locked_invoice(
            session, invoice.administration_id, invoice.credited_invoice_id
        )
        settled = min(-invoice.total, credited.amount_due) if _owing(credited) else Decimal(0)
        if settled > 0:
            for target, other in ((credited, invoice), (invoice, credited)):
                await record_payment(
                    session,
                    target,
                    amount=settled,
                    payment_date=today,
                    method=PaymentMethod.credit_note,
                    reference=other.number,
                )
            return
    if invoice.payment_status is PaymentStatus.paid and invoice.amount_paid == 0:
        if invoice.total == 0:
            return
        # `record_payment` would see the mark as nothing paid yet: start from unpaid.
        invoice.payment_status = PaymentStatus.unpaid
        await record_payment(
            session,
            invoice,
            amount=abs(invoice.total),
            payment_date=invoice.paid_at.date() if invoice.paid_at else today,
            method=PaymentMethod.other,
        )


def state(invoice: Invoice) -> schemas.PaymentState:
    return schemas.PaymentState(
        payment_status=invoice.payment_status,
        amount_paid=invoice.amount_paid,
        amount_due=invoice.amount_due,
        overpaid=overpaid(invoice.total, invoice.amount_paid),
    )


def out(invoice: Invoice, payment: Payment) -> schemas.PaymentOut:
    return schemas.PaymentOut(
        id=payment.id,
        invoice_id=payment.invoice_id,
        amount=payment.amount,
        date=payment.payment_date,
        method=payment.method,
        reference=payment.reference,
        note=payment.note,
        reversed=payment.reversed,
        reverses_id=payment.reverses_id,
        bank_transaction_id=payment.bank_transaction_id,
        created_at=payment.created_at,
    )


# --- inside ------------------------------------------------------------------------------------


async def _locked_invoice(
    session: AsyncSession, administration_id: str, invoice_id: str
) -> Invoice:
    invoice = await invoices_repo.invoice(session, administration_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFound(t("Invoice {id} not found.", id=invoice_id))
    return invoice


async def _reverse(
    session: AsyncSession, invoice: Invoice, payment: Payment, today: date
) -> Payment:
    if payment.reverses_id is not None:
        raise PaymentNotReversible(t("Payment {id} is itself a reversal.", id=payment.id))
    if payment.method is PaymentMethod.credit_note:
        raise PaymentNotReversible(
            t("Payment {id} is a credit note's settlement; it stays.", id=payment.id)
        )
    if payment.reversed:
        raise PaymentNotReversible(t("Payment {id} was already reversed.", id=payment.id))
    reversal = Payment(
        id=new_id("pay"),
        administration_id=payment.administration_id,
        invoice_id=payment.invoice_id,
        amount=-payment.amount,
        payment_date=today,
        method=payment.method,
        reference=payment.reference,
        note=None,
        reverses_id=payment.id,
        reversed=False,
        bank_transaction_id=payment.bank_transaction_id,
        created_at=clock.now(),
    )
    payment.reversed = True
    session.add(reversal)
    try:
        await session.flush()
    except IntegrityError as exc:  # another request reversed it first (unique reverses_id)
        raise PaymentNotReversible(t("Payment {id} was already reversed.", id=payment.id)) from exc
    changed = _apply(invoice, reversal.amount)
    await events.publish(session, events.PaymentReversed(invoice, payment, reversal))
    if changed:
        await events.publish(session, events.PaymentStatusChanged(invoice))
    return reversal


def _apply(invoice: Invoice, signed_amount: Decimal) -> bool:
    """Add a payment row's amount to the invoice; True when its payment status changed (the
    caller tells after the payment's own event, so listeners hear of the payment first).

    No flush here: the next query (or the commit) writes the payment and the invoice, so a
    statement of thousands of payments is written in batched INSERTs and UPDATEs instead of
    two round trips per payment. The invoice is locked by the caller, so nothing else can
    change it in between."""
    invoice.amount_paid = invoice.amount_paid + signed_amount
    status = status_of(invoice.total, invoice.amount_paid)
    changed = status is not None and status is not invoice.payment_status
    if status is not None and changed:
        invoice.payment_status = status
        invoice.paid_at = clock.now() if status is PaymentStatus.paid else None
    invoice.updated_at = clock.now()
    return changed


async def _set_status(session: AsyncSession, invoice: Invoice, status: PaymentStatus) -> None:
    """A mark without payments (a draft, or a zero total, where nothing can be paid)."""
    invoice.payment_status = status
    invoice.paid_at = clock.now() if status is PaymentStatus.paid else None
    invoice.updated_at = clock.now()
    await session.flush()
    await events.publish(session, events.PaymentStatusChanged(invoice))


def _owing(invoice: Invoice) -> bool:
    """Something is still due (an invoice) or to refund (a credit note)."""
    return invoice.amount_due > 0 if invoice.total > 0 else invoice.amount_due < 0


def _signed(invoice: Invoice, amount: Decimal) -> Decimal:
    return -amount if invoice.total < 0 else amount


def _reversible(payment: Payment) -> bool:
    return (
        payment.reverses_id is None
        and not payment.reversed
        and payment.method is not PaymentMethod.credit_note
    )
