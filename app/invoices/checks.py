"""The check before finalising: what would block an invoice (errors) or deserve a second look
(warnings), as the problems list that the check endpoint shows and finalisation enforces."""

from __future__ import annotations

from app.invoices import delivery, schemas, totals
from app.models import Administration, EmailTemplate, Invoice
from app.models.enums import DeliveryMethod, InvoiceKind, InvoiceStatus
from app.parties.identifiers import Address


def _problem(
    code: str, severity: str, message: str, field: str | None = None
) -> schemas.CheckProblem:
    return schemas.CheckProblem(code=code, severity=severity, message=message, field=field)


def check(
    administration: Administration, invoice: Invoice, email_template: EmailTemplate | None = None
) -> schemas.CheckOut:
    """What would block (errors) or deserve a second look (warnings) at finalisation.

    For e-mail delivery, `email_template` is the template that would be used (the default one
    when the caller has not chosen)."""
    problems: list[schemas.CheckProblem] = []
    method, source = delivery.delivery_of(invoice)
    if invoice.status is InvoiceStatus.final:
        problems.append(
            _problem("already_final", "error", f"Invoice {invoice.number} is already final.")
        )
    missing = [
        label
        for label, present in (
            ("name", administration.name),
            ("address", Address(**administration.address).is_complete),
            ("KvK number", administration.kvk_number),
            ("VAT number", administration.vat_number),
        )
        if not present
    ]
    if missing:
        problems.append(
            _problem(
                "administration_incomplete",
                "error",
                "A Dutch invoice must show the seller's "
                + ", ".join(missing)
                + "; complete the settings.",
                "administration",
            )
        )
    if not administration.iban:
        problems.append(
            _problem(
                "no_iban",
                "warning",
                "No IBAN in the settings: the invoice shows no payment details.",
                "administration.iban",
            )
        )
    if not invoice.lines:
        problems.append(_problem("no_lines", "error", "The invoice has no lines.", "lines"))
    for i, line in enumerate(invoice.lines):
        if line.amount == 0:
            problems.append(
                _problem(
                    "zero_line",
                    "warning",
                    f"Line {i + 1} ({line.description[:40]}) amounts to zero.",
                    f"lines[{i}]",
                )
            )
    t = totals.of_lines(invoice.lines)
    if invoice.kind is InvoiceKind.invoice and t.total < 0:
        problems.append(
            _problem(
                "negative_total",
                "error",
                "The total is negative; make a credit note instead.",
                "lines",
            )
        )
    buyer = delivery.buyer_of(invoice)
    if not buyer.address.is_complete:
        if method is DeliveryMethod.post:
            problems.append(
                _problem(
                    "missing_address",
                    "error",
                    f"Delivery is by post but {buyer.name} has no complete address "
                    "(street, postal code, city).",
                    f"{source.value}.address",
                )
            )
        else:
            problems.append(
                _problem(
                    "missing_address",
                    "warning",
                    f"{buyer.name} has no complete address; a full Dutch invoice "
                    "shows the buyer's address.",
                    f"{source.value}.address",
                )
            )
    if (
        any(line.vat_rate == totals.REVERSE_CHARGE for line in invoice.lines)
        and not buyer.vat_number
    ):
        problems.append(
            _problem(
                "reverse_charge_without_vat_number",
                "error",
                f"VAT is reverse-charged but {buyer.name} has no VAT number to print.",
                f"{source.value}.vat_number",
            )
        )
    if method is DeliveryMethod.email and not delivery.default_recipients(invoice):
        problems.append(
            _problem(
                "missing_email",
                "error",
                "Delivery is by e-mail but neither the customer nor the company has an "
                "e-mail address.",
                f"{source.value}.email",
            )
        )
    if method is DeliveryMethod.email:
        if not administration.sender_email:
            problems.append(
                _problem(
                    "missing_sender",
                    "error",
                    "Delivery is by e-mail but the settings have no sender address.",
                    "administration.sender_email",
                )
            )
        if email_template is not None and not email_template.attachments:
            problems.append(
                _problem(
                    "no_pdf_attachment",
                    "warning",
                    f"E-mail template {email_template.name!r} attaches no PDF: the invoice itself "
                    "would not be sent.",
                    "email_template_id",
                )
            )
    return schemas.CheckOut(
        ok=not any(p.severity == "error" for p in problems),
        delivery_method=method,
        delivery_method_source=source,
        problems=problems,
    )
