"""Load from separate client processes against the real service on PostgreSQL, with baselines.

    .venv/bin/python bench/load.py [--duration 20] [--concurrency 24] [--clients 4]
        [--mix-concurrency 8,12,24] [--warmup 3] [--slices 4] [--http raw|httpx] [--wait-quiet 0]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Setup (all torn down at the end, also on Ctrl-C or an error): a fresh PostgreSQL database with
the migrations applied; `invoicer serve --workers 2 --no-worker` (two uvicorn processes) and one
`invoicer worker` process, sending mail over SMTP to aiosmtpd (Sink handler) in its own process;
`bench/baseline_app.py` under uvicorn with 2 workers on its own port. Rate limits are set so high
that they never shape the load. A few administrations with customers (e-mail delivery and none)
and some hundreds of drafts are made through the API.

Each scenario runs in its own set of client processes (`--clients`, each an asyncio loop with
keep-alive connections: `RawClient` of harness/client.py by default, or `httpx.AsyncClient` with
`--http httpx`, which costs ~1.2 ms of client CPU per request here and then bounds the trivial
baseline), closed-loop with `--concurrency` requests in flight in total,
for `--warmup` + `--duration` seconds; only requests that start and end inside the `--duration`
window are counted. Scenarios: (1) the trivial baseline endpoint, (2) the baseline's minimal
primary-key read, (3) authenticated `GET /v1/invoices/{id}`, (4) the realistic mix (reads 70%,
draft writes 20%, finalisations 10%, half of them by e-mail with `action: send`), once for each
`--mix-concurrency` value. Any non-2xx answer or transport error is an error. (2) and (3), whose
ratio is a goal, are measured in `--slices` alternating slices of `--duration / --slices` seconds
each, in ABBA order (pk, get, get, pk, ...): on a shared VM whose speed drifts during the run,
both then see the same machine (run one after the other, their ratio swung 55-102% here).

The latency goal of the mix is judged at the knee of its throughput: the fewest requests in
flight that reach 95% of the highest throughput of the levels run. A closed loop keeps its
requests in flight whatever the service does: past the knee, more in flight adds no throughput
(it even loses some to contention) and only lengthens the queues, so its p99 is the client's
choice of queue length (Little's law: latency = in flight / throughput), not the service's
speed; and where throughput is flat, "the highest" is a pick by noise. Every level is printed,
the ones past the knee included.

Afterwards the outbox must drain (the worker delivers every queued mail to the SMTP sink), and
each API operation is run in-process, one request at a time: its CPU time, its SQL statements
(a `before_cursor_execute` listener on the service's own engine) and its round trips to
PostgreSQL (asyncpg calls, BEGIN/COMMIT and the pool's pre-ping included) are printed. CPU time
per component (API, PostgreSQL, clients, other processes on the machine) is read from /proc for
each scenario, so it is visible what bounds it.

The stack, the data, the load client and the figures come from `bench/harness/`, which
`bench/faults.py` shares.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
from harness import BENCH
from harness.client import collect_clients, start_clients
from harness.cpu import cpu_share, cpu_snapshot, stack_groups, wait_for_quiet
from harness.report import OP_LABEL, ScenarioResult, format_cpu, merge, pct, summarise, verdict
from harness.seed import LINES, Tenant, draft_chunk, seed, split_tenants
from harness.stack import (
    DEFAULT_POSTGRES,
    OPERATOR,
    SessionCounter,
    Stack,
    cleanup_on_signals,
    server_version,
    wait_for_outbox,
)

# The mix's latency goal is judged at the fewest in flight reaching this share of its highest
# throughput (see the module docstring).
KNEE = 0.95


def run_scenario(
    stack: Stack,
    scenario: str,
    shares: list[list[Tenant]],
    *,
    concurrency: int,
    warmup: float,
    duration: float,
    http: str,
) -> ScenarioResult:
    procs, start_at = start_clients(
        stack,
        scenario,
        shares,
        concurrency=concurrency,
        warmup=warmup,
        duration=duration,
        http=http,
    )
    groups = stack_groups(stack) | {p.pid: "clients" for p, _ in procs}
    with SessionCounter(stack.url) as sessions:
        time.sleep(max(0.0, start_at + warmup - time.time()))
        before, opened = cpu_snapshot(groups, stack.db_name), sessions.count()
        time.sleep(max(0.0, start_at + warmup + duration - time.time()))
        after, opened = cpu_snapshot(groups, stack.db_name), sessions.count() - opened
    results = collect_clients(procs, timeout=duration + 60)
    stack.check_alive()
    result = summarise(scenario, results, duration, cpu_share(before, after, duration))
    return replace(result, connections=opened)


# --- SQL round trips, counted in-process ---------------------------------------------------


@dataclass
class Trips:
    label: str
    statements: int  # SQL statements (before_cursor_execute on the service's engine)
    calls: dict[str, int]  # asyncpg calls, each one round trip to the server
    sql: list[str]
    cpu_ms: float = 0.0  # CPU time of the service per request, in-process, no contention

    @property
    def round_trips(self) -> int:
        return sum(self.calls.values())


@contextlib.contextmanager
def counting_asyncpg(calls: Counter[str]) -> Iterator[None]:
    """Count the asyncpg calls that each wait for the server: simple queries (BEGIN, COMMIT,
    ROLLBACK), the pool's pre-ping (`fetchrow(";")`), statement preparation (cache misses) and
    executions of prepared statements."""
    from asyncpg.connection import Connection
    from asyncpg.prepared_stmt import PreparedStatement

    patched: list[tuple[type, str, Any]] = []

    def wrap(cls: type, name: str, label: Callable[..., str]) -> None:
        original = getattr(cls, name)

        async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            calls[label(*args)] += 1
            return await original(self, *args, **kwargs)

        patched.append((cls, name, original))
        setattr(cls, name, counted)

    wrap(Connection, "execute", lambda query="", *a: f"simple query ({query.split()[0]})")
    wrap(Connection, "fetchrow", lambda query="", *a: "pre-ping" if query == ";" else "fetchrow")
    wrap(Connection, "prepare", lambda *a: "prepare (statement cache miss)")
    wrap(Connection, "executemany", lambda *a: "executemany")
    for name in ("fetch", "fetchrow", "fetchval", "executemany"):
        wrap(PreparedStatement, name, lambda *a: "prepared statement")
    try:
        yield
    finally:
        for cls, name, original in patched:
            setattr(cls, name, original)


async def best_of(batches: int, size: int, once: Callable[[], Awaitable[None]]) -> float:
    """CPU milliseconds per call: the mean of the cheapest of `batches` batches of `size` calls
    (other processes on a shared machine only ever make a batch dearer)."""
    best = float("inf")
    for _ in range(batches):
        started = time.process_time()
        for _ in range(size):
            await once()
        best = min(best, (time.process_time() - started) * 1000 / size)
    return best


async def count_round_trips(url: str, tenant: Tenant, repeat: int = 20) -> list[Trips]:
    """Run each API operation through the ASGI app in this process, one request at a time: count
    what one request does on the service's own engine, and its CPU time (best of 3 batches of
    `repeat` requests after a warm-up; this process only, so PostgreSQL's share is not in it,
    but the in-process httpx client's ~0.25 ms is)."""
    from sqlalchemy import event

    from app.config import Settings
    from app.main import create_app

    settings = Settings(
        database_url=url,
        operator_token=OPERATOR,
        mail_transport="smtp",
        embedded_worker=False,
        rate_limit_per_minute=100_000_000,
        rate_limit_burst=10_000_000,
        mail_limit_per_hour=10_000_000,
        _env_file=None,
    )
    app = create_app(settings, run_worker=False)
    out: list[Trips] = []
    calls: Counter[str] = Counter()
    seen: list[str] = []

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(" ".join(statement.split())[:110])

    none, email = tenant.none_customers[0], tenant.email_customers[0]
    read_id = tenant.read_ids[0]
    auth = {"Authorization": f"Bearer {tenant.key}"}
    async with app.router.lifespan_context(app):
        engine = app.state.db.engine.sync_engine
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            async def draft(customer: str) -> str:
                body = {"customer_id": customer, "lines": LINES}
                response = await http.post("/v1/invoices", json=body, headers=auth)
                return str(response.json()["id"])

            final_id = await draft(none)
            await http.post(f"/v1/invoices/{final_id}/finalize", json={}, headers=auth)
            patch_id = await draft(none)
            nones = [await draft(none) for _ in range(3 * repeat + 2)]
            sends = [await draft(email) for _ in range(3 * repeat + 2)]

            def key() -> dict[str, str]:
                return {"Idempotency-Key": uuid.uuid4().hex}

            # label, method, path (or a function giving a fresh one), body, headers
            operations: list[tuple[str, str, Callable[[], str], Any, Callable[[], dict[str, str]]]]
            operations = [
                ("GET /v1/invoices/{id} (draft)", "GET", lambda: f"/v1/invoices/{read_id}", None,
                 dict),
                ("GET /v1/invoices/{id} (final)", "GET", lambda: f"/v1/invoices/{final_id}", None,
                 dict),
                ("GET /v1/invoices?limit=20", "GET", lambda: "/v1/invoices?limit=20", None, dict),
                ("GET /v1/customers", "GET", lambda: "/v1/customers", None, dict),
                ("POST /v1/invoices", "POST", lambda: "/v1/invoices",
                 {"customer_id": none, "lines": LINES}, key),
                ("PATCH /v1/invoices/{id}", "PATCH", lambda: f"/v1/invoices/{patch_id}",
                 {"notes": "x", "lines": LINES}, dict),
                ("POST .../finalize (none)", "POST", lambda: f"/v1/invoices/{nones.pop()}/finalize",
                 {}, key),
                ("POST .../finalize (send)", "POST", lambda: f"/v1/invoices/{sends.pop()}/finalize",
                 {"action": "send"}, key),
            ]  # fmt: skip
            for label, method, path, body, headers in operations:

                async def once(
                    method: str = method,
                    path: Callable[[], str] = path,
                    body: Any = body,
                    headers: Callable[[], dict[str, str]] = headers,
                    label: str = label,
                ) -> None:
                    response = await http.request(
                        method, path(), json=body, headers=auth | headers()
                    )
                    if response.status_code >= 300:
                        raise RuntimeError(f"{label}: {response.status_code} {response.text}")

                await once()  # warm-up: statement caches of this connection, fonts, ...
                calls.clear()
                seen.clear()
                event.listen(engine, "before_cursor_execute", on_execute)
                with counting_asyncpg(calls):
                    await once()
                event.remove(engine, "before_cursor_execute", on_execute)
                trips = Trips(label, len(seen), dict(calls), list(seen))
                trips.cpu_ms = await best_of(3, repeat, once)
                out.append(trips)

    # The same for the baseline's minimal read.
    sys.path.insert(0, str(BENCH))
    os.environ["BENCH_DATABASE_URL"] = url
    import baseline_app

    baseline = baseline_app.create_app()
    async with baseline.router.lifespan_context(baseline):
        transport = httpx.ASGITransport(app=baseline)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            for target, label in (
                (f"/invoices/{tenant.read_ids[0]}", "baseline GET /invoices/{id}"),
                ("/trivial", "baseline GET /trivial"),
            ):
                await http.get(target)
                calls.clear()
                with counting_asyncpg(calls):
                    await http.get(target)
                trips = Trips(label, 1 if calls else 0, dict(calls), [])

                async def get(target: str = target) -> None:
                    await http.get(target)

                trips.cpu_ms = await best_of(3, repeat, get)
                out.append(trips)
    return out


