"""The app's code lists are the e-invoice rules' own: read from the official rule files, so a new
release of the rules that changes a list fails here instead of at a receiver."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from app.parties.codelists import COUNTRIES, PEPPOL_EU_VAT_SCHEMES, PEPPOL_SCHEMES, VAT_PREFIXES

RULES = Path(__file__).resolve().parent.parent / "support" / "einvoice" / "rules"
EN16931 = RULES / "en16931" / "EN16931-UBL-validation.xslt"
PEPPOL = RULES / "peppol" / "PEPPOL-EN16931-UBL.sch"

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
# The code list inside an XPath test: a quoted run of space-separated codes, e.g. ' 1A AD ... '.
CODES = re.compile(r"'((?:\s*[0-9A-Z]{2,4})+\s*)'")


@cache
def _en16931_tests() -> dict[str, str]:
    """The XPath test of each failed-assert of the compiled EN 16931 rules, by rule id."""
    tests: dict[str, str] = {}
    for element in ET.parse(EN16931).iter(f"{SVRL}failed-assert"):
        for attribute in element.iter(f"{XSL}attribute"):
            if attribute.get("name") == "id" and attribute.text:
                tests[attribute.text.strip()] = element.get("test", "")
    return tests


def rule_codes(rule: str) -> list[str]:
    """The codes listed in the test of `rule` (exactly one list)."""
    lists = CODES.findall(_en16931_tests()[rule])
    assert len(lists) == 1, (rule, lists)
    return str(lists[0]).split()


def test_countries_are_the_codes_of_rule_br_cl_14() -> None:
    codes = rule_codes("BR-CL-14")
    assert len(codes) == len(set(codes))
    assert set(codes) == COUNTRIES
    assert {"1A", "XI"} <= COUNTRIES
    assert not {"XK", "IC", "EA", "ZZ", "EU", "EL"} & COUNTRIES


def test_vat_prefixes_are_the_codes_of_rule_br_co_09() -> None:
    assert set(rule_codes("BR-CO-09")) == VAT_PREFIXES == COUNTRIES | {"EL"}


@pytest.mark.skipif(
    not PEPPOL.is_file(), reason=f"the Peppol BIS 3 rules are not at {PEPPOL.relative_to(RULES)}"
)
def test_peppol_schemes_are_the_eas_codes_of_rule_cl008() -> None:
    text = PEPPOL.read_text(encoding="utf-8")
    assert 'id="PEPPOL-EN16931-CL008"' in text
    assert "some $code in $eaid" in text  # the rule checks @schemeID against this variable
    (listed,) = re.findall(r'<let name="eaid" value="tokenize\(\'([^\']*)\'', text)
    assert set(listed.split()) == PEPPOL_SCHEMES


def test_an_email_address_is_no_peppol_scheme() -> None:
    assert "EM" not in PEPPOL_SCHEMES


def test_eu_vat_schemes_are_peppol_schemes_with_vat_prefixes() -> None:
    assert set(PEPPOL_EU_VAT_SCHEMES) <= PEPPOL_SCHEMES
    assert set(PEPPOL_EU_VAT_SCHEMES.values()) <= VAT_PREFIXES
    assert len(set(PEPPOL_EU_VAT_SCHEMES.values())) == len(PEPPOL_EU_VAT_SCHEMES)
    assert (PEPPOL_EU_VAT_SCHEMES["9944"], PEPPOL_EU_VAT_SCHEMES["9933"]) == ("NL", "EL")
