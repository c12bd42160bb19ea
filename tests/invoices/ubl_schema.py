"""Validating rendered UBL: the official OASIS UBL 2.1 XSD (kept with the other official
validators in tests/support/einvoice/rules/xsd/) and the business rules of `ubl_rules`."""

from __future__ import annotations

import io

from tests.invoices.ubl_rules import violations
from tests.support.einvoice import schema


def assert_valid(xml: bytes) -> None:
    """Valid against the XSD (raises with the schema's own explanation) and every rule holds."""
    schema().validate(io.BytesIO(xml))
    assert violations(xml) == []
