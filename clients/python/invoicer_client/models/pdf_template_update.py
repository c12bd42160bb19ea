from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pdf_template_update_labels_type_0 import PdfTemplateUpdateLabelsType0


T = TypeVar("T", bound="PdfTemplateUpdate")


@_attrs_define
class PdfTemplateUpdate:
    """
    Attributes:
        name (None | str | Unset):
        layout (None | str | Unset):
        accent_color (None | str | Unset):
        footer_text (None | str | Unset):
        labels (None | PdfTemplateUpdateLabelsType0 | Unset):
    """

    name: None | str | Unset = UNSET
    layout: None | str | Unset = UNSET
    accent_color: None | str | Unset = UNSET
    footer_text: None | str | Unset = UNSET
    labels: None | PdfTemplateUpdateLabelsType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.pdf_template_update_labels_type_0 import PdfTemplateUpdateLabelsType0  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        layout: None | str | Unset
        if isinstance(self.layout, Unset):
            layout = UNSET
        else:
            layout = self.layout

        accent_color: None | str | Unset
        if isinstance(self.accent_color, Unset):
            accent_color = UNSET
        else:
            accent_color = self.accent_color

        footer_text: None | str | Unset
        if isinstance(self.footer_text, Unset):
            footer_text = UNSET
        else:
            footer_text = self.footer_text

        labels: dict[str, Any] | None | Unset
        if isinstance(self.labels, Unset):
            labels = UNSET
        elif isinstance(self.labels, PdfTemplateUpdateLabelsType0):
            labels = self.labels.to_dict()
        else:
            labels = self.labels

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if layout is not UNSET:
            field_dict["layout"] = layout
        if accent_color is not UNSET:
            field_dict["accent_color"] = accent_color
        if footer_text is not UNSET:
            field_dict["footer_text"] = footer_text
        if labels is not UNSET:
            field_dict["labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pdf_template_update_labels_type_0 import PdfTemplateUpdateLabelsType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_layout(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        layout = _parse_layout(d.pop("layout", UNSET))

        def _parse_accent_color(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accent_color = _parse_accent_color(d.pop("accent_color", UNSET))

        def _parse_footer_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        footer_text = _parse_footer_text(d.pop("footer_text", UNSET))

        def _parse_labels(data: object) -> None | PdfTemplateUpdateLabelsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                labels_type_0 = PdfTemplateUpdateLabelsType0.from_dict(data)

                return labels_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PdfTemplateUpdateLabelsType0 | Unset, data)

        labels = _parse_labels(d.pop("labels", UNSET))

        pdf_template_update = cls(
            name=name,
            layout=layout,
            accent_color=accent_color,
            footer_text=footer_text,
            labels=labels,
        )

        return pdf_template_update
