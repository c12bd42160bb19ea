from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactDetailUpdate")


@_attrs_define
class ContactDetailUpdate:
    """
    Attributes:
        type_ (str | Unset): `email`, `phone`, `mobile`, `website`, ...
        value (str | Unset):
        invoice (bool | Unset):
    """

    type_: str | Unset = UNSET
    value: str | Unset = UNSET
    invoice: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value = self.value

        invoice = self.invoice

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if value is not UNSET:
            field_dict["value"] = value
        if invoice is not UNSET:
            field_dict["invoice"] = invoice

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type", UNSET)

        value = d.pop("value", UNSET)

        invoice = d.pop("invoice", UNSET)

        contact_detail_update = cls(
            type_=type_,
            value=value,
            invoice=invoice,
        )

        return contact_detail_update
