from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mail_out import MailOut
    from ..models.reminder_out import ReminderOut


T = TypeVar("T", bound="RemindersRunOut")


@_attrs_define
class RemindersRunOut:
    """
    Attributes:
        reminders (list[ReminderOut]):
        mails (list[MailOut]):
    """

    reminders: list[ReminderOut]
    mails: list[MailOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reminders = []
        for reminders_item_data in self.reminders:
            reminders_item = reminders_item_data.to_dict()
            reminders.append(reminders_item)

        mails = []
        for mails_item_data in self.mails:
            mails_item = mails_item_data.to_dict()
            mails.append(mails_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reminders": reminders,
                "mails": mails,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mail_out import MailOut  # noqa: PLC0415
        from ..models.reminder_out import ReminderOut  # noqa: PLC0415

        d = dict(src_dict)
        reminders = []
        _reminders = d.pop("reminders")
        for reminders_item_data in _reminders:
            reminders_item = ReminderOut.from_dict(reminders_item_data)

            reminders.append(reminders_item)

        mails = []
        _mails = d.pop("mails")
        for mails_item_data in _mails:
            mails_item = MailOut.from_dict(mails_item_data)

            mails.append(mails_item)

        reminders_run_out = cls(
            reminders=reminders,
            mails=mails,
        )

        reminders_run_out.additional_properties = d
        return reminders_run_out

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
