from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_method import PaymentMethod

T = TypeVar("T", bound="PaymentOut")


@_attrs_define
class PaymentOut:
    """
    Attributes:
        id (str):
        invoice_id (str):
        amount (str): Signed like the invoice's total: positive on an invoice, negative for a refund on a credit note; a
            reversal has the opposite sign of what it cancels.
        date (datetime.date):
        method (PaymentMethod):
        reference (None | str):
        note (None | str):
        reversed_ (bool): A later reversal cancels this payment.
        reverses_id (None | str):
        bank_transaction_id (None | str):
        created_at (datetime.datetime):
    """

    id: str
    invoice_id: str
    amount: str
    date: datetime.date
    method: PaymentMethod
    reference: None | str
    note: None | str
    reversed_: bool
    reverses_id: None | str
    bank_transaction_id: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invoice_id = self.invoice_id

        amount = self.amount

        date = self.date.isoformat()

        method = self.method.value

        reference: None | str
        reference = self.reference

        note: None | str
        note = self.note

        reversed_ = self.reversed_

        reverses_id: None | str
        reverses_id = self.reverses_id

        bank_transaction_id: None | str
        bank_transaction_id = self.bank_transaction_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "invoice_id": invoice_id,
                "amount": amount,
                "date": date,
                "method": method,
                "reference": reference,
                "note": note,
                "reversed": reversed_,
                "reverses_id": reverses_id,
                "bank_transaction_id": bank_transaction_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        invoice_id = d.pop("invoice_id")

        amount = d.pop("amount")

        date = datetime.date.fromisoformat(d.pop("date"))

        method = PaymentMethod(d.pop("method"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        reversed_ = d.pop("reversed")

        def _parse_reverses_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reverses_id = _parse_reverses_id(d.pop("reverses_id"))

        def _parse_bank_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bank_transaction_id = _parse_bank_transaction_id(d.pop("bank_transaction_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        payment_out = cls(
            id=id,
            invoice_id=invoice_id,
            amount=amount,
            date=date,
            method=method,
            reference=reference,
            note=note,
            reversed_=reversed_,
            reverses_id=reverses_id,
            bank_transaction_id=bank_transaction_id,
            created_at=created_at,
        )

        payment_out.additional_properties = d
        return payment_out

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
