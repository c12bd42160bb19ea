"""UBL 2.1 XML of a `UblDocument`: an Invoice or a CreditNote in the document's profile (EN 16931,
Peppol BIS 3 or NLCIUS; see `profiles`). Pure and deterministic: the same document gives the same
bytes.

Signs. The service stores a credit note as an invoice with negated lines: negative quantities,
amounts, VAT and total. A UBL CreditNote carries the sign in its document type instead, so every
amount of a credit note is multiplied by -1 here: crediting a whole invoice gives the same
positive figures as the invoice. EN 16931 also forbids a negative item price (BR-27), so a line
with a negative unit price (a discount line on an invoice, or a credited line of one) moves the
sign to its quantity: quantity x price and the line amount stay exactly as booked.

Text from users is put in the tree as element text and escaped by ElementTree, after
`clean_text` has removed what XML cannot carry.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from decimal import Decimal

from app.documents.snapshot import Line, Party
from app.invoices.totals import CENT, rate_percent
from app.invoices.ubl.document import (
    XML_SPACE,
    UblDocument,
    blank,
    check_cents,
    clean_text,
    present,
)
from app.invoices.ubl.profiles import Profile, legal_identifier, participant
from app.shared import vat as vat_codes

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

INVOICE_TYPE_CODE = "380"  # commercial invoice
CREDIT_NOTE_TYPE_CODE = "381"
# 58 = SEPA credit transfer: says exactly how a euro invoice is paid (to an IBAN, in the SEPA
# scheme), so the buyer's software can prepare the transfer. NLCIUS allows it (BR-NL-12) and
# advises against a BIC with it (BR-NL-31: SEPA needs none). 30 (credit transfer, unspecified) is
# used for other currencies, with the BIC.
SEPA_CREDIT_TRANSFER = "58"
CREDIT_TRANSFER = "30"

# UN/ECE Recommendation 20 codes for the units people type; anything else is counted in C62
# ("one"), which is what a bare quantity means. The line's name still says what was counted.
ONE = "C62"
UNIT_CODES: dict[str, str] = {
    **dict.fromkeys(("uur", "uren", "u", "hour", "hours", "hr", "hrs", "h"), "HUR"),
    **dict.fromkeys(("minuut", "minuten", "min", "minute", "minutes"), "MIN"),
    **dict.fromkeys(("dag", "dagen", "day", "days"), "DAY"),
    **dict.fromkeys(("week", "weken", "weeks", "wk"), "WEE"),
    **dict.fromkeys(("maand", "maanden", "mnd", "month", "months"), "MON"),
    **dict.fromkeys(("jaar", "jaren", "year", "years", "jr"), "ANN"),
    **dict.fromkeys(("stuk", "stuks", "st", "piece", "pieces", "pcs", "pc"), ONE),
    **dict.fromkeys(("km", "kilometer", "kilometers", "kilometre", "kilometres"), "KMT"),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres"), "MTR"),
    **dict.fromkeys(("kg", "kilo", "kilogram", "kilograms"), "KGM"),
    **dict.fromkeys(("m2", "m²", "vierkante meter"), "MTK"),
    **dict.fromkeys(("m3", "m³", "kuub"), "MTQ"),
    **dict.fromkeys(("l", "liter", "liters", "litre", "litres"), "LTR"),
}

NAME_LENGTH = 100  # receivers show the item name in one table cell; the full text goes along

# ElementTree names prefixes from a process-wide table; registering the conventional ones makes
# the output read like every other UBL file (some receivers even look for `cbc:` literally).
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


# --- text and numbers --------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    check_cents("amount", value)
    # -0.00 (a negated zero) would be valid XML but reads as a bug.
    return format(value.quantize(CENT) if value else Decimal("0.00"), "f")


def _number(value: Decimal) -> str:
    """A quantity as written: no exponent, no trailing zeros, no negative zero."""
    if not value:
        return "0"
    return format(value.normalize(), "f")


def _price(value: Decimal) -> str:
    """A unit price with at least the two decimals of money and all the decimals it has."""
    value = value.normalize() if value else Decimal(0)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        value = value.quantize(CENT)
    return format(value, "f")


def unit_code(unit: str | None) -> str:
    """The UN/ECE Rec 20 code for a unit as people type it ("uur", "Hours", "m²"); C62 if
    unknown."""
    if unit is None:
        return ONE
    return UNIT_CODES.get(" ".join(unit.lower().split()).rstrip("."), ONE)


def item_name(description: str) -> str:
    """The item name (BT-153): the description's first line, cut to `NAME_LENGTH` characters.

    When this is not the whole description, the description goes along as BT-154.
    """
    first = clean_text(description).strip(XML_SPACE).split("\n", 1)[0].strip(XML_SPACE)
    if len(first) > NAME_LENGTH:
        first = first[: NAME_LENGTH - 1].rstrip(XML_SPACE) + "…"
    return first


# --- the tree ----------------------------------------------------------------------------------


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _cbc(parent: ET.Element, name: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{name}", attrib)
    element.text = clean_text(text)
    return element


def _optional(parent: ET.Element, name: str, text: str | None, **attrib: str) -> None:
    # Peppol rejects empty elements (PEPPOL-EN16931-R008): leave out what we do not know.
    if (value := present(text)) is not None:
        _cbc(parent, name, value, **attrib)


def _amount(parent: ET.Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, _money(value), currencyID=currency)


def category_of(rate: str) -> str:
    """The UNCL5305 VAT category of a line's VAT code."""
    treatment = vat_codes.TREATMENTS.get(rate)
    if treatment is not None:
        return treatment.category
    return "Z" if rate_percent(rate) == 0 else "S"


