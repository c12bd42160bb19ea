from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RunOut")


@_attrs_define
class RunOut:
    """
    Attributes:
        recurrence_id (str):
        occurrence_date (datetime.date):
        outcome (str): due, created, sent, not_sent or failed.
        invoice_id (None | str):
        mail_id (None | str):
        detail (None | str):
    """

    recurrence_id: str
    occurrence_date: datetime.date
    outcome: str
    invoice_id: None | str
    mail_id: None | str
    detail: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        recurrence_id = self.recurrence_id

        occurrence_date = self.occurrence_date.isoformat()

        outcome = self.outcome

        invoice_id: None | str
        invoice_id = self.invoice_id

        mail_id: None | str
        mail_id = self.mail_id

        detail: None | str
        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "recurrence_id": recurrence_id,
                "occurrence_date": occurrence_date,
                "outcome": outcome,
                "invoice_id": invoice_id,
                "mail_id": mail_id,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recurrence_id = d.pop("recurrence_id")

        occurrence_date = datetime.date.fromisoformat(d.pop("occurrence_date"))

        outcome = d.pop("outcome")

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        def _parse_mail_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mail_id = _parse_mail_id(d.pop("mail_id"))

        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))

        run_out = cls(
            recurrence_id=recurrence_id,
            occurrence_date=occurrence_date,
            outcome=outcome,
            invoice_id=invoice_id,
            mail_id=mail_id,
            detail=detail,
        )

        run_out.additional_properties = d
        return run_out

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
