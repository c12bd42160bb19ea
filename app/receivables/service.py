"""Receivables and statements: who owes what, and for how long.

Open items are read as they stand now (amounts paid so far); `as_of` is the day the days overdue
and the aging buckets are counted to, today in the administration's time zone unless given.

A statement ("rekeningoverzicht") lists a debtor's open items with the original amount, what was
paid, what is open and the days overdue, and the total due, as Dutch bookkeeping packages send
them. A customer's statement holds the customer's own invoices. A company's holds its
company-level invoices and those of the customers linked to it: they are billed at the company
("t.a.v." the customer), so the company is who pays them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, placeholders
from app.documents import service as documents
from app.documents.print_view import party_view
from app.documents.snapshot import Address, Party
from app.documents.viewmodel import StatementDocument, StatementItem, TemplateOptions
from app.errors import AppError, Invalid, NotFound
from app.i18n import render, t
from app.models import Administration, Company, Customer
from app.parties import identifiers
from app.parties.service import payee_name
from app.receivables import repository as repo
from app.receivables import schemas
from app.receivables.aging import Bucket, bucket_of, days_overdue
from app.receivables.repository import Scope
from app.shared.pagination import PageParams, encode_cursor

CURRENCY = "EUR"  # invoices are in euros only (app.invoices.schemas)
# A statement is one document: beyond this many open items it would be a report, and its PDF
# would hold the process's one render slot for long. /v1/receivables pages through any number.
MAX_STATEMENT_ITEMS = 1000
ZERO = Decimal("0.00")


class StatementTooLong(AppError):
    status, type, code = 422, "statement-too-long", "statement_too_long"
    title = t("Too many open items for one statement")


def as_of_day(administration: Administration, day: date | None) -> date:
    return day if day is not None else clock.today_in(administration.timezone)


# --- open items and their aging ----------------------------------------------------------------


def _item(row: Any, as_of: date) -> schemas.OpenItem:
    days = days_overdue(row.due_date, as_of)
    return schemas.OpenItem(
        invoice_id=row.id,
        number=row.number,
        kind=row.kind,
        customer_id=row.customer_id,
        company_id=row.company_id,
        customer_name=row.customer_name,
        company_name=row.company_name,
        invoice_date=row.invoice_date,
        due_date=row.due_date,
        total=row.total,
        amount_paid=row.amount_paid,
        amount_due=row.total - row.amount_paid,
        payment_status=row.payment_status,
        days_overdue=days,
        bucket=bucket_of(days),
    )


def _totals(found: dict[Bucket, tuple[int, Decimal]]) -> schemas.AgingTotals:
    def total(bucket: Bucket) -> schemas.BucketTotal:
        count, amount = found.get(bucket, (0, ZERO))
        return schemas.BucketTotal(count=count, amount=amount)

    per_bucket = {bucket.value: total(bucket) for bucket in Bucket}
    grand = schemas.BucketTotal(
        count=sum(b.count for b in per_bucket.values()),
        amount=sum((b.amount for b in per_bucket.values()), ZERO),
    )
    return schemas.AgingTotals(**per_bucket, total=grand)


def _cursor_key(item: schemas.OpenItem) -> str:
    return f"{item.due_date.isoformat()}|{item.invoice_id}"


def _after(raw: str | None) -> tuple[date, str] | None:
    """The keyset (due date, id) inside a cursor of this list; 422 for anything else."""
    if raw is None:
        return None
    due, _, invoice_id = raw.partition("|")
    try:
        return date.fromisoformat(due), invoice_id
    except ValueError:
        raise Invalid.field(["query", "cursor"], t("not a cursor returned by this API")) from None


async def receivables(
    session: AsyncSession,
    administration: Administration,
    params: PageParams,
    *,
    day: date | None,
    customer_id: str | None,
) -> schemas.ReceivablesPage:
    as_of = as_of_day(administration, day)
    scope = Scope(customer_id=customer_id)
    rows = await repo.open_items(
        session,
        administration.id,
        scope,
        after=_after(params.after_id),
        limit=params.limit + 1,
    )
    items = [_item(row, as_of) for row in rows]
    more = len(items) > params.limit
    items = items[: params.limit]
    found = await repo.aging(session, administration.id, scope, as_of)
    return schemas.ReceivablesPage(
        data=items,
        next_cursor=encode_cursor(_cursor_key(items[-1])) if more else None,
        as_of=as_of,
        currency=CURRENCY,
        totals=_totals(found),
    )


# --- statements --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    as_of: date
    debtor: schemas.Debtor
    address: identifiers.Address
    vat_number: str | None
    kvk_number: str | None
    items: list[schemas.OpenItem]
    totals: schemas.AgingTotals

    @property
    def total_due(self) -> Decimal:
        return self.totals.total.amount

    @property
    def overdue_due(self) -> Decimal:
        return self.total_due - self.totals.not_due.amount


async def customer_statement(
    session: AsyncSession, administration: Administration, customer_id: str, day: date | None
) -> Statement:
    customer = await repo.customer(session, administration.id, customer_id)
    if customer is None:
        raise NotFound(t("Customer {id} not found.", id=customer_id))
    return await _statement(
        session, administration, Scope(customer_id=customer.id), _addressed_to(customer), day
    )


async def company_statement(
    session: AsyncSession, administration: Administration, company_id: str, day: date | None
) -> Statement:
    company = await repo.company(session, administration.id, company_id)
    if company is None:
        raise NotFound(t("Company {id} not found.", id=company_id))
    return await _statement(
        session, administration, Scope(company_id=company.id), _addressed_to(company), day
    )


@dataclass(frozen=True, slots=True)
class _Addressee:
    debtor: schemas.Debtor
    address: identifiers.Address
    vat_number: str | None
    kvk_number: str | None


def _addressed_to(party: Customer | Company) -> _Addressee:
    """As an invoice is addressed: a customer linked to a company at the company, for the
    attention of the customer, with the company's address when it is complete."""
    if isinstance(party, Company):
        debtor = schemas.Debtor(
            customer_id=None, company_id=party.id, name=party.name, attention=None
        )
        return _Addressee(
            debtor, identifiers.Address(**party.address), party.vat_number, party.kvk_number
        )
    company = party.company
    if company is None:
        debtor = schemas.Debtor(
            customer_id=party.id, company_id=None, name=party.name, attention=None
        )
        return _Addressee(
            debtor, identifiers.Address(**party.address), party.vat_number, party.kvk_number
        )
    company_address = identifiers.Address(**company.address)
    debtor = schemas.Debtor(
        customer_id=party.id, company_id=company.id, name=company.name, attention=party.name
    )
    return _Addressee(
        debtor,
        company_address if company_address.is_complete else identifiers.Address(**party.address),
        company.vat_number or party.vat_number,
        company.kvk_number or party.kvk_number,
    )


