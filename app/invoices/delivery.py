"""Who an invoice goes to and how: the delivery method (SPEC §2), the buyer as printed and the
default e-mail recipients (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Company, Customer, Invoice
from app.models.enums import DeliveryMethod, InvoiceStatus, PartyLevel
from app.parties.identifiers import Address

# --- delivery method ---------------------------------------------------------------------------


def resolve_delivery_method(
    level: PartyLevel,
    customer_method: DeliveryMethod | None,
    company_method: DeliveryMethod | None,
) -> tuple[DeliveryMethod, PartyLevel]:
    """SPEC §2: company level -> the company's method; customer level -> the customer's method,
    except that `none` on a customer linked to a company falls back to the company's method."""
    if level is PartyLevel.company:
        assert company_method is not None
        return company_method, PartyLevel.company
    assert customer_method is not None
    if customer_method is DeliveryMethod.none and company_method is not None:
        return company_method, PartyLevel.company
    return customer_method, PartyLevel.customer


def level_of(customer_id: str | None) -> PartyLevel:
    """An invoice with a customer is a customer-level invoice, else a company-level one."""
    return PartyLevel.customer if customer_id else PartyLevel.company


def stored_delivery(
    status: InvoiceStatus, method: DeliveryMethod | None, source: str | None
) -> tuple[DeliveryMethod, PartyLevel] | None:
    """The method a final invoice was delivered by (it no longer follows its parties), from its
    status and stored delivery columns."""
    if status is InvoiceStatus.final and method is not None:
        return method, PartyLevel(source or "customer")
    return None


def linked_company(invoice: Invoice) -> Company | None:
    """The company of a company-level invoice, or the company the customer is linked to."""
    if invoice.customer is not None:
        return invoice.customer.company
    return invoice.company


def delivery_of(invoice: Invoice) -> tuple[DeliveryMethod, PartyLevel]:
    stored = stored_delivery(
        invoice.status, invoice.delivery_method, invoice.delivery_method_source
    )
    if stored is not None:
        return stored
    company = linked_company(invoice)
    return resolve_delivery_method(
        level_of(invoice.customer_id),
        invoice.customer.delivery_method if invoice.customer else None,
        company.delivery_method if company else None,
    )


# --- the buyer as printed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Buyer:
    name: str
    attention: str | None
    address: Address
    vat_number: str | None
    email: str | None
    kvk_number: str | None  # the legal identifier (KvK number), printed on the invoice
    peppol_id: str | None  # the e-invoice address on Peppol, "scheme:value"


def _billed_as_itself(party: Customer | Company) -> Buyer:
    return Buyer(
        party.name,
        None,
        Address(**party.address),
        party.vat_number,
        party.email,
        kvk_number=party.kvk_number,
        peppol_id=party.peppol_id,
    )


def buyer_of(invoice: Invoice) -> Buyer:
    """Who the invoice is addressed to. A customer linked to a company is billed at the company,
    for the attention of the customer ("t.a.v."), the way Dutch B2B invoices read: the company's
    identifiers come first, the customer's fill in what the company lacks."""
    if invoice.parties_snapshot is not None:
        b = invoice.parties_snapshot["buyer"]
        return Buyer(
            b["name"],
            b["attention"],
            Address(**b["address"]),
            b["vat_number"],
            b["email"],
            # Invoices finalised before buyers had these were frozen without them.
            kvk_number=b.get("kvk_number"),
            peppol_id=b.get("peppol_id"),
        )
    customer, company = invoice.customer, linked_company(invoice)
    if customer is None:
        assert company is not None
        return _billed_as_itself(company)
    if company is None:
        return _billed_as_itself(customer)
    company_address = Address(**company.address)
    return Buyer(
        company.name,
        customer.name,
        company_address if company_address.is_complete else Address(**customer.address),
        company.vat_number or customer.vat_number,
        company.email or customer.email,
        kvk_number=company.kvk_number or customer.kvk_number,
        peppol_id=company.peppol_id or customer.peppol_id,
    )


# --- default e-mail recipients -----------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str | None
    source: str  # customer, company, contact_detail


def default_recipients(invoice: Invoice) -> list[Recipient]:
    """SPEC §3 / seed 000: the customer's address (customer level), the company's (company level),
    both when the customer is linked to a company, plus every e-mail contact detail with the
    invoice flag of the customer (and of the company on a company-level invoice). Each address
    once, compared case-insensitively, in that order."""
    out: list[Recipient] = []
    seen: set[str] = set()

    def add(address: str | None, name: str | None, source: str) -> None:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            out.append(Recipient(address, name, source))

    customer, company = invoice.customer, linked_company(invoice)
    if customer is not None:
        add(customer.email, customer.name, "customer")
    if company is not None:
        add(company.email, company.name, "company")
    flagged_owner = customer if customer is not None else company
    if flagged_owner is not None:
        for detail in flagged_owner.contact_details:
            if detail.type == "email" and detail.invoice:
                add(detail.value, flagged_owner.name, "contact_detail")
    return out
