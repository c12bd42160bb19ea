from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reminder_out import ReminderOut


T = TypeVar("T", bound="ReminderStateOut")


@_attrs_define
class ReminderStateOut:
    """
    Attributes:
        invoice_id (str):
        paused (bool):
        paused_at (datetime.datetime | None):
        pause_reason (None | str):
        last_step (int): The last policy step made (0: none yet).
        next_reminder_date (datetime.date | None): When the next step is due (null: none left, or not followed).
        reminders (list[ReminderOut]):
    """

    invoice_id: str
    paused: bool
    paused_at: datetime.datetime | None
    pause_reason: None | str
    last_step: int
    next_reminder_date: datetime.date | None
    reminders: list[ReminderOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        paused = self.paused

        paused_at: None | str
        if isinstance(self.paused_at, datetime.datetime):
            paused_at = self.paused_at.isoformat()
        else:
            paused_at = self.paused_at

        pause_reason: None | str
        pause_reason = self.pause_reason

        last_step = self.last_step

        next_reminder_date: None | str
        if isinstance(self.next_reminder_date, datetime.date):
            next_reminder_date = self.next_reminder_date.isoformat()
        else:
            next_reminder_date = self.next_reminder_date

        reminders = []
        for reminders_item_data in self.reminders:
            reminders_item = reminders_item_data.to_dict()
            reminders.append(reminders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoice_id": invoice_id,
                "paused": paused,
                "paused_at": paused_at,
                "pause_reason": pause_reason,
                "last_step": last_step,
                "next_reminder_date": next_reminder_date,
                "reminders": reminders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reminder_out import ReminderOut  # noqa: PLC0415

        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        paused = d.pop("paused")

        def _parse_paused_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paused_at_type_0 = datetime.datetime.fromisoformat(data)

                return paused_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paused_at = _parse_paused_at(d.pop("paused_at"))

        def _parse_pause_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pause_reason = _parse_pause_reason(d.pop("pause_reason"))

        last_step = d.pop("last_step")

        def _parse_next_reminder_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_reminder_date_type_0 = datetime.date.fromisoformat(data)

                return next_reminder_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        next_reminder_date = _parse_next_reminder_date(d.pop("next_reminder_date"))

        reminders = []
        _reminders = d.pop("reminders")
        for reminders_item_data in _reminders:
            reminders_item = ReminderOut.from_dict(reminders_item_data)

            reminders.append(reminders_item)

        reminder_state_out = cls(
            invoice_id=invoice_id,
            paused=paused,
            paused_at=paused_at,
            pause_reason=pause_reason,
            last_step=last_step,
            next_reminder_date=next_reminder_date,
            reminders=reminders,
        )

        reminder_state_out.additional_properties = d
        return reminder_state_out

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
