"""Request and response models for administrations, API keys, companies, customers, contacts."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from app.i18n import t
from app.models.enums import DeliveryMethod, Locale, Scope
from app.parties.identifiers import (
    Address,
    Bic,
    Email,
    Iban,
    KvkNumber,
    Name,
    NumberFormat,
    PayeeName,
    PeppolId,
    TimeZone,
    VatNumber,
    normalize_email,
)
from app.shared.pagination import Page
from app.shared.schemas import StrictModel, UpdateModel


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- administrations -------------------------------------------------------------------------


def _in_the_netherlands(address: Address) -> Address:
    # Invoices and e-invoices follow Dutch law and the Dutch e-invoice rules (NLCIUS, Peppol's
    # NL-R-*); Peppol applies other countries' own rules (DE-R-*, GR-R-*, ...) to sellers there,
    # which this service does not implement, so it serves administrations established here.
    if address.country != "NL":
        raise ValueError(
            t(
                "the administration must be established in the Netherlands (country NL): "
                "invoices follow Dutch law and the Dutch e-invoice rules"
            )
        )
    return address


def _dutch_vat_number(value: str) -> str:
    if not value.startswith("NL"):
        raise ValueError(
            t(
                "the administration's VAT number must be Dutch (NL...): Peppol applies the rules "
                "of the country of the seller's VAT number"
            )
        )
    return value


SellerAddress = Annotated[Address, AfterValidator(_in_the_netherlands)]
SellerVatNumber = Annotated[VatNumber, AfterValidator(_dutch_vat_number)]


class AdministrationSettings(StrictModel):
    """The invoice settings ("Factuurinstellingen") of an administration."""

    name: Name
    address: SellerAddress = Field(default_factory=Address)
    kvk_number: KvkNumber | None = None
    vat_number: SellerVatNumber | None = None
    iban: Iban | None = None
    bic: Bic | None = None
    sender_email: Email | None = Field(default=None, description="From address of mails.")
    owner_email: Email | None = Field(
        default=None, description="The owner ('mij'): receives notifications and copies."
    )
    locale: Locale = Locale.nl
    timezone: TimeZone = "Europe/Amsterdam"
    payment_term_days: int = Field(default=30, ge=0, le=365)
    number_format: NumberFormat = "{year}-{seq:05}"
    credit_note_number_format: NumberFormat | None = Field(
        default=None,
        description="Credit notes get their own series in this format (e.g. `C{year}-{seq:05}`); "
        "null: they share the invoice series.",
    )
    small_business_scheme: bool = Field(
        default=False,
        description="Under the kleineondernemersregeling (KOR): no VAT is charged; every line "
        "has `vat_rate` `exempt` and the invoice prints the KOR exemption.",
    )
    prefer_nlcius: bool = Field(
        default=False,
        description="Tag e-invoices as NLCIUS (SI-UBL 2.0) wherever the buyer allows it; "
        "otherwise Peppol BIS 3 for buyers with a Peppol id and EN 16931 for the rest. "
        "Government buyers (an OIN as `peppol_id`) always get NLCIUS.",
    )
    ubl_embeds_pdf: bool = Field(
        default=True,
        description="Carry the invoice PDF inside the UBL e-invoice, as Dutch bookkeeping "
        "packages expect when they import one.",
    )
    payee_name: PayeeName | None = Field(
        default=None,
        description="The account holder's name of `iban` exactly as the bank knows it (Dutch "
        "banks check the payee name against the IBAN since October 2025): used in the QR code, "
        "the payment instruction and the e-invoice's payment account. At most 70 characters "
        "(the EPC QR code's limit). Null: the administration's `name`.",
    )


class AdministrationCreate(AdministrationSettings):
    pass


class AdministrationUpdate(UpdateModel):
    not_nullable = (
        "name",
        "address",
        "locale",
        "timezone",
        "payment_term_days",
        "number_format",
        "default_pdf_template_id",
        "small_business_scheme",
        "prefer_nlcius",
        "ubl_embeds_pdf",
    )

    name: Name | None = None
    address: SellerAddress | None = None
    kvk_number: KvkNumber | None = None
    vat_number: SellerVatNumber | None = None
    iban: Iban | None = None
    bic: Bic | None = None
    sender_email: Email | None = None
    owner_email: Email | None = None
    locale: Locale | None = None
    timezone: TimeZone | None = None
    payment_term_days: int | None = Field(default=None, ge=0, le=365)
    number_format: NumberFormat | None = None
    credit_note_number_format: NumberFormat | None = None
    small_business_scheme: bool | None = None
    prefer_nlcius: bool | None = None
    ubl_embeds_pdf: bool | None = None
    payee_name: PayeeName | None = Field(
        default=None, description="Null: back to the administration's `name`."
    )
    default_pdf_template_id: str | None = Field(
        default=None, max_length=40, description="PDF template for none/post delivery."
    )
    default_email_template_id: str | None = Field(
        default=None, max_length=40, description="E-mail template of `create_and_send` recurrences."
    )


class AdministrationOut(Out):
    id: str
    name: str
    address: Address
    kvk_number: str | None
    vat_number: str | None
    iban: str | None
    bic: str | None
    sender_email: str | None
    owner_email: str | None
    locale: Locale
    timezone: str
    payment_term_days: int
    number_format: str
    credit_note_number_format: str | None
    small_business_scheme: bool
    prefer_nlcius: bool
    ubl_embeds_pdf: bool
    payee_name: str | None = Field(description="Null: the administration's `name` is used.")
    default_pdf_template_id: str | None
    default_email_template_id: str | None
    created_at: datetime
    updated_at: datetime


class AdministrationCreated(BaseModel):
    administration: AdministrationOut
    api_key: str = Field(description="Secret of the first API key (all scopes); shown only once.")


# --- API keys --------------------------------------------------------------------------------


class ApiKeyCreate(StrictModel):
    name: Name
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope))

    @field_validator("scopes")
    @classmethod
    def _unique(cls, value: list[Scope]) -> list[Scope]:
        return sorted(set(value), key=list(Scope).index)


class ApiKeyOut(Out):
    id: str
    name: str
    scopes: list[Scope]
    created_at: datetime


class ApiKeyCreated(ApiKeyOut):
    secret: str = Field(description="The key to send as `Authorization: Bearer`; shown only once.")


# --- companies and customers -----------------------------------------------------------------


def _contact_type(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,19}", value):
        raise ValueError(t("a type is a short lower-case word such as 'email' or 'phone'"))
    return value


ContactType = Annotated[
    str,
    AfterValidator(_contact_type),
    Field(examples=["email", "phone"], description="`email`, `phone`, `mobile`, `website`, ..."),
]


class ContactDetailCreate(StrictModel):
    type: ContactType
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254)]
    invoice: bool = Field(
        default=False, description="Send invoices to this address (type `email` only)."
    )

    @model_validator(mode="after")
    def _check_value(self) -> ContactDetailCreate:
        check_contact(self.type, self.value, self.invoice)
        if self.type == "email":
            self.value = normalize_email(self.value)
        return self


def check_contact(type_: str, value: str, invoice: bool) -> None:
    if type_ == "email":
        normalize_email(value)
    elif invoice:
        raise ValueError(t("the invoice flag applies to contact details of type 'email' only"))
    if re.search(r"[\r\n\0]", value):
        raise ValueError(t("line breaks and NUL characters are not allowed"))


class ContactDetailUpdate(UpdateModel):
    not_nullable = ("type", "value", "invoice")

    type: ContactType | None = None
    value: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254)]
        | None
    ) = None
    invoice: bool | None = None


class ContactDetailOut(Out):
    id: str
    type: str
    value: str
    invoice: bool


# What a buyer's identifiers are for, on every schema that carries them (OpenAPI).
KVK_NUMBER = (
    "Dutch Chamber of Commerce (KvK) number, 8 digits: the buyer's legal identifier, printed "
    "under its VAT number on the invoice and sent as its legal registration in the e-invoice. "
    "A customer linked to a company is billed with the company's number when it has one."
)
PEPPOL_ID = (
    "Peppol participant identifier `scheme:value`: the buyer's e-invoice address on the Peppol "
    "network. The scheme is an electronic address scheme (EAS) code of Peppol BIS 3, e.g. "
    "`0106:12345678` (KvK number), `0190:00000001003214345000` (OIN of a Dutch government "
    "body), `9944:NL004495445B01` (Dutch VAT number), `0208:0403019261` (Belgian enterprise "
    "number), `0088:` + a GLN. A customer linked to a company is billed with the company's id "
    "when it has one."
)


class PartyFields(StrictModel):
    name: Name
    email: Email | None = None
    address: Address = Field(default_factory=Address)
    vat_number: VatNumber | None = None
    kvk_number: KvkNumber | None = Field(default=None, description=KVK_NUMBER)
    peppol_id: PeppolId | None = Field(default=None, description=PEPPOL_ID)
    delivery_method: DeliveryMethod = DeliveryMethod.none


class PartyUpdate(UpdateModel):
    not_nullable = ("name", "address", "delivery_method")

    name: Name | None = None
    email: Email | None = None
    address: Address | None = None
    vat_number: VatNumber | None = None
    kvk_number: KvkNumber | None = Field(default=None, description=KVK_NUMBER)
    peppol_id: PeppolId | None = Field(default=None, description=PEPPOL_ID)
    delivery_method: DeliveryMethod | None = None


class CompanyCreate(PartyFields):
    pass


class CompanyUpdate(PartyUpdate):
    pass


class CustomerCreate(PartyFields):
    company_id: str | None = Field(
        default=None, max_length=40, examples=["cmp_01JD0000000000000000000000"]
    )


class CustomerUpdate(PartyUpdate):
    company_id: str | None = Field(default=None, max_length=40)


class PartyOut(Out):
    id: str
    name: str
    email: str | None
    address: Address
    vat_number: str | None
    kvk_number: str | None = Field(description=KVK_NUMBER)
    peppol_id: str | None = Field(description=PEPPOL_ID)
    delivery_method: DeliveryMethod
    contact_details: list[ContactDetailOut]
    created_at: datetime
    updated_at: datetime


class CompanyOut(PartyOut):
    pass


class CustomerOut(PartyOut):
    company_id: str | None


class KnownAddress(BaseModel):
    address: str
    name: str | None = Field(description="Name of the party the address belongs to.")
    source: Literal["customer", "company", "contact_detail", "administration"]
    source_id: str


class ApiKeyPage(Page[ApiKeyOut]):
    pass


class CompanyPage(Page[CompanyOut]):
    pass


class CustomerPage(Page[CustomerOut]):
    pass


class KnownAddressPage(Page[KnownAddress]):
    pass
