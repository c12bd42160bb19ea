"""UBL 2.1 e-invoices and credit notes following Peppol BIS Billing 3.0 with the Dutch (NLCIUS)
country rules: a pure `render_ubl(doc) -> bytes` fed by plain frozen values.

Like the PDF view model, the input arrives computed and rounded by `app.invoices.totals`: this
module formats and checks, it never calculates an amount. A document whose figures do not add up
is refused when it is built, because a receiver would reject it anyway (BR-CO-10, BR-CO-15, ...).

Signs. The service stores a credit note as an invoice with negated lines: negative quantities,
amounts, VAT and total. A UBL CreditNote carries the sign in its document type instead, so every
amount of a credit note is multiplied by -1 here: crediting a whole invoice gives the same
positive figures as the invoice. Peppol also forbids a negative item price (BR-27), so a line with
a negative unit price (a discount line on an invoice, or a credited line of one) moves the sign to
its quantity: quantity x price and the line amount stay exactly as booked.

Text from users is put in the tree as element text and escaped by ElementTree; characters that
XML 1.0 cannot carry (C0 controls other than tab and newline, lone surrogates, U+FFFE/U+FFFF) are
removed first, so the output always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.documents.snapshot import Address, InvoiceSnapshot, Line, Party, Vat
from app.invoices.totals import CENT, RATES, REVERSE_CHARGE, line_amount, rate_percent

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

INVOICE_TYPE_CODE = "380"  # commercial invoice
CREDIT_NOTE_TYPE_CODE = "381"
# 58 = SEPA credit transfer: says exactly how a euro invoice is paid (to an IBAN, in the SEPA
# scheme), so the buyer's software can prepare the transfer. NLCIUS allows it (NL-R-008); 30
# (credit transfer, unspecified) is used for other currencies.
SEPA_CREDIT_TRANSFER = "58"
CREDIT_TRANSFER = "30"

KVK_SCHEME = "0106"  # ISO 6523 ICD of the Dutch Chamber of Commerce (NLCIUS, NL-R-003)
EMAIL_SCHEME = "EM"  # in EN 16931's address scheme list, but not in Peppol's (PEPPOL-EN16931-CL008)
# Peppol's electronic address schemes for VAT numbers, by VAT prefix (Greece uses EL). Countries
# whose VAT number is not a Peppol address scheme (Italy, Scandinavia, Finland) are left out, so
# their parties fall back to another identifier.
VAT_SCHEMES: dict[str, str] = {
    "AD": "9922",
    "AL": "9923",
    "AT": "9914",
    "BA": "9924",
    "BE": "9925",
    "BG": "9926",
    "CH": "9927",
    "CY": "9928",
    "CZ": "9929",
    "DE": "9930",
    "EE": "9931",
    "EL": "9933",
    "ES": "9920",
    "FR": "9957",
    "GB": "9932",
    "HR": "9934",
    "HU": "9910",
    "IE": "9935",
    "LI": "9936",
    "LT": "9937",
    "LU": "9938",
    "LV": "9939",
    "MC": "9940",
    "ME": "9941",
    "MK": "9942",
    "MT": "9943",
    "NL": "9944",
    "PL": "9945",
    "PT": "9946",
    "RO": "9947",
    "RS": "9948",
    "SI": "9949",
    "SK": "9950",
    "SM": "9951",
    "TR": "9952",
    "VA": "9953",
}

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

KINDS = frozenset({"invoice", "credit_note"})
NAME_LENGTH = 100  # receivers show the item name in one table cell; the full text goes along
REVERSE_CHARGE_REASON = "Reverse charge"
REVERSE_CHARGE_CODE = "VATEX-EU-AE"

_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_SPACE = " \t\n\r"

# ElementTree names prefixes from a process-wide table; registering the conventional ones makes
# the output read like every other UBL file (some receivers even look for `cbc:` literally).
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def _check_rate(rate: str) -> None:
    if rate not in RATES:
        raise ValueError(f"VAT rate {rate!r} is not one of {', '.join(RATES)}")


def _check_cents(what: str, value: Decimal) -> None:
    if not value.is_finite() or value != value.quantize(CENT):
        raise ValueError(f"{what} {value} is not a whole number of cents")


def _check_party(party: Party) -> None:
    if _blank(party.name):
        raise ValueError("a party needs a name (BT-27, BT-44)")
    if not _COUNTRY.fullmatch(party.address.country):
        raise ValueError(f"country {party.address.country!r} is not an ISO 3166-1 alpha-2 code")


def _check_line(line: Line) -> None:
    _check_rate(line.vat_rate)
    if _blank(line.description):
        raise ValueError("a line needs a description (the item name, BT-153)")
    if not (line.quantity.is_finite() and line.unit_price.is_finite()):
        raise ValueError("quantity and unit price must be finite numbers")
    _check_cents("line amount", line.amount)
    # PEPPOL-EN16931-R120: the line amount is quantity x price, rounded as the totals module
    # rounds it.
    if line.amount != line_amount(line.quantity, line.unit_price):
        raise ValueError(
            f"line amount {line.amount} is not {line.quantity} x {line.unit_price} in cents"
        )


def _complete(address: Address) -> bool:
    return all(not _blank(part) for part in (address.street, address.postal_code, address.city))


@dataclass(frozen=True, slots=True)
class UblDocument:
    """A final invoice or credit note, in the service's signs (see the module docstring).

    Building one checks what the EN 16931 arithmetic rules check, so an inconsistent document
    fails here rather than at the receiver: parties with a name and a country code, lines with an
    item name (BT-153), Dutch VAT rates, amounts in whole cents, each line amount quantity x price
    (PEPPOL-EN16931-R120), at least one line (BR-16), one VAT group per rate used (BR-CO-18), each
    group's base the sum of its lines (BR-S-08, BR-Z-08, BR-AE-08), subtotal the sum of the lines
    (BR-CO-10) and total subtotal plus VAT (BR-CO-15). The parts are the snapshot's shared values
    (`app.documents.snapshot`), which the PDF accepts more loosely: these checks are the UBL's.
    """

    kind: str  # "invoice" | "credit_note"
    number: str
    issue_date: date
    due_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    subtotal: Decimal
    vat: tuple[Vat, ...]
    total: Decimal
    iban: str | None
    bic: str | None
    payment_reference: str | None
    notes: str | None = None
    credited_invoice_number: str | None = None  # credit notes: the invoice they correct
    credited_invoice_date: date | None = None
    buyer_reference: str | None = None  # the buyer's own reference (BT-10), e.g. a cost centre

    def __post_init__(self) -> None:
        for party in (self.seller, self.buyer):
            _check_party(party)
        for line in self.lines:
            _check_line(line)
        for vat in self.vat:
            _check_rate(vat.rate)
            _check_cents("VAT base", vat.base)
            _check_cents("VAT amount", vat.amount)
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {sorted(KINDS)}")
        if _blank(self.number):
            raise ValueError("a final document needs a number (BT-1)")
        if not _CURRENCY.fullmatch(self.currency):
            raise ValueError(f"currency {self.currency!r} is not an ISO 4217 code")
        if self.kind == "invoice" and (
            self.credited_invoice_number is not None or self.credited_invoice_date is not None
        ):
            raise ValueError("only a credit note refers to a credited invoice")
        if not self.lines:
            raise ValueError("a UBL document needs at least one line (BR-16)")
        _check_cents("subtotal", self.subtotal)
        _check_cents("total", self.total)
        bases: dict[str, Decimal] = {}
        for line in self.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, Decimal(0)) + line.amount
        given = {vat.rate: vat.base for vat in self.vat}
        if len(given) != len(self.vat):
            raise ValueError("each VAT rate appears once in the VAT breakdown")
        if given != bases:
            raise ValueError(
                f"the VAT bases {given} are not the sums of the lines per rate {bases}"
            )
        if self.subtotal != sum(bases.values(), Decimal(0)):
            raise ValueError(f"subtotal {self.subtotal} is not the sum of the line amounts")
        if self.total != self.subtotal + self.vat_total:
            raise ValueError(f"total {self.total} is not subtotal {self.subtotal} plus VAT")

    @property
    def vat_total(self) -> Decimal:
        return sum((vat.amount for vat in self.vat), Decimal("0.00"))

    @property
    def sign(self) -> int:
        """What the service's amounts are multiplied by in the UBL document."""
        return -1 if self.kind == "credit_note" else 1


