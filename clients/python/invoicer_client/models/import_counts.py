from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ImportCounts")


@_attrs_define
class ImportCounts:
    """
    Attributes:
        transactions (int): Distinct transactions in the statement.
        new (int): Stored by this import.
        already_known (int): Imported before (same or overlapping statement).
        matched (int): New credits that became a payment of an invoice.
        unmatched (int): New credits left for matching by hand.
        ignored (int): New debits and reversals (stored, never matched).
    """

    transactions: int
    new: int
    already_known: int
    matched: int
    unmatched: int
    ignored: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transactions = self.transactions

        new = self.new

        already_known = self.already_known

        matched = self.matched

        unmatched = self.unmatched

        ignored = self.ignored

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transactions": transactions,
                "new": new,
                "already_known": already_known,
                "matched": matched,
                "unmatched": unmatched,
                "ignored": ignored,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        transactions = d.pop("transactions")

        new = d.pop("new")

        already_known = d.pop("already_known")

        matched = d.pop("matched")

        unmatched = d.pop("unmatched")

        ignored = d.pop("ignored")

        import_counts = cls(
            transactions=transactions,
            new=new,
            already_known=already_known,
            matched=matched,
            unmatched=unmatched,
            ignored=ignored,
        )

        import_counts.additional_properties = d
        return import_counts

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