# --- main ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=20.0, help="measured seconds per scenario"
    )
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=24, help="requests in flight in total")
    parser.add_argument(
        "--mix-concurrency",
        default="8,12,24",
        help="requests in flight for the realistic mix, one run per value (comma-separated); "
        "the latency goal is judged at the value with the highest throughput",
    )
    parser.add_argument(
        "--slices",
        type=int,
        default=4,
        help="measure the PK read and GET in this many alternating slices of duration/slices "
        "each (pk, get, get, pk, ...), so that drift in the machine's speed affects both alike",
    )
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--administrations", type=int, default=4)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument(
        "--http",
        choices=("raw", "httpx"),
        default="raw",
        help="client HTTP stack: raw (a minimal keep-alive HTTP/1.1 client, little client CPU) "
        "or httpx.AsyncClient",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        help="shared machines: before each scenario wait up to this many seconds until other "
        "processes use less than a quarter of a core, and run a scenario up to 3 times when "
        "they took more meanwhile (the quietest run is reported)",
    )
    parser.add_argument("--logs", type=Path, help="copy the processes' logs to this directory")
    return parser.parse_args()


class Scenarios:
    """Runs the scenarios on a started stack and keeps what the outbox check needs."""

    def __init__(self, args: argparse.Namespace, stack: Stack, tenants: list[Tenant]) -> None:
        self.args = args
        self.stack = stack
        self.tenants = tenants
        self.levels = mix_levels(args)
        self.runs_per_scenario = 3 if args.wait_quiet else 1
        self.finalized: list[list[Any]] = []  # of every mix run, for the outbox check
        self.mix_runs = 0

    def measure(self, scenario: str, concurrency: int, duration: float) -> ScenarioResult:
        args = self.args
        best: ScenarioResult | None = None
        # On a shared machine: wait for quiet, and run again when others took CPU meanwhile.
        for _attempt in range(self.runs_per_scenario):
            if args.wait_quiet:
                wait_for_quiet(self.stack, args.wait_quiet)
            shares = split_tenants(self.tenants, args.clients)
            if scenario == "mix":
                chunks = len(self.levels) * self.runs_per_scenario
                shares = [
                    [draft_chunk(t, self.mix_runs, chunks) for t in share] for share in shares
                ]
                self.mix_runs += 1
            result = run_scenario(
                self.stack,
                scenario,
                shares,
                concurrency=concurrency,
                warmup=args.warmup,
                duration=duration,
                http=args.http,
            )
            self.finalized += [f for r in result.raw for f in r["finalized"]]
            if best is None or result.busy < best.busy:
                best = result
            if result.busy < 25:
                break
            print(f"({scenario}: other processes used {result.busy:.0f}% of a core meanwhile)")
        assert best is not None
        return best

    def run(self) -> dict[str, ScenarioResult]:
        args = self.args
        results = {"trivial": self.measure("trivial", args.concurrency, args.duration)}
        # The goal is a ratio of two scenarios: measure them in alternating slices (ABBA), so
        # that the machine's speed changing during the run (a shared VM) affects both alike.
        slices: dict[str, list[ScenarioResult]] = {"pk": [], "get": []}
        for i in range(args.slices):
            for scenario in ("pk", "get") if i % 2 == 0 else ("get", "pk"):
                slices[scenario].append(
                    self.measure(scenario, args.concurrency, args.duration / args.slices)
                )
        for scenario, parts in slices.items():
            results[scenario] = merge(scenario, parts)
        for level in self.levels:
            results[f"mix@{level}"] = self.measure("mix", level, args.duration)
        return results