def ubl_document(snapshot: InvoiceSnapshot) -> UblDocument:
    """The e-invoice of a final invoice's snapshot: the same figures as its PDF, structured for
    Peppol."""
    if snapshot.draft or snapshot.number is None:
        raise ValueError("only a final invoice has an e-invoice")
    return UblDocument(
        kind=snapshot.kind,
        number=snapshot.number,
        issue_date=snapshot.invoice_date,
        due_date=snapshot.due_date,
        currency=snapshot.currency,
        seller=snapshot.seller,
        buyer=snapshot.buyer,
        lines=snapshot.lines,
        subtotal=snapshot.subtotal,
        vat=snapshot.vat,
        total=snapshot.total,
        iban=snapshot.iban,
        bic=snapshot.bic,
        payment_reference=snapshot.payment_reference,
        notes=snapshot.notes,
        credited_invoice_number=snapshot.credited_invoice_number,
        credited_invoice_date=snapshot.credited_invoice_date,
    )


# --- text and numbers --------------------------------------------------------------------------


def _present(value: str | None) -> str | None:
    """`value` as it goes into the XML, or None when that would be an empty element."""
    if value is None:
        return None
    # XPath's normalize-space, which Peppol's "no empty elements" rule (PEPPOL-EN16931-R008) uses,
    # strips only these four characters.
    return clean_text(value).strip(_XML_SPACE) or None


