from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pdf_template_out_labels import PdfTemplateOutLabels


T = TypeVar("T", bound="PdfTemplateOut")


@_attrs_define
class PdfTemplateOut:
    """
    Attributes:
        id (str):
        name (str):
        layout (str):
        layout_version (int):
        accent_color (None | str):
        footer_text (None | str):
        labels (PdfTemplateOutLabels):
        has_logo (bool):
        logo_content_type (None | str):
        is_default (bool): Used for invoices delivered without e-mail (none, post).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    layout: str
    layout_version: int
    accent_color: None | str
    footer_text: None | str
    labels: PdfTemplateOutLabels
    has_logo: bool
    logo_content_type: None | str
    is_default: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        layout = self.layout

        layout_version = self.layout_version

        accent_color: None | str
        accent_color = self.accent_color

        footer_text: None | str
        footer_text = self.footer_text

        labels = self.labels.to_dict()

        has_logo = self.has_logo

        logo_content_type: None | str
        logo_content_type = self.logo_content_type

        is_default = self.is_default

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "layout": layout,
                "layout_version": layout_version,
                "accent_color": accent_color,
                "footer_text": footer_text,
                "labels": labels,
                "has_logo": has_logo,
                "logo_content_type": logo_content_type,
                "is_default": is_default,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pdf_template_out_labels import PdfTemplateOutLabels  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        layout = d.pop("layout")

        layout_version = d.pop("layout_version")

        def _parse_accent_color(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        accent_color = _parse_accent_color(d.pop("accent_color"))

        def _parse_footer_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        footer_text = _parse_footer_text(d.pop("footer_text"))

        labels = PdfTemplateOutLabels.from_dict(d.pop("labels"))

        has_logo = d.pop("has_logo")

        def _parse_logo_content_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        logo_content_type = _parse_logo_content_type(d.pop("logo_content_type"))

        is_default = d.pop("is_default")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        pdf_template_out = cls(
            id=id,
            name=name,
            layout=layout,
            layout_version=layout_version,
            accent_color=accent_color,
            footer_text=footer_text,
            labels=labels,
            has_logo=has_logo,
            logo_content_type=logo_content_type,
            is_default=is_default,
            created_at=created_at,
            updated_at=updated_at,
        )

        pdf_template_out.additional_properties = d
        return pdf_template_out

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
