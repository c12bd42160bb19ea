"""Reading a UBL invoice or credit note back: its totals, VAT breakdown and line amounts as a
receiver sees them, to compare with the figures the service computed. The rules a document must
follow are the official validators' (`tests.support.einvoice`), not this module's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "Invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "CreditNote",
}


def parse(xml: bytes) -> ET.Element:
    root = ET.fromstring(xml)
    if root.tag not in ROOTS:
        raise ValueError(f"not a UBL invoice or credit note: {root.tag}")
    return root


def lines(root: ET.Element) -> list[ET.Element]:
    credit = ROOTS[root.tag] == "CreditNote"
    return root.findall("cac:CreditNoteLine" if credit else "cac:InvoiceLine", NS)


def _amount(element: ET.Element, path: str) -> Decimal:
    text = element.findtext(path, namespaces=NS)
    assert text is not None, f"{path} is missing"
    return Decimal(text)


def _category(element: ET.Element, path: str) -> tuple[str, Decimal]:
    found = element.find(path, NS)
    assert found is not None, f"{path} is missing"
    return found.findtext("cbc:ID", "", NS), Decimal(found.findtext("cbc:Percent", "0", NS))


def figures(xml: bytes) -> dict[str, object]:
    """The document's totals and VAT breakdown, as a reader of the XML sees them."""
    root = parse(xml)
    totals = root.find("cac:LegalMonetaryTotal", NS)
    assert totals is not None
    return {
        "subtotal": _amount(totals, "cbc:LineExtensionAmount"),
        "tax_exclusive": _amount(totals, "cbc:TaxExclusiveAmount"),
        "vat_total": _amount(root, "cac:TaxTotal/cbc:TaxAmount"),
        "total": _amount(totals, "cbc:TaxInclusiveAmount"),
        "payable": _amount(totals, "cbc:PayableAmount"),
        "vat": [
            (
                *_category(sub, "cac:TaxCategory"),
                _amount(sub, "cbc:TaxableAmount"),
                _amount(sub, "cbc:TaxAmount"),
            )
            for sub in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
        ],
        "lines": [_amount(line, "cbc:LineExtensionAmount") for line in lines(root)],
    }
