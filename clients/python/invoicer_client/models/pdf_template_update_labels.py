from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PdfTemplateUpdateLabels")


@_attrs_define
class PdfTemplateUpdateLabels:
    """Overrides of the layout's printed labels, e.g. {"invoice": "Nota"}. Keys: amount, bic, bill_to, credit_note,
    credit_note_number, credit_settlement, credited_invoice, delivery_date, description, draft_number, due_date, iban,
    invoice, invoice_date, invoice_number, kvk_number, notes, page, payment_instruction, payment_instruction_no_iban,
    payment_reference, payment_reference_instruction, quantity, reverse_charge_vat_number, scan_to_pay, subtotal, total,
    unit_price, vat_line, vat_number, vat_rate.

    """

    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pdf_template_update_labels = cls()

        pdf_template_update_labels.additional_properties = d
        return pdf_template_update_labels

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