def mix_levels(args: argparse.Namespace) -> list[int]:
    return [int(v) for v in args.mix_concurrency.split(",") if v.strip()]


def setup(args: argparse.Namespace, stack: Stack) -> list[Tenant]:
    """Start the stack, make the data through the API and print what runs."""
    started = time.monotonic()
    stack.start()
    runs_per_scenario = 3 if args.wait_quiet else 1
    # Enough drafts for the finalisations of the mix (they also come from its own creates).
    tenants = asyncio.run(
        seed(
            stack.api_url,
            administrations=args.administrations,
            customers=20,
            read_drafts=400,
            # Each run of the mix gets drafts of its own: a draft finalised by one run would
            # be a cheap idempotent replay in the next.
            finalize_drafts=int(40 * args.duration) * len(mix_levels(args)) * runs_per_scenario,
        )
    )
    drafts = sum(len(t.read_ids) + len(t.send_drafts) + len(t.none_drafts) for t in tenants)
    print(
        f"Load: invoicer serve --workers 2 --no-worker + 1 invoicer worker + aiosmtpd, "
        f"PostgreSQL {server_version(stack.url)}; baseline app under uvicorn --workers 2"
    )
    print(
        f"{args.clients} client processes, {args.concurrency} requests in flight in total, "
        f"{args.warmup:.0f} s warm-up + {args.duration:.0f} s measured per scenario; "
        f"{len(tenants)} administrations, {drafts} drafts made in "
        f"{time.monotonic() - started:.0f} s of setup"
    )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print()
    return tenants


