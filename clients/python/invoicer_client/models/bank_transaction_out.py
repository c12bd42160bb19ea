from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bank_transaction_status import BankTransactionStatus
from ..models.credit_debit import CreditDebit
from ..models.match_rule import MatchRule

T = TypeVar("T", bound="BankTransactionOut")


@_attrs_define
class BankTransactionOut:
    """
    Attributes:
        id (str):
        direction (CreditDebit): Which way money moved on the administration's account.
        status (BankTransactionStatus):
        amount (str): Always positive; `direction` says which way.
        currency (str):
        booking_date (datetime.date):
        value_date (datetime.date | None):
        counterparty_name (None | str):
        counterparty_iban (None | str):
        remittance_info (None | str): The unstructured remittance (Ustrd).
        structured_reference (None | str): The structured creditor reference (CdtrRefInf/Ref), e.g. a betalingskenmerk.
        end_to_end_id (None | str):
        bank_reference (None | str): The bank's reference (AcctSvcrRef).
        account_iban (str):
        statement_id (str):
        invoice_id (None | str):
        payment_id (None | str):
        matched_by (MatchRule | None):
        matched_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: str
    direction: CreditDebit
    status: BankTransactionStatus
    amount: str
    currency: str
    booking_date: datetime.date
    value_date: datetime.date | None
    counterparty_name: None | str
    counterparty_iban: None | str
    remittance_info: None | str
    structured_reference: None | str
    end_to_end_id: None | str
    bank_reference: None | str
    account_iban: str
    statement_id: str
    invoice_id: None | str
    payment_id: None | str
    matched_by: MatchRule | None
    matched_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        direction = self.direction.value

        status = self.status.value

        amount = self.amount

        currency = self.currency

        booking_date = self.booking_date.isoformat()

        value_date: None | str
        if isinstance(self.value_date, datetime.date):
            value_date = self.value_date.isoformat()
        else:
            value_date = self.value_date

        counterparty_name: None | str
        counterparty_name = self.counterparty_name

        counterparty_iban: None | str
        counterparty_iban = self.counterparty_iban

        remittance_info: None | str
        remittance_info = self.remittance_info

        structured_reference: None | str
        structured_reference = self.structured_reference

        end_to_end_id: None | str
        end_to_end_id = self.end_to_end_id

        bank_reference: None | str
        bank_reference = self.bank_reference

        account_iban = self.account_iban

        statement_id = self.statement_id

        invoice_id: None | str
        invoice_id = self.invoice_id

        payment_id: None | str
        payment_id = self.payment_id

        matched_by: None | str
        if isinstance(self.matched_by, MatchRule):
            matched_by = self.matched_by.value
        else:
            matched_by = self.matched_by

        matched_at: None | str
        if isinstance(self.matched_at, datetime.datetime):
            matched_at = self.matched_at.isoformat()
        else:
            matched_at = self.matched_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "direction": direction,
                "status": status,
                "amount": amount,
                "currency": currency,
                "booking_date": booking_date,
                "value_date": value_date,
                "counterparty_name": counterparty_name,
                "counterparty_iban": counterparty_iban,
                "remittance_info": remittance_info,
                "structured_reference": structured_reference,
                "end_to_end_id": end_to_end_id,
                "bank_reference": bank_reference,
                "account_iban": account_iban,
                "statement_id": statement_id,
                "invoice_id": invoice_id,
                "payment_id": payment_id,
                "matched_by": matched_by,
                "matched_at": matched_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        direction = CreditDebit(d.pop("direction"))

        status = BankTransactionStatus(d.pop("status"))

        amount = d.pop("amount")

        currency = d.pop("currency")

        booking_date = datetime.date.fromisoformat(d.pop("booking_date"))

        def _parse_value_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                value_date_type_0 = datetime.date.fromisoformat(data)

                return value_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        value_date = _parse_value_date(d.pop("value_date"))

        def _parse_counterparty_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        counterparty_name = _parse_counterparty_name(d.pop("counterparty_name"))

        def _parse_counterparty_iban(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        counterparty_iban = _parse_counterparty_iban(d.pop("counterparty_iban"))

        def _parse_remittance_info(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        remittance_info = _parse_remittance_info(d.pop("remittance_info"))

        def _parse_structured_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        structured_reference = _parse_structured_reference(d.pop("structured_reference"))

        def _parse_end_to_end_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_to_end_id = _parse_end_to_end_id(d.pop("end_to_end_id"))

        def _parse_bank_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bank_reference = _parse_bank_reference(d.pop("bank_reference"))

        account_iban = d.pop("account_iban")

        statement_id = d.pop("statement_id")

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        def _parse_matched_by(data: object) -> MatchRule | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_by_type_0 = MatchRule(data)

                return matched_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MatchRule | None, data)

        matched_by = _parse_matched_by(d.pop("matched_by"))

        def _parse_matched_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_at_type_0 = datetime.datetime.fromisoformat(data)

                return matched_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        matched_at = _parse_matched_at(d.pop("matched_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        bank_transaction_out = cls(
            id=id,
            direction=direction,
            status=status,
            amount=amount,
            currency=currency,
            booking_date=booking_date,
            value_date=value_date,
            counterparty_name=counterparty_name,
            counterparty_iban=counterparty_iban,
            remittance_info=remittance_info,
            structured_reference=structured_reference,
            end_to_end_id=end_to_end_id,
            bank_reference=bank_reference,
            account_iban=account_iban,
            statement_id=statement_id,
            invoice_id=invoice_id,
            payment_id=payment_id,
            matched_by=matched_by,
            matched_at=matched_at,
            created_at=created_at,
        )

        bank_transaction_out.additional_properties = d
        return bank_transaction_out

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
