"""HTTP routes for administrations, API keys, companies, customers and known addresses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.auth.dependencies import Operator, PartiesWriter, Reader, SettingsWriter
from app.errors import NotFound, responses
from app.http.dependencies import Pagination, Session
from app.http.routing import api_router
from app.parties import repository as repo
from app.parties import schemas, service
from app.shared.pagination import encode_cursor, page

administrations = api_router("/v1", "administrations")
api_keys = api_router("/v1/api-keys", "api_keys")
companies = api_router("/v1/companies", "companies")
customers = api_router("/v1/customers", "customers")
known_addresses = api_router("/v1/known-addresses", "known_addresses")

Search = Annotated[
    str | None, Query(max_length=200, description="Case-insensitive text to look for.")
]


@administrations.post(
    "/administrations",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.AdministrationCreated,
    summary="Create an administration and its first API key (operator token)",
    name="create",
)
async def create(
    data: schemas.AdministrationCreate, session: Session, _: Operator
) -> schemas.AdministrationCreated:
    administration, token = await service.create_administration(session, data)
    return schemas.AdministrationCreated(
        administration=schemas.AdministrationOut.model_validate(administration), api_key=token
    )


@administrations.get(
    "/administration",
    response_model=schemas.AdministrationOut,
    summary="The caller's settings",
    name="get",
)
async def get(principal: Reader) -> schemas.AdministrationOut:
    return schemas.AdministrationOut.model_validate(principal.administration)


@administrations.patch(
    "/administration",
    response_model=schemas.AdministrationOut,
    summary="Change settings",
    name="update",
)
async def update(
    data: schemas.AdministrationUpdate, session: Session, principal: SettingsWriter
) -> schemas.AdministrationOut:
    administration = await service.update_administration(session, principal.administration, data)
    return schemas.AdministrationOut.model_validate(administration)


@api_keys.get("", response_model=schemas.ApiKeyPage, summary="List API keys", name="list")
async def list_(
    session: Session, principal: SettingsWriter, params: Pagination
) -> schemas.ApiKeyPage:
    keys = await repo.api_keys(session, principal.administration_id, params)
    out = [schemas.ApiKeyOut.model_validate(k) for k in keys]
    return page(schemas.ApiKeyPage, out, params, lambda k: k.id)


@api_keys.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.ApiKeyCreated,
    summary="Create an API key; its secret is shown only in this response",
    name="create",
)
async def create_key(
    data: schemas.ApiKeyCreate, session: Session, principal: SettingsWriter
) -> schemas.ApiKeyCreated:
    key, token = await service.create_api_key_for(session, principal, data)
    return schemas.ApiKeyCreated(
        id=key.id, name=key.name, scopes=data.scopes, created_at=key.created_at, secret=token
    )


@api_keys.delete(
    "/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.ApiKeyDeletesItself),
    summary="Revoke an API key",
    name="delete",
)
async def delete_key(key_id: str, session: Session, principal: SettingsWriter) -> Response:
    await service.delete_api_key(session, principal, key_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- companies -------------------------------------------------------------------------------


@companies.get("", response_model=schemas.CompanyPage, summary="List companies", name="list")
async def list_companies(
    session: Session, principal: Reader, params: Pagination, q: Search = None
) -> schemas.CompanyPage:
    rows = await repo.companies(session, principal.administration_id, params, q)
    return page(
        schemas.CompanyPage,
        [schemas.CompanyOut.model_validate(r) for r in rows],
        params,
        lambda c: c.id,
    )


@companies.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.CompanyOut,
    summary="Create a company",
    name="create",
)
async def create_company(
    data: schemas.CompanyCreate, session: Session, principal: PartiesWriter
) -> schemas.CompanyOut:
    company = await service.create_company(session, principal.administration_id, data)
    return schemas.CompanyOut.model_validate(company)


@companies.get(
    "/{company_id}",
    response_model=schemas.CompanyOut,
    responses=responses(NotFound),
    summary="A company",
    name="get",
)
async def get_company(company_id: str, session: Session, principal: Reader) -> schemas.CompanyOut:
    company = await service.get_company(session, principal.administration_id, company_id)
    return schemas.CompanyOut.model_validate(company)


@companies.patch(
    "/{company_id}",
    response_model=schemas.CompanyOut,
    responses=responses(NotFound),
    summary="Change a company",
    name="update",
)
async def update_company(
    company_id: str, data: schemas.CompanyUpdate, session: Session, principal: PartiesWriter
) -> schemas.CompanyOut:
    company = await service.update_company(session, principal.administration_id, company_id, data)
    return schemas.CompanyOut.model_validate(company)


@companies.delete(
    "/{company_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.CompanyHasCustomers, service.CompanyInUse),
    summary="Delete a company that no customer or invoice uses",
    name="delete",
)
async def delete_company(company_id: str, session: Session, principal: PartiesWriter) -> Response:
    await service.delete_company(session, principal.administration_id, company_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- customers -------------------------------------------------------------------------------


@customers.get("", response_model=schemas.CustomerPage, summary="List customers", name="list")
async def list_customers(
    session: Session,
    principal: Reader,
    params: Pagination,
    q: Search = None,
    company_id: Annotated[str | None, Query(max_length=40)] = None,
) -> schemas.CustomerPage:
    rows = await repo.customers(session, principal.administration_id, params, q, company_id)
    return page(
        schemas.CustomerPage,
        [schemas.CustomerOut.model_validate(r) for r in rows],
        params,
        lambda c: c.id,
    )


@customers.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.CustomerOut,
    summary="Create a customer",
    name="create",
)
async def create_customer(
    data: schemas.CustomerCreate, session: Session, principal: PartiesWriter
) -> schemas.CustomerOut:
    customer = await service.create_customer(session, principal.administration_id, data)
    return schemas.CustomerOut.model_validate(customer)


@customers.get(
    "/{customer_id}",
    response_model=schemas.CustomerOut,
    responses=responses(NotFound),
    summary="A customer",
    name="get",
)
async def get_customer(
    customer_id: str, session: Session, principal: Reader
) -> schemas.CustomerOut:
    customer = await service.get_customer(session, principal.administration_id, customer_id)
    return schemas.CustomerOut.model_validate(customer)


@customers.patch(
    "/{customer_id}",
    response_model=schemas.CustomerOut,
    responses=responses(NotFound),
    summary="Change a customer",
    name="update",
)
async def update_customer(
    customer_id: str, data: schemas.CustomerUpdate, session: Session, principal: PartiesWriter
) -> schemas.CustomerOut:
    customer = await service.update_customer(
        session, principal.administration_id, customer_id, data
    )
    return schemas.CustomerOut.model_validate(customer)


@customers.delete(
    "/{customer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(NotFound, service.CustomerInUse),
    summary="Delete a customer without invoices",
    name="delete",
)
async def delete_customer(customer_id: str, session: Session, principal: PartiesWriter) -> Response:
    await service.delete_customer(session, principal.administration_id, customer_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- contact details, the same routes under both owners --------------------------------------


def _contact_routes(router: APIRouter, kind: str) -> None:
    owner = f"{kind}_id"

    @router.get(
        f"/{{{owner}}}/contact-details",
        response_model=list[schemas.ContactDetailOut],
        responses=responses(NotFound),
        summary=f"Contact details of a {kind}",
        name="list_contact_details",
    )
    async def list_details(
        session: Session, principal: Reader, owner_id: str = _path(owner)
    ) -> list[schemas.ContactDetailOut]:
        details = await service.list_contact_details(
            session, principal.administration_id, kind, owner_id
        )
        return [schemas.ContactDetailOut.model_validate(d) for d in details]

    @router.post(
        f"/{{{owner}}}/contact-details",
        status_code=status.HTTP_201_CREATED,
        response_model=schemas.ContactDetailOut,
        responses=responses(NotFound),
        summary=f"Add a contact detail to a {kind}",
        name="create_contact_detail",
    )
    async def add_detail(
        data: schemas.ContactDetailCreate,
        session: Session,
        principal: PartiesWriter,
        owner_id: str = _path(owner),
    ) -> schemas.ContactDetailOut:
        detail = await service.add_contact_detail(
            session, principal.administration_id, kind, owner_id, data
        )
        return schemas.ContactDetailOut.model_validate(detail)

    @router.patch(
        f"/{{{owner}}}/contact-details/{{detail_id}}",
        response_model=schemas.ContactDetailOut,
        responses=responses(NotFound),
        summary=f"Change a contact detail of a {kind}",
        name="update_contact_detail",
    )
    async def update_detail(
        detail_id: str,
        data: schemas.ContactDetailUpdate,
        session: Session,
        principal: PartiesWriter,
        owner_id: str = _path(owner),
    ) -> schemas.ContactDetailOut:
        detail = await service.update_contact_detail(
            session, principal.administration_id, kind, owner_id, detail_id, data
        )
        return schemas.ContactDetailOut.model_validate(detail)

    @router.delete(
        f"/{{{owner}}}/contact-details/{{detail_id}}",
        status_code=status.HTTP_204_NO_CONTENT,
        responses=responses(NotFound),
        summary=f"Delete a contact detail of a {kind}",
        name="delete_contact_detail",
    )
    async def delete_detail(
        detail_id: str, session: Session, principal: PartiesWriter, owner_id: str = _path(owner)
    ) -> Response:
        await service.delete_contact_detail(
            session, principal.administration_id, kind, owner_id, detail_id
        )
        return Response(status_code=status.HTTP_204_NO_CONTENT)


def _path(alias: str) -> str:
    from fastapi import Path

    value: str = Path(alias=alias, max_length=40)
    return value


_contact_routes(customers, "customer")
_contact_routes(companies, "company")


@known_addresses.get(
    "",
    response_model=schemas.KnownAddressPage,
    summary="Addresses a mail may be sent to (for autocomplete)",
    name="list",
)
async def list_known(
    session: Session, principal: Reader, params: Pagination, q: Search = None
) -> schemas.KnownAddressPage:
    items, more = await service.known_addresses(session, principal.administration, q, params)
    cursor = encode_cursor(items[-1].address.lower()) if more and items else None
    return schemas.KnownAddressPage(data=items, next_cursor=cursor)
