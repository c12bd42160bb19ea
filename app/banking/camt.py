"""Reading a CAMT.053 bank statement (ISO 20022 camt.053.001.02 up to .14): refuse what is not
one, safely, then reduce its entries to flat transactions.

No maintained Python CAMT parser fitted (the candidates either pin a web framework and a dozen
exact versions, or are a copy-me class without validation or XML hardening), so a statement is
checked against the official ISO 20022 schema of its version (committed under `xsd/`, see the
README there) with lxml (libxml2: ~100 times faster than the pure-Python `xmlschema` it
replaced, which was half the CPU of a large import), and read from the same lxml tree. In that
order:

1. UTF-8 only (ISO 20022 XML is UTF-8), and no DTD at all: `<!DOCTYPE` or `<!ENTITY` anywhere
   is refused before any parser sees the document, so no entity is ever declared, let alone
   expanded (XXE, billion laughs). The parser is then told the encoding is UTF-8 whatever the
   XML declaration claims (so no other encoding can hide a DTD from the scan), and is hardened
   anyway: no entity resolution, no DTD loading, no network, no huge trees.
2. The root's namespace names the message: camt.053 of a version we hold a schema for, else a
   422 that says what the file is (a camt.052 report, a camt.054 notification, a pain.001
   payment order, ...).
3. The whole document is validated against that version's schema; the first errors name the
   element (its path) and the reason.
4. The entries are reduced to `CamtTransaction`s: one per transaction detail (TxDtls), or one
   per entry (Ntry) without details. Pending and informational entries are left out (only
   booked money is a payment).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import ClassVar, Literal

from lxml import etree

from app.errors import AppError, FieldError
from app.i18n import Message, t

XSD_DIR = Path(__file__).parent / "xsd"
ISO_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:"
XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
STATEMENT = "camt.053"
# The versions whose official schema is committed under xsd/.
VERSIONS = tuple(sorted(p.name.removesuffix(".xsd") for p in XSD_DIR.glob("camt.053.001.*.xsd")))

# What other ISO 20022 messages a client might send by mistake are, to say so in the 422.
OTHER_MESSAGES: dict[str, Message] = {
    "camt.052": t("an account report (camt.052, intraday), not a statement"),
    "camt.054": t("a debit/credit notification (camt.054), not a statement"),
    "pain.001": t("a payment order (pain.001), not a statement"),
    "pain.002": t("a payment status report (pain.002), not a statement"),
    "pain.008": t("a direct debit order (pain.008), not a statement"),
}

_NAMESPACE = re.compile(r"\{([^}]*)\}(.*)")
_MESSAGE = re.compile(r"([a-z]{4}\.\d{3})\.\d{3}\.\d{2}")
_DECLARATION = re.compile(r"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
# How many schema errors a 422 lists.
MAX_ERRORS = 5


class StatementNotXml(AppError):
    status, type, code = 422, "statement-not-xml", "statement_not_xml"
    title = t("The bank statement is not well-formed UTF-8 XML")


class StatementDtdForbidden(AppError):
    status, type, code = 422, "statement-dtd-forbidden", "statement_dtd_forbidden"
    title = t("The bank statement contains a DTD or entity declarations, which are refused")


class StatementNotCamt053(AppError):
    status, type, code = 422, "statement-unsupported-message", "statement_unsupported_message"
    title = t("The file is not a CAMT.053 bank statement of a supported version")


class StatementSchemaInvalid(AppError):
    status, type, code = 422, "statement-schema-invalid", "statement_schema_invalid"
    title = t("The bank statement does not follow the ISO 20022 schema of its version")


class StatementAmountInvalid(AppError):
    status, type, code = 422, "statement-amount-invalid", "statement_amount_invalid"
    title = t("The bank statement has an amount this service cannot book")


Direction = Literal["credit", "debit"]


@dataclass(frozen=True, slots=True)
class CamtTransaction:
    """One movement on the account, as the bank reported it (strings stripped, None if absent).

    `entry_reference` is the bank's reference of the entry (Ntry/AcctSvcrRef) and
    `detail_reference` that of the transaction detail (TxDtls/Refs/AcctSvcrRef); `detail_index`
    is the detail's position within its entry (0 for an entry without details)."""

    account_iban: str
    statement_id: str
    direction: Direction
    reversal: bool
    amount: Decimal
    currency: str
    booking_date: date
    value_date: date | None
    counterparty_name: str | None
    counterparty_iban: str | None
    remittance: str | None
    structured_reference: str | None
    end_to_end_id: str | None
    entry_reference: str | None
    detail_reference: str | None
    detail_index: int


