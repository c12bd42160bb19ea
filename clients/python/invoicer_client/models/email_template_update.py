from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailTemplateUpdate")


@_attrs_define
class EmailTemplateUpdate:
    """
    Attributes:
        name (str | Unset):
        subject (str | Unset):
        body (str | Unset):
        body_html (None | str | Unset):
        attachments (list[str] | Unset):
        attach_ubl (bool | Unset):
    """

    name: str | Unset = UNSET
    subject: str | Unset = UNSET
    body: str | Unset = UNSET
    body_html: None | str | Unset = UNSET
    attachments: list[str] | Unset = UNSET
    attach_ubl: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        subject = self.subject

        body = self.body

        body_html: None | str | Unset
        if isinstance(self.body_html, Unset):
            body_html = UNSET
        else:
            body_html = self.body_html

        attachments: list[str] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = self.attachments

        attach_ubl = self.attach_ubl

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if subject is not UNSET:
            field_dict["subject"] = subject
        if body is not UNSET:
            field_dict["body"] = body
        if body_html is not UNSET:
            field_dict["body_html"] = body_html
        if attachments is not UNSET:
            field_dict["attachments"] = attachments
        if attach_ubl is not UNSET:
            field_dict["attach_ubl"] = attach_ubl

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        subject = d.pop("subject", UNSET)

        body = d.pop("body", UNSET)

        def _parse_body_html(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body_html = _parse_body_html(d.pop("body_html", UNSET))

        attachments = cast(list[str], d.pop("attachments", UNSET))

        attach_ubl = d.pop("attach_ubl", UNSET)

        email_template_update = cls(
            name=name,
            subject=subject,
            body=body,
            body_html=body_html,
            attachments=attachments,
            attach_ubl=attach_ubl,
        )

        return email_template_update
