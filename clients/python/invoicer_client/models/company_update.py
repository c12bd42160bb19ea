from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.delivery_method import DeliveryMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="CompanyUpdate")


@_attrs_define
class CompanyUpdate:
    """
    Attributes:
        name (str | Unset):
        email (None | str | Unset):
        address (Address | Unset): Postal address; every part optional. Dutch postal codes are normalised (`1234 AB`).
        vat_number (None | str | Unset):
        kvk_number (None | str | Unset): Dutch Chamber of Commerce (KvK) number, 8 digits: the buyer's legal identifier,
            printed under its VAT number on the invoice and sent as its legal registration in the e-invoice. A customer
            linked to a company is billed with the company's number when it has one.
        peppol_id (None | str | Unset): Peppol participant identifier `scheme:value`: the buyer's e-invoice address on
            the Peppol network. The scheme is an electronic address scheme (EAS) code of Peppol BIS 3, e.g. `0106:12345678`
            (KvK number), `0190:00000001003214345000` (OIN of a Dutch government body), `9944:NL004495445B01` (Dutch VAT
            number), `0208:0403019261` (Belgian enterprise number), `0088:` + a GLN. A customer linked to a company is
            billed with the company's id when it has one.
        delivery_method (DeliveryMethod | Unset):
    """

    name: str | Unset = UNSET
    email: None | str | Unset = UNSET
    address: Address | Unset = UNSET
    vat_number: None | str | Unset = UNSET
    kvk_number: None | str | Unset = UNSET
    peppol_id: None | str | Unset = UNSET
    delivery_method: DeliveryMethod | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        vat_number: None | str | Unset
        if isinstance(self.vat_number, Unset):
            vat_number = UNSET
        else:
            vat_number = self.vat_number

        kvk_number: None | str | Unset
        if isinstance(self.kvk_number, Unset):
            kvk_number = UNSET
        else:
            kvk_number = self.kvk_number

        peppol_id: None | str | Unset
        if isinstance(self.peppol_id, Unset):
            peppol_id = UNSET
        else:
            peppol_id = self.peppol_id

        delivery_method: str | Unset = UNSET
        if not isinstance(self.delivery_method, Unset):
            delivery_method = self.delivery_method.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if address is not UNSET:
            field_dict["address"] = address
        if vat_number is not UNSET:
            field_dict["vat_number"] = vat_number
        if kvk_number is not UNSET:
            field_dict["kvk_number"] = kvk_number
        if peppol_id is not UNSET:
            field_dict["peppol_id"] = peppol_id
        if delivery_method is not UNSET:
            field_dict["delivery_method"] = delivery_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        _address = d.pop("address", UNSET)
        address: Address | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = Address.from_dict(_address)

        def _parse_vat_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_number = _parse_vat_number(d.pop("vat_number", UNSET))

        def _parse_kvk_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kvk_number = _parse_kvk_number(d.pop("kvk_number", UNSET))

        def _parse_peppol_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        peppol_id = _parse_peppol_id(d.pop("peppol_id", UNSET))

        _delivery_method = d.pop("delivery_method", UNSET)
        delivery_method: DeliveryMethod | Unset
        if isinstance(_delivery_method, Unset):
            delivery_method = UNSET
        else:
            delivery_method = DeliveryMethod(_delivery_method)

        company_update = cls(
            name=name,
            email=email,
            address=address,
            vat_number=vat_number,
            kvk_number=kvk_number,
            peppol_id=peppol_id,
            delivery_method=delivery_method,
        )

        return company_update
