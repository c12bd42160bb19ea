from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactDetailCreate")


@_attrs_define
class ContactDetailCreate:
    """
    Attributes:
        type_ (str): `email`, `phone`, `mobile`, `website`, ...
        value (str):
        invoice (bool | Unset): Send invoices to this address (type `email` only). Default: False.
    """

    type_: str
    value: str
    invoice: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value = self.value

        invoice = self.invoice

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )
        if invoice is not UNSET:
            field_dict["invoice"] = invoice

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        value = d.pop("value")

        invoice = d.pop("invoice", UNSET)

        contact_detail_create = cls(
            type_=type_,
            value=value,
            invoice=invoice,
        )

        return contact_detail_create