@dataclass(frozen=True, slots=True)
class CamtStatement:
    version: str  # e.g. "camt.053.001.02"
    message_id: str
    account_ibans: tuple[str, ...]  # one per statement (Stmt) in the document
    transactions: list[CamtTransaction]


def parse(data: bytes) -> CamtStatement:
    """The statement in `data`, or an `AppError` (422) saying why it is not one."""
    root = _root(_decoded(data))
    version = _version(root)
    _validate(root, version)
    return _read(root, version)


def _decoded(data: bytes) -> bytes:
    """The document's bytes once they are known to be UTF-8 XML without a DTD."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StatementNotXml(
            t("The file is not UTF-8 text (byte {position}).", position=exc.start)
        ) from None
    declared = _DECLARATION.match(text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise StatementNotXml(
            t(
                "The XML declares the encoding {encoding}; statements are UTF-8.",
                encoding=declared.group(1),
            )
        )
    # XML keeps these keywords in upper case; a DTD cannot be written without one of them.
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise StatementDtdForbidden(
            t("DTDs and entity declarations are refused (nothing was expanded or fetched).")
        )
    return data


def _parser() -> etree.XMLParser:
    # A new parser per document: lxml parsers must not be shared between threads. No DTD ever
    # reaches it (see _decoded); these settings are the second line of defence.
    return etree.XMLParser(
        encoding="utf-8",  # whatever the declaration says (checked to be UTF-8 in _decoded)
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _root(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise StatementNotXml(
            t(
                "The file is not well-formed XML (line {line}, column {column}).",
                line=line,
                column=column,
            )
        ) from None


def _version(root: etree._Element) -> str:
    found = _NAMESPACE.fullmatch(str(root.tag))
    namespace, local = found.groups() if found else ("", root.tag)
    if not namespace.startswith(ISO_NAMESPACE) or local != "Document":
        raise StatementNotCamt053(
            t("The XML is not an ISO 20022 message (root element {root}).", root=local[:60])
        )
    version = namespace.removeprefix(ISO_NAMESPACE)
    message = _MESSAGE.fullmatch(version)
    kind = message.group(1) if message else version[:40]
    if kind != STATEMENT:
        what = OTHER_MESSAGES.get(kind)
        if what is not None:
            raise StatementNotCamt053(t("The file is {what}.", what=what))
        raise StatementNotCamt053(
            t(
                "The file is an ISO 20022 {message} message, not a camt.053 statement.",
                message=version[:40],
            )
        )
    if version not in VERSIONS:
        raise StatementNotCamt053(
            t(
                "Version {version} is not supported; supported are {first} up to {last}.",
                version=version[:40],
                first=VERSIONS[0],
                last=VERSIONS[-1],
            )
        )
    return version


class _Schema:
    """One version's compiled schema. An lxml validator keeps the last run's errors on itself,
    so validations of the same version (import threads) take turns; each takes milliseconds."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.lock = threading.Lock()
        # The XSD is parsed as hardened as a statement; the schemas import no other file.
        document = etree.parse(str(XSD_DIR / f"{version}.xsd"), _parser()).getroot()
        self.xsd = etree.XMLSchema(document)
        self.target_namespace: str = document.get("targetNamespace", "")
        # The names of the elements a document may start with (the official files: "Document").
        self.elements: frozenset[str] = frozenset(
            str(e.get("name")) for e in document.iterchildren(f"{{{XSD_NAMESPACE}}}element")
        )

    def errors(self, root: etree._Element) -> list[tuple[str, str]]:
        """(element path, reason) of the schema errors in `root`, in document order."""
        with self.lock:
            if self.xsd.validate(root):
                return []
            return [(entry.path or "/", entry.message) for entry in self.xsd.error_log]


@cache
def schema(version: str) -> _Schema:
    """The official schema of a version, compiled once per process (a few milliseconds each)."""
    return _Schema(version)


def _validate(root: etree._Element, version: str) -> None:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for raw_path, message in schema(version).errors(root):
        path = _named_path(root, raw_path)
        if path in seen:
            continue  # libxml2 may report one bad value twice (facet, then type): name it once
        seen.add(path)
        reason = _plain_path(message.splitlines()[0])
        errors.append(
            FieldError(
                loc=["body", path],
                msg=t("{path}: {reason}", path=path, reason=reason),
                type="schema_invalid",
            )
        )
        if len(errors) == MAX_ERRORS:
            break
    if errors:
        first = errors[0]
        raise StatementSchemaInvalid(
            t(
                "Not valid against the {version} schema at {where}",
                version=version,
                where=first.msg,
            ),
            errors=errors,
        )


