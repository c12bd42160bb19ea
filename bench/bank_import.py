"""Importing a CAMT.053 statement of 10,000 credits against 100,000 open invoices, on PostgreSQL
and SQLite: transactions per CPU-second of this process, and per wall second.

    python bench/bank_import.py [--transactions 10000] [--invoices 100000]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgresql]

The import is `app.banking.service.import_statement` in one write transaction (commit included),
the work of `POST /v1/bank-statements` minus HTTP: a 10,000-entry statement is ~13 MB, far over
the API's 2 MB body limit, which bounds what one request may hold. The statement is
camt.053.001.02 in ABN AMRO's shape (one TxDtls per entry, debtor, IBAN, unstructured
remittance): 60% of the credits name an open invoice's number, 20% pay an invoice's exact amount
from an IBAN its customer paid from before, 20% match nothing. Each credit pays a different
invoice. The statement is then imported again (all transactions already known).

Figures: CPU is `time.process_time()` of this process (the worker thread that parses and
validates included; the database server's CPU is not); "per core" divides by it. The parse
line splits the statement's reading into XML parsing, schema validation (lxml/libxml2, official
ISO 20022 XSD) and extraction.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

from harness.seed import seller
from harness.stack import DEFAULT_POSTGRES, fresh_postgres
from sqlalchemy import func, insert, select

from app.banking import camt
from app.banking import service as banking
from app.db import Database
from app.migrations import upgrade
from app.models import Administration, BankTransaction, Customer, Invoice, KnownIban
from app.models.base import new_id
from app.models.enums import InvoiceKind, InvoiceStatus, PaymentStatus
from app.parties import schemas
from app.parties import service as parties

OWN_IBAN = "NL91ABNA0417164300"
GOAL = 2000  # transactions per CPU-second (issue 17)
CUSTOMERS = 1000
BOOKED = date(2026, 12, 3)


def iban(i: int) -> str:
    # Schema-valid (pattern), not check-digit valid: the import does not care.
    return f"NL{10 + i % 90:02}BANK{i:010}"


def number(i: int) -> str:
    return f"2026-{i + 1:06}"


def total(i: int) -> Decimal:
    # Distinct per invoice, so an amount from a known IBAN points at one invoice.
    return (Decimal(10_000 + i) / 100).quantize(Decimal("0.01"))


async def populate(db: Database, invoices: int) -> str:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    async with db.transaction(write=True) as session:
        admin, _ = await parties.create_administration(
            session, schemas.AdministrationCreate(**seller(0))
        )
        customer_ids = [new_id("cus") for _ in range(CUSTOMERS)]
        await session.execute(
            insert(Customer),
            [
                {
                    "id": cid,
                    "administration_id": admin.id,
                    "name": f"Klant {i} B.V.",
                    "address": {},
                    "created_at": now,
                    "updated_at": now,
                }
                for i, cid in enumerate(customer_ids)
            ],
        )
        # Every customer paid from one IBAN before.
        await session.execute(
            insert(KnownIban),
            [
                {
                    "id": new_id("kib"),
                    "administration_id": admin.id,
                    "customer_id": cid,
                    "iban": iban(i),
                    "created_at": now,
                }
                for i, cid in enumerate(customer_ids)
            ],
        )
        rows = [
            {
                "id": new_id("inv"),
                "administration_id": admin.id,
                "kind": InvoiceKind.invoice,
                "customer_id": customer_ids[i % CUSTOMERS],
                "status": InvoiceStatus.final,
                "payment_status": PaymentStatus.unpaid,
                "invoice_date": date(2026, 11, 1),
                "due_date": date(2026, 12, 1),
                "currency": "EUR",
                "subtotal": total(i),
                "vat_total": Decimal(0),
                "total": total(i),
                "amount_paid": Decimal(0),
                "series": "default",
                "sequence": i + 1,
                "number": number(i),
                "finalized_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(invoices)
        ]
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Invoice), rows[start : start + 5000])
        return admin.id


ENTRY = """<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>{ref}</AcctSvcrRef>\
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>\
<Prtry><Cd>N654</Cd><Issr>ABNAMRO</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Refs>\
<EndToEndId>E2E-{ref}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt>\
</AmtDtls><RltdPties><Dbtr><Nm>{name}</Nm></Dbtr><DbtrAcct><Id><IBAN>{iban}</IBAN></Id>\
</DbtrAcct></RltdPties><RltdAgts><DbtrAgt><FinInstnId><BIC>INGBNL2A</BIC></FinInstnId>\
</DbtrAgt></RltdAgts><RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
"""


def statement(transactions: int, invoices: int) -> bytes:
    rng = Random(17)
    picked = rng.sample(range(invoices), transactions)
    entries = []
    for k, i in enumerate(picked):
        kind = k % 10
        customer = i % CUSTOMERS
        if kind < 6:  # by reference
            amount, payer, text = total(i), iban(customer), f"Factuur {number(i)} dank u wel"
        elif kind < 8:  # by amount from the customer's known IBAN
            amount, payer, text = total(i), iban(customer), "Betaling november"
        else:  # nobody's: an amount no invoice has, from an unknown IBAN
            amount, payer, text = Decimal("9.99"), iban(CUSTOMERS + k), f"Gift {k}"
        entries.append(
            ENTRY.format(
                amount=amount,
                day=BOOKED.isoformat(),
                ref=f"0417164300-1203-{k:06}",
                name=f"Klant {customer} B.V.",
                iban=payer,
                text=text,
            )
        )
    head = f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr>\
<MsgId>0417164300.{BOOKED}</MsgId><CreDtTm>2026-12-04T06:12:41</CreDtTm></GrpHdr><Stmt>\
<Id>0417164300.{BOOKED}</Id><CreDtTm>2026-12-04T06:12:41</CreDtTm><Acct><Id><IBAN>{OWN_IBAN}\
</IBAN></Id><Ccy>EUR</Ccy></Acct><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>\
<Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-02</Dt></Dt></Bal><Bal>\
<Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT\
</CdtDbtInd><Dt><Dt>{BOOKED}</Dt></Dt></Bal>
"""
    return (head + "".join(entries) + "</Stmt></BkToCstmrStmt></Document>\n").encode()


