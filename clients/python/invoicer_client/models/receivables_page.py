from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.aging_totals import AgingTotals
    from ..models.open_item import OpenItem


T = TypeVar("T", bound="ReceivablesPage")


@_attrs_define
class ReceivablesPage:
    """Open items oldest due date first; `totals` cover all of them, whatever the page.

    Attributes:
        data (list[OpenItem]):
        next_cursor (None | str): Pass as `cursor` to get the next page; null on the last page.
        as_of (datetime.date): The day days overdue are counted to.
        currency (str):
        totals (AgingTotals): Over every open item that matches the filters, not only the page's.
    """

    data: list[OpenItem]
    next_cursor: None | str
    as_of: datetime.date
    currency: str
    totals: AgingTotals
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        as_of = self.as_of.isoformat()

        currency = self.currency

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "next_cursor": next_cursor,
                "as_of": as_of,
                "currency": currency,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aging_totals import AgingTotals  # noqa: PLC0415
        from ..models.open_item import OpenItem  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = OpenItem.from_dict(data_item_data)

            data.append(data_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        currency = d.pop("currency")

        totals = AgingTotals.from_dict(d.pop("totals"))

        receivables_page = cls(
            data=data,
            next_cursor=next_cursor,
            as_of=as_of,
            currency=currency,
            totals=totals,
        )

        receivables_page.additional_properties = d
        return receivables_page

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
