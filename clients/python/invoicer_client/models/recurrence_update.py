from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.automation import Automation
from ..models.recurrence_update_payment_status import RecurrenceUpdatePaymentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecurrenceUpdate")


@_attrs_define
class RecurrenceUpdate:
    """
    Attributes:
        start_date (datetime.date | Unset):
        end_date (datetime.date | None | Unset):
        day_of_month (int | Unset): 1..28: the highest day is 28, so that every month, February included, has it.
        month (int | None | Unset):
        automation (Automation | Unset): What happens on a recurrence's date (seed 004 "Automatisch").
        payment_status (RecurrenceUpdatePaymentStatus | Unset):
        active (bool | Unset): false pauses; true resumes.
        backfill (bool | Unset): On resume or a new rhythm: also handle the occurrences before today. By default create
            and create_and_send skip them and start from today, and none and notify show only the latest past date as
            overdue; the response lists them. Default: False.
        catch_up (bool | Unset): The older name of `backfill`. Default: False.
    """

    start_date: datetime.date | Unset = UNSET
    end_date: datetime.date | None | Unset = UNSET
    day_of_month: int | Unset = UNSET
    month: int | None | Unset = UNSET
    automation: Automation | Unset = UNSET
    payment_status: RecurrenceUpdatePaymentStatus | Unset = UNSET
    active: bool | Unset = UNSET
    backfill: bool | Unset = False
    catch_up: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        start_date: str | Unset = UNSET
        if not isinstance(self.start_date, Unset):
            start_date = self.start_date.isoformat()

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        day_of_month = self.day_of_month

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

        catch_up = self.catch_up

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if day_of_month is not UNSET:
            field_dict["day_of_month"] = day_of_month
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
        if catch_up is not UNSET:
            field_dict["catch_up"] = catch_up

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _start_date = d.pop("start_date", UNSET)
        start_date: datetime.date | Unset
        if isinstance(_start_date, Unset):
            start_date = UNSET
        else:
            start_date = datetime.date.fromisoformat(_start_date)

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

        day_of_month = d.pop("day_of_month", UNSET)

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
        payment_status: RecurrenceUpdatePaymentStatus | Unset
        if isinstance(_payment_status, Unset):
            payment_status = UNSET
        else:
            payment_status = RecurrenceUpdatePaymentStatus(_payment_status)

        active = d.pop("active", UNSET)

        backfill = d.pop("backfill", UNSET)

        catch_up = d.pop("catch_up", UNSET)

        recurrence_update = cls(
            start_date=start_date,
            end_date=end_date,
            day_of_month=day_of_month,
            month=month,
            automation=automation,
            payment_status=payment_status,
            active=active,
            backfill=backfill,
            catch_up=catch_up,
        )

        return recurrence_update
