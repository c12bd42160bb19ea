"""What a reminder says, in the administration's language: the letter's view for the PDF
(`app.reminders.pdf`) and the mail's subject and text. The money and dates come from
`app.reminders.plan.figures` (computed with `app.reminders.law`); the 14-day letter's legal
paragraphs are `law.letter_texts`, word for word, in the PDF and in the mail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date

from app.i18n import Text, render, t
from app.invoices.delivery import buyer_of
from app.models import Administration, Invoice
from app.models.enums import ReminderKind
from app.placeholders import format_long_date, format_money
from app.reminders import law
from app.reminders.pdf import LetterView, Row
from app.reminders.plan import Figures

TITLES: dict[ReminderKind, Text] = {
    ReminderKind.reminder: t("Payment reminder"),
    ReminderKind.fourteen_day_letter: t("Second reminder"),
    ReminderKind.final_notice: t("Final notice"),
}

SUBJECTS: dict[ReminderKind, Text] = {
    ReminderKind.reminder: t("Payment reminder: invoice {number}"),
    ReminderKind.fourteen_day_letter: t("Second reminder: invoice {number}"),
    ReminderKind.final_notice: t("Final notice: invoice {number}"),
}


def amount_paid(invoice: Invoice) -> Decimal:
    return invoice.amount_paid


def amount_open(invoice: Invoice) -> Decimal:
    return invoice.amount_due


@dataclass(frozen=True, slots=True)
class Contents:
    """A reminder's texts, rendered in one language."""

    subject: str
    title: str
    salutation: str
    opening: tuple[str, ...]
    legal: tuple[str, ...]
    claim_lines: tuple[tuple[str, str], ...]
    payment: str
    closing: tuple[str, ...]