def _blank(value: str | None) -> bool:
    return _present(value) is None


def clean_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry; line ends become `\\n`, as an XML
    parser would read them anyway."""
    return _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _money(value: Decimal) -> str:
    _check_cents("amount", value)
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


def endpoint(party: Party) -> tuple[str, str] | None:
    """The party's electronic address (scheme, identifier), or None when it has none.

    KvK number first (scheme 0106: NLCIUS and the Dutch Peppol authority make it the primary
    identifier of a Dutch company), then the VAT number under its country's Peppol scheme (9944
    for NL), then the e-mail address (scheme EM). EM is valid EN 16931 but not routable on Peppol
    and rejected by its validators (PEPPOL-EN16931-CL008): such a document is fine to send by
    e-mail, and `peppol_gaps` reports it.
    """
    if (kvk := _present(party.kvk_number)) is not None:
        return KVK_SCHEME, kvk
    if (vat := _present(party.vat_number)) is not None and vat[:2].upper() in VAT_SCHEMES:
        return VAT_SCHEMES[vat[:2].upper()], vat
    if (email := _present(party.email)) is not None:
        return EMAIL_SCHEME, email
    return None


def item_name(description: str) -> str:
    """The item name (BT-153): the description's first line, cut to `NAME_LENGTH` characters.

    When this is not the whole description, the description goes along as BT-154.
    """
    first = clean_text(description).strip(_XML_SPACE).split("\n", 1)[0].strip(_XML_SPACE)
    if len(first) > NAME_LENGTH:
        first = first[: NAME_LENGTH - 1].rstrip(_XML_SPACE) + "…"
    return first


def peppol_gaps(doc: UblDocument) -> tuple[str, ...]:
    """What keeps `doc` from passing Peppol BIS 3 validation with the Dutch rules, in words for
    the user; empty when nothing does. `render_ubl` renders such a document all the same: it is
    valid UBL and EN 16931 data, for e-mail or import, but an access point would refuse it."""
    gaps: list[str] = []
    for role, party, rule in (("seller", doc.seller, "R020"), ("buyer", doc.buyer, "R010")):
        address = endpoint(party)
        if address is None or address[0] == EMAIL_SCHEME:
            gaps.append(
                f"The {role} has no KvK number or VAT number to address it on Peppol "
                f"(PEPPOL-EN16931-{rule})."
            )
    if _blank(doc.seller.vat_number):
        gaps.append("The seller has no VAT number (BR-S-02, BR-Z-02, BR-AE-02).")
    reverse_charge = any(vat.rate == REVERSE_CHARGE for vat in doc.vat)
    if reverse_charge and _blank(doc.buyer.vat_number):
        gaps.append("VAT is reverse-charged but the buyer has no VAT number (BR-AE-02).")
    if doc.seller.address.country == "NL":
        if not _complete(doc.seller.address):
            gaps.append("The seller's address needs street, postal code and city (NL-R-002).")
        if doc.buyer.address.country == "NL" and not _complete(doc.buyer.address):
            gaps.append("The buyer's address needs street, postal code and city (NL-R-004).")
        if doc.kind == "invoice" and doc.total > 0 and _blank(doc.iban):
            gaps.append("The invoice has no IBAN to pay to (NL-R-007).")
        if doc.kind == "credit_note" and _blank(doc.credited_invoice_number):
            gaps.append("The credit note does not name the invoice it credits (NL-R-001).")
    return tuple(gaps)


# --- the tree ----------------------------------------------------------------------------------


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _cbc(parent: ET.Element, name: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{name}", attrib)
    element.text = clean_text(text)
    return element


def _optional(parent: ET.Element, name: str, text: str | None, **attrib: str) -> None:
    # Peppol rejects empty elements (PEPPOL-EN16931-R008): leave out what we do not know.
    if (present := _present(text)) is not None:
        _cbc(parent, name, present, **attrib)


def _amount(parent: ET.Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, _money(value), currencyID=currency)


def _tax_category(parent: ET.Element, name: str, rate: str, *, reason: bool) -> None:
    category = _cac(parent, name)
    if rate == REVERSE_CHARGE:
        _cbc(category, "ID", "AE")
    else:
        _cbc(category, "ID", "Z" if rate_percent(rate) == 0 else "S")
    _cbc(category, "Percent", _number(rate_percent(rate)))
    if rate == REVERSE_CHARGE and reason:
        # BR-AE-10: the breakdown of a reverse-charged group says so, as code and as text.
        _cbc(category, "TaxExemptionReasonCode", REVERSE_CHARGE_CODE)
        _cbc(category, "TaxExemptionReason", REVERSE_CHARGE_REASON)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _party(parent: ET.Element, role: str, party: Party) -> None:
    element = _cac(_cac(parent, role), "Party")
    address = endpoint(party)
    if address is not None:
        _cbc(element, "EndpointID", address[1], schemeID=address[0])
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    postal = _cac(element, "PostalAddress")
    _optional(postal, "StreetName", party.address.street)
    _optional(postal, "CityName", party.address.city)
    _optional(postal, "PostalZone", party.address.postal_code)
    _cbc(_cac(postal, "Country"), "IdentificationCode", party.address.country)
    if (vat := _present(party.vat_number)) is not None:
        tax = _cac(element, "PartyTaxScheme")
        _cbc(tax, "CompanyID", vat)
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    _optional(legal, "CompanyID", party.kvk_number, schemeID=KVK_SCHEME)
    if not _blank(party.email):
        _optional(_cac(element, "Contact"), "ElectronicMail", party.email)


def _payment_means(root: ET.Element, doc: UblDocument) -> None:
    # A credit note is paid by the seller to the buyer, whose account we do not know: BT-84 is the
    # account "to which payment should be made", so the seller's IBAN would be wrong there. Peppol
    # requires payment means only on invoices (NL-R-007).
    iban = _present(doc.iban)
    if doc.kind == "credit_note" or iban is None:
        return
    means = _cac(root, "PaymentMeans")
    code = SEPA_CREDIT_TRANSFER if doc.currency == "EUR" else CREDIT_TRANSFER
    _cbc(means, "PaymentMeansCode", code)
    # The remittance information a Dutch payer types; the invoice number when there is no
    # structured reference, as on the PDF.
    _cbc(means, "PaymentID", _present(doc.payment_reference) or doc.number)
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", iban)
    if not _blank(doc.bic):
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
    full = _present(line.description)
    if full is not None and full != name:
        _cbc(item, "Description", full)
    _cbc(item, "Name", name)
    _tax_category(item, "ClassifiedTaxCategory", line.vat_rate, reason=False)
    _cbc(_cac(element, "Price"), "PriceAmount", _price(price), currencyID=doc.currency)


def _tree(doc: UblDocument) -> ET.Element:
    credit = doc.kind == "credit_note"
    # ElementTree cannot write a default namespace when elements carry unqualified attributes
    # (currencyID, schemeID), so the root's is declared by hand. Every other element is in the
    # cac or cbc namespace, and unprefixed attributes are in no namespace either way.
    root = ET.Element(
        "CreditNote" if credit else "Invoice", xmlns=CREDIT_NOTE_NS if credit else INVOICE_NS
    )
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
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
    # PEPPOL-EN16931-R003 wants a buyer reference or an order reference. Without the buyer's own,
    # the invoice number is the reference both sides know.
    _cbc(root, "BuyerReference", _present(doc.buyer_reference) or doc.number)
    if (credited_number := _present(doc.credited_invoice_number)) is not None:
        credited = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(credited, "ID", credited_number)
        if doc.credited_invoice_date is not None:
            _cbc(credited, "IssueDate", doc.credited_invoice_date.isoformat())
    _party(root, "AccountingSupplierParty", doc.seller)
    _party(root, "AccountingCustomerParty", doc.buyer)
    _payment_means(root, doc)

    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", doc.vat_total * doc.sign, doc.currency)
    for vat in doc.vat:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", vat.base * doc.sign, doc.currency)
        _amount(subtotal, "TaxAmount", vat.amount * doc.sign, doc.currency)
        _tax_category(subtotal, "TaxCategory", vat.rate, reason=True)

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
