from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.locale import Locale
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="AdministrationCreate")


@_attrs_define
class AdministrationCreate:
    """
    Attributes:
        name (str):
        address (Address | Unset): Postal address; every part optional. Dutch postal codes are normalised (`1234 AB`).
        kvk_number (None | str | Unset):
        vat_number (None | str | Unset):
        iban (None | str | Unset):
        bic (None | str | Unset):
        sender_email (None | str | Unset): From address of mails.
        owner_email (None | str | Unset): The owner ('mij'): receives notifications and copies.
        locale (Locale | Unset):
        timezone (str | Unset):  Default: 'Europe/Amsterdam'.
        payment_term_days (int | Unset):  Default: 30.
        number_format (str | Unset):  Default: '{year}-{seq:05}'.
        credit_note_number_format (None | str | Unset): Credit notes get their own series in this format (e.g.
            `C{year}-{seq:05}`); null: they share the invoice series.
        small_business_scheme (bool | Unset): Under the kleineondernemersregeling (KOR): no VAT is charged; every line
            has `vat_rate` `exempt` and the invoice prints the KOR exemption. Default: False.
        prefer_nlcius (bool | Unset): Tag e-invoices as NLCIUS (SI-UBL 2.0) wherever the buyer allows it; otherwise
            Peppol BIS 3 for buyers with a Peppol id and EN 16931 for the rest. Government buyers (an OIN as `peppol_id`)
            always get NLCIUS. Default: False.
        ubl_embeds_pdf (bool | Unset): Carry the invoice PDF inside the UBL e-invoice, as Dutch bookkeeping packages
            expect when they import one. Default: True.
        payee_name (None | str | Unset): The account holder's name of `iban` exactly as the bank knows it (Dutch banks
            check the payee name against the IBAN since October 2025): used in the QR code, the payment instruction and the
            e-invoice's payment account. At most 70 characters (the EPC QR code's limit). Null: the administration's `name`.
    """

    name: str
    address: Address | Unset = UNSET
    kvk_number: None | str | Unset = UNSET
    vat_number: None | str | Unset = UNSET
    iban: None | str | Unset = UNSET
    bic: None | str | Unset = UNSET
    sender_email: None | str | Unset = UNSET
    owner_email: None | str | Unset = UNSET
    locale: Locale | Unset = UNSET
    timezone: str | Unset = "Europe/Amsterdam"
    payment_term_days: int | Unset = 30
    number_format: str | Unset = "{year}-{seq:05}"
    credit_note_number_format: None | str | Unset = UNSET
    small_business_scheme: bool | Unset = False
    prefer_nlcius: bool | Unset = False
    ubl_embeds_pdf: bool | Unset = True
    payee_name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        kvk_number: None | str | Unset
        if isinstance(self.kvk_number, Unset):
            kvk_number = UNSET
        else:
            kvk_number = self.kvk_number

        vat_number: None | str | Unset
        if isinstance(self.vat_number, Unset):
            vat_number = UNSET
        else:
            vat_number = self.vat_number

        iban: None | str | Unset
        if isinstance(self.iban, Unset):
            iban = UNSET
        else:
            iban = self.iban

        bic: None | str | Unset
        if isinstance(self.bic, Unset):
            bic = UNSET
        else:
            bic = self.bic

        sender_email: None | str | Unset
        if isinstance(self.sender_email, Unset):
            sender_email = UNSET
        else:
            sender_email = self.sender_email

        owner_email: None | str | Unset
        if isinstance(self.owner_email, Unset):
            owner_email = UNSET
        else:
            owner_email = self.owner_email

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        timezone = self.timezone

        payment_term_days = self.payment_term_days

        number_format = self.number_format

        credit_note_number_format: None | str | Unset
        if isinstance(self.credit_note_number_format, Unset):
            credit_note_number_format = UNSET
        else:
            credit_note_number_format = self.credit_note_number_format

        small_business_scheme = self.small_business_scheme

        prefer_nlcius = self.prefer_nlcius

        ubl_embeds_pdf = self.ubl_embeds_pdf

        payee_name: None | str | Unset
        if isinstance(self.payee_name, Unset):
            payee_name = UNSET
        else:
            payee_name = self.payee_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if kvk_number is not UNSET:
            field_dict["kvk_number"] = kvk_number
        if vat_number is not UNSET:
            field_dict["vat_number"] = vat_number
        if iban is not UNSET:
            field_dict["iban"] = iban
        if bic is not UNSET:
            field_dict["bic"] = bic
        if sender_email is not UNSET:
            field_dict["sender_email"] = sender_email
        if owner_email is not UNSET:
            field_dict["owner_email"] = owner_email
        if locale is not UNSET:
            field_dict["locale"] = locale
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if payment_term_days is not UNSET:
            field_dict["payment_term_days"] = payment_term_days
        if number_format is not UNSET:
            field_dict["number_format"] = number_format
        if credit_note_number_format is not UNSET:
            field_dict["credit_note_number_format"] = credit_note_number_format
        if small_business_scheme is not UNSET:
            field_dict["small_business_scheme"] = small_business_scheme
        if prefer_nlcius is not UNSET:
            field_dict["prefer_nlcius"] = prefer_nlcius
        if ubl_embeds_pdf is not UNSET:
            field_dict["ubl_embeds_pdf"] = ubl_embeds_pdf
        if payee_name is not UNSET:
            field_dict["payee_name"] = payee_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        _address = d.pop("address", UNSET)
        address: Address | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = Address.from_dict(_address)

        def _parse_kvk_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kvk_number = _parse_kvk_number(d.pop("kvk_number", UNSET))

        def _parse_vat_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_number = _parse_vat_number(d.pop("vat_number", UNSET))

        def _parse_iban(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        iban = _parse_iban(d.pop("iban", UNSET))

        def _parse_bic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bic = _parse_bic(d.pop("bic", UNSET))

        def _parse_sender_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sender_email = _parse_sender_email(d.pop("sender_email", UNSET))

        def _parse_owner_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        owner_email = _parse_owner_email(d.pop("owner_email", UNSET))

        _locale = d.pop("locale", UNSET)
        locale: Locale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = Locale(_locale)

        timezone = d.pop("timezone", UNSET)

        payment_term_days = d.pop("payment_term_days", UNSET)

        number_format = d.pop("number_format", UNSET)

        def _parse_credit_note_number_format(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        credit_note_number_format = _parse_credit_note_number_format(d.pop("credit_note_number_format", UNSET))

        small_business_scheme = d.pop("small_business_scheme", UNSET)

        prefer_nlcius = d.pop("prefer_nlcius", UNSET)

        ubl_embeds_pdf = d.pop("ubl_embeds_pdf", UNSET)

        def _parse_payee_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payee_name = _parse_payee_name(d.pop("payee_name", UNSET))

        administration_create = cls(
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
        )

        return administration_create
