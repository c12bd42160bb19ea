from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.reminder_action import ReminderAction
from ..models.reminder_kind import ReminderKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReminderStep")


@_attrs_define
class ReminderStep:
    """
    Attributes:
        days_after_due (int): Made this many days after the due date.
        kind (ReminderKind): A step of the reminder policy, by what the letter is under Dutch law.
        email_template_id (None | str | Unset): An e-mail template of this administration; null: the built-in Dutch (or
            English) text of the step's kind. Its placeholders are filled in; the legal statements of the step are added to
            the text whatever the template says.
        action (ReminderAction | Unset):
    """

    days_after_due: int
    kind: ReminderKind
    email_template_id: None | str | Unset = UNSET
    action: ReminderAction | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days_after_due = self.days_after_due

        kind = self.kind.value

        email_template_id: None | str | Unset
        if isinstance(self.email_template_id, Unset):
            email_template_id = UNSET
        else:
            email_template_id = self.email_template_id

        action: str | Unset = UNSET
        if not isinstance(self.action, Unset):
            action = self.action.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days_after_due": days_after_due,
                "kind": kind,
            }
        )
        if email_template_id is not UNSET:
            field_dict["email_template_id"] = email_template_id
        if action is not UNSET:
            field_dict["action"] = action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days_after_due = d.pop("days_after_due")

        kind = ReminderKind(d.pop("kind"))

        def _parse_email_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_template_id = _parse_email_template_id(d.pop("email_template_id", UNSET))

        _action = d.pop("action", UNSET)
        action: ReminderAction | Unset
        if isinstance(_action, Unset):
            action = UNSET
        else:
            action = ReminderAction(_action)

        reminder_step = cls(
            days_after_due=days_after_due,
            kind=kind,
            email_template_id=email_template_id,
            action=action,
        )

        return reminder_step
