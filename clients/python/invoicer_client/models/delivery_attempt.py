from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_attempt_status import DeliveryAttemptStatus

T = TypeVar("T", bound="DeliveryAttempt")


@_attrs_define
class DeliveryAttempt:
    """
    Attributes:
        attempt (int):
        recipient (str):
        status (DeliveryAttemptStatus):
        code (int | None):
        reply (str):
        at (datetime.datetime):
    """

    attempt: int
    recipient: str
    status: DeliveryAttemptStatus
    code: int | None
    reply: str
    at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt = self.attempt

        recipient = self.recipient

        status = self.status.value

        code: int | None
        code = self.code

        reply = self.reply

        at = self.at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt": attempt,
                "recipient": recipient,
                "status": status,
                "code": code,
                "reply": reply,
                "at": at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempt = d.pop("attempt")

        recipient = d.pop("recipient")

        status = DeliveryAttemptStatus(d.pop("status"))

        def _parse_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        code = _parse_code(d.pop("code"))

        reply = d.pop("reply")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        delivery_attempt = cls(
            attempt=attempt,
            recipient=recipient,
            status=status,
            code=code,
            reply=reply,
            at=at,
        )

        delivery_attempt.additional_properties = d
        return delivery_attempt

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
