from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.payment_out import PaymentOut
    from ..models.payment_state import PaymentState


T = TypeVar("T", bound="PaymentRecorded")


@_attrs_define
class PaymentRecorded:
    """
    Attributes:
        payment (PaymentOut):
        invoice (PaymentState): The invoice's side of its payments.
    """

    payment: PaymentOut
    invoice: PaymentState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payment = self.payment.to_dict()

        invoice = self.invoice.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payment": payment,
                "invoice": invoice,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_out import PaymentOut  # noqa: PLC0415
        from ..models.payment_state import PaymentState  # noqa: PLC0415

        d = dict(src_dict)
        payment = PaymentOut.from_dict(d.pop("payment"))

        invoice = PaymentState.from_dict(d.pop("invoice"))

        payment_recorded = cls(
            payment=payment,
            invoice=invoice,
        )

        payment_recorded.additional_properties = d
        return payment_recorded

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
