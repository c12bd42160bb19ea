from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bucket_total import BucketTotal


T = TypeVar("T", bound="AgingTotals")


@_attrs_define
class AgingTotals:
    """Over every open item that matches the filters, not only the page's.

    Attributes:
        not_due (BucketTotal):
        overdue_1_30 (BucketTotal):
        overdue_31_60 (BucketTotal):
        overdue_61_90 (BucketTotal):
        overdue_over_90 (BucketTotal):
        total (BucketTotal):
    """

    not_due: BucketTotal
    overdue_1_30: BucketTotal
    overdue_31_60: BucketTotal
    overdue_61_90: BucketTotal
    overdue_over_90: BucketTotal
    total: BucketTotal
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        not_due = self.not_due.to_dict()

        overdue_1_30 = self.overdue_1_30.to_dict()

        overdue_31_60 = self.overdue_31_60.to_dict()

        overdue_61_90 = self.overdue_61_90.to_dict()

        overdue_over_90 = self.overdue_over_90.to_dict()

        total = self.total.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "not_due": not_due,
                "overdue_1_30": overdue_1_30,
                "overdue_31_60": overdue_31_60,
                "overdue_61_90": overdue_61_90,
                "overdue_over_90": overdue_over_90,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bucket_total import BucketTotal  # noqa: PLC0415

        d = dict(src_dict)
        not_due = BucketTotal.from_dict(d.pop("not_due"))

        overdue_1_30 = BucketTotal.from_dict(d.pop("overdue_1_30"))

        overdue_31_60 = BucketTotal.from_dict(d.pop("overdue_31_60"))

        overdue_61_90 = BucketTotal.from_dict(d.pop("overdue_61_90"))

        overdue_over_90 = BucketTotal.from_dict(d.pop("overdue_over_90"))

        total = BucketTotal.from_dict(d.pop("total"))

        aging_totals = cls(
            not_due=not_due,
            overdue_1_30=overdue_1_30,
            overdue_31_60=overdue_31_60,
            overdue_61_90=overdue_61_90,
            overdue_over_90=overdue_over_90,
            total=total,
        )

        aging_totals.additional_properties = d
        return aging_totals

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
