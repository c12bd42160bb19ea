from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.line_in_vat_rate import LineInVatRate
from ..types import UNSET, Unset

T = TypeVar("T", bound="LineIn")


@_attrs_define
class LineIn:
    """
    Attributes:
        description (str):
        unit_price (str): Excluding VAT; up to 4 decimals. Negative for a discount line.
        quantity (str | Unset): Up to 4 decimals. Default: '1'.
        unit (None | str | Unset):
        vat_rate (LineInVatRate | Unset): `21`, `9` or `0` (percent), or a zero-VAT treatment, each printed with its
            legally required text: `reverse_charge` (btw verlegd, domestic or EU), `intra_community` (intracommunautaire
            levering of goods), `export` (outside the EU), `exempt` (vrijgesteld; under the KOR every line). Default:
            LineInVatRate.VALUE_0.
        delivery_date (datetime.date | None | Unset): When this line was delivered, if not on the invoice's date.
    """

    description: str
    unit_price: str
    quantity: str | Unset = "1"
    unit: None | str | Unset = UNSET
    vat_rate: LineInVatRate | Unset = LineInVatRate.VALUE_0
    delivery_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        unit_price = self.unit_price

        quantity = self.quantity

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        vat_rate: str | Unset = UNSET
        if not isinstance(self.vat_rate, Unset):
            vat_rate = self.vat_rate.value

        delivery_date: None | str | Unset
        if isinstance(self.delivery_date, Unset):
            delivery_date = UNSET
        elif isinstance(self.delivery_date, datetime.date):
            delivery_date = self.delivery_date.isoformat()
        else:
            delivery_date = self.delivery_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "unit_price": unit_price,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if unit is not UNSET:
            field_dict["unit"] = unit
        if vat_rate is not UNSET:
            field_dict["vat_rate"] = vat_rate
        if delivery_date is not UNSET:
            field_dict["delivery_date"] = delivery_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        unit_price = d.pop("unit_price")

        quantity = d.pop("quantity", UNSET)

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        _vat_rate = d.pop("vat_rate", UNSET)
        vat_rate: LineInVatRate | Unset
        if isinstance(_vat_rate, Unset):
            vat_rate = UNSET
        else:
            vat_rate = LineInVatRate(_vat_rate)

        def _parse_delivery_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_date_type_0 = datetime.date.fromisoformat(data)

                return delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        delivery_date = _parse_delivery_date(d.pop("delivery_date", UNSET))

        line_in = cls(
            description=description,
            unit_price=unit_price,
            quantity=quantity,
            unit=unit,
            vat_rate=vat_rate,
            delivery_date=delivery_date,
        )

        return line_in