def print_table(results: dict[str, ScenarioResult], trivial_rps: float) -> None:
    titles = {
        "trivial": "(1) trivial endpoint, baseline app",
        "pk": "(2) minimal PK read, baseline app",
        "get": "(3) GET /v1/invoices/{id}, auth",
    }
    print(
        f"{'scenario':<38}{'requests':>9}{'req/s':>9}{'p50 ms':>8}{'p90 ms':>8}"
        f"{'p99 ms':>8}{'errors':>7}{'vs trivial':>11}"
    )
    for name, r in results.items():
        t = r.total
        title = titles.get(name) or f"(4) realistic mix, {name.split('@')[1]} in flight"
        print(
            f"{title:<38}{t.requests:>9}{t.rps:>9.0f}{t.p50:>8.1f}{t.p90:>8.1f}"
            f"{t.p99:>8.1f}{t.errors:>7}{pct(t.rps, trivial_rps):>11}"
        )


def knee(results: dict[str, ScenarioResult], levels: list[int]) -> tuple[int, float]:
    """The fewest in flight reaching KNEE of the mix's highest throughput, and that highest."""
    highest = max(results[f"mix@{level}"].total.rps for level in levels)
    peak = min(level for level in levels if results[f"mix@{level}"].total.rps >= KNEE * highest)
    return peak, highest


