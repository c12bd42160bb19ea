from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.line_out_vat_rate import LineOutVatRate

T = TypeVar("T", bound="LineOut")


@_attrs_define
class LineOut:
    """
    Attributes:
        description (str):
        quantity (str): Up to 4 decimals.
        unit (None | str):
        unit_price (str): Excluding VAT; up to 4 decimals. Negative for a discount line.
        vat_rate (LineOutVatRate):
        amount (str): Quantity x unit price, rounded half-up to cents.
        delivery_date (datetime.date | None):
    """

    description: str
    quantity: str
    unit: None | str
    unit_price: str
    vat_rate: LineOutVatRate
    amount: str
    delivery_date: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        quantity = self.quantity

        unit: None | str
        unit = self.unit

        unit_price = self.unit_price

        vat_rate = self.vat_rate.value

        amount = self.amount

        delivery_date: None | str
        if isinstance(self.delivery_date, datetime.date):
            delivery_date = self.delivery_date.isoformat()
        else:
            delivery_date = self.delivery_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "quantity": quantity,
                "unit": unit,
                "unit_price": unit_price,
                "vat_rate": vat_rate,
                "amount": amount,
                "delivery_date": delivery_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        quantity = d.pop("quantity")

        def _parse_unit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        unit = _parse_unit(d.pop("unit"))

        unit_price = d.pop("unit_price")

        vat_rate = LineOutVatRate(d.pop("vat_rate"))

        amount = d.pop("amount")

        def _parse_delivery_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_date_type_0 = datetime.date.fromisoformat(data)

                return delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        delivery_date = _parse_delivery_date(d.pop("delivery_date"))

        line_out = cls(
            description=description,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            vat_rate=vat_rate,
            amount=amount,
            delivery_date=delivery_date,
        )

        line_out.additional_properties = d
        return line_out

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
