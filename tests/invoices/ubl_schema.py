"""Validating rendered UBL: the official OASIS UBL 2.1 XSD (kept in
tests/support/einvoice/rules/xsd/) and the business rules of `ubl_rules`."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import xmlschema

from tests.invoices.ubl_rules import violations

XSD = Path(__file__).parents[1] / "support" / "einvoice" / "rules" / "xsd" / "maindoc"


@cache
def schema() -> xmlschema.XMLSchema:
    # Both document schemas in one: they share the common components, which take ~2 s to build.
    return xmlschema.XMLSchema(
        [str(XSD / "UBL-Invoice-2.1.xsd"), str(XSD / "UBL-CreditNote-2.1.xsd")]
    )


def assert_valid(xml: bytes) -> None:
    """Valid against the XSD (raises with the schema's own explanation) and every rule holds."""
    schema().validate(io.BytesIO(xml))
    assert violations(xml) == []
