from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invoice_out import InvoiceOut
    from ..models.mail_out import MailOut
    from ..models.run_out import RunOut


T = TypeVar("T", bound="RunDueOut")


@_attrs_define
class RunDueOut:
    """
    Attributes:
        runs (list[RunOut]):
        invoices (list[InvoiceOut]):
        mails (list[MailOut]):
    """

    runs: list[RunOut]
    invoices: list[InvoiceOut]
    mails: list[MailOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        runs = []
        for runs_item_data in self.runs:
            runs_item = runs_item_data.to_dict()
            runs.append(runs_item)

        invoices = []
        for invoices_item_data in self.invoices:
            invoices_item = invoices_item_data.to_dict()
            invoices.append(invoices_item)

        mails = []
        for mails_item_data in self.mails:
            mails_item = mails_item_data.to_dict()
            mails.append(mails_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "runs": runs,
                "invoices": invoices,
                "mails": mails,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_out import InvoiceOut  # noqa: PLC0415
        from ..models.mail_out import MailOut  # noqa: PLC0415
        from ..models.run_out import RunOut  # noqa: PLC0415

        d = dict(src_dict)
        runs = []
        _runs = d.pop("runs")
        for runs_item_data in _runs:
            runs_item = RunOut.from_dict(runs_item_data)

            runs.append(runs_item)

        invoices = []
        _invoices = d.pop("invoices")
        for invoices_item_data in _invoices:
            invoices_item = InvoiceOut.from_dict(invoices_item_data)

            invoices.append(invoices_item)

        mails = []
        _mails = d.pop("mails")
        for mails_item_data in _mails:
            mails_item = MailOut.from_dict(mails_item_data)

            mails.append(mails_item)

        run_due_out = cls(
            runs=runs,
            invoices=invoices,
            mails=mails,
        )

        run_due_out.additional_properties = d
        return run_due_out

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
