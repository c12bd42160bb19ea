from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reminder_step_out import ReminderStepOut


T = TypeVar("T", bound="ReminderPolicyOut")


@_attrs_define
class ReminderPolicyOut:
    """
    Attributes:
        enabled (bool):
        steps (list[ReminderStepOut]):
        charge_collection_costs_b2c (bool):
        b2b_fixed_compensation (bool):
        b2b_commercial_interest (bool):
        creditor_deducts_vat (bool):
        is_default (bool): True until the administration saves its own policy.
        updated_at (datetime.datetime | None):
    """

    enabled: bool
    steps: list[ReminderStepOut]
    charge_collection_costs_b2c: bool
    b2b_fixed_compensation: bool
    b2b_commercial_interest: bool
    creditor_deducts_vat: bool
    is_default: bool
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        charge_collection_costs_b2c = self.charge_collection_costs_b2c

        b2b_fixed_compensation = self.b2b_fixed_compensation

        b2b_commercial_interest = self.b2b_commercial_interest

        creditor_deducts_vat = self.creditor_deducts_vat

        is_default = self.is_default

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "steps": steps,
                "charge_collection_costs_b2c": charge_collection_costs_b2c,
                "b2b_fixed_compensation": b2b_fixed_compensation,
                "b2b_commercial_interest": b2b_commercial_interest,
                "creditor_deducts_vat": creditor_deducts_vat,
                "is_default": is_default,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reminder_step_out import ReminderStepOut  # noqa: PLC0415

        d = dict(src_dict)
        enabled = d.pop("enabled")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = ReminderStepOut.from_dict(steps_item_data)

            steps.append(steps_item)

        charge_collection_costs_b2c = d.pop("charge_collection_costs_b2c")

        b2b_fixed_compensation = d.pop("b2b_fixed_compensation")

        b2b_commercial_interest = d.pop("b2b_commercial_interest")

        creditor_deducts_vat = d.pop("creditor_deducts_vat")

        is_default = d.pop("is_default")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        reminder_policy_out = cls(
            enabled=enabled,
            steps=steps,
            charge_collection_costs_b2c=charge_collection_costs_b2c,
            b2b_fixed_compensation=b2b_fixed_compensation,
            b2b_commercial_interest=b2b_commercial_interest,
            creditor_deducts_vat=creditor_deducts_vat,
            is_default=is_default,
            updated_at=updated_at,
        )

        reminder_policy_out.additional_properties = d
        return reminder_policy_out

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