def report_scenarios(results: dict[str, ScenarioResult], peak: int, highest: float) -> None:
    print_table(results, results["trivial"].total.rps)
    print()
    print(
        f"realistic mix by operation, {peak} in flight (the knee: the fewest in flight "
        f"reaching {KNEE:.0%} of the highest throughput, {highest:.0f} req/s):"
    )
    for op, f in results[f"mix@{peak}"].by_op.items():
        print(
            f"  {OP_LABEL[op]:<34}{f.requests:>8}{f.rps:>9.1f}/s  p50 {f.p50:6.1f}  "
            f"p90 {f.p90:6.1f}  p99 {f.p99:6.1f} ms  errors {f.errors}"
        )
    print()
    print("CPU while measured (% of one core), and CPU per request of server and database:")
    for name, r in results.items():
        server = r.cpu.get("baseline" if name in ("trivial", "pk") else "api", 0.0)
        per = 10 / r.total.rps if r.total.rps else 0.0  # % of a core -> ms per request
        print(
            f"  {name:<8} {format_cpu(r.cpu)}\n"
            f"  {'':<8} per request: server {server * per:.2f} ms, PostgreSQL "
            f"{r.cpu.get('postgres', 0.0) * per:.2f} ms, clients "
            f"{r.cpu.get('clients', 0.0) * per:.2f} ms; {r.connections} PostgreSQL "
            "connections opened"
        )
    for name, r in results.items():
        if r.samples:
            print(f"first errors in {name}:")
            for sample in r.samples:
                print(f"  {sample}")


