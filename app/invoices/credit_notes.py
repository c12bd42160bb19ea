"""Credit notes: making one of (part of) a final invoice, and what is left to credit of an
invoice, checked when a credit note is made and again when it is finalised."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.errors import Conflict, FieldError, Invalid
from app.i18n import t
from app.invoices import repository as repo
from app.invoices import schemas, service, totals
from app.models import Administration, Invoice, InvoiceLine
from app.models.base import new_id
from app.models.enums import InvoiceKind, InvoiceStatus, PaymentStatus


class InvoiceNotFinal(Conflict):
    type, code = "invoice-not-final", "invoice_not_final"
    title = t("Only a final invoice can be credited")


class CreditNoteNotCreditable(Conflict):
    type, code = "credit-note-not-creditable", "credit_note_not_creditable"
    title = t("A credit note cannot be credited")


class CreditExceedsInvoice(Invalid):
    type, code = "credit-exceeds-invoice", "credit_exceeds_invoice"
    title = t("The credit note credits more than is left of the invoice")


async def create_credit_note(
    session: AsyncSession,
    administration: Administration,
    invoice_id: str,
    data: schemas.CreditNoteCreate,
) -> Invoice:
    """A draft credit note for (part of) a final invoice: the chosen lines with negated
    quantities, for the same party. Finalising it gives it a number like any invoice."""
    original = await service.get_invoice(session, administration.id, invoice_id)
    if original.status is not InvoiceStatus.final:
        raise InvoiceNotFinal(
            t("Only a final invoice can be credited; a draft can simply be changed.")
        )
    if original.kind is InvoiceKind.credit_note:
        raise CreditNoteNotCreditable(t("A credit note cannot be credited."))
    positions = data.lines if data.lines is not None else list(range(len(original.lines)))
    bad = [p for p in positions if not 0 <= p < len(original.lines)]
    if bad or len(set(positions)) != len(positions):
        raise Invalid.field(
            ["body", "lines"],
            t(
                "line positions must be distinct and between 0 and {last}",
                last=len(original.lines) - 1,
            ),
        )
    locale = administration.locale.value
    notes = data.notes
    if notes is None:
        notes = (
            f"Creditnota voor factuur {original.number}"
            if locale == "nl"
            else f"Credit note for invoice {original.number}"
        )
    source = [original.lines[p] for p in positions]
    credit = Invoice(
        id=new_id("inv"),
        administration_id=administration.id,
        kind=InvoiceKind.credit_note,
        status=InvoiceStatus.draft,
        payment_status=PaymentStatus.unpaid,
        invoice_date=data.invoice_date or clock.today_in(administration.timezone),
        due_date_fixed=False,
        delivery_date=original.delivery_date,  # what is credited was delivered then
        notes=notes,
        currency=original.currency,
        credited_invoice_id=original.id,
        customer_id=original.customer_id,
        company_id=original.company_id,
        lines=[
            InvoiceLine(
                id=new_id("lin"),
                position=i,
                description=line.description,
                delivery_date=line.delivery_date,
                quantity=-line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=totals.line_amount(-line.quantity, line.unit_price),
            )
            for i, line in enumerate(source)
        ],
    )
    service.apply_payment_term(administration, credit)
    service.apply_totals(credit)
    await check_credit_left(session, original.id, credit.total, ["body", "lines"])
    session.add(credit)
    await session.flush()
    return await service.get_invoice(session, administration.id, credit.id, refresh=True)


async def check_credit_left(
    session: AsyncSession, credited_invoice_id: str, credit_total: Decimal, loc: list[str | int]
) -> repo.Credited:
    """Refuse (422) a credit note that would credit more than is left of the invoice: its total
    less what its final credit notes credit already, all amounts including VAT. Checked when a
    credit note is made (early, for a clear answer) and again when it is finalised (binding: a
    draft's lines can be edited, and several drafts may exist; drafts do not count, so an
    abandoned one blocks nothing). The credited invoice's row stays locked until commit, so two
    credit notes of one invoice are checked one after the other, never both against the same
    amount left. A credit note with a positive total (it reverses only a discount line) credits
    nothing and is allowed; once final it adds to what is left, as it adds to what is owed.
    Returns the credited invoice's number, date, currency and total."""
    original = await repo.lock_credited(session, credited_invoice_id)
    credited = -await repo.credited_so_far(session, credited_invoice_id)
    left = original.total - credited
    credits = -credit_total
    if credits > left:
        money = original.currency
        msg = t(
            "{money} {left} is left to credit of invoice {number} "
            "(total {money} {total}, credited {money} {credited}); "
            "this credit note credits {money} {credits}.",
            money=money,
            left=f"{max(left, Decimal(0)):.2f}",
            number=original.number,
            total=f"{original.total:.2f}",
            credited=f"{credited:.2f}",
            credits=f"{credits:.2f}",
        )
        raise CreditExceedsInvoice(
            msg,
            errors=[FieldError(loc=loc, msg=msg, type="credit_exceeds_invoice")],
            amount_left=f"{max(left, Decimal(0)):.2f}",
        )
    return original
