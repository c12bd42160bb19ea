from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dead_letter_kind import DeadLetterKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="RetryRequest")


@_attrs_define
class RetryRequest:
    """
    Attributes:
        kind (DeadLetterKind): Which queue an item belongs to.
        ids (list[str] | None | Unset): The items to retry.
        all_ (bool | Unset): Retry every dead item of `kind` (of `administration_id`, when given), up to 1000 per call
            (`more` says whether to call again). Exclusive with `ids`. Default: False.
        administration_id (None | str | Unset): Only items of this administration.
    """

    kind: DeadLetterKind
    ids: list[str] | None | Unset = UNSET
    all_: bool | Unset = False
    administration_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        ids: list[str] | None | Unset
        if isinstance(self.ids, Unset):
            ids = UNSET
        elif isinstance(self.ids, list):
            ids = self.ids

        else:
            ids = self.ids

        all_ = self.all_

        administration_id: None | str | Unset
        if isinstance(self.administration_id, Unset):
            administration_id = UNSET
        else:
            administration_id = self.administration_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )
        if ids is not UNSET:
            field_dict["ids"] = ids
        if all_ is not UNSET:
            field_dict["all"] = all_
        if administration_id is not UNSET:
            field_dict["administration_id"] = administration_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = DeadLetterKind(d.pop("kind"))

        def _parse_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                ids_type_0 = cast(list[str], data)

                return ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        ids = _parse_ids(d.pop("ids", UNSET))

        all_ = d.pop("all", UNSET)

        def _parse_administration_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        administration_id = _parse_administration_id(d.pop("administration_id", UNSET))

        retry_request = cls(
            kind=kind,
            ids=ids,
            all_=all_,
            administration_id=administration_id,
        )

        return retry_request