def report_outbox(url: str, finalized: list[list[Any]]) -> bool:
    """Wait for the outbox to drain; True when every mail queued by the mix was sent."""
    queued = len(finalized)
    sends = sum(1 for f in finalized if f[3] == "send")
    counts, waited = wait_for_outbox(url, timeout=180)
    total_mails = sum(counts.values())
    outbox_ok = counts.get("sent", 0) == total_mails == sends and total_mails > 0
    print()
    print(
        f"outbox: {sends} mails queued by {queued} finalisations of the mix; after the load "
        f"{counts} ({waited:.1f} s to drain): "
        + ("every queued mail was sent: OK" if outbox_ok else "NOT every mail was sent: FAIL")
    )
    return outbox_ok


def report_goals(results: dict[str, ScenarioResult], levels: list[int], peak: int) -> int:
    """Print the goal lines; returns the number of errors in all scenarios."""
    mix = results[f"mix@{peak}"]
    get_share = results["get"].total.rps / results["pk"].total.rps
    mix_ok = mix.total.p99 < 250 and mix.total.errors == 0
    errors = sum(r.total.errors for r in results.values())
    print()
    print("goals:")
    print(
        f"  GET /v1/invoices/{{id}} = {get_share:.0%} of the minimal PK read's throughput "
        f"(goal >= 60%): {verdict(get_share >= 0.6)}"
    )
    print(
        f"  realistic mix at the knee of its throughput ({mix.total.rps:.0f} req/s, {peak} in "
        f"flight): p99 {mix.total.p99:.0f} ms (goal < 250 ms) with {mix.total.errors} errors "
        f"(goal 0): {verdict(mix_ok)}"
    )
    for level in levels:
        if level != peak:
            at = results[f"mix@{level}"].total
            beyond = "past the knee: more in flight only waits longer" if level > peak else ""
            print(
                f"    {level} in flight: {at.rps:.0f} req/s, p99 {at.p99:.0f} ms"
                f" ({'< 250 ms' if at.p99 < 250 else '>= 250 ms'}) {beyond}".rstrip()
            )
    print(f"  errors in all scenarios: {errors} (goal 0): {verdict(errors == 0)}")
    return errors


def report_round_trips(url: str, tenant: Tenant) -> None:
    print()
    print(
        "Per request, in-process and one at a time (no contention): CPU of the app (+ ~0.25 ms"
        " of in-process client) and SQL round trips on the service's own engine:"
    )
    for trips in asyncio.run(count_round_trips(url, tenant)):
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(trips.calls.items()))
        print(
            f"  {trips.label:<31}{trips.cpu_ms:6.2f} ms CPU {trips.round_trips:>3} round trips"
            + (f": {detail}" if detail else "")
        )
        if trips.label.startswith("GET /v1/invoices/{id} (draft)"):
            for sql in trips.sql:
                print(f"      {sql}")


def main() -> int:
    args = parse_args()
    cleanup_on_signals()
    stack = Stack(args.postgres, keep_logs=args.logs)
    try:
        tenants = setup(args, stack)
        scenarios = Scenarios(args, stack, tenants)
        results = scenarios.run()
        peak, highest = knee(results, scenarios.levels)
        report_scenarios(results, peak, highest)
        outbox_ok = report_outbox(stack.url, scenarios.finalized)
        errors = report_goals(results, scenarios.levels, peak)
        report_round_trips(stack.url, tenants[0])
        return 0 if outbox_ok and errors == 0 else 1
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        stack.close()


if __name__ == "__main__":
    sys.exit(main())
