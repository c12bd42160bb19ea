from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Debtor")


@_attrs_define
class Debtor:
    """
    Attributes:
        customer_id (None | str):
        company_id (None | str):
        name (str): As the statement is addressed (a linked customer's company).
        attention (None | str): The customer a company is addressed for.
    """

    customer_id: None | str
    company_id: None | str
    name: str
    attention: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id: None | str
        customer_id = self.customer_id

        company_id: None | str
        company_id = self.company_id

        name = self.name

        attention: None | str
        attention = self.attention

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "company_id": company_id,
                "name": name,
                "attention": attention,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        def _parse_company_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        company_id = _parse_company_id(d.pop("company_id"))

        name = d.pop("name")

        def _parse_attention(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        attention = _parse_attention(d.pop("attention"))

        debtor = cls(
            customer_id=customer_id,
            company_id=company_id,
            name=name,
            attention=attention,
        )

        debtor.additional_properties = d
        return debtor

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