def parse_split(data: bytes) -> str:
    """CPU of reading the statement: XML parsing, schema validation, extraction."""
    camt.schema("camt.053.001.02")  # compiled once per process, not part of an import
    t0 = time.process_time()
    root = camt._root(camt._decoded(data))
    t1 = time.process_time()
    version = camt._version(root)
    camt._validate(root, version)
    t2 = time.process_time()
    camt._read(root, version)
    t3 = time.process_time()
    return f"parse {t1 - t0:.2f} s, validate {t2 - t1:.2f} s, extract {t3 - t2:.2f} s CPU"


class PaymentClock:
    """CPU spent inside `record_payment` (the payments core) during an import: the bench wraps
    the function the banking service calls, to show what of an import is the banking module's."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.calls = 0
        self.original = banking.payments.record_payment

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return await self.original(*args, **kwargs)
        finally:
            self.cpu += time.process_time() - started
            self.calls += 1


async def timed_import(
    db: Database, administration_id: str, data: bytes
) -> tuple[float, float, dict[str, int]]:
    cpu, wall = time.process_time(), time.perf_counter()
    async with db.transaction(write=True) as session:
        administration = await session.get(Administration, administration_id)
        assert administration is not None
        result = await banking.import_statement(session, administration, data)
        counts = {"new": len(result.new), "already_known": result.already_known}
        for tx in result.new:
            counts[tx.status.value] = counts.get(tx.status.value, 0) + 1
    return time.process_time() - cpu, time.perf_counter() - wall, counts


async def run(url: str, transactions: int, invoices: int, label: str) -> None:
    upgrade(url)
    db = Database(url)
    try:
        started = time.perf_counter()
        administration_id = await populate(db, invoices)
        data = statement(transactions, invoices)
        print(
            f"[{label}] {invoices:,} open invoices made in {time.perf_counter() - started:.0f} s; "
            f"statement: {transactions:,} credits, {len(data) / 1e6:.1f} MB"
        )
        print(f"[{label}] reading it: {parse_split(data)}")
        for attempt in ("first import", "same statement again"):
            clock = PaymentClock()
            banking.payments.record_payment = clock  # type: ignore[assignment]
            try:
                cpu, wall, counts = await timed_import(db, administration_id, data)
            finally:
                banking.payments.record_payment = clock.original  # type: ignore[assignment]
            print(
                f"[{label}] {attempt}: {cpu:.2f} s CPU, {wall:.2f} s wall -> "
                f"{transactions / cpu:,.0f} transactions/s per core, "
                f"{transactions / wall:,.0f}/s wall; {counts}; "
                f"record_payment: {clock.calls:,} calls, {clock.cpu:.2f} s CPU"
            )
            if attempt == "first import":
                rate = transactions / cpu
                verdict = "met" if rate >= GOAL else "NOT met"
                print(f"[{label}] goal >= {GOAL:,} transactions/s per core: {verdict}")
        async with db.transaction(write=False) as session:
            stored = await session.scalar(select(func.count()).select_from(BankTransaction))
            paid = await session.scalar(
                select(func.count()).where(Invoice.payment_status == PaymentStatus.paid)
            )
        print(f"[{label}] stored {stored:,} bank transactions; {paid:,} invoices paid")
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory(prefix="invoicer-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bank.db'}"
            asyncio.run(run(url, args.transactions, args.invoices, "sqlite"))
    if args.only != "sqlite":
        url, drop = fresh_postgres(args.postgres)
        try:
            asyncio.run(run(url, args.transactions, args.invoices, "postgresql"))
        finally:
            drop()


if __name__ == "__main__":
    main()
