"""The official e-invoice validators (tests/support/einvoice) bite: the official examples pass
their own profile, and copies of them broken on purpose fail with the rule ids the standards
name, no more and no fewer. Pure: no database, no app."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from saxonche import PySaxonApiError

from tests.support.einvoice import (
    RULES,
    Finding,
    Profile,
    assert_conforms,
    errors,
    findings,
    profile_of,
)

EXAMPLES = Path(__file__).parents[1] / "support" / "einvoice" / "examples"
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
CBC = f"{{{NS['cbc']}}}"
BUYER = "cac:AccountingCustomerParty/cac:Party"
SUPPLIER = "cac:AccountingSupplierParty/cac:Party"

# The official examples (examples/README.md) and the profile each claims.
OFFICIAL = {
    "en16931/ubl-tc434-example1.xml": Profile.EN16931,
    "en16931/ubl-tc434-creditnote1.xml": Profile.EN16931,
    "peppol/base-example.xml": Profile.PEPPOL,
    "peppol/base-creditnote-correction.xml": Profile.PEPPOL,
    "peppol/Allowance-example.xml": Profile.PEPPOL,
    "nlcius/basisfactuur-rijk-nlcius-v01.xml": Profile.NLCIUS,
}
PEPPOL_INVOICE = "peppol/base-example.xml"
PEPPOL_CREDIT_NOTE = "peppol/base-creditnote-correction.xml"
CEN_INVOICE = "en16931/ubl-tc434-example1.xml"
NLCIUS_INVOICE = "nlcius/basisfactuur-rijk-nlcius-v01.xml"

Edit = Callable[[ET.Element], None]


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def edited(name: str, edit: Edit) -> bytes:
    root = ET.fromstring(example(name))
    edit(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rules(found: list[Finding]) -> set[str]:
    return {finding.rule for finding in found}


def set_text(path: str, text: str) -> Edit:
    def edit(root: ET.Element) -> None:
        element = root.find(path, NS)
        assert element is not None, path
        element.text = text

    return edit


def set_attribute(path: str, name: str, value: str) -> Edit:
    def edit(root: ET.Element) -> None:
        element = root.find(path, NS)
        assert element is not None, path
        element.set(name, value)

    return edit


def remove(parent_path: str, child_path: str) -> Edit:
    def edit(root: ET.Element) -> None:
        parent = root.find(parent_path, NS)
        child = root.find(f"{parent_path}/{child_path}", NS)
        assert parent is not None, parent_path
        assert child is not None, child_path
        parent.remove(child)

    return edit


def unchanged(root: ET.Element) -> None:
    pass


def issue_date_before_id(root: ET.Element) -> None:
    issue_date = root.find("cbc:IssueDate", NS)
    assert issue_date is not None
    root.remove(issue_date)
    root.insert(list(root).index(root.find("cbc:ID", NS)), issue_date)


@pytest.mark.parametrize("name", OFFICIAL)
def test_official_example_conforms_to_its_own_profile(name: str) -> None:
    xml = example(name)
    assert profile_of(xml) is OFFICIAL[name]
    assert_conforms(xml)


@pytest.mark.parametrize("name", [CEN_INVOICE, PEPPOL_INVOICE, PEPPOL_CREDIT_NOTE, NLCIUS_INVOICE])
def test_the_editing_alone_breaks_nothing(name: str) -> None:
    # ElementTree renames the prefixes and drops the comments; the validators must not care.
    assert errors(edited(name, unchanged)) == []


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        pytest.param(
            PEPPOL_INVOICE,
            set_text("cac:InvoiceLine/cbc:LineExtensionAmount", "999.00"),
            # Sum of lines != total; VAT base != lines; Peppol: line != quantity x price.
            {"BR-CO-10", "BR-S-08", "PEPPOL-EN16931-R120"},
            id="line-amount",
        ),
        pytest.param(
            PEPPOL_CREDIT_NOTE,
            set_text("cac:CreditNoteLine/cbc:LineExtensionAmount", "999.00"),
            {"BR-CO-10", "BR-S-08", "PEPPOL-EN16931-R120"},
            id="credit-note-line-amount",
        ),
        pytest.param(
            PEPPOL_INVOICE,
            set_text("cac:LegalMonetaryTotal/cbc:PayableAmount", "1.00"),
            {"BR-CO-16"},
            id="payable-amount",
        ),
        pytest.param(
            CEN_INVOICE,
            set_text("cac:LegalMonetaryTotal/cbc:PayableAmount", "1.00"),
            {"BR-CO-16"},
            id="en16931-payable-amount",
        ),
        pytest.param(
            PEPPOL_INVOICE,
            set_text(f"{BUYER}/cac:PostalAddress/cac:Country/cbc:IdentificationCode", "XK"),
            {"BR-CL-14"},
            id="country-XK",
        ),
        pytest.param(
            PEPPOL_INVOICE,
            set_text(f"{BUYER}/cac:PartyTaxScheme/cbc:CompanyID", "EU372000041"),
            {"BR-CO-09"},
            id="buyer-vat-EU",
        ),
        pytest.param(
            PEPPOL_INVOICE,
            remove(BUYER, "cbc:EndpointID"),
            {"PEPPOL-EN16931-R010"},
            id="no-buyer-endpoint",
        ),
        pytest.param(
            PEPPOL_INVOICE,
            set_attribute(f"{BUYER}/cbc:EndpointID", "schemeID", "EM"),
            {"PEPPOL-EN16931-CL008"},
            id="buyer-endpoint-scheme-EM",
        ),
        pytest.param(
            NLCIUS_INVOICE,
            remove(f"{BUYER}/cac:PartyLegalEntity", "cbc:CompanyID"),
            {"BR-NL-10"},
            id="nlcius-dutch-buyer-without-legal-id",
        ),
        pytest.param(
            NLCIUS_INVOICE,
            set_attribute(f"{BUYER}/cac:PartyLegalEntity/cbc:CompanyID", "schemeID", "0002"),
            {"BR-NL-10"},
            id="nlcius-dutch-buyer-legal-id-not-kvk-or-oin",
        ),
        pytest.param(
            NLCIUS_INVOICE,
            set_text("cac:InvoiceLine/cbc:LineExtensionAmount", "999.00"),
            {"BR-CO-10", "BR-S-08"},
            id="nlcius-line-amount",
        ),
        pytest.param(PEPPOL_INVOICE, issue_date_before_id, {"XSD"}, id="element-out-of-order"),
    ],
)
def test_a_broken_copy_fails_with_the_rules_it_breaks(
    name: str, edit: Edit, expected: set[str]
) -> None:
    assert rules(errors(edited(name, edit))) == expected


def test_an_xsd_error_is_a_fatal_finding_with_the_schema_reason() -> None:
    [finding] = errors(edited(PEPPOL_INVOICE, issue_date_before_id))
    assert finding.flag == "fatal"
    assert "IssueDate" in finding.text
    assert finding.location.startswith("/")


def test_the_profile_decides_which_rule_sets_run() -> None:
    xml = example(PEPPOL_INVOICE)
    no_endpoint = edited(PEPPOL_INVOICE, remove(BUYER, "cbc:EndpointID"))
    assert errors(no_endpoint, Profile.EN16931) == []  # EN 16931 alone has no such rule
    # SI-UBL 2.0 refuses any document not tagged as NLCIUS.
    assert rules(errors(xml, Profile.NLCIUS)) == {"SI-V20-INV-R000"}


def test_assert_conforms_lists_rule_ids_and_texts() -> None:
    xml = edited(PEPPOL_INVOICE, set_text("cac:LegalMonetaryTotal/cbc:PayableAmount", "1.00"))
    with pytest.raises(AssertionError) as failure:
        assert_conforms(xml)
    message = str(failure.value)
    assert "not a valid PEPPOL document" in message
    assert "BR-CO-16 (fatal): Amount due for payment (BT-115) = Invoice total amount" in message


def test_warnings_are_reported_but_do_not_fail() -> None:
    def add_tax_point_date(root: ET.Element) -> None:
        date = ET.Element(f"{CBC}TaxPointDate")
        date.text = "2019-10-01"
        root.insert(list(root).index(root.find("cbc:DocumentCurrencyCode", NS)), date)

    xml = edited(NLCIUS_INVOICE, add_tax_point_date)
    warnings = [f for f in findings(xml, "nlcius") if f.rule == "BR-NL-20"]
    assert [f.flag for f in warnings] == ["warning"]
    assert "tax point date" in warnings[0].text
    assert errors(xml) == []


def test_each_document_is_seen_afresh_by_a_compiled_stylesheet() -> None:
    # Peppol's national rules hang on global variables ($supplierCountry): computed from the
    # document at hand, not from the one before it.
    dutch = edited(
        PEPPOL_INVOICE,
        set_text(f"{SUPPLIER}/cac:PostalAddress/cac:Country/cbc:IdentificationCode", "NL"),
    )
    first = findings(dutch, "peppol")
    assert rules(first) == {"NL-R-003", "NL-R-009"}
    assert findings(example(PEPPOL_INVOICE), "peppol") == []
    assert findings(dutch, "peppol") == first


def test_non_ascii_text_survives_both_ways() -> None:
    def names(root: ET.Element) -> None:
        for element in root.iterfind(".//cbc:Name", NS):
            element.text = "Müller & Søn – Café 𝄞 €"

    assert errors(edited(PEPPOL_INVOICE, names)) == []
    # The Italian IPA-code rule speaks of "Unità"; the CEN credit note's endpoints are not IPA.
    texts = [f.text for f in findings(example("en16931/ubl-tc434-creditnote1.xml"), "peppol")]
    assert any("Codice Univoco Unità Organizzativa" in text for text in texts)


@pytest.mark.parametrize(
    ("customization", "profile"), [(profile.value, profile) for profile in Profile]
)
def test_profile_of_reads_the_customization_id(customization: str, profile: Profile) -> None:
    xml = edited(CEN_INVOICE, set_text("cbc:CustomizationID", f"  {customization}\n"))
    assert profile_of(xml) is profile


@pytest.mark.parametrize(
    "edit",
    [
        set_text("cbc:CustomizationID", "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de"),
        set_text("cbc:CustomizationID", ""),
        remove(".", "cbc:CustomizationID"),
    ],
    ids=["unknown", "empty", "missing"],
)
def test_profile_of_refuses_any_other_customization_id(edit: Edit) -> None:
    with pytest.raises(ValueError, match="unknown CustomizationID"):
        profile_of(edited(CEN_INVOICE, edit))


def test_a_document_that_is_not_well_formed_raises() -> None:
    with pytest.raises(PySaxonApiError):
        findings(example(PEPPOL_INVOICE)[:-20], "en16931")


@pytest.mark.parametrize("rule_set", ["en16931", "peppol", "nlcius"])
def test_a_document_that_is_not_ubl_raises_instead_of_passing(rule_set: str) -> None:
    with pytest.raises(ValueError, match=r"not a UBL 2\.1 Invoice or CreditNote"):
        findings(b'<?xml version="1.0"?>\n<!-- x --><Invoice xmlns="urn:example"/>', rule_set)


def test_an_unknown_rule_set_raises() -> None:
    with pytest.raises(ValueError, match="unknown rule set 'xrechnung'"):
        findings(example(PEPPOL_INVOICE), "xrechnung")


def test_the_peppol_stylesheet_is_the_committed_schematron_compiled(tmp_path: Path) -> None:
    target = tmp_path / "PEPPOL-EN16931-UBL.xslt"
    subprocess.run(
        [
            sys.executable,
            str(RULES / "compile_sch.py"),
            str(RULES / "peppol" / "PEPPOL-EN16931-UBL.sch"),
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    assert target.read_bytes() == (RULES / "peppol" / "PEPPOL-EN16931-UBL.xslt").read_bytes()
