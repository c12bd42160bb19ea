from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bank_transaction_out import BankTransactionOut
    from ..models.import_counts import ImportCounts


T = TypeVar("T", bound="StatementImported")


@_attrs_define
class StatementImported:
    """
    Attributes:
        message_type (str): The CAMT version read, e.g. `camt.053.001.02`.
        message_id (str): The statement file's message id (GrpHdr/MsgId).
        account_ibans (list[str]):
        counts (ImportCounts):
        transactions (list[BankTransactionOut]): The new transactions, in statement order, with their status and the
            invoice each matched.
    """

    message_type: str
    message_id: str
    account_ibans: list[str]
    counts: ImportCounts
    transactions: list[BankTransactionOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message_type = self.message_type

        message_id = self.message_id

        account_ibans = self.account_ibans

        counts = self.counts.to_dict()

        transactions = []
        for transactions_item_data in self.transactions:
            transactions_item = transactions_item_data.to_dict()
            transactions.append(transactions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message_type": message_type,
                "message_id": message_id,
                "account_ibans": account_ibans,
                "counts": counts,
                "transactions": transactions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_transaction_out import BankTransactionOut  # noqa: PLC0415
        from ..models.import_counts import ImportCounts  # noqa: PLC0415

        d = dict(src_dict)
        message_type = d.pop("message_type")

        message_id = d.pop("message_id")

        account_ibans = cast(list[str], d.pop("account_ibans"))

        counts = ImportCounts.from_dict(d.pop("counts"))

        transactions = []
        _transactions = d.pop("transactions")
        for transactions_item_data in _transactions:
            transactions_item = BankTransactionOut.from_dict(transactions_item_data)

            transactions.append(transactions_item)

        statement_imported = cls(
            message_type=message_type,
            message_id=message_id,
            account_ibans=account_ibans,
            counts=counts,
            transactions=transactions,
        )

        statement_imported.additional_properties = d
        return statement_imported

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
