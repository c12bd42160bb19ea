"""The pure matcher: references found whole, case- and space-insensitively; amount + known IBAN
only when it points at exactly one invoice; what a statement's earlier credits paid is seen by
its later ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.banking.matching import Credit, Match, Matcher, OpenInvoice, candidates, segments
from app.models.enums import MatchRule


def invoice(
    id_: str, number: str, due: str = "121.00", party: str = "cus_A", currency: str = "EUR"
) -> OpenInvoice:
    return OpenInvoice(id_, party, currency, Decimal(due), (number,))


def credit(
    amount: str = "121.00",
    remittance: str | None = None,
    structured: str | None = None,
    iban: str | None = "NL20INGB0001234567",
    currency: str = "EUR",
) -> Credit:
    return Credit(Decimal(amount), currency, iban, structured, remittance)


# (remittance text, does it name invoice 2026-0012?)
REFERENCE_CASES = [
    ("Factuur 2026-0012", True),
    ("factuur 2026-0012, bedankt", True),
    ("FACTUUR2026-0012", True),
    ("fact. 2026 - 0012", True),
    ("2026 0012", True),
    ("2026/0012", True),
    ("2026.0012.", True),
    ("(2026-0012)", True),
    ("2026-00123", False),
    ("2026-001", False),
    ("12026-0012", False),
    ("2026-0012 3", True),  # spaces are ignored: "3" is another word
    ("X2026-0012Y", True),  # letters around digits start and end a reference
    ("2026-0012-2", True),
    ("20260012", True),
    ("202600123", False),
    ("2026-0021", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "named"), REFERENCE_CASES)
def test_a_reference_is_found_whole_in_the_remittance(text: str, named: bool) -> None:
    matcher = Matcher.build([invoice("inv_1", "2026-0012")], [])
    found = matcher.match(credit(remittance=text))
    assert (found == Match("inv_1", MatchRule.reference)) is named


def test_segments_split_at_separators_and_between_letters_and_digits() -> None:
    assert segments("Fact.NR2026-0012 ok") == ["FACT", "NR", "2026", "0012", "OK"]
    assert "20260012" in candidates("fact 2026 - 0012")
    assert "202600" not in candidates("2026-00123")


def test_the_structured_reference_and_a_betalingskenmerk_in_groups() -> None:
    kenmerk = invoice("inv_1", "1234567890123456")
    matcher = Matcher.build([kenmerk, invoice("inv_2", "2026-0002")], [])
    assert matcher.match(credit(structured="1234 5678 9012 3456")) == Match(
        "inv_1", MatchRule.reference
    )
    assert matcher.match(credit(remittance="kenmerk 1234 5678 9012 3456")) == Match(
        "inv_1", MatchRule.reference
    )
    assert matcher.match(credit(structured="2026-0002")) == Match("inv_2", MatchRule.reference)


def test_a_short_number_is_matched_in_the_structured_reference_only() -> None:
    matcher = Matcher.build([invoice("inv_7", "7")], [])
    assert matcher.match(credit(remittance="order 7, 2 dozen")) is None
    assert matcher.match(credit(structured="7")) == Match("inv_7", MatchRule.reference)


def test_two_references_match_the_one_whose_amount_due_is_paid_else_none() -> None:
    matcher = Matcher.build(
        [invoice("inv_1", "2026-0001", "100.00"), invoice("inv_2", "2026-0002", "250.00")], []
    )
    both = "facturen 2026-0001 en 2026-0002"
    assert matcher.match(credit("250.00", both, iban=None)) == Match("inv_2", MatchRule.reference)
    assert matcher.match(credit("350.00", both, iban=None)) is None


def test_amount_and_known_iban_match_only_one_invoice() -> None:
    iban = "NL39RABO0300065264"
    invoices = [
        invoice("inv_1", "2026-0001", "605.00", "cus_B"),
        invoice("inv_2", "2026-0002", "121.00", "cus_B"),
        invoice("inv_3", "2026-0003", "605.00", "cus_C"),
    ]
    matcher = Matcher.build(invoices, [("cus_B", iban)])
    assert matcher.match(credit("605.00", "november", iban=iban)) == Match(
        "inv_1", MatchRule.amount_iban
    )
    # Another amount, an unknown IBAN, or no IBAN: nothing.
    assert matcher.match(credit("604.99", "november", iban=iban)) is None
    assert matcher.match(credit("605.00", "november", iban="NL86INGB0002445588")) is None
    assert matcher.match(credit("605.00", "november", iban=None)) is None


def test_two_invoices_of_the_same_amount_for_a_known_iban_stay_unmatched() -> None:
    iban = "NL39RABO0300065264"
    matcher = Matcher.build(
        [
            invoice("inv_1", "2026-0001", "605.00", "cus_B"),
            invoice("inv_2", "2026-0002", "605.00", "cus_B"),
        ],
        [("cus_B", iban)],
    )
    assert matcher.match(credit("605.00", "betaling", iban=iban)) is None
    # Once one is paid (by reference, earlier in the statement) the other is the only one.
    assert matcher.match(credit("605.00", "2026-0001", iban=iban)) == Match(
        "inv_1", MatchRule.reference
    )
    matcher.apply("inv_1", Decimal("605.00"))
    assert matcher.match(credit("605.00", "betaling", iban=iban)) == Match(
        "inv_2", MatchRule.amount_iban
    )


def test_a_shared_iban_of_two_customers_with_invoices_of_one_amount_is_ambiguous() -> None:
    iban = "NL39RABO0300065264"
    matcher = Matcher.build(
        [
            invoice("inv_1", "2026-0001", "50.00", "cus_B"),
            invoice("inv_2", "2026-0002", "50.00", "cus_C"),
        ],
        [("cus_B", iban), ("cus_C", iban)],
    )
    assert matcher.match(credit("50.00", "contributie", iban=iban)) is None


def test_applied_payments_lower_what_is_due_and_close_paid_invoices() -> None:
    iban = "NL39RABO0300065264"
    matcher = Matcher.build([invoice("inv_1", "2026-0001", "968.00", "cus_S")], [])
    assert matcher.match(credit("300.00", "termijn 2026-0001", iban=iban)) is not None
    matcher.apply("inv_1", Decimal("300.00"))
    matcher.learn("cus_S", iban)
    assert matcher.invoices["inv_1"].amount_due == Decimal("668.00")
    # The rest is now found by amount from the learned IBAN.
    assert matcher.match(credit("668.00", "restant", iban=iban)) == Match(
        "inv_1", MatchRule.amount_iban
    )
    matcher.apply("inv_1", Decimal("668.00"))
    assert matcher.match(credit("668.00", "2026-0001", iban=iban)) is None


def test_currency_must_agree() -> None:
    matcher = Matcher.build([invoice("inv_1", "2026-0001")], [("cus_A", "NL20INGB0001234567")])
    assert matcher.match(credit(remittance="2026-0001", currency="USD")) is None
    assert matcher.match(credit(remittance="x", currency="USD")) is None
