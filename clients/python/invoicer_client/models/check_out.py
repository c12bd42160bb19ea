from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_method import DeliveryMethod
from ..models.party_level import PartyLevel

if TYPE_CHECKING:
    from ..models.check_problem import CheckProblem


T = TypeVar("T", bound="CheckOut")


@_attrs_define
class CheckOut:
    """
    Attributes:
        ok (bool): True when nothing blocks finalising.
        delivery_method (DeliveryMethod):
        delivery_method_source (PartyLevel):
        problems (list[CheckProblem]):
    """

    ok: bool
    delivery_method: DeliveryMethod
    delivery_method_source: PartyLevel
    problems: list[CheckProblem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        delivery_method = self.delivery_method.value

        delivery_method_source = self.delivery_method_source.value

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "delivery_method": delivery_method,
                "delivery_method_source": delivery_method_source,
                "problems": problems,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.check_problem import CheckProblem  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        delivery_method = DeliveryMethod(d.pop("delivery_method"))

        delivery_method_source = PartyLevel(d.pop("delivery_method_source"))

        problems = []
        _problems = d.pop("problems")
        for problems_item_data in _problems:
            problems_item = CheckProblem.from_dict(problems_item_data)

            problems.append(problems_item)

        check_out = cls(
            ok=ok,
            delivery_method=delivery_method,
            delivery_method_source=delivery_method_source,
            problems=problems,
        )

        check_out.additional_properties = d
        return check_out

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
