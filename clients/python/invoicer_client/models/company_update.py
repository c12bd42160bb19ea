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
        name (None | str | Unset):
        email (None | str | Unset):
        address (Address | None | Unset):
        vat_number (None | str | Unset):
        kvk_number (None | str | Unset): Dutch Chamber of Commerce (KvK) number, 8 digits: the buyer's legal identifier,
            printed under its VAT number on the invoice and sent as its legal registration in the e-invoice. A customer
            linked to a company is billed with the company's number when it has one.
        peppol_id (None | str | Unset): Peppol participant identifier `scheme:value`: the buyer's e-invoice address on
            the Peppol network. The scheme is an electronic address scheme (EAS) code of Peppol BIS 3, e.g. `0106:12345678`
            (KvK number), `0190:00000001003214345000` (OIN of a Dutch government body), `9944:NL004495445B01` (Dutch VAT
            number), `0208:0403019261` (Belgian enterprise number), `0088:` + a GLN. A customer linked to a company is
            billed with the company's id when it has one.
        delivery_method (DeliveryMethod | None | Unset):
    """

    name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    address: Address | None | Unset = UNSET
    vat_number: None | str | Unset = UNSET
    kvk_number: None | str | Unset = UNSET
    peppol_id: None | str | Unset = UNSET
    delivery_method: DeliveryMethod | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, Address):
            address = self.address.to_dict()
        else:
            address = self.address

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

        delivery_method: None | str | Unset
        if isinstance(self.delivery_method, Unset):
            delivery_method = UNSET
        elif isinstance(self.delivery_method, DeliveryMethod):
            delivery_method = self.delivery_method.value
        else:
            delivery_method = self.delivery_method

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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = Address.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

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

        def _parse_delivery_method(data: object) -> DeliveryMethod | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_method_type_0 = DeliveryMethod(data)

                return delivery_method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryMethod | None | Unset, data)

        delivery_method = _parse_delivery_method(d.pop("delivery_method", UNSET))

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
