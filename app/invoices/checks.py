"""The check before finalising: what would block an invoice (errors) or deserve a second look
(warnings), as the problems list that the check endpoint shows and finalisation enforces."""

from __future__ import annotations

from app import placeholders
from app.i18n import t
from app.invoices import delivery, printing, schemas, totals
from app.invoices.ubl.profiles import Profile, choose
from app.models import Administration, EmailTemplate, Invoice
from app.models.enums import DeliveryMethod, InvoiceKind, InvoiceStatus
from app.parties.identifiers import Address
from app.shared import vat as vat_codes


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
    # The e-invoice's profile decides what its receiver rejects (see app.invoices.ubl.profiles):
    # Peppol and NLCIUS receivers apply the Dutch rules (NL-R-*, BR-NL-*) to a Dutch seller.
    snapshot = printing.snapshot_of(invoice, administration)
    profile = choose(snapshot.seller, snapshot.buyer, prefer_nlcius=snapshot.prefer_nlcius)
    dutch_rules = profile is not Profile.EN16931 and snapshot.seller.address.country == "NL"
    if not administration.iban:
        if dutch_rules and snapshot.total > 0:
            problems.append(
                _problem(
                    "no_iban",
                    "error",
                    "No IBAN in the settings: the e-invoice must say where to pay "
                    f"({profile.name} rule NL-R-007 / BR-NL-11).",
                    "administration.iban",
                )
            )
        else:
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
        if administration.small_business_scheme and vat_codes.percent(line.vat_rate) > 0:
            problems.append(
                _problem(
                    "vat_under_small_business_scheme",
                    "error",
                    f"Line {i + 1} charges {line.vat_rate}% VAT, but the administration is under "
                    "the small-business scheme (KOR), which charges none: use vat_rate "
                    "'exempt'.",
                    f"lines[{i}].vat_rate",
                )
            )
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
        if dutch_rules and buyer.address.country == "NL":
            problems.append(
                _problem(
                    "missing_address",
                    "error",
                    f"{buyer.name} is a Dutch business buyer without a complete address "
                    "(street, postal code, city), which its e-invoice must carry "
                    f"({profile.name} rule NL-R-004 / BR-NL-4).",
                    f"{source.value}.address",
                )
            )
        elif method is DeliveryMethod.post:
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
    problems.extend(
        _treatment_problems(invoice, buyer, source.value, snapshot.seller.address.country)
    )
    problems.extend(_notes_and_zero_vat_problems(invoice, buyer, source.value))
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


def _treatment_problems(
    invoice: Invoice, buyer: delivery.Buyer, source: str, seller_country: str
) -> list[schemas.CheckProblem]:
    """What the zero-VAT treatments of the lines require of the buyer (Wet OB art. 35a; the
    EN 16931 rules BR-AE-02, BR-IC-02, ...)."""
    problems: list[schemas.CheckProblem] = []
    used = {line.vat_rate for line in invoice.lines}
    for code in sorted(used & set(vat_codes.TREATMENTS)):
        treatment = vat_codes.TREATMENTS[code]
        if treatment.needs_buyer_vat_number and not buyer.vat_number:
            problems.append(
                _problem(
                    f"{code}_without_vat_number",
                    "error",
                    f"{treatment.notice['en']} needs the buyer's VAT number on the invoice, "
                    f"but {buyer.name} has none.",
                    f"{source}.vat_number",
                )
            )
    country = buyer.address.country
    if vat_codes.INTRA_COMMUNITY in used and (
        country not in vat_codes.EU_VAT_AREA or country == seller_country
    ):
        problems.append(
            _problem(
                "intra_community_buyer_country",
                "error",
                f"An intra-community supply goes to a buyer in another EU country; {buyer.name} "
                f"is in {country}.",
                f"{source}.address.country",
            )
        )
    if vat_codes.EXPORT in used and country in vat_codes.EU_VAT_AREA:
        problems.append(
            _problem(
                "export_buyer_in_eu",
                "warning",
                f"Export is for goods leaving the EU, but {buyer.name} is in {country}: check "
                "that the goods are shipped outside the EU.",
                f"{source}.address.country",
            )
        )
    return problems


def _notes_and_zero_vat_problems(
    invoice: Invoice, buyer: delivery.Buyer, source: str
) -> list[schemas.CheckProblem]:
    """Placeholders in a draft's notes that would be printed as written (an error: the notes
    are frozen at finalisation), and 0% VAT to a buyer abroad without a VAT number (a warning:
    0% abroad usually needs that number, or one of the VAT treatments)."""
    problems: list[schemas.CheckProblem] = []
    if invoice.status is InvoiceStatus.draft and invoice.notes:
        for name in placeholders.unknown_placeholders(invoice.notes, placeholders.ALLOWED_IN_NOTES):
            suggestion = f"{name}_factuur"
            if (
                name in placeholders.MAIL_PLACEHOLDERS
                and suggestion in placeholders.ALLOWED_IN_NOTES
            ):
                message = t(
                    "[{name}] is a placeholder for mails, relative to the day a mail is made; "
                    "notes are dated by the invoice date: use [{suggestion}].",
                    name=name,
                    suggestion=suggestion,
                )
            else:
                message = t(
                    "[{name}] is not a placeholder of notes and would be printed as written.",
                    name=name,
                )
            problems.append(_problem("unknown_notes_placeholder", "error", str(message), "notes"))
    country = buyer.address.country
    if not buyer.vat_number and country != "NL":
        for i, line in enumerate(invoice.lines):
            if line.vat_rate not in vat_codes.TREATMENTS and vat_codes.percent(line.vat_rate) == 0:
                message = t(
                    "Line {line} charges 0% VAT to {buyer} in {country}, who has no VAT number: "
                    "check that 0% is right, or use a VAT treatment (reverse_charge, "
                    "intra_community, export).",
                    line=i + 1,
                    buyer=buyer.name,
                    country=country,
                )
                problems.append(
                    _problem(
                        "zero_vat_abroad_without_vat_number",
                        "warning",
                        str(message),
                        f"lines[{i}].vat_rate",
                    )
                )
                break
    return problems
