from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MatchIn")


@_attrs_define
class MatchIn:
    """
    Attributes:
        invoice_id (str): The invoice the credit pays (`inv_...`).
    """

    invoice_id: str

    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "invoice_id": invoice_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        match_in = cls(
            invoice_id=invoice_id,
        )

        return match_in
