from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StatementNotCamt053Problem")


@_attrs_define
class StatementNotCamt053Problem:
    """The file is not a CAMT.053 bank statement of a supported version

    Attributes:
        type_ (Literal['https://invoicer.dev/problems/statement-unsupported-message']): URI identifying the problem
            type; stable.
        code (Literal['statement_unsupported_message']): Stable snake_case name of the problem type, e.g.
            `invoice_not_draft`; what a client branches on.
        title (str):
        status (Literal[422]):
        detail (None | str | Unset):
        instance (None | str | Unset):
    """

    type_: Literal["https://invoicer.dev/problems/statement-unsupported-message"]
    code: Literal["statement_unsupported_message"]
    title: str
    status: Literal[422]
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
        type_ = cast(Literal["https://invoicer.dev/problems/statement-unsupported-message"], d.pop("type"))
        if type_ != "https://invoicer.dev/problems/statement-unsupported-message":
            raise ValueError(
                f"type must match const 'https://invoicer.dev/problems/statement-unsupported-message', got '{type_}'"
            )

        code = cast(Literal["statement_unsupported_message"], d.pop("code"))
        if code != "statement_unsupported_message":
            raise ValueError(f"code must match const 'statement_unsupported_message', got '{code}'")

        title = d.pop("title")

        status = cast(Literal[422], d.pop("status"))
        if status != 422:
            raise ValueError(f"status must match const 422, got '{status}'")

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

        statement_not_camt_053_problem = cls(
            type_=type_,
            code=code,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
        )

        statement_not_camt_053_problem.additional_properties = d
        return statement_not_camt_053_problem

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
