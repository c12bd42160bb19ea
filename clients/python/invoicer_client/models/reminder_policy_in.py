from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reminder_step import ReminderStep


T = TypeVar("T", bound="ReminderPolicyIn")


@_attrs_define
class ReminderPolicyIn:
    """The whole policy (PUT replaces it).

    Attributes:
        enabled (bool | Unset): False: no reminder is made. Default: True.
        steps (list[ReminderStep] | Unset): In order, days strictly increasing; at most one `fourteen_day_letter`, and
            no `final_notice` before it. Default: herinnering at +7, tweede herinnering (the 14-day letter) at +21,
            aanmaning at +35.
        charge_collection_costs_b2c (bool | Unset): To consumers: state the statutory collection costs (WIK scale) in
            the 14-day letter and charge them in the aanmaning after its deadline. Default: True.
        b2b_fixed_compensation (bool | Unset): To businesses: claim the fixed EUR 40 compensation (art. 6:96 lid 4 BW)
            from the 14-day letter on. Default: False.
        b2b_commercial_interest (bool | Unset): To businesses: claim the statutory commercial interest (art. 6:119a BW)
            from the 14-day letter on. Default: False.
        creditor_deducts_vat (bool | Unset): The administration deducts VAT (a VAT-registered business): no VAT is added
            to the collection costs. False: VAT is added to them. Default: True.
    """

    enabled: bool | Unset = True
    steps: list[ReminderStep] | Unset = UNSET
    charge_collection_costs_b2c: bool | Unset = True
    b2b_fixed_compensation: bool | Unset = False
    b2b_commercial_interest: bool | Unset = False
    creditor_deducts_vat: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        steps: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.steps, Unset):
            steps = []
            for steps_item_data in self.steps:
                steps_item = steps_item_data.to_dict()
                steps.append(steps_item)

        charge_collection_costs_b2c = self.charge_collection_costs_b2c

        b2b_fixed_compensation = self.b2b_fixed_compensation

        b2b_commercial_interest = self.b2b_commercial_interest

        creditor_deducts_vat = self.creditor_deducts_vat

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if steps is not UNSET:
            field_dict["steps"] = steps
        if charge_collection_costs_b2c is not UNSET:
            field_dict["charge_collection_costs_b2c"] = charge_collection_costs_b2c
        if b2b_fixed_compensation is not UNSET:
            field_dict["b2b_fixed_compensation"] = b2b_fixed_compensation
        if b2b_commercial_interest is not UNSET:
            field_dict["b2b_commercial_interest"] = b2b_commercial_interest
        if creditor_deducts_vat is not UNSET:
            field_dict["creditor_deducts_vat"] = creditor_deducts_vat

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reminder_step import ReminderStep  # noqa: PLC0415

        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        _steps = d.pop("steps", UNSET)
        steps: list[ReminderStep] | Unset = UNSET
        if _steps is not UNSET:
            steps = []
            for steps_item_data in _steps:
                steps_item = ReminderStep.from_dict(steps_item_data)

                steps.append(steps_item)

        charge_collection_costs_b2c = d.pop("charge_collection_costs_b2c", UNSET)

        b2b_fixed_compensation = d.pop("b2b_fixed_compensation", UNSET)

        b2b_commercial_interest = d.pop("b2b_commercial_interest", UNSET)

        creditor_deducts_vat = d.pop("creditor_deducts_vat", UNSET)

        reminder_policy_in = cls(
            enabled=enabled,
            steps=steps,
            charge_collection_costs_b2c=charge_collection_costs_b2c,
            b2b_fixed_compensation=b2b_fixed_compensation,
            b2b_commercial_interest=b2b_commercial_interest,
            creditor_deducts_vat=creditor_deducts_vat,
        )

        return reminder_policy_in