def contents(
    administration: Administration,
    invoice: Invoice,
    kind: ReminderKind,
    figures: Figures,
    *,
    letter_date: date,
    principal: Decimal,
    consumer: bool,
    earlier_letter_date: date | None,
    earlier_deadline: date | None,
    by_post: bool = False,
) -> Contents:
    locale = administration.locale.value
    currency = invoice.currency

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    def day(value: date) -> str:
        return format_long_date(value, locale)

    number = invoice.number or ""
    buyer = buyer_of(invoice)
    days = (letter_date - invoice.due_date).days
    opening: list[Text] = []
    legal: list[Text] = []
    if kind is ReminderKind.reminder:
        opening.append(
            t(
                "According to our records, invoice {number} of {invoice_date} was due on "
                "{due_date} and {open} of it is still open ({days} days overdue). Perhaps this "
                "escaped your attention.",
                number=number,
                invoice_date=day(invoice.invoice_date),
                due_date=day(invoice.due_date),
                open=money(principal),
                days=days,
            )
        )
        opening.append(t("We kindly ask you to pay the open amount within a few days."))
    elif kind is ReminderKind.fourteen_day_letter:
        opening.append(
            t(
                "Despite our earlier reminder, invoice {number} of {invoice_date}, due on "
                "{due_date}, has not been paid: {open} is still open ({days} days overdue).",
                number=number,
                invoice_date=day(invoice.invoice_date),
                due_date=day(invoice.due_date),
                open=money(principal),
                days=days,
            )
        )
        if figures.collection_costs is not None:
            claim = law.CollectionCosts(
                figures.collection_costs,
                figures.collection_costs_vat or Decimal("0.00"),
                figures.collection_costs + (figures.collection_costs_vat or Decimal("0.00")),
            )
            legal.extend(
                law.letter_texts(
                    claim,
                    principal=principal,
                    letter_date=letter_date,
                    by_post=by_post,
                    locale=locale,
                    currency=currency,
                )
            )
        elif figures.payment_deadline_date is not None:
            opening.append(
                t(
                    "We ask you to pay {open} no later than {deadline}.",
                    open=money(principal),
                    deadline=day(figures.payment_deadline_date),
                )
            )
    else:
        if earlier_letter_date is not None and earlier_deadline is not None:
            opening.append(
                t(
                    "Invoice {number}, due on {due_date}, is still unpaid, also after our letter "
                    "of {letter_date}, whose term ended on {deadline}: {open} is open ({days} days "
                    "overdue).",
                    number=number,
                    due_date=day(invoice.due_date),
                    letter_date=day(earlier_letter_date),
                    deadline=day(earlier_deadline),
                    open=money(principal),
                    days=days,
                )
            )
        else:
            opening.append(
                t(
                    "Invoice {number}, due on {due_date}, is still unpaid despite our reminders: "
                    "{open} is open ({days} days overdue).",
                    number=number,
                    due_date=day(invoice.due_date),
                    open=money(principal),
                    days=days,
                )
            )
        if figures.costs_charged and figures.collection_costs is not None:
            if figures.collection_costs_vat:
                legal.append(
                    t(
                        "As our letter announced, we now charge you the collection costs of "
                        "{costs} plus {vat} VAT (Besluit vergoeding voor buitengerechtelijke "
                        "incassokosten; art. 6:96 BW).",
                        costs=money(figures.collection_costs),
                        vat=money(figures.collection_costs_vat),
                    )
                )
            else:
                legal.append(
                    t(
                        "As our letter announced, we now charge you the collection costs of "
                        "{costs}; no VAT is added to them (Besluit vergoeding voor "
                        "buitengerechtelijke incassokosten; art. 6:96 BW).",
                        costs=money(figures.collection_costs),
                    )
                )
        opening.append(
            t(
                "We ask you to pay {total} at once, to avoid further collection measures.",
                total=money(figures.total_claimed),
            )
        )
    if figures.compensation is not None:
        legal.append(
            t(
                "For this commercial transaction we claim the fixed compensation of {amount} for "
                "collection costs (art. 6:96 lid 4 BW).",
                amount=money(figures.compensation),
            )
        )
    if (
        figures.interest is not None
        and figures.interest_from_date is not None
        and figures.interest_through_date is not None
    ):
        legal.append(
            t(
                "We claim the statutory commercial interest (art. 6:119a BW) on {open} from "
                "{from_date} through {through_date}: {amount}. It keeps running until you pay.",
                open=money(principal),
                from_date=day(figures.interest_from_date),
                through_date=day(figures.interest_through_date),
                amount=money(figures.interest),
            )
        )
    if kind is ReminderKind.fourteen_day_letter and not consumer and figures.payment_deadline_date:
        opening.append(
            t(
                "We ask you to pay no later than {deadline}.",
                deadline=day(figures.payment_deadline_date),
            )
        )
    claim_lines: list[tuple[Text, str]] = []
    if figures.costs_charged and figures.collection_costs is not None:
        claim_lines.append((t("Collection costs"), money(figures.collection_costs)))
        if figures.collection_costs_vat:
            claim_lines.append(
                (t("VAT on the collection costs"), money(figures.collection_costs_vat))
            )
    if figures.compensation is not None:
        claim_lines.append((t("Fixed compensation"), money(figures.compensation)))
    if figures.interest is not None:
        claim_lines.append((t("Commercial interest"), money(figures.interest)))
    if claim_lines:
        claim_lines.append((t("To pay now"), money(figures.total_claimed)))
    if administration.iban:
        payment = t(
            "Please transfer {total} to {iban} in the name of {name}, quoting {reference}. If you "
            "have paid in the meantime, please disregard this letter.",
            total=money(figures.total_claimed),
            iban=administration.iban,
            name=administration.name,
            reference=number,
        )
    else:
        payment = t(
            "Please pay {total}, quoting {reference}. If you have paid in the meantime, please "
            "disregard this letter.",
            total=money(figures.total_claimed),
            reference=number,
        )
    name = buyer.attention or buyer.name
    return Contents(
        subject=render(Text(SUBJECTS[kind].msgid, {"number": number}), locale),
        title=render(TITLES[kind], locale),
        salutation=render(t("Dear {name},", name=name), locale),
        opening=tuple(render(text, locale) for text in opening),
        legal=tuple(render(text, locale) for text in legal),
        claim_lines=tuple((render(label, locale), amount) for label, amount in claim_lines),
        payment=render(payment, locale),
        closing=(render(t("Kind regards,"), locale), administration.name),
    )


