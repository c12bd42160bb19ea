from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_method import DeliveryMethod

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.contact_detail_out import ContactDetailOut


T = TypeVar("T", bound="CompanyOut")


@_attrs_define
class CompanyOut:
    """
    Attributes:
        id (str):
        name (str):
        email (None | str):
        address (Address): Postal address; every part optional. Dutch postal codes are normalised (`1234 AB`).
        vat_number (None | str):
        kvk_number (None | str): Dutch Chamber of Commerce (KvK) number, 8 digits: the buyer's legal identifier, printed
            under its VAT number on the invoice and sent as its legal registration in the e-invoice. A customer linked to a
            company is billed with the company's number when it has one.
        peppol_id (None | str): Peppol participant identifier `scheme:value`: the buyer's e-invoice address on the
            Peppol network. The scheme is an electronic address scheme (EAS) code of Peppol BIS 3, e.g. `0106:12345678` (KvK
            number), `0190:00000001003214345000` (OIN of a Dutch government body), `9944:NL004495445B01` (Dutch VAT number),
            `0208:0403019261` (Belgian enterprise number), `0088:` + a GLN. A customer linked to a company is billed with
            the company's id when it has one.
        delivery_method (DeliveryMethod):
        contact_details (list[ContactDetailOut]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    email: None | str
    address: Address
    vat_number: None | str
    kvk_number: None | str
    peppol_id: None | str
    delivery_method: DeliveryMethod
    contact_details: list[ContactDetailOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        email: None | str
        email = self.email

        address = self.address.to_dict()

        vat_number: None | str
        vat_number = self.vat_number

        kvk_number: None | str
        kvk_number = self.kvk_number

        peppol_id: None | str
        peppol_id = self.peppol_id

        delivery_method = self.delivery_method.value

        contact_details = []
        for contact_details_item_data in self.contact_details:
            contact_details_item = contact_details_item_data.to_dict()
            contact_details.append(contact_details_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "email": email,
                "address": address,
                "vat_number": vat_number,
                "kvk_number": kvk_number,
                "peppol_id": peppol_id,
                "delivery_method": delivery_method,
                "contact_details": contact_details,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.contact_detail_out import ContactDetailOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        address = Address.from_dict(d.pop("address"))

        def _parse_vat_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        vat_number = _parse_vat_number(d.pop("vat_number"))

        def _parse_kvk_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        kvk_number = _parse_kvk_number(d.pop("kvk_number"))

        def _parse_peppol_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        peppol_id = _parse_peppol_id(d.pop("peppol_id"))

        delivery_method = DeliveryMethod(d.pop("delivery_method"))

        contact_details = []
        _contact_details = d.pop("contact_details")
        for contact_details_item_data in _contact_details:
            contact_details_item = ContactDetailOut.from_dict(contact_details_item_data)

            contact_details.append(contact_details_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        company_out = cls(
            id=id,
            name=name,
            email=email,
            address=address,
            vat_number=vat_number,
            kvk_number=kvk_number,
            peppol_id=peppol_id,
            delivery_method=delivery_method,
            contact_details=contact_details,
            created_at=created_at,
            updated_at=updated_at,
        )

        company_out.additional_properties = d
        return company_out

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
