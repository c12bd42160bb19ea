from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_address_source import KnownAddressSource

T = TypeVar("T", bound="KnownAddress")


@_attrs_define
class KnownAddress:
    """
    Attributes:
        address (str):
        name (None | str): Name of the party the address belongs to.
        source (KnownAddressSource):
        source_id (str):
    """

    address: str
    name: None | str
    source: KnownAddressSource
    source_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        name: None | str
        name = self.name

        source = self.source.value

        source_id = self.source_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "name": name,
                "source": source,
                "source_id": source_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        source = KnownAddressSource(d.pop("source"))

        source_id = d.pop("source_id")

        known_address = cls(
            address=address,
            name=name,
            source=source,
            source_id=source_id,
        )

        known_address.additional_properties = d
        return known_address

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
