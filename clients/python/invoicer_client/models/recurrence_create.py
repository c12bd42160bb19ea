from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.automation import Automation
from ..models.recurrence_create_payment_status import RecurrenceCreatePaymentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecurrenceCreate")


@_attrs_define
class RecurrenceCreate:
    """
    Attributes:
        start_date (datetime.date): Herhalen vanaf: the first date that may occur.
        day_of_month (int): 1..28: the highest day is 28, so that every month, February included, has it.
        base_invoice_id (str):
        end_date (datetime.date | None | Unset): Herhalen tot/met: inclusive; null to repeat without end.
        month (int | None | Unset):
        automation (Automation | Unset): What happens on a recurrence's date (seed 004 "Automatisch").
        payment_status (RecurrenceCreatePaymentStatus | Unset): Payment status of the invoices it creates. Default:
            RecurrenceCreatePaymentStatus.UNPAID.
        active (bool | Unset):  Default: True.
        backfill (bool | Unset): Also invoice the occurrences before today, oldest first (numbered in date order). By
            default create and create_and_send start at the first occurrence from today on, and none and notify show only
            the latest past date as overdue; the response lists the skipped dates. Default: False.
    """

    start_date: datetime.date
    day_of_month: int
    base_invoice_id: str
    end_date: datetime.date | None | Unset = UNSET
    month: int | None | Unset = UNSET
    automation: Automation | Unset = UNSET
    payment_status: RecurrenceCreatePaymentStatus | Unset = RecurrenceCreatePaymentStatus.UNPAID
    active: bool | Unset = True
    backfill: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        start_date = self.start_date.isoformat()

        day_of_month = self.day_of_month

        base_invoice_id = self.base_invoice_id

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        month: int | None | Unset
        if isinstance(self.month, Unset):
            month = UNSET
        else:
            month = self.month

        automation: str | Unset = UNSET
        if not isinstance(self.automation, Unset):
            automation = self.automation.value

        payment_status: str | Unset = UNSET
        if not isinstance(self.payment_status, Unset):
            payment_status = self.payment_status.value

        active = self.active

        backfill = self.backfill

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start_date": start_date,
                "day_of_month": day_of_month,
                "base_invoice_id": base_invoice_id,
            }
        )
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if month is not UNSET:
            field_dict["month"] = month
        if automation is not UNSET:
            field_dict["automation"] = automation
        if payment_status is not UNSET:
            field_dict["payment_status"] = payment_status
        if active is not UNSET:
            field_dict["active"] = active
        if backfill is not UNSET:
            field_dict["backfill"] = backfill

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        day_of_month = d.pop("day_of_month")

        base_invoice_id = d.pop("base_invoice_id")

        def _parse_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_date = _parse_end_date(d.pop("end_date", UNSET))

        def _parse_month(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        month = _parse_month(d.pop("month", UNSET))

        _automation = d.pop("automation", UNSET)
        automation: Automation | Unset
        if isinstance(_automation, Unset):
            automation = UNSET
        else:
            automation = Automation(_automation)

        _payment_status = d.pop("payment_status", UNSET)
        payment_status: RecurrenceCreatePaymentStatus | Unset
        if isinstance(_payment_status, Unset):
            payment_status = UNSET
        else:
            payment_status = RecurrenceCreatePaymentStatus(_payment_status)

        active = d.pop("active", UNSET)

        backfill = d.pop("backfill", UNSET)

        recurrence_create = cls(
            start_date=start_date,
            day_of_month=day_of_month,
            base_invoice_id=base_invoice_id,
            end_date=end_date,
            month=month,
            automation=automation,
            payment_status=payment_status,
            active=active,
            backfill=backfill,
        )

        return recurrence_create
