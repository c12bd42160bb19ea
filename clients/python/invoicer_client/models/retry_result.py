from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.not_retried import NotRetried


T = TypeVar("T", bound="RetryResult")


@_attrs_define
class RetryResult:
    """
    Attributes:
        retried (list[str]): Queued again: due now, attempts from zero.
        not_retried (list[NotRetried]): Ids asked for that were not retried.
        more (bool): With `all`: more dead items may be left; call again.
    """

    retried: list[str]
    not_retried: list[NotRetried]
    more: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        retried = self.retried

        not_retried = []
        for not_retried_item_data in self.not_retried:
            not_retried_item = not_retried_item_data.to_dict()
            not_retried.append(not_retried_item)

        more = self.more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "retried": retried,
                "not_retried": not_retried,
                "more": more,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.not_retried import NotRetried  # noqa: PLC0415

        d = dict(src_dict)
        retried = cast(list[str], d.pop("retried"))

        not_retried = []
        _not_retried = d.pop("not_retried")
        for not_retried_item_data in _not_retried:
            not_retried_item = NotRetried.from_dict(not_retried_item_data)

            not_retried.append(not_retried_item)

        more = d.pop("more")

        retry_result = cls(
            retried=retried,
            not_retried=not_retried,
            more=more,
        )

        retry_result.additional_properties = d
        return retry_result

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
