"""EN 16931, Peppol BIS Billing 3.0 and Dutch (NL-R) business rules that the XSD cannot check,
read back from rendered XML with ElementTree.

A stand-in for the official Schematron, which needs an XSLT 2.0 processor: it covers the
arithmetic, code-list and presence rules a generator can get wrong. Each rule is written from
the rule text, independently of `app.invoices.ubl` (nothing is imported from it), so a mistake
in the generator is not repeated here. `violations(xml)` returns every broken rule as
"RULE-ID: what is wrong"; an empty list means all hold.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import list_currencies

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "Invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "CreditNote",
}
NS = {"cac": CAC, "cbc": CBC}
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
# Peppol's electronic address schemes (the `eaid` list of the Peppol BIS 3 Schematron).
PEPPOL_EAS = frozenset(
    "0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0183 0184 0188 0190 0191 "
    "0192 0193 0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 "
    "0218 0221 0230 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 "
    "9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 "
    "9948 9949 9950 9951 9952 9953 9957 9959".split()
)
NL_PAYMENT_MEANS = frozenset({"30", "48", "49", "57", "58", "59"})
CENT = Decimal("0.01")
ZERO = Decimal(0)

Rule = Callable[[ET.Element], Iterator[str]]


def parse(xml: bytes) -> ET.Element:
    root = ET.fromstring(xml)
    if root.tag not in ROOTS:
        raise ValueError(f"not a UBL invoice or credit note: {root.tag}")
    return root


def is_credit_note(root: ET.Element) -> bool:
    return ROOTS[root.tag] == "CreditNote"


def lines(root: ET.Element) -> list[ET.Element]:
    return root.findall("cac:CreditNoteLine" if is_credit_note(root) else "cac:InvoiceLine", NS)


def quantity(line: ET.Element) -> Decimal:
    found = line.find("cbc:CreditedQuantity", NS)
    if found is None:
        found = line.find("cbc:InvoicedQuantity", NS)
    assert found is not None
    return Decimal(found.text or "")


def text(element: ET.Element, path: str) -> str | None:
    found = element.find(path, NS)
    return None if found is None else found.text


def amount(element: ET.Element, path: str) -> Decimal:
    """The amount at `path`, zero when it is absent (as EN 16931 reads optional amounts)."""
    value = text(element, path)
    return ZERO if value is None else Decimal(value)


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def category(element: ET.Element, path: str) -> tuple[str, Decimal]:
    found = element.find(path, NS)
    assert found is not None
    return text(found, "cbc:ID") or "", Decimal(text(found, "cbc:Percent") or "0")


# --- the rules ---------------------------------------------------------------------------------


def specification(root: ET.Element) -> Iterator[str]:
    if text(root, "cbc:CustomizationID") != CUSTOMIZATION_ID:
        yield "PEPPOL-EN16931-R004: the specification identifier is not Peppol BIS 3"
    if text(root, "cbc:ProfileID") != PROFILE_ID:
        yield "PEPPOL-EN16931-R001/R007: the business process is not billing 01"
    if is_credit_note(root):
        if text(root, "cbc:CreditNoteTypeCode") != "381":
            yield "PEPPOL-EN16931-P0101: credit note type code is not 381"
    elif text(root, "cbc:InvoiceTypeCode") != "380":
        yield "PEPPOL-EN16931-P0100: invoice type code is not 380"


def no_empty_elements(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        if len(element) == 0 and not (element.text or "").strip(" \t\n\r"):
            yield f"PEPPOL-EN16931-R008: empty element {element.tag}"


def currency(root: ET.Element) -> Iterator[str]:
    code = text(root, "cbc:DocumentCurrencyCode")
    if code not in list_currencies():
        yield f"BR-CL-04: document currency {code!r} is not an ISO 4217 code"
    for element in root.iter():
        found = element.get("currencyID")
        if found is not None and found != code:
            yield f"PEPPOL-EN16931-R051: {element.tag} is in {found}, the document in {code}"


def two_decimals(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        if element.get("currencyID") is None or element.tag in (
            f"{{{CBC}}}PriceAmount",
            f"{{{CBC}}}BaseAmount",
        ):
            continue
        exponent = Decimal(element.text or "").as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2:
            yield f"UBL-DT-01: {element.tag} {element.text} has more than two decimals"


def buyer_reference(root: ET.Element) -> Iterator[str]:
    if not (text(root, "cbc:BuyerReference") or text(root, "cac:OrderReference/cbc:ID")):
        yield "PEPPOL-EN16931-R003: neither a buyer reference nor an order reference"


def endpoints(root: ET.Element) -> Iterator[str]:
    for role, rule in (("AccountingSupplierParty", "R020"), ("AccountingCustomerParty", "R010")):
        found = root.find(f"cac:{role}/cac:Party/cbc:EndpointID", NS)
        if found is None:
            yield f"PEPPOL-EN16931-{rule}: {role} has no electronic address"
        elif found.get("schemeID") not in PEPPOL_EAS:
            yield f"PEPPOL-EN16931-CL008: {role} address scheme {found.get('schemeID')!r}"


def at_least_one_line(root: ET.Element) -> Iterator[str]:
    if not lines(root):
        yield "BR-16: no invoice line"


def line_amounts(root: ET.Element) -> Iterator[str]:
    for line in lines(root):
        price = amount(line, "cac:Price/cbc:PriceAmount")
        net = amount(line, "cbc:LineExtensionAmount")
        if price < 0:
            yield f"BR-27: line {text(line, 'cbc:ID')} has a negative price {price}"
        if half_up(quantity(line) * price) != net:
            yield (
                f"PEPPOL-EN16931-R120: line {text(line, 'cbc:ID')} amount {net} is not "
                f"{quantity(line)} x {price}"
            )


def sum_of_lines(root: ET.Element) -> Iterator[str]:
    total = sum((amount(line, "cbc:LineExtensionAmount") for line in lines(root)), ZERO)
    if total != amount(root, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount"):
        yield f"BR-CO-10: the lines add up to {total}, not to the line extension amount"


def tax_exclusive(root: ET.Element) -> Iterator[str]:
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None
    expected = (
        amount(totals, "cbc:LineExtensionAmount")
        - amount(totals, "cbc:AllowanceTotalAmount")
        + amount(totals, "cbc:ChargeTotalAmount")
    )
    if amount(totals, "cbc:TaxExclusiveAmount") != expected:
        yield f"BR-CO-13: the amount without VAT is not {expected}"


def tax_total(root: ET.Element) -> Iterator[str]:
    totals = root.findall("cac:TaxTotal", NS)
    if len(totals) != 1:
        yield f"PEPPOL-EN16931-R053: {len(totals)} tax totals instead of one"
        return
    subtotals = totals[0].findall("cac:TaxSubtotal", NS)
    if not subtotals:
        yield "BR-CO-18: no VAT breakdown"
    added = sum((amount(sub, "cbc:TaxAmount") for sub in subtotals), ZERO)
    if amount(totals[0], "cbc:TaxAmount") != added:
        yield f"BR-CO-14: the VAT total is not the sum of the breakdown ({added})"
    for sub in subtotals:
        _, percent = category(sub, "cac:TaxCategory")
        expected = half_up(amount(sub, "cbc:TaxableAmount") * percent / 100)
        if amount(sub, "cbc:TaxAmount") != expected:
            yield f"BR-CO-17: VAT at {percent}% should be {expected}"


def tax_inclusive(root: ET.Element) -> Iterator[str]:
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None
    expected = amount(totals, "cbc:TaxExclusiveAmount") + amount(root, "cac:TaxTotal/cbc:TaxAmount")
    if amount(totals, "cbc:TaxInclusiveAmount") != expected:
        yield f"BR-CO-15: the amount with VAT should be {expected}"


def payable(root: ET.Element) -> Iterator[str]:
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None
    expected = (
        amount(totals, "cbc:TaxInclusiveAmount")
        - amount(totals, "cbc:PrepaidAmount")
        + amount(totals, "cbc:PayableRoundingAmount")
    )
    if amount(totals, "cbc:PayableAmount") != expected:
        yield f"BR-CO-16: the amount due should be {expected}"
    if (
        not is_credit_note(root)
        and expected > 0
        and text(root, "cbc:DueDate") is None
        and text(root, "cac:PaymentTerms/cbc:Note") is None
    ):
        yield "BR-CO-25: an amount is due but there is neither a due date nor payment terms"


def category_bases(root: ET.Element) -> Iterator[str]:
    """BR-S-08, BR-Z-08, BR-AE-08 and their kin: each VAT group's taxable amount is the sum of
    the lines of that category and rate (there are no document allowances or charges here)."""
    sums: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines(root):
        key = category(line, "cac:Item/cac:ClassifiedTaxCategory")
        sums[key] = sums.get(key, ZERO) + amount(line, "cbc:LineExtensionAmount")
    groups: dict[tuple[str, Decimal], Decimal] = {}
    for sub in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS):
        key = category(sub, "cac:TaxCategory")
        if key in groups:
            yield f"BG-23: category {key} appears twice in the VAT breakdown"
        groups[key] = amount(sub, "cbc:TaxableAmount")
    for key in sums.keys() | groups.keys():
        if sums.get(key) != groups.get(key):
            yield (
                f"BR-{key[0]}-08: category {key[0]} at {key[1]}% has lines adding up to "
                f"{sums.get(key)} and a taxable amount of {groups.get(key)}"
            )


def category_rates(root: ET.Element) -> Iterator[str]:
    placed = [category(line, "cac:Item/cac:ClassifiedTaxCategory") for line in lines(root)]
    placed += [category(sub, "cac:TaxCategory") for sub in root.iterfind(".//cac:TaxSubtotal", NS)]
    for code, percent in placed:
        if code == "S" and percent <= 0:
            yield "BR-S-05: a standard-rated line or group has no positive rate"
        if code in ("Z", "AE", "E") and percent != 0:
            yield f"BR-{code}-05: category {code} has rate {percent}, not 0"
        if code not in ("S", "Z", "AE", "E"):
            yield f"BR-CL-17: VAT category {code!r} is not one this business uses"


def reverse_charge(root: ET.Element) -> Iterator[str]:
    groups = [
        sub
        for sub in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
        if category(sub, "cac:TaxCategory")[0] == "AE"
    ]
    if not groups:
        return
    for sub in groups:
        if amount(sub, "cbc:TaxAmount") != 0:
            yield "BR-AE-09: reverse-charged VAT is not zero"
        code = text(sub, "cac:TaxCategory/cbc:TaxExemptionReasonCode")
        reason = text(sub, "cac:TaxCategory/cbc:TaxExemptionReason")
        if code != "VATEX-EU-AE" and not reason:
            yield "BR-AE-10: reverse charge without exemption reason"
    if not text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"):
        yield "BR-AE-02: reverse charge without the seller's VAT number"
    if not text(root, "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"):
        yield "BR-AE-02: reverse charge without the buyer's VAT number"


def seller_vat(root: ET.Element) -> Iterator[str]:
    vat = text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID")
    if vat is None:
        yield "BR-S-02/BR-Z-02: no seller VAT number"
    elif not vat[:2].isalpha() or not vat[:2].isupper():
        yield f"BR-CO-09: seller VAT number {vat!r} has no country prefix"


def payment(root: ET.Element) -> Iterator[str]:
    means = root.findall("cac:PaymentMeans", NS)
    for item in means:
        code = text(item, "cbc:PaymentMeansCode")
        if code not in NL_PAYMENT_MEANS:
            yield f"NL-R-008: payment means code {code!r}"
        if code in ("30", "58") and not text(item, "cac:PayeeFinancialAccount/cbc:ID"):
            yield "BR-61: a credit transfer without the account to pay to"
    if (
        not is_credit_note(root)
        and amount(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") > 0
        and not means
    ):
        yield "NL-R-007: an amount is due but there are no payment means"


def dutch_seller(root: ET.Element) -> Iterator[str]:
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert party is not None
    if text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") != "NL":
        return
    for part in ("StreetName", "CityName", "PostalZone"):
        if text(party, f"cac:PostalAddress/cbc:{part}") is None:
            yield f"NL-R-002: the seller's address has no {part}"
    buyer = root.find("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress", NS)
    assert buyer is not None
    if text(buyer, "cac:Country/cbc:IdentificationCode") == "NL":
        for part in ("StreetName", "CityName", "PostalZone"):
            if text(buyer, f"cbc:{part}") is None:
                yield f"NL-R-004: the buyer's address has no {part}"
    legal = party.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
    if legal is not None and legal.get("schemeID") not in ("0106", "0190"):
        yield "NL-R-003: the seller's legal identifier is neither KvK nor OIN"
    if is_credit_note(root) and not text(
        root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
    ):
        yield "NL-R-001: a credit note without the invoice it credits"


RULES: tuple[Rule, ...] = (
    specification,
    no_empty_elements,
    currency,
    two_decimals,
    buyer_reference,
    endpoints,
    at_least_one_line,
    line_amounts,
    sum_of_lines,
    tax_exclusive,
    tax_total,
    tax_inclusive,
    payable,
    category_bases,
    category_rates,
    reverse_charge,
    seller_vat,
    payment,
    dutch_seller,
)


def figures(xml: bytes) -> dict[str, object]:
    """The document's totals and VAT breakdown, as a reader of the XML sees them."""
    root = parse(xml)
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None
    return {
        "subtotal": amount(totals, "cbc:LineExtensionAmount"),
        "tax_exclusive": amount(totals, "cbc:TaxExclusiveAmount"),
        "vat_total": amount(root, "cac:TaxTotal/cbc:TaxAmount"),
        "total": amount(totals, "cbc:TaxInclusiveAmount"),
        "payable": amount(totals, "cbc:PayableAmount"),
        "vat": [
            (
                *category(sub, "cac:TaxCategory"),
                amount(sub, "cbc:TaxableAmount"),
                amount(sub, "cbc:TaxAmount"),
            )
            for sub in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
        ],
        "lines": [amount(line, "cbc:LineExtensionAmount") for line in lines(root)],
    }


def violations(xml: bytes) -> list[str]:
    root = parse(xml)
    return [problem for rule in RULES for problem in rule(root)]
