"""HTTP routes for an invoice's payments."""

from __future__ import annotations

from fastapi import status

from app.auth.dependencies import PaymentsWriter, Reader
from app.errors import Invalid, NotFound, responses
from app.http.dependencies import Pagination, Session
from app.http.routing import api_router
from app.payments import schemas, service

router = api_router("/v1/invoices", "payments")


@router.post(
    "/{invoice_id}/payments",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.PaymentRecorded,
    responses=responses(NotFound, Invalid, service.PaymentOnDraft, service.PaymentExceedsAmountDue),
    name="create",
    summary="Record a payment on a final invoice (or a refund on a credit note)",
    description=(
        "Partial payments add up; more than `amount_due` is refused (a bank statement may "
        "overpay: the invoice then shows `overpaid`). Events `payment.created`, and "
        "`invoice.paid` when it completes the invoice."
    ),
)
async def create_payment(
    invoice_id: str, data: schemas.PaymentIn, session: Session, principal: PaymentsWriter
) -> schemas.PaymentRecorded:
    invoice, payment = await service.add_payment(
        session, principal.administration, invoice_id, data
    )
    return schemas.PaymentRecorded(
        payment=service.out(invoice, payment), invoice=service.state(invoice)
    )


@router.get(
    "/{invoice_id}/payments",
    response_model=schemas.PaymentPage,
    responses=responses(NotFound),
    name="list",
    summary="An invoice's payments and reversals, oldest first",
)
async def list_payments(
    invoice_id: str, session: Session, principal: Reader, params: Pagination
) -> schemas.PaymentPage:
    return await service.list_payments(session, principal.administration_id, invoice_id, params)


@router.delete(
    "/{invoice_id}/payments/{payment_id}",
    response_model=schemas.PaymentRecorded,
    responses=responses(NotFound, service.PaymentNotReversible),
    name="reverse",
    summary="Reverse a payment: a reversal record cancels it, both are kept",
    description="Answers the reversal (its `amount` negative) and the invoice's new state. "
    "Event `payment.reversed`.",
)
async def reverse_payment(
    invoice_id: str, payment_id: str, session: Session, principal: PaymentsWriter
) -> schemas.PaymentRecorded:
    invoice, reversal = await service.reverse_payment(
        session, principal.administration, invoice_id, payment_id
    )
    return schemas.PaymentRecorded(
        payment=service.out(invoice, reversal), invoice=service.state(invoice)
    )
