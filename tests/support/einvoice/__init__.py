"""The official e-invoice validators, run from the test suite: the OASIS UBL 2.1 XSD and the
compiled Schematron rule sets of EN 16931 (CEN), Peppol BIS Billing 3 and NLCIUS (SI-UBL 2.0),
kept unchanged in rules/ (rules/README.md says where each came from and how to update it).

    assert_conforms(xml)              # XSD + every rule set its CustomizationID implies
    errors(xml, Profile.PEPPOL)       # [] or the XSD errors and fatal/error findings
    findings(xml, "peppol")           # everything one rule set reports, warnings included

Saxon-HE (saxonche) runs the stylesheets: one processor per process, each stylesheet compiled on
first use and kept. Documents are UTF-8, as the service writes them. Whatever Saxon cannot do
(a document that is not well-formed, a stylesheet error) raises; so does a document that is not
a UBL Invoice or CreditNote, which would otherwise pass: no rule would apply to it.
"""

from __future__ import annotations

import enum
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import xmlschema
from saxonche import PySaxonProcessor, PyXsltExecutable

RULES = Path(__file__).parent / "rules"
XSD = RULES / "xsd" / "maindoc"
STYLESHEETS = {
    "en16931": RULES / "en16931" / "EN16931-UBL-validation.xslt",
    "peppol": RULES / "peppol" / "PEPPOL-EN16931-UBL.xslt",
    "nlcius": RULES / "nlcius" / "si-ubl-2.0.xsl",
}
FAILING = frozenset({"fatal", "error"})  # a receiver rejects the document; warnings it accepts

UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
DOCUMENTS = frozenset({f"Q{{{UBL}Invoice-2}}Invoice", f"Q{{{UBL}CreditNote-2}}CreditNote"})
ELEMENT = 1  # saxonche's node_kind of an element node
CBC = f"{{{UBL}CommonBasicComponents-2}}"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
ASSERTIONS = frozenset({f"{SVRL}failed-assert", f"{SVRL}successful-report"})
RULE_PREFIX = re.compile(r"\[([^\]\s]+)\]-?\s*")  # "[BR-CO-10]-Sum of ..." or "[BR-NL-1] For ..."


class Profile(enum.Enum):
    """A document's specification identifier (BT-24, cbc:CustomizationID)."""

    EN16931 = "urn:cen.eu:en16931:2017"
    PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    NLCIUS = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"

    @property
    def rule_sets(self) -> tuple[str, ...]:
        """The rule sets a receiver of this profile runs after the XSD. A Peppol receiver runs
        EN 16931 and the Peppol rules; si-ubl-2.0.xsl holds the EN 16931 rules itself (release
        1.3.15, see rules/README.md) besides BR-NL-*, so NLCIUS needs no second pass."""
        return {
            Profile.EN16931: ("en16931",),
            Profile.PEPPOL: ("en16931", "peppol"),
            Profile.NLCIUS: ("nlcius",),
        }[self]


@dataclass(frozen=True)
class Finding:
    rule: str  # "BR-CO-10", "PEPPOL-EN16931-R010", "BR-NL-10"; "XSD" for a schema error
    flag: str  # fatal, error, warning or information
    text: str  # the assertion's message, without the "[RULE-ID]-" some rule sets start it with
    location: str  # XPath of the offending node

    def __str__(self) -> str:
        return f"{self.rule} ({self.flag}): {self.text} at {self.location}"


@cache
def _saxon() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@cache
def stylesheet(rule_set: str) -> PyXsltExecutable:
    """The compiled rule set, compiled on first use and kept for the process."""
    xslt = _saxon().new_xslt30_processor()
    return xslt.compile_stylesheet(stylesheet_file=str(STYLESHEETS[rule_set]))


@cache
def schema() -> xmlschema.XMLSchema:
    # Both document schemas in one: they share the common components, which take ~2 s to build.
    return xmlschema.XMLSchema(
        [str(XSD / "UBL-Invoice-2.1.xsd"), str(XSD / "UBL-CreditNote-2.1.xsd")]
    )


def findings(xml: bytes, rule_set: str) -> list[Finding]:
    """Every failed assertion and successful report of one rule set, whatever its flag."""
    if rule_set not in STYLESHEETS:
        raise ValueError(f"unknown rule set {rule_set!r}; known: {', '.join(STYLESHEETS)}")
    # The parsed document is the transformation's source and global context item, so the
    # rule sets' global variables (Peppol's $supplierCountry...) see this document.
    document = _saxon().parse_xml(xml_text=xml.decode("utf-8-sig"))
    root = next(node.name for node in document.children if node.node_kind == ELEMENT)
    if root not in DOCUMENTS:  # any other document would pass: no rule would apply to it
        raise ValueError(f"not a UBL 2.1 Invoice or CreditNote: {root}")
    report = ET.fromstring(stylesheet(rule_set).transform_to_string(xdm_node=document).encode())
    return [_finding(element) for element in report.iter() if element.tag in ASSERTIONS]


def _finding(element: ET.Element) -> Finding:
    message = element.find(f"{SVRL}text")
    text = "" if message is None else " ".join("".join(message.itertext()).split())
    prefix = RULE_PREFIX.match(text)
    rule = element.get("id") or (prefix.group(1) if prefix else "?")
    if prefix and prefix.group(1) == rule:
        text = text[prefix.end() :]
    # An assertion without a flag is treated as an error: better a false alarm than a pass.
    return Finding(rule, element.get("flag", "error"), text, element.get("location", ""))


def xsd_errors(xml: bytes) -> list[Finding]:
    return [
        Finding("XSD", "fatal", error.reason or error.message, error.path or "")
        for error in schema().iter_errors(io.BytesIO(xml))
    ]


def profile_of(xml: bytes) -> Profile:
    """The profile the document's CustomizationID names; ValueError for any other value."""
    element = ET.fromstring(xml).find(f"{CBC}CustomizationID")
    value = None if element is None else " ".join((element.text or "").split())
    try:
        return Profile(value)
    except ValueError:
        known = ", ".join(profile.value for profile in Profile)
        raise ValueError(f"unknown CustomizationID {value!r}; known: {known}") from None


def errors(xml: bytes, profile: Profile | None = None) -> list[Finding]:
    """The XSD errors and the fatal/error findings of every rule set the profile (by default
    the document's own) implies: what would make a receiver reject the document."""
    if profile is None:
        profile = profile_of(xml)
    found = xsd_errors(xml)
    for rule_set in profile.rule_sets:
        found += [finding for finding in findings(xml, rule_set) if finding.flag in FAILING]
    return found


def assert_conforms(xml: bytes, profile: Profile | None = None) -> None:
    if profile is None:
        profile = profile_of(xml)
    problems = errors(xml, profile)
    assert not problems, f"not a valid {profile.name} document:\n" + "\n".join(map(str, problems))
