from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlaceholderOut")


@_attrs_define
class PlaceholderOut:
    """
    Attributes:
        name (str):
        token (str):
        context (str): mail (relative to today), note (to the invoice date), invoice.
        description (str):
        example (str):
        in_mail (bool):
        in_notes (bool):
    """

    name: str
    token: str
    context: str
    description: str
    example: str
    in_mail: bool
    in_notes: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        token = self.token

        context = self.context

        description = self.description

        example = self.example

        in_mail = self.in_mail

        in_notes = self.in_notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "token": token,
                "context": context,
                "description": description,
                "example": example,
                "in_mail": in_mail,
                "in_notes": in_notes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        token = d.pop("token")

        context = d.pop("context")

        description = d.pop("description")

        example = d.pop("example")

        in_mail = d.pop("in_mail")

        in_notes = d.pop("in_notes")

        placeholder_out = cls(
            name=name,
            token=token,
            context=context,
            description=description,
            example=example,
            in_mail=in_mail,
            in_notes=in_notes,
        )

        placeholder_out.additional_properties = d
        return placeholder_out

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
