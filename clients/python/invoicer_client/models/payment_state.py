from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_status import PaymentStatus

T = TypeVar("T", bound="PaymentState")


@_attrs_define
class PaymentState:
    """The invoice's side of its payments.

    Attributes:
        payment_status (PaymentStatus): Follows the invoice's payments: nothing, part or all of its total paid (for a
            credit
            note: refunded or settled).
        amount_paid (str): An amount in euros, two decimals.
        amount_due (str): Still to be paid (on a credit note: refunded).
        overpaid (bool): More was paid than the total; the rest is owed back.
    """

    payment_status: PaymentStatus
    amount_paid: str
    amount_due: str
    overpaid: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payment_status = self.payment_status.value

        amount_paid = self.amount_paid

        amount_due = self.amount_due

        overpaid = self.overpaid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payment_status": payment_status,
                "amount_paid": amount_paid,
                "amount_due": amount_due,
                "overpaid": overpaid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_status = PaymentStatus(d.pop("payment_status"))

        amount_paid = d.pop("amount_paid")

        amount_due = d.pop("amount_due")

        overpaid = d.pop("overpaid")

        payment_state = cls(
            payment_status=payment_status,
            amount_paid=amount_paid,
            amount_due=amount_due,
            overpaid=overpaid,
        )

        payment_state.additional_properties = d
        return payment_state

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
