"""Faults under load, then the invariants, read from the database.

    .venv/bin/python bench/faults.py [--duration 60] [--concurrency 16] [--clients 3]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
        [--pg-fault restart|terminate|none] [--wait-quiet 0] [--logs DIR]

The stack of `bench/load.py` from `bench/harness/` (a fresh PostgreSQL database, `invoicer
serve --workers 2 --no-worker`, one `invoicer worker`, aiosmtpd in its own process), with aiosmtpd
running `bench/smtp_recorder.py`, which writes down every accepted message's Message-ID and
recipients before it answers 250. The mixed load of `load.py` (`harness.client`) runs from
separate client processes (reads, drafts, finalisations by e-mail with `action: send` and by
`none`), plus operator `POST /v1/recurrences/run-due` calls for dates that make several
occurrences of `create` and `create_and_send` recurrences due (every third date twice at once).
Like a real client, the load retries POSTs and PATCHes with the same Idempotency-Key (same body)
until they get an answer.

During the load, at fixed fractions of `--duration`: the worker is killed with SIGKILL (and a new
one started), the SMTP server is killed and started again on the same port some seconds later,
the worker is killed again while it works off the mail that piled up, PostgreSQL is restarted
(`pg_ctlcluster ... restart`; this disconnects every other user of the server too: see
`--wait-quiet`), and the worker is killed once more.

Afterwards (load stopped, SMTP up, a worker running until the outbox is empty) the invariants are
checked from the database and printed PASS/FAIL; the exit code is 1 when any fails. Settings
that make the run finish in minutes rather than hours: mail retries start at 1 s (max 5 s) and a
killed worker's mail lease runs out after 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from harness.client import collect_clients, start_clients
from harness.report import OP_LABEL, percentile
from harness.seed import LINES, Tenant, post_json, seed, split_tenants
from harness.stack import DEFAULT_POSTGRES, Proc, Stack, cleanup_on_signals, wait_for_outbox
from smtp_recorder import first_deliveries_of_repeats, read_deliveries

from app.recurrences import schedule as sched

FAULT_ENV = {
    "INVOICER_MAIL_RETRY_BASE_SECONDS": "1",
    "INVOICER_MAIL_RETRY_MAX_SECONDS": "5",
    "INVOICER_MAIL_LEASE_SECONDS": "10",
}
# Dates for the operator's run-due calls: each makes one or more monthly occurrences due.
RUN_DUE_DATES = [
    "2031-01-20",
    "2031-03-05",
    "2031-03-05",
    "2031-05-16",
    "2031-07-02",
    "2031-08-20",
    "2031-10-01",
    "2031-12-31",
    "2032-02-15",
    "2032-04-01",
    "2032-06-30",
    "2032-09-01",
]
FUTURE_START = date(2031, 1, 1)


# --- PostgreSQL control ----------------------------------------------------------------------


def pg_cluster() -> tuple[str, str]:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if p.name[0].isdigit())
    return versions[-1], "main"


def pg_ctl(action: str, timeout: float = 120) -> None:
    version, cluster = pg_cluster()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action],
        check=True,
        timeout=timeout,
        capture_output=True,
    )


def pg_accepts(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False


def wait_pg(url: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pg_accepts(url):
            return True
        time.sleep(0.2)
    return False


def terminate_backends(url: str, database: str) -> int:
    """Cut every connection to `database` (and only those): for a shared server."""
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return sum(1 for r in rows if r[0])


def other_sessions(url: str, database: str) -> int:
    """Client connections to other databases of the server (a restart breaks them)."""
    with psycopg.connect(url, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND datname IS DISTINCT FROM %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchone()
    return int(row[0]) if row else 0


# --- setup -----------------------------------------------------------------------------------


@dataclass
class RecurrenceSetup:
    ids: list[str] = field(default_factory=list)
    customers: list[str] = field(default_factory=list)


async def make_recurrences(api_url: str, tenants: list[Tenant]) -> RecurrenceSetup:
    """For two administrations: a subscriber customer (e-mail), a base draft and four
    recurrences: monthly `create` and `create_and_send` from 2031 (run by the operator's
    run-due calls), a yearly `create`, and a monthly `create_and_send` that started four months
    ago and ends in two (due now: the worker takes it up by itself)."""
    setup = RecurrenceSetup()
    started = date.today() - timedelta(days=120)
    async with httpx.AsyncClient(base_url=api_url, timeout=60) as http:
        for n, tenant in enumerate(tenants[:2]):

            async def post(path: str, body: dict[str, Any], key: str = tenant.key) -> Any:
                return await post_json(http, path, body, key)

            customer = await post(
                "/v1/customers",
                {
                    "name": f"Abonnee {n} B.V.",
                    "email": f"abonnee{n}@customer.example",
                    "delivery_method": "email",
                    "address": {"street": "Laan 1", "postal_code": "3511 AB", "city": "Utrecht"},
                },
            )
            setup.customers.append(customer["id"])
            base = await post(
                "/v1/invoices",
                {
                    "customer_id": customer["id"],
                    "notes": "Abonnement [deze_maand_factuur]",
                    "lines": LINES,
                },
            )
            for body in (
                {"start_date": FUTURE_START.isoformat(), "day_of_month": 1, "automation": "create"},
                {
                    "start_date": FUTURE_START.isoformat(),
                    "day_of_month": 15,
                    "automation": "create_and_send",
                },
                {
                    "start_date": FUTURE_START.isoformat(),
                    "day_of_month": 10,
                    "month": 6,
                    "automation": "create",
                },
                {
                    "start_date": started.isoformat(),
                    "end_date": (date.today() + timedelta(days=60)).isoformat(),
                    "day_of_month": min(28, started.day),
                    "automation": "create_and_send",
                },
            ):
                made = await post("/v1/recurrences", {"base_invoice_id": base["id"]} | body)
                setup.ids.append(made["id"])
    return setup


# --- the fault timeline ------------------------------------------------------------------------


@dataclass
class Fault:
    name: str
    start: float  # time.time()
    end: float
    note: str = ""


def repeats(deliveries: Path, faults: list[Fault], t0: float, within: float = 3.0) -> str:
    """Which fault each repeated delivery belongs to: the one under way at the first delivery
    or beginning up to `within` s after it (a worker killed between the server's 250 and
    recording the outcome; an SMTP server killed between recording the message and sending
    its 250; a database restart while the outcome was being recorded)."""
    by_fault: Counter[str] = Counter()
    others = []
    for first in first_deliveries_of_repeats(deliveries):
        after = [f for f in faults if f.start - within <= first <= f.end]
        if after:
            by_fault[after[0].name] += 1
        else:
            others.append(f"{first - t0:.1f}")
    if others:
        at = ", ".join(others)
        by_fault[f"no fault under way or {within:.0f} s after (first delivered at t = {at} s)"] = (
            len(others)
        )
    return ", ".join(f"{name}: {n}" for name, n in by_fault.most_common())


class Injector:
    def __init__(
        self, stack: Stack, t0: float, duration: float, pg_fault: str, wait_quiet: float
    ) -> None:
        self.stack = stack
        self.t0 = t0
        self.load_end = t0 + duration
        self.pg_fault = pg_fault
        self.wait_quiet = wait_quiet
        self.faults: list[Fault] = []

    def at(self, seconds: float) -> None:
        time.sleep(max(0.0, self.t0 + seconds - time.time()))

    def log(self, text: str) -> None:
        print(f"  t={time.time() - self.t0:5.1f} s  {text}", flush=True)

    def outage(
        self, fault: str, killed: str, proc: Proc | None, down: float, restart: Callable[[], str]
    ) -> None:
        """SIGKILL `proc`, wait `down` seconds, start its successor; logged and recorded."""
        assert proc is not None
        start = time.time()
        proc.kill9()
        self.log(f"{killed} (pid {proc.pid})")
        time.sleep(down)
        self.log(restart())
        self.faults.append(Fault(fault, start, time.time()))

    def kill_worker(self, down: float) -> None:
        def restart() -> str:
            self.stack.start_worker()
            assert self.stack.worker is not None
            return f"new worker (pid {self.stack.worker.pid})"

        fault = "worker killed (SIGKILL), new one started"
        self.outage(fault, "kill -9 worker", self.stack.worker, down, restart)

    def smtp_outage(self, down: float) -> None:
        def restart() -> str:
            self.stack.start_smtp()
            return f"SMTP server up again on port {self.stack.smtp_port}"

        fault = "SMTP server killed, restarted on the same port"
        self.outage(fault, "SMTP server killed", self.stack.smtp, down, restart)

    def restart_postgres(self) -> None:
        assert self.stack.db_name is not None
        if self.pg_fault == "none":
            self.log("PostgreSQL fault skipped (--pg-fault none)")
            return
        if self.pg_fault == "terminate":
            start = time.time()
            cut = terminate_backends(self.stack.postgres, self.stack.db_name)
            self.log(f"PostgreSQL: terminated the {cut} connections of the bench database")
            self.faults.append(
                Fault("PostgreSQL connections terminated", start, time.time(), f"{cut} cut")
            )
            return
        # Give other users of the server a moment to finish, but restart while the load runs.
        deadline = min(time.time() + self.wait_quiet, self.load_end - 12)
        others = other_sessions(self.stack.url, self.stack.db_name)
        while others and time.time() < deadline:
            time.sleep(1)
            others = other_sessions(self.stack.url, self.stack.db_name)
        start = time.time()
        pg_ctl("restart")
        ready = wait_pg(self.stack.url)
        note = f"{others} connection(s) to other databases were cut" if others else ""
        self.log(
            f"PostgreSQL restarted: {time.time() - start:.1f} s until it accepted connections"
            + (f" ({note})" if note else "")
        )
        if not ready:
            raise RuntimeError("PostgreSQL did not come back")
        self.faults.append(Fault("PostgreSQL restart", start, time.time(), note))

    def run(self, duration: float) -> None:
        d = duration
        self.at(0.12 * d)
        self.kill_worker(down=3)
        self.at(0.25 * d)
        self.smtp_outage(down=max(5.0, 0.15 * d))
        self.at(0.43 * d)
        self.kill_worker(down=2)
        self.at(0.60 * d)
        self.restart_postgres()
        self.at(0.85 * d)
        self.kill_worker(down=3)


# --- invariants ----------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_documents(conn: psycopg.Connection[Any]) -> Check:
    rows = conn.execute(
        """
        SELECT i.id,
               count(d.id) FILTER (WHERE d.kind = 'pdf') AS pdfs,
               count(d.id) FILTER (WHERE d.kind = 'ubl') AS ubls
        FROM invoices i LEFT JOIN documents d ON d.invoice_id = i.id
        WHERE i.status = 'final' GROUP BY i.id
        """
    ).fetchall()
    missing = [r[0] for r in rows if r[1] != 1 or r[2] != 1]
    bad_hash = 0
    bad_kind = 0
    documents = 0
    with conn.cursor(name="documents") as cursor:  # server-side: the bytes stream in batches
        cursor.execute(
            "SELECT d.kind, d.sha256, d.size, d.content FROM documents d "
            "JOIN invoices i ON i.id = d.invoice_id WHERE i.status = 'final'"
        )
        for kind, sha256, size, content in cursor:
            documents += 1
            data = bytes(content)
            if hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
                bad_hash += 1
            if not data.startswith(b"%PDF-" if kind == "pdf" else b"<?xml"):
                bad_kind += 1
    on_drafts = conn.execute(
        "SELECT count(*) FROM documents d JOIN invoices i ON i.id = d.invoice_id "
        "WHERE i.status = 'draft'"
    ).fetchone()
    drafts_with = int(on_drafts[0]) if on_drafts else 0
    ok = not missing and not bad_hash and not bad_kind and drafts_with == 0
    detail = (
        f"{len(rows)} final invoices, {documents} documents; without exactly one pdf + one ubl: "
        f"{len(missing)}; sha256/size mismatches: {bad_hash}; not a PDF/XML: {bad_kind}; "
        f"documents on drafts: {drafts_with}"
    )
    return Check("every final invoice has its PDF and UBL, sha256 matching the bytes", ok, detail)


def check_numbers(conn: psycopg.Connection[Any]) -> Check:
    rows = conn.execute(
        """
        SELECT i.administration_id, i.series, count(*), count(DISTINCT i.sequence),
               min(i.sequence), max(i.sequence), count(DISTINCT i.number), c.last_sequence
        FROM invoices i
        LEFT JOIN number_counters c
          ON c.administration_id = i.administration_id AND c.series = i.series
        WHERE i.status = 'final' GROUP BY i.administration_id, i.series, c.last_sequence
        """
    ).fetchall()
    bad = [
        f"{adm}/{series}: {n} invoices, sequences {lo}..{hi} ({distinct} distinct), "
        f"counter {counter}"
        for adm, series, n, distinct, lo, hi, numbers, counter in rows
        if not (n == distinct == numbers == hi == counter and lo == 1)
    ]
    series = ", ".join(f"{s}: {n}" for s, n in Counter(r[1] for r in rows).items())
    detail = f"{len(rows)} (administration, series) pairs ({series}); gaps or duplicates: " + (
        "; ".join(bad) if bad else "none"
    )
    return Check(
        "numbers per administration and series are 1..N, no gaps or duplicates", not bad, detail
    )


def check_acknowledged(conn: psycopg.Connection[Any], results: list[dict[str, Any]]) -> Check:
    rows = conn.execute("SELECT id, status, number, notes FROM invoices").fetchall()
    invoices = {r[0]: r for r in rows}
    mails = {r[0]: r[1] for r in conn.execute("SELECT id, status FROM mails").fetchall()}
    finalized = [f for r in results for f in r["finalized"]]
    created = [c for r in results for c in r["created"]]
    patched = {i: p for r in results for i, p in r["patched"].items() if p[1]}
    lost_final = [
        f[0]
        for f in finalized
        if f[0] not in invoices or invoices[f[0]][1] != "final" or invoices[f[0]][2] != f[1]
    ]
    lost_mail = [f[0] for f in finalized if f[3] == "send" and (not f[2] or f[2] not in mails)]
    lost_created = [c for c in created if c not in invoices]
    lost_patch = [i for i, p in patched.items() if i not in invoices or invoices[i][3] != p[0]]
    ok = not (lost_final or lost_mail or lost_created or lost_patch)
    detail = (
        f"{len(finalized)} finalisations acknowledged (2xx), lost or renumbered: "
        f"{len(lost_final)}; "
        f"their mails missing: {len(lost_mail)}; {len(created)} drafts created, missing: "
        f"{len(lost_created)}; {len(patched)} acknowledged last patches, not stored: "
        f"{len(lost_patch)}"
    )
    return Check(
        "nothing acknowledged is lost (finalisations, their mails, drafts, patches)", ok, detail
    )


@dataclass
class MailFigures:
    checks: list[Check]
    sent: int
    failed: int
    duplicated: int
    received: int
    repeats: str = ""  # which fault each repeated delivery belongs to


def check_mails(conn: psycopg.Connection[Any], deliveries_path: Path) -> MailFigures:
    received = read_deliveries(deliveries_path)
    by_id: dict[str, Counter[str]] = defaultdict(Counter)
    for (message_id, recipient), n in received.items():
        by_id[message_id][recipient] += n
    rows = conn.execute(
        "SELECT id, message_id, status, error FROM mails WHERE status <> 'draft'"
    ).fetchall()
    accepted: dict[str, set[str]] = defaultdict(set)
    for mail_id, recipient in conn.execute(
        "SELECT mail_id, lower(recipient) FROM mail_deliveries WHERE status = 'accepted'"
    ).fetchall():
        accepted[mail_id].add(recipient)
    status = Counter(r[2] for r in rows)
    undelivered = []  # sent, but the SMTP server never accepted it for a recipient on record
    failed_without_reason = []
    for mail_id, message_id, state, error in rows:
        got = by_id.get(message_id, Counter())
        if state == "sent" and (not got or any(r not in got for r in accepted[mail_id])):
            undelivered.append(mail_id)
        if state == "failed" and not (error or "").strip():
            failed_without_reason.append(mail_id)
    known = {r[1] for r in rows}
    strangers = [m for m in by_id if m not in known]
    duplicated = sum(1 for counts in by_id.values() if any(n > 1 for n in counts.values()))
    checks = [
        Check(
            "every queued mail is sent (>= 1 delivery of its Message-ID) or failed with a reason",
            not undelivered and not failed_without_reason and not strangers,
            f"{len(rows)} mails: {status.get('sent', 0)} sent, {status.get('failed', 0)} failed, "
            f"{status.get('queued', 0)} queued; sent but not received: {len(undelivered)}; failed "
            f"without a reason: {len(failed_without_reason)}; received but unknown: "
            f"{len(strangers)}; Message-IDs received more than once by a recipient: {duplicated} "
            "(at-least-once)",
        ),
        Check(
            "no mail stays queued after the drain",
            status.get("queued", 0) == 0,
            f"{status.get('queued', 0)} queued",
        ),
    ]
    return MailFigures(
        checks, status.get("sent", 0), status.get("failed", 0), duplicated, sum(received.values())
    )


def check_recurrences(
    conn: psycopg.Connection[Any], setup: RecurrenceSetup, last_due: date | None
) -> list[Check]:
    runs = conn.execute(
        "SELECT recurrence_id, occurrence_date, outcome, invoice_id, mail_id, notified "
        "FROM recurrence_runs"
    ).fetchall()
    duplicates = [k for k, n in Counter((r[0], r[1]) for r in runs).items() if n > 1]
    invoices = {
        r[0]: r
        for r in conn.execute(
            "SELECT id, status, invoice_date, customer_id FROM invoices"
        ).fetchall()
    }
    problems: list[str] = []
    made = [r for r in runs if r[2] in ("created", "sent", "not_sent")]
    invoice_ids = [r[3] for r in made]
    if len(set(invoice_ids)) != len(invoice_ids) or None in invoice_ids:
        problems.append("a run without its own invoice")
    for r in made:
        inv = invoices.get(r[3])
        if inv is None or inv[1] != "final" or inv[2] != r[1]:
            problems.append(f"run {r[0]}@{r[1]}: invoice {r[3]} missing, not final or misdated")
    failed = [r for r in runs if r[2] not in ("created", "sent", "not_sent")]
    finals_for_subscribers = sum(
        1 for i in invoices.values() if i[3] in setup.customers and i[1] == "final"
    )
    if finals_for_subscribers != len(made):
        problems.append(
            f"{finals_for_subscribers} final invoices of subscribers for {len(made)} runs that "
            "made one"
        )
    recurrences = conn.execute(
        "SELECT id, start_date, end_date, day_of_month, month, next_date, last_occurrence_date "
        "FROM recurrences WHERE id = ANY(%s)",
        (setup.ids,),
    ).fetchall()
    dates: dict[str, list[date]] = defaultdict(list)
    for r in runs:
        dates[r[0]].append(r[1])
    schedule_problems = []
    today = date.today()
    for rec_id, start, end, day, month, next_date, last in recurrences:
        schedule = sched.Schedule(start_date=start, day_of_month=day, month=month, end_date=end)
        handled = sorted(dates.get(rec_id, []))
        expected = []
        d = sched.first_occurrence(schedule)
        while d is not None and last is not None and d <= last:
            expected.append(d)
            d = sched.next_after(schedule, d)
        want_next = sched.next_after(schedule, last) if last else sched.first_occurrence(schedule)
        horizon = max(filter(None, [last_due, today]))
        if handled != expected:
            schedule_problems.append(f"{rec_id}: handled {len(handled)} of {len(expected)} dates")
        elif next_date != want_next:
            schedule_problems.append(f"{rec_id}: next_date {next_date}, expected {want_next}")
        elif next_date is not None and next_date <= horizon:
            schedule_problems.append(f"{rec_id}: {next_date} is due but was not handled")
    unnotified = sum(1 for r in runs if not r[5])
    outcomes = Counter(r[2] for r in runs)
    return [
        Check(
            "every occurrence handled exactly once, one final invoice each, dated on it",
            not duplicates and not problems,
            f"{len(runs)} runs of {len(setup.ids)} recurrences ({dict(outcomes)}); duplicate "
            f"(recurrence, date): {len(duplicates)}; "
            + ("; ".join(problems[:5]) if problems else "each with its own invoice")
            + (f"; {len(failed)} runs made no final invoice" if failed else ""),
        ),
        Check(
            "recurrence dates consistent: no gap, next date = the one after the last, none due",
            not schedule_problems,
            "; ".join(schedule_problems[:5])
            if schedule_problems
            else f"{len(recurrences)} recurrences checked against their schedules",
        ),
        Check(
            "every handled occurrence was reported to the owner",
            unnotified == 0,
            f"{unnotified} of {len(runs)} runs not yet notified",
        ),
    ]


def check_requests(results: list[dict[str, Any]], faults: list[Fault], grace: float) -> list[Check]:
    windows = [(f.start - 0.5, f.end + grace) for f in faults if f.name.startswith("PostgreSQL")]
    events = [e for r in results for e in r["events"]]
    inside = [e for e in events if any(a <= e[0] <= b or a <= e[1] <= b for a, b in windows)]
    outside = [e for e in events if e not in inside]
    unanswered = [u for r in results for u in r["unanswered"]]
    sample = "; ".join(f"{e[2]} {e[3]} {str(e[4])[:80]}" for e in outside[:3])
    kinds = Counter(str(e[3]) for e in inside)
    transport = Counter(str(e[4]).split(":")[0] for e in inside if e[3] == "transport")
    during = ", ".join(f"{k} x{n}" for k, n in kinds.most_common())
    return [
        Check(
            "no failed request outside the PostgreSQL restart window",
            not outside,
            f"{len(events)} failed attempts, {len(inside)} during the restart (+{grace:.0f} s)"
            + (f" ({during})" if during else "")
            + (f" [transport: {dict(transport)}]" if transport else "")
            + f", {len(outside)} outside"
            + (f": {sample}" if sample else ""),
        ),
        Check(
            "every finalisation got an answer (retried with its Idempotency-Key)",
            not unanswered,
            f"{len(unanswered)} without an answer",
        ),
    ]


# --- main ----------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--drain-timeout", type=float, default=240.0)
    parser.add_argument(
        "--pg-fault",
        choices=("restart", "terminate", "none"),
        default="restart",
        help="restart: pg_ctlcluster restart (cuts every user of the server); terminate: "
        "pg_terminate_backend on the bench database's connections only (shared servers)",
    )
    parser.add_argument("--logs", type=Path, help="copy the processes' logs to this directory")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        help="wait up to this many seconds for other databases' clients to disconnect before the "
        "load starts, and again (within the load) before the restart, which cuts them off",
    )
    parser.add_argument("--http", choices=("raw", "httpx"), default="httpx")
    return parser.parse_args()


def setup(args: argparse.Namespace, stack: Stack) -> tuple[list[Tenant], RecurrenceSetup]:
    """Start the stack, make the data and the recurrences, print what runs."""
    stack.start()
    tenants = asyncio.run(
        seed(
            stack.api_url,
            administrations=4,
            customers=20,
            read_drafts=200,
            finalize_drafts=int(12 * args.duration),
        )
    )
    recurrences = asyncio.run(make_recurrences(stack.api_url, tenants))
    print(
        f"Faults: {args.duration:.0f} s of mixed load ({args.clients} client processes, "
        f"{args.concurrency} in flight, {args.http}) on invoicer serve --workers 2 "
        f"--no-worker + 1 invoicer worker + aiosmtpd (recording), PostgreSQL; "
        f"{len(recurrences.ids)} recurrences, run-due for {len(RUN_DUE_DATES)} dates"
    )
    if args.wait_quiet and args.pg_fault == "restart":
        assert stack.db_name is not None
        deadline = time.monotonic() + args.wait_quiet
        while other_sessions(stack.url, stack.db_name) and time.monotonic() < deadline:
            time.sleep(1)
    return tenants, recurrences


def run_load(
    args: argparse.Namespace, stack: Stack, tenants: list[Tenant]
) -> tuple[list[dict[str, Any]], Injector, float]:
    """The mixed load with the faults injected on their timeline: the clients' results, the
    injector (with its faults) and the seconds from the start of the load to its end."""
    procs, start_at = start_clients(
        stack,
        "mix",
        split_tenants(tenants, args.clients),
        concurrency=args.concurrency,
        warmup=0.0,
        duration=args.duration,
        retry_seconds=60.0,
        run_due_dates=RUN_DUE_DATES,
        run_due_interval=args.duration / (len(RUN_DUE_DATES) + 1),
        http=args.http,
    )
    injector = Injector(stack, start_at, args.duration, args.pg_fault, args.wait_quiet)
    time.sleep(max(0.0, start_at - time.time()))
    injector.run(args.duration)
    results = collect_clients(procs, timeout=args.duration + 120)
    return results, injector, time.time() - start_at


def drain(stack: Stack, timeout: float) -> tuple[dict[str, int], float]:
    """SMTP up, a worker running, until nothing is queued: the mail counts, seconds waited."""
    if stack.smtp is None or not stack.smtp.alive():
        stack.start_smtp()
    if stack.worker is None or not stack.worker.alive():
        stack.start_worker()
    counts, waited = wait_for_outbox(stack.url, timeout)
    # Owner notifications of the last runs are made by the worker's next tick.
    time.sleep(3)
    counts, more = wait_for_outbox(stack.url, timeout)
    return counts, waited + more + 3


def check_all(
    args: argparse.Namespace,
    stack: Stack,
    recurrences: RecurrenceSetup,
    results: list[dict[str, Any]],
    injector: Injector,
) -> tuple[list[Check], MailFigures]:
    acked_dates = [
        date.fromisoformat(r["date"])
        for res in results
        for r in res["run_due"]
        if r["runs"] is not None
    ]
    with psycopg.connect(stack.url, connect_timeout=10) as conn:
        checks = [
            check_documents(conn),
            check_numbers(conn),
            check_acknowledged(conn, results),
        ]
        mail = check_mails(conn, stack.deliveries or Path("/nonexistent"))
        checks += mail.checks
        checks += check_recurrences(conn, recurrences, max(acked_dates) if acked_dates else None)
    checks += check_requests(results, injector.faults, grace=5.0)
    late = [f.name for f in injector.faults if f.start > injector.load_end]
    checks.append(
        Check(
            "every fault was injected while the load ran",
            not late,
            f"{len(injector.faults)} faults in {args.duration:.0f} s of load"
            + (f"; after the load: {', '.join(late)}" if late else ""),
        )
    )
    if mail.duplicated and stack.deliveries is not None:
        mail.repeats = repeats(stack.deliveries, injector.faults, injector.t0)
    return checks, mail


def main() -> int:
    args = parse_args()
    cleanup_on_signals()
    stack = Stack(
        args.postgres,
        baseline=False,
        record_deliveries=True,
        env=FAULT_ENV,
        keep_logs=args.logs,
    )
    try:
        tenants, recurrences = setup(args, stack)
        results, injector, elapsed = run_load(args, stack, tenants)
        counts, waited = drain(stack, args.drain_timeout)
        checks, mail = check_all(args, stack, recurrences, results, injector)
        report(args, results, injector, checks, mail, counts, waited, elapsed)
        return 0 if all(c.ok for c in checks) else 1
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        if args.pg_fault == "restart" and not pg_accepts(stack.postgres):
            with contextlib.suppress(Exception):
                pg_ctl("start")
                wait_pg(stack.postgres)
        stack.close()


def report(
    args: argparse.Namespace,
    results: list[dict[str, Any]],
    injector: Injector,
    checks: list[Check],
    mail: MailFigures,
    counts: dict[str, int],
    waited: float,
    elapsed: float,
) -> None:
    attempts = sum(r["all_attempts"] for r in results)
    errors = sum(r["all_errors"] for r in results)
    ops: Counter[str] = Counter()
    for r in results:
        ops.update(r["ops_done"])
    finalized = [f for r in results for f in r["finalized"]]
    sends = sum(1 for f in finalized if f[3] == "send")
    run_due = [x for r in results for x in r["run_due"]]
    occurrences = sum(x["runs"] or 0 for x in run_due)
    every = sorted(v for r in results for values in r["latencies"].values() for v in values)
    print()
    print("```")
    print(
        f"faults.py: {elapsed:.0f} s of mixed load, {args.clients} client processes x "
        f"{args.concurrency} in flight; 2 uvicorn workers + 1 worker process; PostgreSQL; aiosmtpd"
    )
    print(
        f"requests: {attempts} attempts ({attempts / elapsed:.0f}/s), {errors} failed; p50 "
        f"{percentile(every, 50):.0f} ms, p99 {percentile(every, 99):.0f} ms (2xx)"
    )
    print(
        "operations: "
        + ", ".join(
            f"{OP_LABEL[k].split(' (')[0] if k == 'run_due' else k} {n}"
            for k, n in sorted(ops.items())
        )
    )
    print(
        f"finalised (2xx): {len(finalized)} ({sends} by e-mail with send); run-due calls: "
        f"{len(run_due)} (answered {sum(1 for x in run_due if x['runs'] is not None)}), "
        f"{occurrences} occurrences handled by them"
    )
    print("faults (t = seconds after the load started):")
    for f in injector.faults:
        print(
            f"  t={f.start - injector.t0:5.1f} s  {f.name}: {f.end - f.start:.1f} s"
            + (f" ({f.note})" if f.note else "")
        )
    print(
        f"mail: {mail.sent} sent, {mail.failed} failed, {mail.received} deliveries recorded by "
        f"the SMTP server, {mail.duplicated} Message-IDs delivered more than once; outbox "
        f"{counts} {waited:.0f} s after the load"
    )
    if mail.repeats:
        print(f"  repeated deliveries, by the fault that followed the first one: {mail.repeats}")
    print("invariants:")
    for c in checks:
        print(f"  {'PASS' if c.ok else 'FAIL'}  {c.name}")
        print(f"        {c.detail}")
    print("```")
    failed = [c for c in checks if not c.ok]
    print("ALL INVARIANTS HOLD" if not failed else f"{len(failed)} INVARIANT(S) FAILED")


if __name__ == "__main__":
    sys.exit(main())
