from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Recipients")


@_attrs_define
class Recipients:
    """
    Attributes:
        to (list[str]):
        cc (list[str] | Unset):
        bcc (list[str] | Unset):
    """

    to: list[str]
    cc: list[str] | Unset = UNSET
    bcc: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        to = self.to

        cc: list[str] | Unset = UNSET
        if not isinstance(self.cc, Unset):
            cc = self.cc

        bcc: list[str] | Unset = UNSET
        if not isinstance(self.bcc, Unset):
            bcc = self.bcc

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "to": to,
            }
        )
        if cc is not UNSET:
            field_dict["cc"] = cc
        if bcc is not UNSET:
            field_dict["bcc"] = bcc

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = cast(list[str], d.pop("to"))

        cc = cast(list[str], d.pop("cc", UNSET))

        bcc = cast(list[str], d.pop("bcc", UNSET))

        recipients = cls(
            to=to,
            cc=cc,
            bcc=bcc,
        )

        return recipients
