"""The owner's mails about recurring invoices, in the administration's language.

Each names what a person recognises, never only an internal id: the customer (or company), the
base invoice's number and first line, the amount and the dates in the locale, and the number of
every invoice made. A failure gets a mail of its own whose subject says so; what went well is
batched in one mail per administration per run. A `create_and_send` invoice that went out with a
copy to the owner is not mentioned again: that copy, with the PDF, is the owner's one mail.

Texts are English message ids marked with `t`; the Dutch is in
`app/locale/nl/LC_MESSAGES/recurrences.po`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from app.i18n import Text, render, t, translate
from app.invoices import repository as invoices_repo
from app.models import Administration, Invoice, Recurrence, RecurrenceRun
from app.placeholders import format_long_date, format_money

# Why a `create_and_send` invoice was not mailed (the texts of
# `app.invoices.mailing.automatic_mail_plan`), in words for the owner.
MAIL_REASONS: dict[str, Text] = {
    "the customer has no valid e-mail address": t("the customer has no valid e-mail address"),
    "no default e-mail template is set": t("no default e-mail template is set"),
    "no sender e-mail address is set": t("no sender e-mail address is set"),
}

# Why the check kept a copy a draft, per problem code.
CHECK_REASONS: dict[str, Text] = {
    "administration_incomplete": t(
        "the company details in the settings are incomplete (name, address, KvK number or "
        "VAT number)"
    ),
    "no_iban": t("no IBAN is set in the settings"),
    "no_lines": t("the invoice has no lines"),
    "negative_total": t("the invoice total is negative"),
    "vat_under_small_business_scheme": t(
        "a line charges VAT while the small business scheme (KOR) applies"
    ),
}


def reason(code: str, message: str, locale: str) -> str:
    """One problem of the check, for the owner in `locale`."""
    known = CHECK_REASONS.get(code)
    if known is not None:
        return render(known, locale)
    return render(
        t("the invoice check found an error: {message}", message=translate(message, locale)),
        locale,
    )


def mail_reason(why: str, locale: str) -> str:
    known = MAIL_REASONS.get(why)
    return render(known, locale) if known is not None else translate(why, locale)


def passed_dates(dates: list[date], locale: str) -> str:
    listed = ", ".join(format_long_date(day, locale) for day in dates)
    return render(t("{count} dates passed: {dates}", count=len(dates), dates=listed), locale)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the owner reads about one run, already in the locale."""

    run: RecurrenceRun
    date: str
    customer: str
    base: str
    description: str
    amount: str
    number: str

    def fields(self) -> dict[str, str]:
        return {
            "date": self.date,
            "customer": self.customer,
            "base": self.base,
            "description": self.description,
            "amount": self.amount,
            "number": self.number,
        }


async def _facts(
    session: AsyncSession, administration: Administration, run: RecurrenceRun
) -> Facts:
    locale = administration.locale.value
    recurrence = await session.get(Recurrence, run.recurrence_id)
    base = None
    if recurrence is not None:
        base = await invoices_repo.invoice(
            session, administration.id, recurrence.base_invoice_id, contacts=True
        )
    made = await session.get(Invoice, run.invoice_id) if run.invoice_id else None
    priced = made if made is not None and made.number else base
    customer = description = amount = base_name = ""
    if base is not None:
        party = base.customer if base.customer is not None else base.company
        customer = party.name if party is not None else ""
        first = min(base.lines, key=lambda line: line.position, default=None)
        description = first.description.splitlines()[0] if first and first.description else ""
        base_name = base.number or render(t("(a draft without a number yet)"), locale)
    if priced is not None:
        amount = format_money(priced.total, priced.currency, locale)
    number = (made.number if made is not None else None) or render(t("(a draft)"), locale)
    return Facts(
        run=run,
        date=format_long_date(run.occurrence_date, locale),
        customer=customer,
        base=base_name,
        description=description,
        amount=amount,
        number=number,
    )


