from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NotAcceptableProblem")


@_attrs_define
class NotAcceptableProblem:
    """None of the accepted media types can be answered

    Attributes:
        type_ (Literal['https://invoicer.dev/problems/not-acceptable']): URI identifying the problem type; stable.
        code (Literal['not_acceptable']): Stable snake_case name of the problem type, e.g. `invoice_not_draft`; what a
            client branches on.
        title (str):
        status (Literal[406]):
        detail (None | str | Unset):
        instance (None | str | Unset):
    """

    type_: Literal["https://invoicer.dev/problems/not-acceptable"]
    code: Literal["not_acceptable"]
    title: str
    status: Literal[406]
    detail: None | str | Unset = UNSET
    instance: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        code = self.code

        title = self.title

        status = self.status

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        instance: None | str | Unset
        if isinstance(self.instance, Unset):
            instance = UNSET
        else:
            instance = self.instance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "code": code,
                "title": title,
                "status": status,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if instance is not UNSET:
            field_dict["instance"] = instance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["https://invoicer.dev/problems/not-acceptable"], d.pop("type"))
        if type_ != "https://invoicer.dev/problems/not-acceptable":
            raise ValueError(f"type must match const 'https://invoicer.dev/problems/not-acceptable', got '{type_}'")

        code = cast(Literal["not_acceptable"], d.pop("code"))
        if code != "not_acceptable":
            raise ValueError(f"code must match const 'not_acceptable', got '{code}'")

        title = d.pop("title")

        status = cast(Literal[406], d.pop("status"))
        if status != 406:
            raise ValueError(f"status must match const 406, got '{status}'")

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        def _parse_instance(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instance = _parse_instance(d.pop("instance", UNSET))

        not_acceptable_problem = cls(
            type_=type_,
            code=code,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
        )

        not_acceptable_problem.additional_properties = d
        return not_acceptable_problem

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
