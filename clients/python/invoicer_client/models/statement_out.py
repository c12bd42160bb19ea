from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.aging_totals import AgingTotals
    from ..models.debtor import Debtor
    from ..models.open_item import OpenItem


T = TypeVar("T", bound="StatementOut")


@_attrs_define
class StatementOut:
    """A statement of open items ("rekeningoverzicht") of a customer or company.

    Attributes:
        as_of (datetime.date):
        currency (str):
        debtor (Debtor):
        items (list[OpenItem]): Every open item, oldest due date first.
        totals (AgingTotals): Over every open item that matches the filters, not only the page's.
        total_due (str): What the debtor owes in all (totals.total.amount).
        overdue_due (str): The part of total_due past its due date.
        iban (None | str):
        payee_name (str): The account holder's name to pay to.
    """

    as_of: datetime.date
    currency: str
    debtor: Debtor
    items: list[OpenItem]
    totals: AgingTotals
    total_due: str
    overdue_due: str
    iban: None | str
    payee_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        currency = self.currency

        debtor = self.debtor.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        totals = self.totals.to_dict()

        total_due = self.total_due

        overdue_due = self.overdue_due

        iban: None | str
        iban = self.iban

        payee_name = self.payee_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "currency": currency,
                "debtor": debtor,
                "items": items,
                "totals": totals,
                "total_due": total_due,
                "overdue_due": overdue_due,
                "iban": iban,
                "payee_name": payee_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aging_totals import AgingTotals  # noqa: PLC0415
        from ..models.debtor import Debtor  # noqa: PLC0415
        from ..models.open_item import OpenItem  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        currency = d.pop("currency")

        debtor = Debtor.from_dict(d.pop("debtor"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OpenItem.from_dict(items_item_data)

            items.append(items_item)

        totals = AgingTotals.from_dict(d.pop("totals"))

        total_due = d.pop("total_due")

        overdue_due = d.pop("overdue_due")

        def _parse_iban(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iban = _parse_iban(d.pop("iban"))

        payee_name = d.pop("payee_name")

        statement_out = cls(
            as_of=as_of,
            currency=currency,
            debtor=debtor,
            items=items,
            totals=totals,
            total_due=total_due,
            overdue_due=overdue_due,
            iban=iban,
            payee_name=payee_name,
        )

        statement_out.additional_properties = d
        return statement_out

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
