from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dead_letter_kind import DeadLetterKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeadLetterOut")


@_attrs_define
class DeadLetterOut:
    """
    Attributes:
        id (str):
        kind (DeadLetterKind): Which queue an item belongs to.
        administration_id (str):
        status (str): The item's status as clients see it: `failed`, or `sent` (`partially_sent` when others refused it
            for good) for a mail some recipients accepted.
        attempts (int):
        dead_at (datetime.datetime): When the attempts ran out.
        error (None | str):
        pending_recipients (list[str] | None | Unset): Mails: the recipients a retry sends to (still deferred).
        endpoint_id (None | str | Unset): Webhook events: the endpoint.
        type_ (None | str | Unset): Webhook events: the event type.
    """

    id: str
    kind: DeadLetterKind
    administration_id: str
    status: str
    attempts: int
    dead_at: datetime.datetime
    error: None | str
    pending_recipients: list[str] | None | Unset = UNSET
    endpoint_id: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        administration_id = self.administration_id

        status = self.status

        attempts = self.attempts

        dead_at = self.dead_at.isoformat()

        error: None | str
        error = self.error

        pending_recipients: list[str] | None | Unset
        if isinstance(self.pending_recipients, Unset):
            pending_recipients = UNSET
        elif isinstance(self.pending_recipients, list):
            pending_recipients = self.pending_recipients

        else:
            pending_recipients = self.pending_recipients

        endpoint_id: None | str | Unset
        if isinstance(self.endpoint_id, Unset):
            endpoint_id = UNSET
        else:
            endpoint_id = self.endpoint_id

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "administration_id": administration_id,
                "status": status,
                "attempts": attempts,
                "dead_at": dead_at,
                "error": error,
            }
        )
        if pending_recipients is not UNSET:
            field_dict["pending_recipients"] = pending_recipients
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = DeadLetterKind(d.pop("kind"))

        administration_id = d.pop("administration_id")

        status = d.pop("status")

        attempts = d.pop("attempts")

        dead_at = datetime.datetime.fromisoformat(d.pop("dead_at"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_pending_recipients(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                pending_recipients_type_0 = cast(list[str], data)

                return pending_recipients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        pending_recipients = _parse_pending_recipients(d.pop("pending_recipients", UNSET))

        def _parse_endpoint_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint_id = _parse_endpoint_id(d.pop("endpoint_id", UNSET))

        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        dead_letter_out = cls(
            id=id,
            kind=kind,
            administration_id=administration_id,
            status=status,
            attempts=attempts,
            dead_at=dead_at,
            error=error,
            pending_recipients=pending_recipients,
            endpoint_id=endpoint_id,
            type_=type_,
        )

        dead_letter_out.additional_properties = d
        return dead_letter_out

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