async def _statement(
    session: AsyncSession,
    administration: Administration,
    scope: Scope,
    addressee: _Addressee,
    day: date | None,
) -> Statement:
    as_of = as_of_day(administration, day)
    rows = await repo.open_items(session, administration.id, scope, limit=MAX_STATEMENT_ITEMS + 1)
    if len(rows) > MAX_STATEMENT_ITEMS:
        raise StatementTooLong(
            t(
                "More than {limit} items are open; a statement lists at most {limit}. "
                "GET /v1/receivables pages through all of them.",
                limit=MAX_STATEMENT_ITEMS,
            )
        )
    items = [_item(row, as_of) for row in rows]
    # Summed from the items themselves (at most MAX_STATEMENT_ITEMS): the document's total is
    # then the sum of its rows even when a payment commits between two queries.
    found: dict[Bucket, tuple[int, Decimal]] = {}
    for item in items:
        count, amount = found.get(item.bucket, (0, ZERO))
        found[item.bucket] = (count + 1, amount + item.amount_due)
    return Statement(
        as_of=as_of,
        debtor=addressee.debtor,
        address=addressee.address,
        vat_number=addressee.vat_number,
        kvk_number=addressee.kvk_number,
        items=items,
        totals=_totals(found),
    )


def statement_out(statement: Statement, administration: Administration) -> schemas.StatementOut:
    return schemas.StatementOut(
        as_of=statement.as_of,
        currency=CURRENCY,
        debtor=statement.debtor,
        items=statement.items,
        totals=statement.totals,
        total_due=statement.total_due,
        overdue_due=statement.overdue_due,
        iban=administration.iban,
        payee_name=payee_name(administration),
    )


