from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bank_transaction_out import BankTransactionOut
    from ..models.payment_state import PaymentState


T = TypeVar("T", bound="TransactionMatched")


@_attrs_define
class TransactionMatched:
    """
    Attributes:
        transaction (BankTransactionOut):
        invoice (PaymentState): The invoice's side of its payments.
    """

    transaction: BankTransactionOut
    invoice: PaymentState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transaction = self.transaction.to_dict()

        invoice = self.invoice.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transaction": transaction,
                "invoice": invoice,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_transaction_out import BankTransactionOut  # noqa: PLC0415
        from ..models.payment_state import PaymentState  # noqa: PLC0415

        d = dict(src_dict)
        transaction = BankTransactionOut.from_dict(d.pop("transaction"))

        invoice = PaymentState.from_dict(d.pop("invoice"))

        transaction_matched = cls(
            transaction=transaction,
            invoice=invoice,
        )

        transaction_matched.additional_properties = d
        return transaction_matched

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
