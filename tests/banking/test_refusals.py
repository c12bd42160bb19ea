"""What is not a CAMT.053 statement of the administration's own account is refused with a 422
that names the problem, and nothing is stored: not XML, DTDs and entities (XXE, billion laughs:
refused before any parser sees them), other ISO 20022 messages and versions, schema errors with
their element, foreign accounts, amounts that cannot be booked, oversize bodies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from lxml import etree

from app.banking import camt
from tests.support.assertions import assert_problem
from tests.support.banking import DAY, bank_transactions, post_statement
from tests.support.factories import client_with_key, finalized_invoice, new_tenant

pytestmark = pytest.mark.anyio

TEXT = DAY.decode()
ISO = "urn:iso:std:iso:20022:tech:xsd:"


def replaced(old: str, new: str, count: int = 1) -> bytes:
    assert old in TEXT
    return TEXT.replace(old, new, count).encode()


def with_namespace(message: str) -> bytes:
    return replaced(f"{ISO}camt.053.001.02", f"{ISO}{message}")


def with_prolog(prolog: str) -> bytes:
    head, _, rest = TEXT.partition("\n")
    return f"{head}\n{prolog}\n{rest}".encode()


XXE_FILE = with_prolog('<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace(
    b"Betaling november", b"&xxe;"
)
XXE_URL = with_prolog('<!DOCTYPE Document SYSTEM "http://127.0.0.1:9/evil.dtd">')
PARAMETER_ENTITY = with_prolog(
    '<!DOCTYPE Document [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'
)
BILLION_LAUGHS = with_prolog(
    "<!DOCTYPE Document [\n"
    '<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>"
).replace(b"Betaling november", b"&lol9;")
# UTF-16 would let a DTD pass a byte scan for "<!DOCTYPE"; only UTF-8 is read.
UTF16_DTD = (
    '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE Document [<!ENTITY a "b">]>\n'
    + TEXT.partition("\n")[2]
).encode("utf-16")
DECLARED_UTF16 = replaced('encoding="UTF-8"', 'encoding="UTF-16"')

PAIN_001 = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn><GrpHdr>
<MsgId>X</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>"""

