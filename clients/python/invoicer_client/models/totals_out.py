from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.vat_out import VatOut


T = TypeVar("T", bound="TotalsOut")


@_attrs_define
class TotalsOut:
    """
    Attributes:
        subtotal (str): An amount in euros, two decimals.
        vat (list[VatOut]):
        total (str): An amount in euros, two decimals.
    """

    subtotal: str
    vat: list[VatOut]
    total: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subtotal = self.subtotal

        vat = []
        for vat_item_data in self.vat:
            vat_item = vat_item_data.to_dict()
            vat.append(vat_item)

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subtotal": subtotal,
                "vat": vat,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vat_out import VatOut  # noqa: PLC0415

        d = dict(src_dict)
        subtotal = d.pop("subtotal")

        vat = []
        _vat = d.pop("vat")
        for vat_item_data in _vat:
            vat_item = VatOut.from_dict(vat_item_data)

            vat.append(vat_item)

        total = d.pop("total")

        totals_out = cls(
            subtotal=subtotal,
            vat=vat,
            total=total,
        )

        totals_out.additional_properties = d
        return totals_out

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
