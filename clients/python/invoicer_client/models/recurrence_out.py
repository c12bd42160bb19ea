from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.automation import Automation
from ..models.payment_status import PaymentStatus

T = TypeVar("T", bound="RecurrenceOut")


@_attrs_define
class RecurrenceOut:
    """
    Attributes:
        id (str):
        base_invoice_id (str):
        start_date (datetime.date):
        end_date (datetime.date | None):
        day_of_month (int):
        month (int | None):
        automation (Automation): What happens on a recurrence's date (seed 004 "Automatisch").
        payment_status (PaymentStatus): Follows the invoice's payments: nothing, part or all of its total paid (for a
            credit
            note: refunded or settled).
        active (bool):
        next_date (datetime.date | None): Null when finished.
        overdue (bool): The next date is today or earlier (administration's time zone).
        finished (bool): No occurrence is left on or before the end date.
        last_occurrence_date (datetime.date | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    base_invoice_id: str
    start_date: datetime.date
    end_date: datetime.date | None
    day_of_month: int
    month: int | None
    automation: Automation
    payment_status: PaymentStatus
    active: bool
    next_date: datetime.date | None
    overdue: bool
    finished: bool
    last_occurrence_date: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        base_invoice_id = self.base_invoice_id

        start_date = self.start_date.isoformat()

        end_date: None | str
        if isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        day_of_month = self.day_of_month

        month: int | None
        month = self.month

        automation = self.automation.value

        payment_status = self.payment_status.value

        active = self.active

        next_date: None | str
        if isinstance(self.next_date, datetime.date):
            next_date = self.next_date.isoformat()
        else:
            next_date = self.next_date

        overdue = self.overdue

        finished = self.finished

        last_occurrence_date: None | str
        if isinstance(self.last_occurrence_date, datetime.date):
            last_occurrence_date = self.last_occurrence_date.isoformat()
        else:
            last_occurrence_date = self.last_occurrence_date

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "base_invoice_id": base_invoice_id,
                "start_date": start_date,
                "end_date": end_date,
                "day_of_month": day_of_month,
                "month": month,
                "automation": automation,
                "payment_status": payment_status,
                "active": active,
                "next_date": next_date,
                "overdue": overdue,
                "finished": finished,
                "last_occurrence_date": last_occurrence_date,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        base_invoice_id = d.pop("base_invoice_id")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        def _parse_end_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end_date = _parse_end_date(d.pop("end_date"))

        day_of_month = d.pop("day_of_month")

        def _parse_month(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        month = _parse_month(d.pop("month"))

        automation = Automation(d.pop("automation"))

        payment_status = PaymentStatus(d.pop("payment_status"))

        active = d.pop("active")

        def _parse_next_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_date_type_0 = datetime.date.fromisoformat(data)

                return next_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        next_date = _parse_next_date(d.pop("next_date"))

        overdue = d.pop("overdue")

        finished = d.pop("finished")

        def _parse_last_occurrence_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_occurrence_date_type_0 = datetime.date.fromisoformat(data)

                return last_occurrence_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        last_occurrence_date = _parse_last_occurrence_date(d.pop("last_occurrence_date"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        recurrence_out = cls(
            id=id,
            base_invoice_id=base_invoice_id,
            start_date=start_date,
            end_date=end_date,
            day_of_month=day_of_month,
            month=month,
            automation=automation,
            payment_status=payment_status,
            active=active,
            next_date=next_date,
            overdue=overdue,
            finished=finished,
            last_occurrence_date=last_occurrence_date,
            created_at=created_at,
            updated_at=updated_at,
        )

        recurrence_out.additional_properties = d
        return recurrence_out

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
