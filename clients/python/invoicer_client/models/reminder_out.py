from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reminder_kind import ReminderKind

T = TypeVar("T", bound="ReminderOut")


@_attrs_define
class ReminderOut:
    """
    Attributes:
        id (str):
        invoice_id (str):
        step (int):
        kind (ReminderKind): A step of the reminder policy, by what the letter is under Dutch law.
        letter_date (datetime.date):
        outcome (str): `made` (mail queued or drafted), `not_sent` (no mail could be made; see `detail`; the letter is
            stored) or `withdrawn` (its unsent mail was removed: the invoice was paid or put on hold first).
        detail (None | str):
        consumer (bool): The buyer has neither a VAT nor a KvK number.
        days_overdue (int):
        principal (str): The amount of the invoice open on the letter's date.
        collection_costs (None | str): Statutory collection costs stated.
        collection_costs_vat (None | str): VAT added to them (or null).
        costs_charged (bool): True: the costs are charged now (aanmaning); false: stated as due when the deadline passes
            unpaid (14-day letter).
        payment_deadline_date (datetime.date | None): The 14-day letter's deadline.
        costs_from_date (datetime.date | None): The first day the costs may be charged.
        compensation (None | str): The fixed B2B compensation claimed.
        interest (None | str): Commercial interest claimed to the letter date.
        interest_from_date (datetime.date | None):
        interest_through_date (datetime.date | None): Interest is stated through this day (the letter's, or the last day
            the dated rate table covers).
        total_claimed (str): What the letter asks to be paid now.
        mail_id (None | str):
        document_id (None | str): The reminder letter (PDF) as stored.
        sent_at (datetime.datetime | None):
        withdrawn_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: str
    invoice_id: str
    step: int
    kind: ReminderKind
    letter_date: datetime.date
    outcome: str
    detail: None | str
    consumer: bool
    days_overdue: int
    principal: str
    collection_costs: None | str
    collection_costs_vat: None | str
    costs_charged: bool
    payment_deadline_date: datetime.date | None
    costs_from_date: datetime.date | None
    compensation: None | str
    interest: None | str
    interest_from_date: datetime.date | None
    interest_through_date: datetime.date | None
    total_claimed: str
    mail_id: None | str
    document_id: None | str
    sent_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invoice_id = self.invoice_id

        step = self.step

        kind = self.kind.value

        letter_date = self.letter_date.isoformat()

        outcome = self.outcome

        detail: None | str
        detail = self.detail

        consumer = self.consumer

        days_overdue = self.days_overdue

        principal = self.principal

        collection_costs: None | str
        collection_costs = self.collection_costs

        collection_costs_vat: None | str
        collection_costs_vat = self.collection_costs_vat

        costs_charged = self.costs_charged

        payment_deadline_date: None | str
        if isinstance(self.payment_deadline_date, datetime.date):
            payment_deadline_date = self.payment_deadline_date.isoformat()
        else:
            payment_deadline_date = self.payment_deadline_date

        costs_from_date: None | str
        if isinstance(self.costs_from_date, datetime.date):
            costs_from_date = self.costs_from_date.isoformat()
        else:
            costs_from_date = self.costs_from_date

        compensation: None | str
        compensation = self.compensation

        interest: None | str
        interest = self.interest

        interest_from_date: None | str
        if isinstance(self.interest_from_date, datetime.date):
            interest_from_date = self.interest_from_date.isoformat()
        else:
            interest_from_date = self.interest_from_date

        interest_through_date: None | str
        if isinstance(self.interest_through_date, datetime.date):
            interest_through_date = self.interest_through_date.isoformat()
        else:
            interest_through_date = self.interest_through_date

        total_claimed = self.total_claimed

        mail_id: None | str
        mail_id = self.mail_id

        document_id: None | str
        document_id = self.document_id

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        withdrawn_at: None | str
        if isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "invoice_id": invoice_id,
                "step": step,
                "kind": kind,
                "letter_date": letter_date,
                "outcome": outcome,
                "detail": detail,
                "consumer": consumer,
                "days_overdue": days_overdue,
                "principal": principal,
                "collection_costs": collection_costs,
                "collection_costs_vat": collection_costs_vat,
                "costs_charged": costs_charged,
                "payment_deadline_date": payment_deadline_date,
                "costs_from_date": costs_from_date,
                "compensation": compensation,
                "interest": interest,
                "interest_from_date": interest_from_date,
                "interest_through_date": interest_through_date,
                "total_claimed": total_claimed,
                "mail_id": mail_id,
                "document_id": document_id,
                "sent_at": sent_at,
                "withdrawn_at": withdrawn_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        invoice_id = d.pop("invoice_id")

        step = d.pop("step")

        kind = ReminderKind(d.pop("kind"))

        letter_date = datetime.date.fromisoformat(d.pop("letter_date"))

        outcome = d.pop("outcome")

        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))

        consumer = d.pop("consumer")

        days_overdue = d.pop("days_overdue")

        principal = d.pop("principal")

        def _parse_collection_costs(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        collection_costs = _parse_collection_costs(d.pop("collection_costs"))

        def _parse_collection_costs_vat(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        collection_costs_vat = _parse_collection_costs_vat(d.pop("collection_costs_vat"))

        costs_charged = d.pop("costs_charged")

        def _parse_payment_deadline_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_deadline_date_type_0 = datetime.date.fromisoformat(data)

                return payment_deadline_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        payment_deadline_date = _parse_payment_deadline_date(d.pop("payment_deadline_date"))

        def _parse_costs_from_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                costs_from_date_type_0 = datetime.date.fromisoformat(data)

                return costs_from_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        costs_from_date = _parse_costs_from_date(d.pop("costs_from_date"))

        def _parse_compensation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        compensation = _parse_compensation(d.pop("compensation"))

        def _parse_interest(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        interest = _parse_interest(d.pop("interest"))

        def _parse_interest_from_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                interest_from_date_type_0 = datetime.date.fromisoformat(data)

                return interest_from_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        interest_from_date = _parse_interest_from_date(d.pop("interest_from_date"))

        def _parse_interest_through_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                interest_through_date_type_0 = datetime.date.fromisoformat(data)

                return interest_through_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        interest_through_date = _parse_interest_through_date(d.pop("interest_through_date"))

        total_claimed = d.pop("total_claimed")

        def _parse_mail_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mail_id = _parse_mail_id(d.pop("mail_id"))

        def _parse_document_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        document_id = _parse_document_id(d.pop("document_id"))

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

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        reminder_out = cls(
            id=id,
            invoice_id=invoice_id,
            step=step,
            kind=kind,
            letter_date=letter_date,
            outcome=outcome,
            detail=detail,
            consumer=consumer,
            days_overdue=days_overdue,
            principal=principal,
            collection_costs=collection_costs,
            collection_costs_vat=collection_costs_vat,
            costs_charged=costs_charged,
            payment_deadline_date=payment_deadline_date,
            costs_from_date=costs_from_date,
            compensation=compensation,
            interest=interest,
            interest_from_date=interest_from_date,
            interest_through_date=interest_through_date,
            total_claimed=total_claimed,
            mail_id=mail_id,
            document_id=document_id,
            sent_at=sent_at,
            withdrawn_at=withdrawn_at,
            created_at=created_at,
        )

        reminder_out.additional_properties = d
        return reminder_out

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
