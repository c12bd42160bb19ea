from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PreviewOut")


@_attrs_define
class PreviewOut:
    """
    Attributes:
        next_date (datetime.date | None): Bepaal datum volgende melding: the next date the recurrence gets when saved
            today with these settings.
        upcoming (list[datetime.date]):
        skipped_dates (list[datetime.date]): Past occurrences (before today) at this (re)start: skipped_dates are never
            handled; catch_up_dates are still handled (invoiced in date order by create and create_and_send, shown overdue
            by none and notify).
        catch_up_dates (list[datetime.date]): Past occurrences (before today) at this (re)start: skipped_dates are never
            handled; catch_up_dates are still handled (invoiced in date order by create and create_and_send, shown overdue
            by none and notify).
    """

    next_date: datetime.date | None
    upcoming: list[datetime.date]
    skipped_dates: list[datetime.date]
    catch_up_dates: list[datetime.date]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        next_date: None | str
        if isinstance(self.next_date, datetime.date):
            next_date = self.next_date.isoformat()
        else:
            next_date = self.next_date

        upcoming = []
        for upcoming_item_data in self.upcoming:
            upcoming_item = upcoming_item_data.isoformat()
            upcoming.append(upcoming_item)

        skipped_dates = []
        for skipped_dates_item_data in self.skipped_dates:
            skipped_dates_item = skipped_dates_item_data.isoformat()
            skipped_dates.append(skipped_dates_item)

        catch_up_dates = []
        for catch_up_dates_item_data in self.catch_up_dates:
            catch_up_dates_item = catch_up_dates_item_data.isoformat()
            catch_up_dates.append(catch_up_dates_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "next_date": next_date,
                "upcoming": upcoming,
                "skipped_dates": skipped_dates,
                "catch_up_dates": catch_up_dates,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        upcoming = []
        _upcoming = d.pop("upcoming")
        for upcoming_item_data in _upcoming:
            upcoming_item = datetime.date.fromisoformat(upcoming_item_data)

            upcoming.append(upcoming_item)

        skipped_dates = []
        _skipped_dates = d.pop("skipped_dates")
        for skipped_dates_item_data in _skipped_dates:
            skipped_dates_item = datetime.date.fromisoformat(skipped_dates_item_data)

            skipped_dates.append(skipped_dates_item)

        catch_up_dates = []
        _catch_up_dates = d.pop("catch_up_dates")
        for catch_up_dates_item_data in _catch_up_dates:
            catch_up_dates_item = datetime.date.fromisoformat(catch_up_dates_item_data)

            catch_up_dates.append(catch_up_dates_item)

        preview_out = cls(
            next_date=next_date,
            upcoming=upcoming,
            skipped_dates=skipped_dates,
            catch_up_dates=catch_up_dates,
        )

        preview_out.additional_properties = d
        return preview_out

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