def _tax_category(
    parent: ET.Element, name: str, rate: str, doc: UblDocument, *, reason: bool
) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", category_of(rate))
    _cbc(category, "Percent", _number(rate_percent(rate)))
    treatment = vat_codes.TREATMENTS.get(rate)
    if treatment is not None and reason:
        # BR-AE-10, BR-IC-10, BR-G-10, BR-E-10: the breakdown of a zero-VAT group says why, as
        # code and text. NLCIUS advises against the code (BR-NL-35): the text alone there.
        if treatment.vatex is not None and doc.profile is not Profile.NLCIUS:
            _cbc(category, "TaxExemptionReasonCode", treatment.vatex)
        _optional(category, "TaxExemptionReason", doc.exemption_reason(rate))
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _party(parent: ET.Element, role: str, party: Party, *, endpoint: bool) -> None:
    element = _cac(_cac(parent, role), "Party")
    address = participant(party) if endpoint else None
    if address is not None:
        _cbc(element, "EndpointID", address.value, schemeID=address.scheme)
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    postal = _cac(element, "PostalAddress")
    _optional(postal, "StreetName", party.address.street)
    _optional(postal, "CityName", party.address.city)
    _optional(postal, "PostalZone", party.address.postal_code)
    _cbc(_cac(postal, "Country"), "IdentificationCode", party.address.country)
    if (vat := present(party.vat_number)) is not None:
        tax = _cac(element, "PartyTaxScheme")
        _cbc(tax, "CompanyID", vat)
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if (registration := legal_identifier(party)) is not None:
        _cbc(legal, "CompanyID", registration.value, schemeID=registration.scheme)
    if not blank(party.email):
        _optional(_cac(element, "Contact"), "ElectronicMail", party.email)


def _attachment(root: ET.Element, doc: UblDocument) -> None:
    if doc.attachment is None:
        return
    reference = _cac(root, "AdditionalDocumentReference")
    _cbc(reference, "ID", doc.number)
    _optional(reference, "DocumentDescription", doc.attachment.description)
    _cbc(
        _cac(reference, "Attachment"),
        "EmbeddedDocumentBinaryObject",
        base64.b64encode(doc.attachment.data).decode("ascii"),
        mimeCode=doc.attachment.mime_type,
        filename=doc.attachment.filename,
    )


def _delivery(root: ET.Element, doc: UblDocument) -> None:
    # The delivery date (BT-72) when the invoice gives one. An intra-community supply must name
    # when and where the goods went (BR-IC-11, BR-IC-12): the delivery date, else the invoice
    # date, and the buyer's country (the service knows no separate delivery address).
    intra_community = any(line.vat_rate == vat_codes.INTRA_COMMUNITY for line in doc.lines)
    if doc.delivery_date is None and not intra_community:
        return
    delivery = _cac(root, "Delivery")
    _cbc(delivery, "ActualDeliveryDate", (doc.delivery_date or doc.issue_date).isoformat())
    if intra_community:
        address = _cac(_cac(delivery, "DeliveryLocation"), "Address")
        _cbc(_cac(address, "Country"), "IdentificationCode", doc.buyer.address.country)


def _payment_means(root: ET.Element, doc: UblDocument) -> None:
    # Payment means name the account "to which payment should be made" (BT-84): the seller's,
    # whenever the buyer pays (NL-R-007, BR-NL-11). A credit note that refunds is paid by the
    # seller to an account we do not know, so it has none.
    iban = present(doc.iban)
    if not doc.payment_due or iban is None:
        return
    means = _cac(root, "PaymentMeans")
    sepa = doc.currency == "EUR"
    _cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER if sepa else CREDIT_TRANSFER)
    # The remittance information a Dutch payer types; the invoice number when there is no
    # structured reference, as on the PDF.
    _cbc(means, "PaymentID", present(doc.payment_reference) or doc.number)
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", iban)
    # BT-85: the account holder's name as the bank knows it, which Dutch banks check against
    # the IBAN.
    if not blank(doc.payee):
        _cbc(account, "Name", doc.payee)
    if not sepa and not blank(doc.bic):
        _optional(_cac(account, "FinancialInstitutionBranch"), "ID", doc.bic)