# (case, body, status, code, words the detail must contain)
REFUSED: list[tuple[str, bytes, int, str, str]] = [
    ("plain-text", b"Datum;Bedrag\n2026-12-03;1210,00\n", 422, "statement_not_xml", "line 1"),
    ("json", b'{"statement": []}', 422, "statement_not_xml", "well-formed"),
    ("truncated", DAY[: len(DAY) // 2], 422, "statement_not_xml", "well-formed"),
    (
        "latin-1",
        TEXT.replace("J. de Vries", "J. de Vri\xebs").encode("latin-1"),
        422,
        "statement_not_xml",
        "UTF-8",
    ),
    ("declared-utf-16", DECLARED_UTF16, 422, "statement_not_xml", "UTF-16"),
    ("utf-16-with-dtd", UTF16_DTD, 422, "statement_not_xml", "UTF-8"),
    ("xxe-file", XXE_FILE, 422, "statement_dtd_forbidden", "DTD"),
    ("xxe-url", XXE_URL, 422, "statement_dtd_forbidden", "DTD"),
    ("parameter-entity", PARAMETER_ENTITY, 422, "statement_dtd_forbidden", "DTD"),
    ("billion-laughs", BILLION_LAUGHS, 422, "statement_dtd_forbidden", "DTD"),
    (
        "undeclared-entity",
        replaced("Betaling november", "&lol9;"),
        422,
        "statement_not_xml",
        "well-formed",
    ),
    ("pain-001", PAIN_001, 422, "statement_unsupported_message", "payment order (pain.001)"),
    (
        "camt-052",
        with_namespace("camt.052.001.02"),
        422,
        "statement_unsupported_message",
        "camt.052",
    ),
    (
        "camt-054",
        with_namespace("camt.054.001.02"),
        422,
        "statement_unsupported_message",
        "camt.054",
    ),
    (
        "camt-053-v01",
        with_namespace("camt.053.001.01"),
        422,
        "statement_unsupported_message",
        "camt.053.001.01 is not supported",
    ),
    (
        "camt-053-v99",
        with_namespace("camt.053.001.99"),
        422,
        "statement_unsupported_message",
        "camt.053.001.99 is not supported",
    ),
    (
        "other-iso",
        with_namespace("acmt.001.001.07"),
        422,
        "statement_unsupported_message",
        "acmt.001.001.07",
    ),
    (
        "no-namespace",
        replaced(f' xmlns="{ISO}camt.053.001.02"', ""),
        422,
        "statement_unsupported_message",
        "not an ISO 20022 message",
    ),
    ("html", b"<html><body>camt</body></html>", 422, "statement_unsupported_message", "html"),
    (
        "bad-credit-debit",
        replaced(
            "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>",
            "<CdtDbtInd>CREDIT</CdtDbtInd>\n        <Sts>",
        ),
        422,
        "statement_schema_invalid",
        "/Document/BkToCstmrStmt/Stmt/Ntry[1]/CdtDbtInd",
    ),
    (
        "missing-amount",
        replaced('<Amt Ccy="EUR">605.00</Amt>\n        <CdtDbtInd>', "<CdtDbtInd>"),
        422,
        "statement_schema_invalid",
        "Ntry[2]",
    ),
    (
        "bad-iban",
        replaced("<IBAN>NL20INGB0001234567</IBAN>", "<IBAN>NL20 INGB</IBAN>"),
        422,
        "statement_schema_invalid",
        "DbtrAcct/Id/IBAN",
    ),
    (
        "unknown-element",
        replaced("<Sts>BOOK</Sts>", "<Sts>BOOK</Sts><Pwnd>1</Pwnd>"),
        422,
        "statement_schema_invalid",
        "Pwnd",
    ),
    (
        "three-decimals",
        replaced('<Amt Ccy="EUR">1210.00</Amt>', '<Amt Ccy="EUR">1210.005</Amt>'),
        422,
        "statement_amount_invalid",
        "1210.005",
    ),
    (
        # Above what one payment may be (as POST .../payments): an amount_paid kept in cents
        # must never be pushed towards its integer limit by statements.
        "too-large",
        replaced('<Amt Ccy="EUR">1210.00</Amt>', '<Amt Ccy="EUR">100000000000.00</Amt>'),
        422,
        "statement_amount_invalid",
        "100000000000.00",
    ),
    (
        "foreign-account",
        replaced("<IBAN>NL91ABNA0417164300</IBAN>", "<IBAN>NL44RABO0123456789</IBAN>"),
        422,
        "foreign_statement",
        "NL44RABO0123456789",
    ),
    ("empty", b"", 422, "validation_error", "empty"),
]


@pytest.mark.parametrize(
    ("case", "body", "status", "code", "words"), REFUSED, ids=[r[0] for r in REFUSED]
)
async def test_refused_statement_names_the_problem_and_stores_nothing(
    client: httpx.AsyncClient, case: str, body: bytes, status: int, code: str, words: str
) -> None:
    invoice = await finalized_invoice(client, invoice_date="2026-11-02")
    problem = assert_problem(await post_statement(client, body), status)
    assert problem["code"] == code, problem
    assert words in problem["detail"] + str(problem.get("errors")), problem
    assert "root:" not in problem["detail"]  # nothing of /etc/passwd came back
    assert await bank_transactions(client) == []
    response = await client.get(f"/v1/invoices/{invoice['id']}")
    assert response.json()["payment_status"] == "unpaid"


def test_dtds_are_refused_before_any_parser_sees_them() -> None:
    """Python's expat would stop a billion laughs itself (an amplification limit, reported as
    malformed XML); the code `statement_dtd_forbidden` shows that the scan refused the document
    first, so no entity was declared or expanded and no external one fetched."""
    for body in (BILLION_LAUGHS, XXE_FILE, XXE_URL, PARAMETER_ENTITY):
        with pytest.raises(camt.StatementDtdForbidden):
            camt.parse(body)


async def test_schema_errors_are_listed_per_element(client: httpx.AsyncClient) -> None:
    body = TEXT.replace("<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>CREDIT</CdtDbtInd>").encode()
    problem = assert_problem(await post_statement(client, body), 422)
    locs = [e["loc"][1] for e in problem["errors"]]
    assert locs[:3] == [
        "/Document/BkToCstmrStmt/Stmt/Bal[1]/CdtDbtInd",
        "/Document/BkToCstmrStmt/Stmt/Bal[2]/CdtDbtInd",
        "/Document/BkToCstmrStmt/Stmt/Ntry[1]/CdtDbtInd",
    ]
    assert len(locs) == camt.MAX_ERRORS
    assert "CRDT" in problem["errors"][0]["msg"]


async def test_statement_is_refused_in_dutch_by_default(app: Any, http: httpx.AsyncClient) -> None:
    async with new_tenant(app, http) as tenant:
        response = await tenant.client.post(
            "/v1/bank-statements",
            content=PAIN_001,
            headers={"Content-Type": "application/xml", "Accept-Language": "nl"},
        )
        problem = assert_problem(response, 422)
        assert problem["detail"] == "Het bestand is een betaalopdracht (pain.001), geen afschrift."


async def test_administration_without_iban_cannot_import(app: Any, http: httpx.AsyncClient) -> None:
    async with new_tenant(app, http, iban=None) as tenant:
        problem = assert_problem(await post_statement(tenant.client, DAY), 422)
        assert problem["code"] == "administration_has_no_iban"
        assert await bank_transactions(tenant.client) == []


async def test_other_media_types_are_415(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/bank-statements", json={"xml": TEXT})
    assert assert_problem(response, 415)["code"] == "unsupported_media_type"
    response = await post_statement(client, DAY, content_type="application/octet-stream")
    assert_problem(response, 415)


async def test_multipart_without_the_file_field_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/bank-statements", files={"statement": ("x.xml", DAY, "application/xml")}
    )
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["loc"] == ["body", "file"]
    response = await client.post(
        "/v1/bank-statements",
        content=b"--xyz\r\nnot a part",
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    problem = assert_problem(response, 422)
    assert await bank_transactions(client) == []


async def test_oversize_statement_is_413_and_stores_nothing(client: httpx.AsyncClient) -> None:
    # The service's body limit (INVOICER_MAX_BODY_BYTES, 2 MB by default) bounds statements.
    entry = TEXT[TEXT.index("<Ntry>") : TEXT.index("</Ntry>") + len("</Ntry>")]
    entries = "".join(
        entry.replace("0417164300-1203-000001", f"0417164300-1203-{i:06}") for i in range(2000)
    )
    body = TEXT.replace(entry, entries, 1).encode()
    assert len(body) > 2 * 1024 * 1024
    problem = assert_problem(await post_statement(client, body), 413)
    assert problem["code"] == "payload_too_large"
    assert await bank_transactions(client) == []


async def test_import_and_match_need_payments_write(app: Any, client: httpx.AsyncClient) -> None:
    made = await client.post("/v1/api-keys", json={"name": "reader", "scopes": ["read"]})
    assert made.status_code == 201, made.text
    async with client_with_key(app, made.json()["secret"]) as reader:
        assert_problem(await post_statement(reader, DAY), 403)
        assert_problem(
            await reader.post("/v1/bank-transactions/btx_X/match", json={"invoice_id": "inv_X"}),
            403,
        )
        listed = await reader.get("/v1/bank-transactions", params={"status": "unmatched"})
        assert listed.status_code == 200, listed.text
    assert await bank_transactions(client) == []


def test_the_parser_itself_expands_and_fetches_nothing() -> None:
    """The second line of defence: were the DTD scan ever bypassed, the parser behind it
    neither reads a file or URL nor expands a billion laughs (it sees only bytes the scan let
    through, so it is called here directly)."""
    root = camt._root(XXE_FILE)
    assert "root:" not in etree.tostring(root).decode()
    for body in (XXE_URL, PARAMETER_ENTITY):
        camt._root(body)  # parsed without fetching (nothing listens on port 9 anyway)
    try:
        root = camt._root(BILLION_LAUGHS)
    except camt.StatementNotXml:
        pass  # libxml2's amplification limit: refused as malformed, equally safe
    else:
        assert len(etree.tostring(root)) < len(BILLION_LAUGHS) * 10
