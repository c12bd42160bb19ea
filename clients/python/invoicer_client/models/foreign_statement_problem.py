from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="ForeignStatementProblem")


@_attrs_define
class ForeignStatementProblem:
    """The statement is not of the administration's bank account

    Attributes:
        type_ (Literal['https://invoicer.dev/problems/foreign-statement']): URI identifying the problem type; stable.
        code (Literal['foreign_statement']): Stable snake_case name of the problem type, e.g. `invoice_not_draft`; what
            a client branches on.
        title (str):
        status (Literal[422]):
        detail (None | str | Unset):
        instance (None | str | Unset):
        errors (list[FieldError] | None | Unset): Present on 422: one entry per invalid field.
    """

    type_: Literal["https://invoicer.dev/problems/foreign-statement"]
    code: Literal["foreign_statement"]
    title: str
    status: Literal[422]
    detail: None | str | Unset = UNSET
    instance: None | str | Unset = UNSET
    errors: list[FieldError] | None | Unset = UNSET
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

        errors: list[dict[str, Any]] | None | Unset
        if isinstance(self.errors, Unset):
            errors = UNSET
        elif isinstance(self.errors, list):
            errors = []
            for errors_type_0_item_data in self.errors:
                errors_type_0_item = errors_type_0_item_data.to_dict()
                errors.append(errors_type_0_item)

        else:
            errors = self.errors

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
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["https://invoicer.dev/problems/foreign-statement"], d.pop("type"))
        if type_ != "https://invoicer.dev/problems/foreign-statement":
            raise ValueError(f"type must match const 'https://invoicer.dev/problems/foreign-statement', got '{type_}'")

        code = cast(Literal["foreign_statement"], d.pop("code"))
        if code != "foreign_statement":
            raise ValueError(f"code must match const 'foreign_statement', got '{code}'")

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

        def _parse_errors(data: object) -> list[FieldError] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                errors_type_0 = []
                _errors_type_0 = data
                for errors_type_0_item_data in _errors_type_0:
                    errors_type_0_item = FieldError.from_dict(errors_type_0_item_data)

                    errors_type_0.append(errors_type_0_item)

                return errors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[FieldError] | None | Unset, data)

        errors = _parse_errors(d.pop("errors", UNSET))

        foreign_statement_problem = cls(
            type_=type_,
            code=code,
            title=title,
            status=status,
            detail=detail,
            instance=instance,
            errors=errors,
        )

        foreign_statement_problem.additional_properties = d
        return foreign_statement_problem

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