def mail_text(contents: Contents, *, with_opening: bool) -> str:
    """The reminder's mail body, or (without the opening, for a custom template's text) the
    part added to it: the legal paragraphs, the sums asked and the payment instruction."""
    parts: list[str] = []
    if with_opening:
        parts += [contents.salutation, *contents.opening]
    parts += list(contents.legal)
    if contents.claim_lines:
        parts.append("\n".join(f"{label}: {amount}" for label, amount in contents.claim_lines))
    parts.append(contents.payment)
    if with_opening:
        parts.append("\n".join(contents.closing))
    return "\n\n".join(parts) + "\n"


def view(
    administration: Administration,
    invoice: Invoice,
    open_invoices: Sequence[Invoice],
    contents: Contents,
    *,
    letter_date: date,
    layout: str,
    accent_color: str | None,
    created_at: datetime,
) -> LetterView:
    locale = administration.locale.value

    def money(amount: Decimal) -> str:
        return format_money(amount, invoice.currency, locale)

    def day(value: date) -> str:
        return format_long_date(value, locale)

    address = administration.address or {}
    seller = (
        administration.name,
        str(address.get("street") or ""),
        " ".join(str(address.get(k) or "") for k in ("postal_code", "city")).strip(),
        render(t("KvK {number}", number=administration.kvk_number), locale)
        if administration.kvk_number
        else "",
        render(t("VAT {number}", number=administration.vat_number), locale)
        if administration.vat_number
        else "",
        f"IBAN {administration.iban}" if administration.iban else "",
        administration.sender_email or "",
    )
    buyer = buyer_of(invoice)
    buyer_lines = (
        buyer.name,
        render(t("Attn. {name}", name=buyer.attention), locale) if buyer.attention else "",
        buyer.address.street or "",
        " ".join(p for p in (buyer.address.postal_code, buyer.address.city) if p),
    )
    rows = tuple(
        Row(
            number=other.number or "",
            invoice_date=format_short(other.invoice_date, locale),
            due_date=format_short(other.due_date, locale),
            amount=money(other.total),
            paid=money(amount_paid(other)),
            open=money(amount_open(other)),
            days_overdue=str(max(0, (letter_date - other.due_date).days)),
            this_one=other.id == invoice.id,
        )
        for other in open_invoices
    )
    total_open = sum((amount_open(o) for o in open_invoices), Decimal("0.00"))
    headers = tuple(
        render(h, locale)
        for h in (
            t("Invoice"),
            t("Date"),
            t("Due date"),
            t("Amount"),
            t("Paid"),
            t("Open"),
            t("Days late"),
        )
    )
    city = str(address.get("city") or "")
    place_and_date = f"{city}, {day(letter_date)}" if city else day(letter_date)
    return LetterView(
        locale=locale,
        layout=layout,
        accent_color=accent_color,
        title=contents.title,
        seller_lines=tuple(line for line in seller if line),
        buyer_lines=tuple(line for line in buyer_lines if line),
        place_and_date=place_and_date,
        subject=render(t("Regarding: invoice {number}", number=invoice.number or ""), locale),
        salutation=contents.salutation,
        paragraphs=contents.opening,
        headers=headers,
        rows=rows,
        total_open=(render(t("Total open"), locale), money(total_open)),
        claim_lines=contents.claim_lines,
        legal=contents.legal,
        payment=contents.payment,
        closing=contents.closing,
        created_at=created_at,
    )


def format_short(value: date, locale: str) -> str:
    return format_date(value, "dd/MM/yyyy" if locale == "en" else "dd-MM-yyyy", locale="en")