def _named_path(root: etree._Element, position: str) -> str:
    """libxml2 reports where an error is by position (`/*/*/*[2]/*[5]/*[3]`); a client wants the
    element names (`/Document/BkToCstmrStmt/Stmt/Bal[1]/CdtDbtInd`), numbered among siblings
    of the same name when there are several."""
    try:
        found = root.getroottree().xpath(position) if position.startswith("/") else []
    except etree.XPathError:
        found = []
    if not found or not isinstance(found[0], etree._Element):
        return _plain_path(position)
    steps: list[str] = []
    element: etree._Element | None = found[0]
    while element is not None:
        step = etree.QName(element).localname
        parent = element.getparent()
        if parent is not None:
            same = list(parent.iterchildren(element.tag))
            if len(same) > 1:
                step += f"[{same.index(element) + 1}]"
        steps.append(step)
        element = parent
    return "/" + "/".join(reversed(steps))


def _plain_path(text: str) -> str:
    # libxml2 names elements with their {namespace URI}: keep the names (a URI has a colon,
    # unlike an enumeration {'CRDT', 'DBIT'} or a pattern's {2,2}).
    return re.sub(r"\{[^{}'\s,]*:[^{}'\s,]*\}", "", text)[:300]


class _Paths:
    """Element paths of one version's namespace, made once (lxml needs the {uri}): each path is
    built on first use and kept, as reading a statement asks for the same few paths ~16 times
    per entry (rebuilding them was a third of reading the entries)."""

    cache: ClassVar[dict[str, _Paths]] = {}

    def __init__(self, namespace: str) -> None:
        self.ns = "{" + namespace + "}"
        self.paths: dict[str, str] = {}

    @classmethod
    def of(cls, namespace: str) -> _Paths:
        paths = cls.cache.get(namespace)
        if paths is None:
            paths = cls.cache[namespace] = cls(namespace)
        return paths

    def __call__(self, path: str) -> str:
        found = self.paths.get(path)
        if found is None:
            found = self.paths[path] = "/".join(self.ns + step for step in path.split("/"))
        return found


def _read(root: etree._Element, version: str) -> CamtStatement:
    p = _Paths.of(ISO_NAMESPACE + version)
    report = root.find(p("BkToCstmrStmt"))
    assert report is not None  # the schema requires it
    message_id = _text(report, p("GrpHdr/MsgId")) or ""
    ibans: list[str] = []
    transactions: list[CamtTransaction] = []
    for stmt in report.iterfind(p("Stmt")):
        iban = compact_iban(_text(stmt, p("Acct/Id/IBAN")) or "")
        ibans.append(iban)
        statement_id = _text(stmt, p("Id")) or ""
        account_currency = _text(stmt, p("Acct/Ccy"))
        for entry in stmt.iterfind(p("Ntry")):
            transactions.extend(_entry(p, entry, iban, statement_id, account_currency))
    return CamtStatement(version, message_id, tuple(ibans), transactions)


