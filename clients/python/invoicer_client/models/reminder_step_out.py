from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reminder_action import ReminderAction
from ..models.reminder_kind import ReminderKind

T = TypeVar("T", bound="ReminderStepOut")


@_attrs_define
class ReminderStepOut:
    """
    Attributes:
        step (int): The step's number: its position, from 1.
        days_after_due (int):
        kind (ReminderKind): A step of the reminder policy, by what the letter is under Dutch law.
        email_template_id (None | str):
        action (ReminderAction):
    """

    step: int
    days_after_due: int
    kind: ReminderKind
    email_template_id: None | str
    action: ReminderAction
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        step = self.step

        days_after_due = self.days_after_due

        kind = self.kind.value

        email_template_id: None | str
        email_template_id = self.email_template_id

        action = self.action.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "step": step,
                "days_after_due": days_after_due,
                "kind": kind,
                "email_template_id": email_template_id,
                "action": action,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = d.pop("step")

        days_after_due = d.pop("days_after_due")

        kind = ReminderKind(d.pop("kind"))

        def _parse_email_template_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email_template_id = _parse_email_template_id(d.pop("email_template_id"))

        action = ReminderAction(d.pop("action"))

        reminder_step_out = cls(
            step=step,
            days_after_due=days_after_due,
            kind=kind,
            email_template_id=email_template_id,
            action=action,
        )

        reminder_step_out.additional_properties = d
        return reminder_step_out

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
