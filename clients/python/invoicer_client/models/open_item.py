from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bucket import Bucket
from ..models.invoice_kind import InvoiceKind
from ..models.payment_status import PaymentStatus

T = TypeVar("T", bound="OpenItem")


@_attrs_define
class OpenItem:
    """An open invoice (or credit note: negative amounts) and how late it is.

    Attributes:
        invoice_id (str):
        number (str):
        kind (InvoiceKind):
        customer_id (None | str):
        company_id (None | str): The company of a company-level invoice, or the customer's linked company.
        customer_name (None | str):
        company_name (None | str):
        invoice_date (datetime.date):
        due_date (datetime.date):
        total (str): The original amount (negative for a credit note).
        amount_paid (str): An amount in euros, two decimals.
        amount_due (str): total - amount_paid: what is still open.
        payment_status (PaymentStatus): Follows the invoice's payments: nothing, part or all of its total paid (for a
            credit
            note: refunded or settled).
        days_overdue (int): Days past the due date on `as_of`; 0 when not due.
        bucket (Bucket):
    """

    invoice_id: str
    number: str
    kind: InvoiceKind
    customer_id: None | str
    company_id: None | str
    customer_name: None | str
    company_name: None | str
    invoice_date: datetime.date
    due_date: datetime.date
    total: str
    amount_paid: str
    amount_due: str
    payment_status: PaymentStatus
    days_overdue: int
    bucket: Bucket
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoice_id = self.invoice_id

        number = self.number

        kind = self.kind.value

        customer_id: None | str
        customer_id = self.customer_id

        company_id: None | str
        company_id = self.company_id

        customer_name: None | str
        customer_name = self.customer_name

        company_name: None | str
        company_name = self.company_name

        invoice_date = self.invoice_date.isoformat()

        due_date = self.due_date.isoformat()

        total = self.total

        amount_paid = self.amount_paid

        amount_due = self.amount_due

        payment_status = self.payment_status.value

        days_overdue = self.days_overdue

        bucket = self.bucket.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoice_id": invoice_id,
                "number": number,
                "kind": kind,
                "customer_id": customer_id,
                "company_id": company_id,
                "customer_name": customer_name,
                "company_name": company_name,
                "invoice_date": invoice_date,
                "due_date": due_date,
                "total": total,
                "amount_paid": amount_paid,
                "amount_due": amount_due,
                "payment_status": payment_status,
                "days_overdue": days_overdue,
                "bucket": bucket,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoice_id = d.pop("invoice_id")

        number = d.pop("number")

        kind = InvoiceKind(d.pop("kind"))

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        def _parse_company_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        company_id = _parse_company_id(d.pop("company_id"))

        def _parse_customer_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_name = _parse_customer_name(d.pop("customer_name"))

        def _parse_company_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        company_name = _parse_company_name(d.pop("company_name"))

        invoice_date = datetime.date.fromisoformat(d.pop("invoice_date"))

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        total = d.pop("total")

        amount_paid = d.pop("amount_paid")

        amount_due = d.pop("amount_due")

        payment_status = PaymentStatus(d.pop("payment_status"))

        days_overdue = d.pop("days_overdue")

        bucket = Bucket(d.pop("bucket"))

        open_item = cls(
            invoice_id=invoice_id,
            number=number,
            kind=kind,
            customer_id=customer_id,
            company_id=company_id,
            customer_name=customer_name,
            company_name=company_name,
            invoice_date=invoice_date,
            due_date=due_date,
            total=total,
            amount_paid=amount_paid,
            amount_due=amount_due,
            payment_status=payment_status,
            days_overdue=days_overdue,
            bucket=bucket,
        )

        open_item.additional_properties = d
        return open_item

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
