from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pdf_template_update_labels import PdfTemplateUpdateLabels


T = TypeVar("T", bound="PdfTemplateUpdate")


@_attrs_define
class PdfTemplateUpdate:
    """
    Attributes:
        name (str | Unset):
        layout (str | Unset):
        accent_color (None | str | Unset):
        footer_text (None | str | Unset):
        labels (PdfTemplateUpdateLabels | Unset): Overrides of the layout's printed labels, e.g. {"invoice": "Nota"}.
            Keys: amount, bic, bill_to, credit_note, credit_note_number, credit_settlement, credited_invoice, delivery_date,
            description, draft_number, due_date, iban, invoice, invoice_date, invoice_number, kvk_number, notes, page,
            payment_instruction, payment_instruction_no_iban, payment_reference, payment_reference_instruction, quantity,
            reverse_charge_vat_number, scan_to_pay, subtotal, total, unit_price, vat_line, vat_number, vat_rate.
    """

    name: str | Unset = UNSET
    layout: str | Unset = UNSET
    accent_color: None | str | Unset = UNSET
    footer_text: None | str | Unset = UNSET
    labels: PdfTemplateUpdateLabels | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

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

        labels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels.to_dict()

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
        from ..models.pdf_template_update_labels import PdfTemplateUpdateLabels  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        layout = d.pop("layout", UNSET)

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

        _labels = d.pop("labels", UNSET)
        labels: PdfTemplateUpdateLabels | Unset
        if isinstance(_labels, Unset):
            labels = UNSET
        else:
            labels = PdfTemplateUpdateLabels.from_dict(_labels)

        pdf_template_update = cls(
            name=name,
            layout=layout,
            accent_color=accent_color,
            footer_text=footer_text,
            labels=labels,
        )

        return pdf_template_update
