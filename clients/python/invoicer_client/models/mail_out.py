from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mail_kind import MailKind
from ..models.mail_status import MailStatus

if TYPE_CHECKING:
    from ..models.delivery_attempt import DeliveryAttempt


T = TypeVar("T", bound="MailOut")


@_attrs_define
class MailOut:
    """
    Attributes:
        id (str):
        invoice_id (None | str):
        kind (MailKind):
        status (MailStatus):
        sender (str):
        to (list[str]):
        cc (list[str]):
        bcc (list[str]):
        subject (str):
        body (str):
        body_html (None | str):
        attachments (list[str]): Document ids.
        email_template_id (None | str):
        message_id (str):
        attempts (int):
        next_attempt_at (datetime.datetime | None):
        queued_at (datetime.datetime | None):
        sent_at (datetime.datetime | None):
        error (None | str):
        deliveries (list[DeliveryAttempt]):
        version (int): Also the ETag; send it as If-Match when saving a draft.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    invoice_id: None | str
    kind: MailKind
    status: MailStatus
    sender: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    body: str
    body_html: None | str
    attachments: list[str]
    email_template_id: None | str
    message_id: str
    attempts: int
    next_attempt_at: datetime.datetime | None
    queued_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    error: None | str
    deliveries: list[DeliveryAttempt]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invoice_id: None | str
        invoice_id = self.invoice_id

        kind = self.kind.value

        status = self.status.value

        sender = self.sender

        to = self.to

        cc = self.cc

        bcc = self.bcc

        subject = self.subject

        body = self.body

        body_html: None | str
        body_html = self.body_html

        attachments = self.attachments

        email_template_id: None | str
        email_template_id = self.email_template_id

        message_id = self.message_id

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        queued_at: None | str
        if isinstance(self.queued_at, datetime.datetime):
            queued_at = self.queued_at.isoformat()
        else:
            queued_at = self.queued_at

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        error: None | str
        error = self.error

        deliveries = []
        for deliveries_item_data in self.deliveries:
            deliveries_item = deliveries_item_data.to_dict()
            deliveries.append(deliveries_item)

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "invoice_id": invoice_id,
                "kind": kind,
                "status": status,
                "sender": sender,
                "to": to,
                "cc": cc,
                "bcc": bcc,
                "subject": subject,
                "body": body,
                "body_html": body_html,
                "attachments": attachments,
                "email_template_id": email_template_id,
                "message_id": message_id,
                "attempts": attempts,
                "next_attempt_at": next_attempt_at,
                "queued_at": queued_at,
                "sent_at": sent_at,
                "error": error,
                "deliveries": deliveries,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_attempt import DeliveryAttempt  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        kind = MailKind(d.pop("kind"))

        status = MailStatus(d.pop("status"))

        sender = d.pop("sender")

        to = cast(list[str], d.pop("to"))

        cc = cast(list[str], d.pop("cc"))

        bcc = cast(list[str], d.pop("bcc"))

        subject = d.pop("subject")

        body = d.pop("body")

        def _parse_body_html(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body_html = _parse_body_html(d.pop("body_html"))

        attachments = cast(list[str], d.pop("attachments"))

        def _parse_email_template_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email_template_id = _parse_email_template_id(d.pop("email_template_id"))

        message_id = d.pop("message_id")

        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_queued_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_at_type_0 = datetime.datetime.fromisoformat(data)

                return queued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        queued_at = _parse_queued_at(d.pop("queued_at"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        deliveries = []
        _deliveries = d.pop("deliveries")
        for deliveries_item_data in _deliveries:
            deliveries_item = DeliveryAttempt.from_dict(deliveries_item_data)

            deliveries.append(deliveries_item)

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        mail_out = cls(
            id=id,
            invoice_id=invoice_id,
            kind=kind,
            status=status,
            sender=sender,
            to=to,
            cc=cc,
            bcc=bcc,
            subject=subject,
            body=body,
            body_html=body_html,
            attachments=attachments,
            email_template_id=email_template_id,
            message_id=message_id,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            queued_at=queued_at,
            sent_at=sent_at,
            error=error,
            deliveries=deliveries,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
        )

        mail_out.additional_properties = d
        return mail_out

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
