from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.locale import Locale

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="AdministrationOut")


@_attrs_define
class AdministrationOut:
    """
    Attributes:
        id (str):
        name (str):
        address (Address): Postal address; every part optional. Dutch postal codes are normalised (`1234 AB`).
        kvk_number (None | str):
        vat_number (None | str):
        iban (None | str):
        bic (None | str):
        sender_email (None | str):
        owner_email (None | str):
        locale (Locale):
        timezone (str):
        payment_term_days (int):
        number_format (str):
        credit_note_number_format (None | str):
        small_business_scheme (bool):
        prefer_nlcius (bool):
        ubl_embeds_pdf (bool):
        payee_name (None | str): Null: the administration's `name` is used.
        default_pdf_template_id (None | str):
        default_email_template_id (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    address: Address
    kvk_number: None | str
    vat_number: None | str
    iban: None | str
    bic: None | str
    sender_email: None | str
    owner_email: None | str
    locale: Locale
    timezone: str
    payment_term_days: int
    number_format: str
    credit_note_number_format: None | str
    small_business_scheme: bool
    prefer_nlcius: bool
    ubl_embeds_pdf: bool
    payee_name: None | str
    default_pdf_template_id: None | str
    default_email_template_id: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        address = self.address.to_dict()

        kvk_number: None | str
        kvk_number = self.kvk_number

        vat_number: None | str
        vat_number = self.vat_number

        iban: None | str
        iban = self.iban

        bic: None | str
        bic = self.bic

        sender_email: None | str
        sender_email = self.sender_email

        owner_email: None | str
        owner_email = self.owner_email

        locale = self.locale.value

        timezone = self.timezone

        payment_term_days = self.payment_term_days

        number_format = self.number_format

        credit_note_number_format: None | str
        credit_note_number_format = self.credit_note_number_format

        small_business_scheme = self.small_business_scheme

        prefer_nlcius = self.prefer_nlcius

        ubl_embeds_pdf = self.ubl_embeds_pdf

        payee_name: None | str
        payee_name = self.payee_name

        default_pdf_template_id: None | str
        default_pdf_template_id = self.default_pdf_template_id

        default_email_template_id: None | str
        default_email_template_id = self.default_email_template_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "address": address,
                "kvk_number": kvk_number,
                "vat_number": vat_number,
                "iban": iban,
                "bic": bic,
                "sender_email": sender_email,
                "owner_email": owner_email,
                "locale": locale,
                "timezone": timezone,
                "payment_term_days": payment_term_days,
                "number_format": number_format,
                "credit_note_number_format": credit_note_number_format,
                "small_business_scheme": small_business_scheme,
                "prefer_nlcius": prefer_nlcius,
                "ubl_embeds_pdf": ubl_embeds_pdf,
                "payee_name": payee_name,
                "default_pdf_template_id": default_pdf_template_id,
                "default_email_template_id": default_email_template_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        address = Address.from_dict(d.pop("address"))

        def _parse_kvk_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        kvk_number = _parse_kvk_number(d.pop("kvk_number"))

        def _parse_vat_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        vat_number = _parse_vat_number(d.pop("vat_number"))

        def _parse_iban(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iban = _parse_iban(d.pop("iban"))

        def _parse_bic(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bic = _parse_bic(d.pop("bic"))

        def _parse_sender_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sender_email = _parse_sender_email(d.pop("sender_email"))

        def _parse_owner_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owner_email = _parse_owner_email(d.pop("owner_email"))

        locale = Locale(d.pop("locale"))

        timezone = d.pop("timezone")

        payment_term_days = d.pop("payment_term_days")

        number_format = d.pop("number_format")

        def _parse_credit_note_number_format(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credit_note_number_format = _parse_credit_note_number_format(d.pop("credit_note_number_format"))

        small_business_scheme = d.pop("small_business_scheme")

        prefer_nlcius = d.pop("prefer_nlcius")

        ubl_embeds_pdf = d.pop("ubl_embeds_pdf")

        def _parse_payee_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payee_name = _parse_payee_name(d.pop("payee_name"))

        def _parse_default_pdf_template_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        default_pdf_template_id = _parse_default_pdf_template_id(d.pop("default_pdf_template_id"))

        def _parse_default_email_template_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        default_email_template_id = _parse_default_email_template_id(d.pop("default_email_template_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        administration_out = cls(
            id=id,
            name=name,
            address=address,
            kvk_number=kvk_number,
            vat_number=vat_number,
            iban=iban,
            bic=bic,
            sender_email=sender_email,
            owner_email=owner_email,
            locale=locale,
            timezone=timezone,
            payment_term_days=payment_term_days,
            number_format=number_format,
            credit_note_number_format=credit_note_number_format,
            small_business_scheme=small_business_scheme,
            prefer_nlcius=prefer_nlcius,
            ubl_embeds_pdf=ubl_embeds_pdf,
            payee_name=payee_name,
            default_pdf_template_id=default_pdf_template_id,
            default_email_template_id=default_email_template_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        administration_out.additional_properties = d
        return administration_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
