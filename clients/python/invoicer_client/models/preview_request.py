from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.automation import Automation
from ..types import UNSET, Unset

T = TypeVar("T", bound="PreviewRequest")


@_attrs_define
class PreviewRequest:
    """
    Attributes:
        start_date (datetime.date): Herhalen vanaf: the first date that may occur.
        day_of_month (int): 1..28: the highest day is 28, so that every month, February included, has it.
        end_date (datetime.date | None | Unset): Herhalen tot/met: inclusive; null to repeat without end.
        month (int | None | Unset):
        automation (Automation | Unset): What happens on a recurrence's date (seed 004 "Automatisch").
        backfill (bool | Unset): As on create. Default: False.
        count (int | Unset): How many upcoming dates to list. Default: 5.
        from_date (datetime.date | None | Unset): List dates from this day on; default: the start date.
    """

    start_date: datetime.date
    day_of_month: int
    end_date: datetime.date | None | Unset = UNSET
    month: int | None | Unset = UNSET
    automation: Automation | Unset = UNSET
    backfill: bool | Unset = False
    count: int | Unset = 5
    from_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        start_date = self.start_date.isoformat()

        day_of_month = self.day_of_month

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

        backfill = self.backfill

        count = self.count

        from_date: None | str | Unset
        if isinstance(self.from_date, Unset):
            from_date = UNSET
        elif isinstance(self.from_date, datetime.date):
            from_date = self.from_date.isoformat()
        else:
            from_date = self.from_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "start_date": start_date,
                "day_of_month": day_of_month,
            }
        )
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if month is not UNSET:
            field_dict["month"] = month
        if automation is not UNSET:
            field_dict["automation"] = automation
        if backfill is not UNSET:
            field_dict["backfill"] = backfill
        if count is not UNSET:
            field_dict["count"] = count
        if from_date is not UNSET:
            field_dict["from_date"] = from_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        day_of_month = d.pop("day_of_month")

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

        backfill = d.pop("backfill", UNSET)

        count = d.pop("count", UNSET)

        def _parse_from_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_date_type_0 = datetime.date.fromisoformat(data)

                return from_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_date = _parse_from_date(d.pop("from_date", UNSET))

        preview_request = cls(
            start_date=start_date,
            day_of_month=day_of_month,
            end_date=end_date,
            month=month,
            automation=automation,
            backfill=backfill,
            count=count,
            from_date=from_date,
        )

        return preview_request
