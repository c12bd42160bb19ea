from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.finalize_request_action_type_0 import FinalizeRequestActionType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recipients import Recipients


T = TypeVar("T", bound="FinalizeRequest")


@_attrs_define
class FinalizeRequest:
    """`{}` for delivery by post or none. For e-mail: the template, the selected recipients and
    what to do with the mail.

        Attributes:
            email_template_id (None | str | Unset): Default: the administration's default template.
            recipients (None | Recipients | Unset): Default: all default recipients of GET .../delivery, as To.
            action (FinalizeRequestActionType0 | None | Unset): `send`: the mail goes out at once; `edit`: it is kept as a
                draft to edit.
    """

    email_template_id: None | str | Unset = UNSET
    recipients: None | Recipients | Unset = UNSET
    action: FinalizeRequestActionType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.recipients import Recipients  # noqa: PLC0415

        email_template_id: None | str | Unset
        if isinstance(self.email_template_id, Unset):
            email_template_id = UNSET
        else:
            email_template_id = self.email_template_id

        recipients: dict[str, Any] | None | Unset
        if isinstance(self.recipients, Unset):
            recipients = UNSET
        elif isinstance(self.recipients, Recipients):
            recipients = self.recipients.to_dict()
        else:
            recipients = self.recipients

        action: None | str | Unset
        if isinstance(self.action, Unset):
            action = UNSET
        elif isinstance(self.action, FinalizeRequestActionType0):
            action = self.action.value
        else:
            action = self.action

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email_template_id is not UNSET:
            field_dict["email_template_id"] = email_template_id
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if action is not UNSET:
            field_dict["action"] = action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recipients import Recipients  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_email_template_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_template_id = _parse_email_template_id(d.pop("email_template_id", UNSET))

        def _parse_recipients(data: object) -> None | Recipients | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recipients_type_0 = Recipients.from_dict(data)

                return recipients_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Recipients | Unset, data)

        recipients = _parse_recipients(d.pop("recipients", UNSET))

        def _parse_action(data: object) -> FinalizeRequestActionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                action_type_0 = FinalizeRequestActionType0(data)

                return action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FinalizeRequestActionType0 | None | Unset, data)

        action = _parse_action(d.pop("action", UNSET))

        finalize_request = cls(
            email_template_id=email_template_id,
            recipients=recipients,
            action=action,
        )

        return finalize_request