def _line(root: ET.Element, doc: UblDocument, position: int, line: Line) -> None:
    credit = doc.kind == "credit_note"
    quantity = line.quantity * doc.sign
    price = line.unit_price
    if price < 0:  # BR-27: the item price is never negative; the quantity carries the sign
        quantity, price = -quantity, -price
    element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(element, "ID", str(position))
    _cbc(
        element,
        "CreditedQuantity" if credit else "InvoicedQuantity",
        _number(quantity),
        unitCode=unit_code(line.unit),
    )
    _amount(element, "LineExtensionAmount", line.amount * doc.sign, doc.currency)
    item = _cac(element, "Item")
    name = item_name(line.description)
    full = present(line.description)
    if full is not None and full != name:
        _cbc(item, "Description", full)
    _cbc(item, "Name", name)
    _tax_category(item, "ClassifiedTaxCategory", line.vat_rate, doc, reason=False)
    _cbc(_cac(element, "Price"), "PriceAmount", _price(price), currencyID=doc.currency)


def _tree(doc: UblDocument) -> ET.Element:
    credit = doc.kind == "credit_note"
    profile = doc.profile
    # ElementTree cannot write a default namespace when elements carry unqualified attributes
    # (currencyID, schemeID), so the root's is declared by hand. Every other element is in the
    # cac or cbc namespace, and unprefixed attributes are in no namespace either way.
    root = ET.Element(
        "CreditNote" if credit else "Invoice", xmlns=CREDIT_NOTE_NS if credit else INVOICE_NS
    )
    _cbc(root, "CustomizationID", profile.value)
    if profile.profile_id is not None:
        _cbc(root, "ProfileID", profile.profile_id)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", doc.issue_date.isoformat())
    if credit:
        # UBL 2.1 has no due date on a credit note, and nothing is due from the buyer.
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE_CODE)
    else:
        _cbc(root, "DueDate", doc.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE_CODE)
    _optional(root, "Note", doc.notes)
    _cbc(root, "DocumentCurrencyCode", doc.currency)
    # PEPPOL-EN16931-R003 and BR-NL-2 want a buyer reference or an order reference. Without the
    # buyer's own, the invoice number is the reference both sides know.
    _cbc(root, "BuyerReference", present(doc.buyer_reference) or doc.number)
    if (credited_number := present(doc.credited_invoice_number)) is not None:
        credited = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(credited, "ID", credited_number)
        # NLCIUS advises against the credited invoice's date (BR-NL-24); the others keep it.
        if doc.credited_invoice_date is not None and profile is not Profile.NLCIUS:
            _cbc(credited, "IssueDate", doc.credited_invoice_date.isoformat())
    _attachment(root, doc)
    # Peppol routes on both electronic addresses (PEPPOL-EN16931-R010, R020); a plain EN 16931
    # document is for a buyer without one, and gets none rather than an invented one.
    _party(root, "AccountingSupplierParty", doc.seller, endpoint=True)
    _party(root, "AccountingCustomerParty", doc.buyer, endpoint=profile is not Profile.EN16931)
    _delivery(root, doc)
    _payment_means(root, doc)

    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", doc.vat_total * doc.sign, doc.currency)
    for vat in doc.vat:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", vat.base * doc.sign, doc.currency)
        _amount(subtotal, "TaxAmount", vat.amount * doc.sign, doc.currency)
        _tax_category(subtotal, "TaxCategory", vat.rate, doc, reason=True)

    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", doc.subtotal * doc.sign, doc.currency)
    _amount(totals, "TaxExclusiveAmount", doc.subtotal * doc.sign, doc.currency)
    _amount(totals, "TaxInclusiveAmount", doc.total * doc.sign, doc.currency)
    _amount(totals, "PayableAmount", doc.total * doc.sign, doc.currency)

    for position, line in enumerate(doc.lines, start=1):
        _line(root, doc, position, line)
    return root


def render_ubl(doc: UblDocument) -> bytes:
    """The document as UBL 2.1 XML, UTF-8 with an XML declaration. Deterministic: the same
    document gives the same bytes."""
    root = _tree(doc)
    ET.indent(root)
    # Serialised to str and encoded once: the same bytes as encoding="utf-8", without the
    # codec writer the stdlib wraps around every write when it is asked for bytes.
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()