def _entry(
    p: _Paths, entry: etree._Element, iban: str, statement_id: str, account_currency: str | None
) -> Iterator[CamtTransaction]:
    status = _text(entry, p("Sts")) or _text(entry, p("Sts/Cd")) or _text(entry, p("Sts/Prtry"))
    if status != "BOOK":
        return  # pending (PDNG) or informational (INFO): not money on the account yet
    amount_element = entry.find(p("Amt"))
    assert amount_element is not None  # required by the schema
    direction = _direction(_text(entry, p("CdtDbtInd")))
    reversal = (_text(entry, p("RvslInd")) or "").lower() in ("true", "1")
    booking = _date(entry, p, "BookgDt") or _date(entry, p, "ValDt")
    if booking is None:
        raise StatementAmountInvalid(
            t(
                "An entry has neither a booking date nor a value date (entry {reference}).",
                reference=_text(entry, p("AcctSvcrRef")) or "?",
            )
        )
    value = _date(entry, p, "ValDt")
    entry_reference = _text(entry, p("AcctSvcrRef"))
    details = entry.findall(p("NtryDtls/TxDtls"))
    amounts = [_detail_amount(p, d) for d in details]
    entry_amount = _amount(amount_element)
    currency = amount_element.get("Ccy") or account_currency or "EUR"
    if not details or (len(details) > 1 and any(a is None for a in amounts)):
        # No details, or a batch whose parts carry no amounts: the entry is one transaction.
        yield CamtTransaction(
            account_iban=iban,
            statement_id=statement_id,
            direction=direction,
            reversal=reversal,
            amount=entry_amount,
            currency=currency,
            booking_date=booking,
            value_date=value,
            counterparty_name=None,
            counterparty_iban=None,
            remittance=_text(entry, p("AddtlNtryInf")),
            structured_reference=None,
            end_to_end_id=None,
            entry_reference=entry_reference,
            detail_reference=None,
            detail_index=0,
        )
        return
    for index, (detail, detail_amount) in enumerate(zip(details, amounts, strict=True)):
        own = direction
        if len(details) > 1:
            own = _direction(_text(detail, p("CdtDbtInd")) or _text(entry, p("CdtDbtInd")))
        # The debtor pays us on a credit, we pay the creditor on a debit; a returned payment
        # (a reversal) may name only the other side.
        first, second = ("Dbtr", "Cdtr") if own == "credit" else ("Cdtr", "Dbtr")
        name, account = _party(p, detail, first)
        if name is None and account is None:
            name, account = _party(p, detail, second)
        unstructured = [
            (u.text or "").strip() for u in detail.iterfind(p("RmtInf/Ustrd")) if u.text
        ]
        structured = [
            (r.text or "").strip()
            for r in detail.iterfind(p("RmtInf/Strd/CdtrRefInf/Ref"))
            if r.text
        ]
        yield CamtTransaction(
            account_iban=iban,
            statement_id=statement_id,
            direction=own,
            reversal=reversal,
            amount=entry_amount if len(details) == 1 or detail_amount is None else detail_amount,
            currency=currency,
            booking_date=booking,
            value_date=value,
            counterparty_name=name,
            counterparty_iban=compact_iban(account) if account else None,
            remittance=" ".join(unstructured) or _text(entry, p("AddtlNtryInf")),
            structured_reference=" ".join(structured) or None,
            end_to_end_id=_nonempty(_text(detail, p("Refs/EndToEndId"))),
            entry_reference=entry_reference,
            detail_reference=_text(detail, p("Refs/AcctSvcrRef")),
            detail_index=index,
        )


def _party(p: _Paths, detail: etree._Element, party: str) -> tuple[str | None, str | None]:
    # camt.053.001.02-.06 name the party directly (Dbtr/Nm), .07 and later inside Pty.
    name = _text(detail, p(f"RltdPties/{party}/Nm")) or _text(
        detail, p(f"RltdPties/{party}/Pty/Nm")
    )
    return name, _text(detail, p(f"RltdPties/{party}Acct/Id/IBAN"))


def _detail_amount(p: _Paths, detail: etree._Element) -> Decimal | None:
    # camt.053.001.04 and later carry TxDtls/Amt; every version may carry AmtDtls/TxAmt/Amt.
    element = detail.find(p("Amt"))
    if element is None:
        element = detail.find(p("AmtDtls/TxAmt/Amt"))
    return None if element is None else _amount(element)


def _amount(element: etree._Element) -> Decimal:
    raw = (element.text or "").strip()
    try:
        amount = Decimal(raw)
    except InvalidOperation:  # the schema allows only decimals; kept for safety
        raise StatementAmountInvalid(t("{amount} is not an amount.", amount=raw[:40])) from None
    if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e11"):
        raise StatementAmountInvalid(
            t("The amount {amount} has more than two decimals or is too large.", amount=raw[:40])
        )
    return amount.quantize(Decimal("0.01"))


def _direction(code: str | None) -> Direction:
    return "debit" if code == "DBIT" else "credit"


def _date(entry: etree._Element, p: _Paths, name: str) -> date | None:
    raw = _text(entry, p(f"{name}/Dt")) or _text(entry, p(f"{name}/DtTm"))
    if not raw:
        return None
    # A date-time keeps the bank's own calendar day (its offset is the bank's local time).
    return date.fromisoformat(raw[:10])


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _nonempty(value: str | None) -> str | None:
    # Banks write "NOTPROVIDED" where a payer gave no end-to-end id.
    return None if value is None or value.upper() == "NOTPROVIDED" else value


def compact_iban(value: str) -> str:
    """An IBAN without spaces, upper case (as stored and compared)."""
    return "".join(value.split()).upper()