def _line(facts: Facts) -> Text:
    fields = facts.fields()
    if facts.run.outcome == "created":
        return t(
            "- {date}: invoice {number} was created for {customer}: {description}, {amount} "
            "(a copy of invoice {base}).",
            **fields,
        )
    if facts.run.outcome == "sent":
        return t(
            "- {date}: invoice {number} was created for {customer} and mailed to them: "
            "{description}, {amount} (a copy of invoice {base}).",
            **fields,
        )
    return t(
        "- {date}: the date of the recurring invoice for {customer} is reached. Copy invoice "
        "{base} ({description}, {amount}), send the copy and mark the date done.",
        **fields,
    )


def _batch(facts: list[Facts], locale: str) -> tuple[str, str]:
    made = [f for f in facts if f.run.outcome in ("created", "sent")]
    due = len(facts) - len(made)
    if len(facts) == 1:
        [one] = facts
        if one.run.outcome == "created":
            subject = t("Recurring invoice {number} created: {customer}, {amount}", **one.fields())
        elif one.run.outcome == "sent":
            subject = t(
                "Recurring invoice {number} created and sent: {customer}, {amount}",
                **one.fields(),
            )
        else:
            subject = t("Recurring invoice due: {customer}, {description}, {date}", **one.fields())
    elif not due:
        subject = t("Recurring invoices: {count} created", count=len(made))
    elif not made:
        subject = t("Recurring invoices: {count} dates reached", count=due)
    else:
        subject = t(
            "Recurring invoices: {created} created, {due} dates reached",
            created=len(made),
            due=due,
        )
    lines = []
    for one in facts:
        lines.append(render(_line(one), locale))
        if one.run.detail:
            lines.append(f"  {one.run.detail}")
    body = [
        render(t("Hello,"), locale),
        render(t("The following recurring invoices were handled:"), locale),
        "\n".join(lines),
    ]
    return render(subject, locale), "\n\n".join(body) + "\n"


def _failure(one: Facts, locale: str) -> tuple[str, str]:
    fields = one.fields()
    reason_text = one.run.detail or ""
    if one.run.outcome == "failed":
        subject = t("Recurring invoice NOT created: {customer}, {description}, {date}", **fields)
        paragraphs = [
            t("The recurring invoice of {date} for {customer} was NOT created.", **fields),
            t("Reason: {reason}", reason=reason_text),
            t("Base invoice: {base} ({description}, {amount}).", **fields),
            t(
                "The copy stays a draft and the date stays overdue: every run tries again, so "
                "it is made once the problem is solved. Or acknowledge the date to skip it."
            ),
        ]
    else:
        subject = t("Recurring invoice {number} NOT sent: {customer}, {description}", **fields)
        paragraphs = [
            t(
                "Invoice {number} of {date} for {customer} ({description}, {amount}) was "
                "created but NOT sent.",
                **fields,
            ),
            t("Reason: {reason}", reason=reason_text),
            t("Send it yourself from the invoice."),
        ]
    body = [render(t("Hello,"), locale)] + [render(p, locale) for p in paragraphs]
    return render(subject, locale), "\n\n".join(body) + "\n"


async def owner_mails(
    session: AsyncSession, administration: Administration, runs: list[RecurrenceRun]
) -> list[tuple[str, str]]:
    """(subject, body) of each mail to the owner about `runs`: one per failure, then one with
    the rest, if any."""
    locale = administration.locale.value
    # The owner got a copy of each invoice mailed to a customer (the bcc of `create_and_send`).
    copied = administration.owner_email is not None
    failures: list[Facts] = []
    batch: list[Facts] = []
    for run in runs:
        if run.outcome == "sent" and copied:
            continue
        facts = await _facts(session, administration, run)
        (failures if run.outcome in ("failed", "not_sent") else batch).append(facts)
    mails = [_failure(one, locale) for one in failures]
    if batch:
        mails.append(_batch(batch, locale))
    return mails
