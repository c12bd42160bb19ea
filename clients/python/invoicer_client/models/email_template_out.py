from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.template_warning import TemplateWarning


T = TypeVar("T", bound="EmailTemplateOut")


@_attrs_define
class EmailTemplateOut:
    """
    Attributes:
        id (str):
        name (str):
        subject (str):
        body (str):
        body_html (None | str):
        attachments (list[str]):
        attach_ubl (bool):
        is_default (bool): Used by `create_and_send` recurrences.
        warnings (list[TemplateWarning]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    subject: str
    body: str
    body_html: None | str
    attachments: list[str]
    attach_ubl: bool
    is_default: bool
    warnings: list[TemplateWarning]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        subject = self.subject

        body = self.body

        body_html: None | str
        body_html = self.body_html

        attachments = self.attachments

        attach_ubl = self.attach_ubl

        is_default = self.is_default

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "subject": subject,
                "body": body,
                "body_html": body_html,
                "attachments": attachments,
                "attach_ubl": attach_ubl,
                "is_default": is_default,
                "warnings": warnings,
                "created_at": created_at,
                "updated_at": updated_at,
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

        body = d.pop("body")

        def _parse_body_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_html = _parse_body_html(d.pop("body_html"))

        attachments = cast(list[str], d.pop("attachments"))

        attach_ubl = d.pop("attach_ubl")

        is_default = d.pop("is_default")

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = TemplateWarning.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        email_template_out = cls(
            id=id,
            name=name,
            subject=subject,
            body=body,
            body_html=body_html,
            attachments=attachments,
            attach_ubl=attach_ubl,
            is_default=is_default,
            warnings=warnings,
            created_at=created_at,
            updated_at=updated_at,
        )

        email_template_out.additional_properties = d
        return email_template_out

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
