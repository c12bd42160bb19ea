"""The check before finalising: what would block an invoice (errors) or deserve a second look
(warnings), as the problems list that the check endpoint shows and finalisation enforces."""

from __future__ import annotations

from app import placeholders
from app.i18n import Message, current_locale, join, render, t
from app.invoices import delivery, printing, schemas, totals
from app.invoices.ubl.profiles import Profile, choose
from app.models import Administration, EmailTemplate, Invoice
from app.models.enums import DeliveryMethod, InvoiceKind, InvoiceStatus
from app.parties.identifiers import Address
from app.shared import vat as vat_codes


def _problem(
    code: str, severity: str, message: Message, field: str | None = None
) -> schemas.CheckProblem:
    # Rendered now, in the request's language (`current_locale`).
    return schemas.CheckProblem(code=code, severity=severity, message=render(message), field=field)


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
            _problem(
                "already_final",
                "error",
                t("Invoice {number} is already final.", number=invoice.number),
            )
        )
    missing = [
        label
        for label, present in (
            (t("name"), administration.name),
            (t("address"), Address(**administration.address).is_complete),
            (t("KvK number"), administration.kvk_number),
            (t("VAT number"), administration.vat_number),
        )
        if not present
    ]
    if missing:
        problems.append(
            _problem(
                "administration_incomplete",
                "error",
                t(
                    "A Dutch invoice must show the seller's {missing}; complete the settings.",
                    missing=join(missing, ", "),
                ),
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
                    t(
                        "No IBAN in the settings: the e-invoice must say where to pay "
                        "({profile} rule NL-R-007 / BR-NL-11).",
                        profile=profile.name,
                    ),
                    "administration.iban",
                )
            )
        else:
            problems.append(
                _problem(
                    "no_iban",
                    "warning",
                    t("No IBAN in the settings: the invoice shows no payment details."),
                    "administration.iban",
                )
            )
    if not invoice.lines:
        problems.append(_problem("no_lines", "error", t("The invoice has no lines."), "lines"))
    for i, line in enumerate(invoice.lines):
        if administration.small_business_scheme and vat_codes.percent(line.vat_rate) > 0:
            problems.append(
                _problem(
                    "vat_under_small_business_scheme",
                    "error",
                    t(
                        "Line {line} charges {rate}% VAT, but the administration is under "
                        "the small-business scheme (KOR), which charges none: use vat_rate "
                        "'exempt'.",
                        line=i + 1,
                        rate=line.vat_rate,
                    ),
                    f"lines[{i}].vat_rate",
                )
            )
        if line.amount == 0:
            problems.append(
                _problem(
                    "zero_line",
                    "warning",
                    t(
                        "Line {line} ({description}) amounts to zero.",
                        line=i + 1,
                        description=line.description[:40],
                    ),
                    f"lines[{i}]",
                )
            )
    sums = totals.of_lines(invoice.lines)
    if invoice.kind is InvoiceKind.invoice and sums.total < 0:
        problems.append(
            _problem(
                "negative_total",
                "error",
                t("The total is negative; make a credit note instead."),
                "lines",
            )
        )
    buyer = delivery.buyer_of(invoice)
    if not buyer.address.is_complete:
        if dutch_rules and buyer.address.country == "NL":
            problems.append(
                # Its own code, not missing_address: that one is a delivery problem, which the
                # recurrence runner handles apart; the e-invoice blocks every finalisation.
                _problem(
                    "einvoice_buyer_address",
                    "error",
                    t(
                        "{buyer} is a Dutch business buyer without a complete address "
                        "(street, postal code, city), which its e-invoice must carry "
                        "({profile} rule NL-R-004 / BR-NL-4).",
                        buyer=buyer.name,
                        profile=profile.name,
                    ),
                    f"{source.value}.address",
                )
            )
        elif method is DeliveryMethod.post:
            problems.append(
                _problem(
                    "missing_address",
                    "error",
                    t(
                        "Delivery is by post but {buyer} has no complete address "
                        "(street, postal code, city).",
                        buyer=buyer.name,
                    ),
                    f"{source.value}.address",
                )
            )
        else:
            problems.append(
                _problem(
                    "missing_address",
                    "warning",
                    t(
                        "{buyer} has no complete address; a full Dutch invoice "
                        "shows the buyer's address.",
                        buyer=buyer.name,
                    ),
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
                t(
                    "Delivery is by e-mail but neither the customer nor the company has an "
                    "e-mail address."
                ),
                f"{source.value}.email",
            )
        )
    if method is DeliveryMethod.email:
        if not administration.sender_email:
            problems.append(
                _problem(
                    "missing_sender",
                    "error",
                    t("Delivery is by e-mail but the settings have no sender address."),
                    "administration.sender_email",
                )
            )
        if email_template is not None and not email_template.attachments:
            problems.append(
                _problem(
                    "no_pdf_attachment",
                    "warning",
                    t(
                        "E-mail template {template} attaches no PDF: the invoice itself "
                        "would not be sent.",
                        template=repr(email_template.name),
                    ),
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
                    t(
                        "{treatment} needs the buyer's VAT number on the invoice, "
                        "but {buyer} has none.",
                        treatment=treatment.notice.get(
                            current_locale.get(), treatment.notice["en"]
                        ),
                        buyer=buyer.name,
                    ),
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
                t(
                    "An intra-community supply goes to a buyer in another EU country; {buyer} "
                    "is in {country}.",
                    buyer=buyer.name,
                    country=country,
                ),
                f"{source}.address.country",
            )
        )
    if vat_codes.EXPORT in used and country in vat_codes.EU_VAT_AREA:
        problems.append(
            _problem(
                "export_buyer_in_eu",
                "warning",
                t(
                    "Export is for goods leaving the EU, but {buyer} is in {country}: check "
                    "that the goods are shipped outside the EU.",
                    buyer=buyer.name,
                    country=country,
                ),
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
                problem = _problem(
                    "unknown_notes_placeholder",
                    "error",
                    t(
                        "[{name}] is a placeholder for mails, relative to the day a mail is "
                        "made; notes are dated by the invoice date: use [{suggestion}].",
                        name=name,
                        suggestion=suggestion,
                    ),
                    "notes",
                )
            else:
                problem = _problem(
                    "unknown_notes_placeholder",
                    "error",
                    t(
                        "[{name}] is not a placeholder of notes and would be printed as written.",
                        name=name,
                    ),
                    "notes",
                )
            problems.append(problem)
    country = buyer.address.country
    if not buyer.vat_number and country != "NL":
        for i, line in enumerate(invoice.lines):
            if line.vat_rate not in vat_codes.TREATMENTS and vat_codes.percent(line.vat_rate) == 0:
                problems.append(
                    _problem(
                        "zero_vat_abroad_without_vat_number",
                        "warning",
                        t(
                            "Line {line} charges 0% VAT to {buyer} in {country}, who has no VAT "
                            "number: check that 0% is right, or use a VAT treatment "
                            "(reverse_charge, intra_community, export).",
                            line=i + 1,
                            buyer=buyer.name,
                            country=country,
                        ),
                        f"lines[{i}].vat_rate",
                    )
                )
                break
    return problems
