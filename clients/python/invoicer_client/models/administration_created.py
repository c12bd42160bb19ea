from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.administration_out import AdministrationOut


T = TypeVar("T", bound="AdministrationCreated")


@_attrs_define
class AdministrationCreated:
    """
    Attributes:
        administration (AdministrationOut):
        api_key (str): Secret of the first API key (all scopes); shown only once.
    """

    administration: AdministrationOut
    api_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        administration = self.administration.to_dict()

        api_key = self.api_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "administration": administration,
                "api_key": api_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.administration_out import AdministrationOut  # noqa: PLC0415

        d = dict(src_dict)
        administration = AdministrationOut.from_dict(d.pop("administration"))

        api_key = d.pop("api_key")

        administration_created = cls(
            administration=administration,
            api_key=api_key,
        )

        administration_created.additional_properties = d
        return administration_created

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
