from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payment_method_in import PaymentMethodIn
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentIn")


@_attrs_define
class PaymentIn:
    """
    Attributes:
        amount (str): What was received (on a credit note: refunded), in euros; more than 0.
        date (datetime.date): When it was paid (not in the future).
        method (PaymentMethodIn | Unset): How a payment was made (`credit_note` settlements are made by the service
            only).
        reference (None | str | Unset):
        note (None | str | Unset):
    """

    amount: str
    date: datetime.date
    method: PaymentMethodIn | Unset = UNSET
    reference: None | str | Unset = UNSET
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        date = self.date.isoformat()

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "date": date,
            }
        )
        if method is not UNSET:
            field_dict["method"] = method
        if reference is not UNSET:
            field_dict["reference"] = reference
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        date = datetime.date.fromisoformat(d.pop("date"))

        _method = d.pop("method", UNSET)
        method: PaymentMethodIn | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = PaymentMethodIn(_method)

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        payment_in = cls(
            amount=amount,
            date=date,
            method=method,
            reference=reference,
            note=note,
        )

        return payment_in
