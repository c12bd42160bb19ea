from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_method import DeliveryMethod
from ..models.invoice_kind import InvoiceKind
from ..models.invoice_status import InvoiceStatus
from ..models.party_level import PartyLevel
from ..models.payment_status import PaymentStatus

if TYPE_CHECKING:
    from ..models.document_ref import DocumentRef
    from ..models.line_out import LineOut
    from ..models.mail_out import MailOut
    from ..models.totals_out import TotalsOut


T = TypeVar("T", bound="FinalizedInvoiceOut")


@_attrs_define
class FinalizedInvoiceOut:
    """
    Attributes:
        id (str):
        kind (InvoiceKind):
        level (PartyLevel):
        customer_id (None | str):
        company_id (None | str):
        invoice_date (datetime.date):
        due_date (datetime.date):
        delivery_date (datetime.date | None):
        lines (list[LineOut]):
        notes (None | str):
        currency (str):
        status (InvoiceStatus):
        payment_status (PaymentStatus): Follows the invoice's payments: nothing, part or all of its total paid (for a
            credit
            note: refunded or settled).
        amount_paid (str): The sum of its payments (refunds on a credit note).
        amount_due (str): Total minus amount_paid; negative when owed back.
        overpaid (bool):
        number (None | str):
        finalized_at (datetime.datetime | None):
        paid_at (datetime.datetime | None):
        delivery_method (DeliveryMethod):
        delivery_method_source (PartyLevel):
        totals (TotalsOut):
        documents (list[DocumentRef]):
        credited_invoice_id (None | str):
        public_url (None | str): The customer's page of a final invoice (no API key needed): the invoice as HTML, its
            status, the QR code to pay and its PDF and UBL. Null for drafts and while the link is revoked (`POST .../public-
            link` makes a new one).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        mail (MailOut | None): The invoice mail (e-mail delivery), draft or queued.
    """

    id: str
    kind: InvoiceKind
    level: PartyLevel
    customer_id: None | str
    company_id: None | str
    invoice_date: datetime.date
    due_date: datetime.date
    delivery_date: datetime.date | None
    lines: list[LineOut]
    notes: None | str
    currency: str
    status: InvoiceStatus
    payment_status: PaymentStatus
    amount_paid: str
    amount_due: str
    overpaid: bool
    number: None | str
    finalized_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    delivery_method: DeliveryMethod
    delivery_method_source: PartyLevel
    totals: TotalsOut
    documents: list[DocumentRef]
    credited_invoice_id: None | str
    public_url: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    mail: MailOut | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.mail_out import MailOut  # noqa: PLC0415

        id = self.id

        kind = self.kind.value

        level = self.level.value

        customer_id: None | str
        customer_id = self.customer_id

        company_id: None | str
        company_id = self.company_id

        invoice_date = self.invoice_date.isoformat()

        due_date = self.due_date.isoformat()

        delivery_date: None | str
        if isinstance(self.delivery_date, datetime.date):
            delivery_date = self.delivery_date.isoformat()
        else:
            delivery_date = self.delivery_date

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        notes: None | str
        notes = self.notes

        currency = self.currency

        status = self.status.value

        payment_status = self.payment_status.value

        amount_paid = self.amount_paid

        amount_due = self.amount_due

        overpaid = self.overpaid

        number: None | str
        number = self.number

        finalized_at: None | str
        if isinstance(self.finalized_at, datetime.datetime):
            finalized_at = self.finalized_at.isoformat()
        else:
            finalized_at = self.finalized_at

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        delivery_method = self.delivery_method.value

        delivery_method_source = self.delivery_method_source.value

        totals = self.totals.to_dict()

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        credited_invoice_id: None | str
        credited_invoice_id = self.credited_invoice_id

        public_url: None | str
        public_url = self.public_url

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        mail: dict[str, Any] | None
        if isinstance(self.mail, MailOut):
            mail = self.mail.to_dict()
        else:
            mail = self.mail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "level": level,
                "customer_id": customer_id,
                "company_id": company_id,
                "invoice_date": invoice_date,
                "due_date": due_date,
                "delivery_date": delivery_date,
                "lines": lines,
                "notes": notes,
                "currency": currency,
                "status": status,
                "payment_status": payment_status,
                "amount_paid": amount_paid,
                "amount_due": amount_due,
                "overpaid": overpaid,
                "number": number,
                "finalized_at": finalized_at,
                "paid_at": paid_at,
                "delivery_method": delivery_method,
                "delivery_method_source": delivery_method_source,
                "totals": totals,
                "documents": documents,
                "credited_invoice_id": credited_invoice_id,
                "public_url": public_url,
                "created_at": created_at,
                "updated_at": updated_at,
                "mail": mail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.document_ref import DocumentRef  # noqa: PLC0415
        from ..models.line_out import LineOut  # noqa: PLC0415
        from ..models.mail_out import MailOut  # noqa: PLC0415
        from ..models.totals_out import TotalsOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = InvoiceKind(d.pop("kind"))

        level = PartyLevel(d.pop("level"))

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

        invoice_date = datetime.date.fromisoformat(d.pop("invoice_date"))

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        def _parse_delivery_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_date_type_0 = datetime.date.fromisoformat(data)

                return delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        delivery_date = _parse_delivery_date(d.pop("delivery_date"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        currency = d.pop("currency")

        status = InvoiceStatus(d.pop("status"))

        payment_status = PaymentStatus(d.pop("payment_status"))

        amount_paid = d.pop("amount_paid")

        amount_due = d.pop("amount_due")

        overpaid = d.pop("overpaid")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))

        def _parse_finalized_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finalized_at_type_0 = datetime.datetime.fromisoformat(data)

                return finalized_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finalized_at = _parse_finalized_at(d.pop("finalized_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        delivery_method = DeliveryMethod(d.pop("delivery_method"))

        delivery_method_source = PartyLevel(d.pop("delivery_method_source"))

        totals = TotalsOut.from_dict(d.pop("totals"))

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = DocumentRef.from_dict(documents_item_data)

            documents.append(documents_item)

        def _parse_credited_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credited_invoice_id = _parse_credited_invoice_id(d.pop("credited_invoice_id"))

        def _parse_public_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        public_url = _parse_public_url(d.pop("public_url"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_mail(data: object) -> MailOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mail_type_0 = MailOut.from_dict(data)

                return mail_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MailOut | None, data)

        mail = _parse_mail(d.pop("mail"))

        finalized_invoice_out = cls(
            id=id,
            kind=kind,
            level=level,
            customer_id=customer_id,
            company_id=company_id,
            invoice_date=invoice_date,
            due_date=due_date,
            delivery_date=delivery_date,
            lines=lines,
            notes=notes,
            currency=currency,
            status=status,
            payment_status=payment_status,
            amount_paid=amount_paid,
            amount_due=amount_due,
            overpaid=overpaid,
            number=number,
            finalized_at=finalized_at,
            paid_at=paid_at,
            delivery_method=delivery_method,
            delivery_method_source=delivery_method_source,
            totals=totals,
            documents=documents,
            credited_invoice_id=credited_invoice_id,
            public_url=public_url,
            created_at=created_at,
            updated_at=updated_at,
            mail=mail,
        )

        finalized_invoice_out.additional_properties = d
        return finalized_invoice_out

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