def _address(address: identifiers.Address) -> Address:
    return Address(
        street=address.street,
        postal_code=address.postal_code,
        city=address.city,
        country=address.country,
    )


def _labels(statement: Statement, administration: Administration, locale: str) -> dict[str, str]:
    babel = placeholders.babel_locale(locale)

    def money(value: Decimal) -> str:
        return format_currency(value, CURRENCY, locale=babel)

    total = statement.total_due
    if total > 0 and administration.iban:
        instruction = t(
            "Please transfer {amount} to {iban} in the name of {name}, quoting the invoice "
            "numbers.",
            amount=money(total),
            iban=administration.iban,
            name=payee_name(administration),
        )
    elif total > 0:
        instruction = t("Please pay {amount}, quoting the invoice numbers.", amount=money(total))
    elif total < 0:
        instruction = t(
            "You have a credit balance of {amount}; we will settle it with you.",
            amount=money(-total),
        )
    else:
        instruction = t("Nothing is due: the open items cancel each other out.")
    texts = {
        "title": t("Statement of account"),
        "date": t("Date"),
        "intro": t(
            "The open items on your account on {date}.",
            date=format_date(statement.as_of, "long", locale=babel),
        ),
        "invoice_date": t("Invoice date"),
        "number": t("Invoice number"),
        "due_date": t("Due date"),
        "amount": t("Amount"),
        "paid": t("Paid"),
        "open": t("Open"),
        "days_overdue": t("Days overdue"),
        "total_due": t("Total due"),
        "overdue_due": t("Of which overdue"),
        "payment_instruction": instruction,
        "nothing_open": t("There are no open items on your account."),
        "kvk_number": t("KvK"),
        "vat_number": t("VAT no."),
        "iban": t("IBAN"),
        "bic": t("BIC"),
        # Filled in per page by the renderer.
        "page": t("Page {page} of {pages}", page="{page}", pages="{pages}"),
    }
    return {key: render(text, locale) for key, text in texts.items()}


def statement_document(statement: Statement, administration: Administration) -> StatementDocument:
    """The statement as the PDF prints it, in the administration's language."""
    locale = administration.locale.value
    seller = Party(
        name=administration.name,
        address=_address(identifiers.Address(**administration.address)),
        vat_number=administration.vat_number,
        kvk_number=administration.kvk_number,
        email=administration.sender_email,
    )
    buyer = Party(
        name=statement.debtor.name,
        address=_address(statement.address),
        vat_number=statement.vat_number,
        kvk_number=statement.kvk_number,
        attention=statement.debtor.attention,
    )
    return StatementDocument(
        locale=locale,
        as_of=statement.as_of,
        seller=party_view(seller, locale),
        buyer=party_view(buyer, locale),
        iban=administration.iban,
        bic=administration.bic,
        payee_name=payee_name(administration),
        items=tuple(
            StatementItem(
                number=item.number,
                invoice_date=item.invoice_date,
                due_date=item.due_date,
                total=item.total,
                paid=item.amount_paid,
                open=item.amount_due,
                days_overdue=item.days_overdue,
            )
            for item in statement.items
        ),
        total_due=statement.total_due,
        overdue_due=statement.overdue_due,
        labels=_labels(statement, administration, locale),
    )


async def statement_pdf(
    session: AsyncSession, statement: Statement, administration: Administration
) -> bytes:
    """The statement's PDF in the look of the administration's default PDF template (layout,
    colour, logo, footer), else the classic layout."""
    options = TemplateOptions()
    if administration.default_pdf_template_id is not None:
        template = await documents.find_template(
            session, administration.id, administration.default_pdf_template_id
        )
        if template is not None:
            options = documents.options_of(template)
    return await documents.render_statement(statement_document(statement, administration), options)
