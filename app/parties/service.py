"""Business rules for administrations, API keys, companies, customers and contact details."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app import clock, events
from app.auth.principal import Principal
from app.auth.tokens import format_token, hash_secret
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.i18n import message_of, t
from app.models import (
    Administration,
    ApiKey,
    Company,
    ContactDetail,
    Customer,
    EmailTemplate,
    PdfTemplate,
)
from app.models.base import new_id
from app.models.enums import Scope
from app.parties import repository as repo
from app.parties import schemas
from app.parties.identifiers import number_formats_can_collide
from app.parties.schemas import check_contact
from app.repository import get_owned
from app.shared.pagination import PageParams


class ApiKeyDeletesItself(Conflict):
    type, code = "api-key-deletes-itself", "api_key_deletes_itself"
    title = t("A key cannot delete itself")


class CompanyHasCustomers(Conflict):
    type, code = "company-has-customers", "company_has_customers"
    title = t("The company still has linked customers")


class CompanyInUse(Conflict):
    type, code = "company-in-use", "company_in_use"
    title = t("The company is still in use")


class CustomerInUse(Conflict):
    type, code = "customer-in-use", "customer_in_use"
    title = t("The customer is still in use")


def payee_name(administration: Administration) -> str:
    """The name payments go to: the account holder of the administration's IBAN as the bank
    knows it, which the bank checks against the IBAN (the "naam-nummercontrole"). The EPC QR
    code, the payment instruction, the e-invoice's payment account and the invoice page all
    read it here."""
    return administration.payee_name or administration.name


def _columns(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if isinstance(out.get("address"), dict):
        out["address"] = {k: v for k, v in out["address"].items() if v is not None}
    return out


def check_number_formats(number_format: str, credit_format: str | None, given: set[str]) -> None:
    """Refuse (422) a credit-note format whose numbers can come out the same as the invoice
    format's: the two series count independently, so `2026-00001` would be given twice.
    "Can" is decided on the formats' literal text, each field read as any run of digits
    (`number_formats_can_collide`): `C{year}-{seq:05}` beside `{year}-{seq:05}` is fine, the
    same format twice or `{year}-{seq}` beside `{year}-{seq:05}` (`2026-12345`) are not. The
    unique index on (administration, number) is the backstop. The error names the field the
    request changes (the credit-note format when both or neither)."""
    if credit_format is None or not number_formats_can_collide(number_format, credit_format):
        return
    field = (
        "number_format"
        if "number_format" in given and "credit_note_number_format" not in given
        else "credit_note_number_format"
    )
    raise Invalid.field(
        ["body", field],
        t(
            "credit_note_number_format {credit_format} can give the same numbers as "
            "number_format {number_format}; make them differ in their text, "
            "e.g. `C{{year}}-{{seq:05}}` for credit notes",
            credit_format=repr(credit_format),
            number_format=repr(number_format),
        ),
        "number_formats_overlap",
    )


async def create_administration(
    session: AsyncSession, data: schemas.AdministrationCreate
) -> tuple[Administration, str]:
    """A new administration, its defaults and a first API key with every scope."""
    check_number_formats(data.number_format, data.credit_note_number_format, set())
    values = _columns(data.model_dump(mode="json"))
    administration = Administration(id=new_id("adm"), **values)
    session.add(administration)
    await session.flush()
    # Its default templates (app/wiring.py lists who adds what, in order).
    await events.publish(session, events.AdministrationCreated(administration))
    _, token = await create_api_key(
        session, administration.id, schemas.ApiKeyCreate(name="Default key", scopes=list(Scope))
    )
    return administration, token


async def update_administration(
    session: AsyncSession, administration: Administration, data: schemas.AdministrationUpdate
) -> Administration:
    values = _columns(data.model_dump(mode="json", exclude_unset=True))
    check_number_formats(
        values.get("number_format", administration.number_format),
        values.get("credit_note_number_format", administration.credit_note_number_format),
        set(values),
    )
    for field, model, label in (
        ("default_pdf_template_id", PdfTemplate, t("PDF template")),
        ("default_email_template_id", EmailTemplate, t("e-mail template")),
    ):
        template_id = values.get(field)
        if template_id and not await get_owned(session, model, template_id, administration.id):
            raise Invalid.field(
                ["body", field], t("{label} {id} does not exist", label=label, id=template_id)
            )
    for name, value in values.items():
        setattr(administration, name, value)
    await session.flush()
    return administration


async def create_api_key(
    session: AsyncSession, administration_id: str, data: schemas.ApiKeyCreate
) -> tuple[ApiKey, str]:
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        id=new_id("key"),
        administration_id=administration_id,
        name=data.name,
        secret_hash=hash_secret(secret),
        scopes=[s.value for s in data.scopes],
        created_at=clock.now(),
    )
    session.add(key)
    await session.flush()
    return key, format_token(key.id, secret)


async def create_api_key_for(
    session: AsyncSession, principal: Principal, data: schemas.ApiKeyCreate
) -> tuple[ApiKey, str]:
    """A key can grant only scopes it holds itself (no escalation through key creation)."""
    missing = [s.value for s in data.scopes if s.value not in principal.scopes]
    if missing:
        raise Forbidden(
            t("This key cannot grant scopes it does not hold: {scopes}.", scopes=", ".join(missing))
        )
    return await create_api_key(session, principal.administration_id, data)


async def delete_api_key(session: AsyncSession, principal: Principal, key_id: str) -> None:
    key = await repo.api_key(session, principal.administration_id, key_id)
    if key is None:
        raise NotFound(t("API key {id} not found.", id=key_id))
    if key.id == principal.key_id:
        raise ApiKeyDeletesItself(
            t("A key cannot delete itself; use another key with settings:write.")
        )
    await session.delete(key)
    await session.flush()


async def get_company(session: AsyncSession, administration_id: str, company_id: str) -> Company:
    company = await repo.company(session, administration_id, company_id)
    if company is None:
        raise NotFound(t("Company {id} not found.", id=company_id))
    return company


async def get_customer(session: AsyncSession, administration_id: str, customer_id: str) -> Customer:
    customer = await repo.customer(session, administration_id, customer_id)
    if customer is None:
        raise NotFound(t("Customer {id} not found.", id=customer_id))
    return customer


async def create_company(
    session: AsyncSession, administration_id: str, data: schemas.CompanyCreate
) -> Company:
    company = Company(
        id=new_id("cmp"),
        administration_id=administration_id,
        contact_details=[],
        **_columns(data.model_dump(mode="json")),
    )
    session.add(company)
    await session.flush()
    return company


async def update_company(
    session: AsyncSession, administration_id: str, company_id: str, data: schemas.CompanyUpdate
) -> Company:
    company = await get_company(session, administration_id, company_id)
    for name, value in _columns(data.model_dump(mode="json", exclude_unset=True)).items():
        setattr(company, name, value)
    await session.flush()
    return company


async def delete_company(session: AsyncSession, administration_id: str, company_id: str) -> None:
    company = await get_company(session, administration_id, company_id)
    if await repo.company_has_customers(session, company.id):
        raise CompanyHasCustomers(
            t("The company still has linked customers; unlink or delete them first.")
        )
    if await repo.has_invoices(session, company_id=company.id):
        raise CompanyInUse(t("The company has invoices and cannot be deleted."))
    await session.delete(company)
    await session.flush()


async def _linked_company(
    session: AsyncSession, administration_id: str, company_id: str | None
) -> str | None:
    if company_id is None:
        return None
    if await repo.company(session, administration_id, company_id) is None:
        raise Invalid.field(["body", "company_id"], t("company {id} does not exist", id=company_id))
    return company_id


async def create_customer(
    session: AsyncSession, administration_id: str, data: schemas.CustomerCreate
) -> Customer:
    values = _columns(data.model_dump(mode="json"))
    values["company_id"] = await _linked_company(session, administration_id, data.company_id)
    customer = Customer(
        id=new_id("cus"), administration_id=administration_id, contact_details=[], **values
    )
    session.add(customer)
    await session.flush()
    return customer


async def update_customer(
    session: AsyncSession, administration_id: str, customer_id: str, data: schemas.CustomerUpdate
) -> Customer:
    customer = await get_customer(session, administration_id, customer_id)
    values = _columns(data.model_dump(mode="json", exclude_unset=True))
    if "company_id" in values:
        values["company_id"] = await _linked_company(session, administration_id, data.company_id)
    for name, value in values.items():
        setattr(customer, name, value)
    await session.flush()
    return customer


async def delete_customer(session: AsyncSession, administration_id: str, customer_id: str) -> None:
    customer = await get_customer(session, administration_id, customer_id)
    if await repo.has_invoices(session, customer_id=customer.id):
        raise CustomerInUse(t("The customer has invoices and cannot be deleted."))
    await session.delete(customer)
    await session.flush()


async def _owner(
    session: AsyncSession, administration_id: str, kind: str, owner_id: str
) -> Customer | Company:
    if kind == "customer":
        return await get_customer(session, administration_id, owner_id)
    return await get_company(session, administration_id, owner_id)


async def list_contact_details(
    session: AsyncSession, administration_id: str, kind: str, owner_id: str
) -> list[ContactDetail]:
    owner = await _owner(session, administration_id, kind, owner_id)
    return list(owner.contact_details)


async def add_contact_detail(
    session: AsyncSession,
    administration_id: str,
    kind: str,
    owner_id: str,
    data: schemas.ContactDetailCreate,
) -> ContactDetail:
    owner = await _owner(session, administration_id, kind, owner_id)
    detail = ContactDetail(
        id=new_id("cd"),
        administration_id=administration_id,
        customer_id=owner.id if kind == "customer" else None,
        company_id=owner.id if kind == "company" else None,
        **data.model_dump(),
    )
    owner.contact_details.append(detail)
    await session.flush()
    return detail


async def _detail_of(
    session: AsyncSession, administration_id: str, kind: str, owner_id: str, detail_id: str
) -> ContactDetail:
    await _owner(session, administration_id, kind, owner_id)
    detail = await repo.contact_detail(session, administration_id, detail_id)
    if detail is not None:
        owner = detail.customer_id if kind == "customer" else detail.company_id
        if owner == owner_id:
            return detail
    raise NotFound(t("Contact detail {id} not found.", id=detail_id))


async def update_contact_detail(
    session: AsyncSession,
    administration_id: str,
    kind: str,
    owner_id: str,
    detail_id: str,
    data: schemas.ContactDetailUpdate,
) -> ContactDetail:
    detail = await _detail_of(session, administration_id, kind, owner_id, detail_id)
    changes = data.model_dump(exclude_unset=True)
    type_ = changes.get("type", detail.type)
    value = changes.get("value", detail.value)
    invoice = changes.get("invoice", detail.invoice)
    try:
        check_contact(type_, value, invoice)
    except ValueError as exc:
        raise Invalid.field(["body"], message_of(exc)) from exc
    if type_ == "email":
        from app.parties.identifiers import normalize_email

        changes["value"] = normalize_email(value)
    for name, change in changes.items():
        setattr(detail, name, change)
    await session.flush()
    return detail


async def delete_contact_detail(
    session: AsyncSession, administration_id: str, kind: str, owner_id: str, detail_id: str
) -> None:
    detail = await _detail_of(session, administration_id, kind, owner_id, detail_id)
    await session.delete(detail)
    await session.flush()


async def known_addresses(
    session: AsyncSession, administration: Administration, q: str | None, params: PageParams
) -> tuple[list[schemas.KnownAddress], bool]:
    """Each address once (case-insensitively, first source wins); and whether more follow."""
    out: list[schemas.KnownAddress] = []
    after = params.after_id
    while True:
        batch = await repo.known_addresses(session, administration, q, after, params.limit * 2 + 1)
        for address, name, source, source_id in batch:
            if out and out[-1].address.lower() == address.lower():
                continue
            if len(out) == params.limit:
                return out, True
            out.append(
                schemas.KnownAddress(
                    address=address,
                    name=name,
                    source=source,
                    source_id=source_id,
                )
            )
        if len(batch) < params.limit * 2 + 1:
            return out, False
        after = out[-1].address.lower()
