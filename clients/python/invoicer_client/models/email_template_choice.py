from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.template_warning import TemplateWarning


T = TypeVar("T", bound="EmailTemplateChoice")


@_attrs_define
class EmailTemplateChoice:
    """
    Attributes:
        id (str):
        name (str):
        subject (str):
        attachments (list[str]):
        is_default (bool):
        warnings (list[TemplateWarning]):
    """

    id: str
    name: str
    subject: str
    attachments: list[str]
    is_default: bool
    warnings: list[TemplateWarning]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        subject = self.subject

        attachments = self.attachments

        is_default = self.is_default

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "subject": subject,
                "attachments": attachments,
                "is_default": is_default,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_warning import TemplateWarning  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        subject = d.pop("subject")

        attachments = cast(list[str], d.pop("attachments"))

        is_default = d.pop("is_default")

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = TemplateWarning.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        email_template_choice = cls(
            id=id,
            name=name,
            subject=subject,
            attachments=attachments,
            is_default=is_default,
            warnings=warnings,
        )

        email_template_choice.additional_properties = d
        return email_template_choice

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
