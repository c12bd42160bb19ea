from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.payment_update_payment_status import PaymentUpdatePaymentStatus

T = TypeVar("T", bound="PaymentUpdate")


@_attrs_define
class PaymentUpdate:
    """
    Attributes:
        payment_status (PaymentUpdatePaymentStatus):
    """

    payment_status: PaymentUpdatePaymentStatus

    def to_dict(self) -> dict[str, Any]:
        payment_status = self.payment_status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payment_status": payment_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_status = PaymentUpdatePaymentStatus(d.pop("payment_status"))

        payment_update = cls(
            payment_status=payment_status,
        )

        return payment_update
