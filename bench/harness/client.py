"""The HTTP load client of load.py and faults.py: client processes, each an asyncio loop with
keep-alive connections (`RawClient` or httpx), closed-loop, recording every attempt.

Started as `python -m harness.client` (with bench/ as working directory) by `start_clients`; it
reads a `ClientConfig` as JSON on stdin and writes its result as JSON to the config's file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from harness import BENCH
from harness.seed import LINES, Tenant
from harness.stack import OPERATOR, Proc, Stack

# The realistic mix: reads 70%, draft writes 20%, finalisations 10% (half of them by e-mail).
MIX: dict[str, int] = {
    "get": 40,
    "list_invoices": 15,
    "list_customers": 15,
    "create": 12,
    "patch": 8,
    "finalize_send": 5,
    "finalize_none": 5,
}


# --- a minimal HTTP/1.1 client ---------------------------------------------------------------


class RawError(Exception):
    """A transport failure of `RawClient` (connection refused or reset, timeout, bad framing)."""


@dataclass
class RawResponse:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)


class RawClient:
    """Just enough HTTP/1.1 for this benchmark: keep-alive connections (one per request in
    flight, reused), bodies framed by Content-Length or chunked. On this 2-core machine httpx
    costs ~1.2 ms of client CPU per request, which the server then lacks; this client costs a
    fraction of that, so the trivial baseline measures the server rather than the client."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.idle: dict[tuple[str, int], list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]
        self.idle = {}

    async def request(
        self,
        method: str,
        url: str,
        *,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        time_limit: float | None = None,
    ) -> RawResponse:
        limit = time_limit or self.timeout
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        body = b"" if json is None else _json_dumps(json).encode()
        head = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}"]
        if json is not None:
            head.append("Content-Type: application/json")
        if body or method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(body)}")
        head.extend(f"{k}: {v}" for k, v in (headers or {}).items())
        payload = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        pool = self.idle.setdefault((host, port), [])
        reused = bool(pool)
        for _ in range(2):
            if pool:
                reader, writer = pool.pop()
            else:
                try:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(host, port), limit
                    )
                except (OSError, TimeoutError) as exc:
                    raise RawError(f"connect: {type(exc).__name__}: {exc}") from exc
            try:
                response, keep = await asyncio.wait_for(
                    self._exchange(reader, writer, payload), limit
                )
            except asyncio.IncompleteReadError as exc:
                writer.close()
                if reused and not exc.partial:
                    reused = False  # the server closed an idle connection: once more, fresh
                    continue
                raise RawError(f"connection closed: {exc}") from exc
            except (OSError, TimeoutError, ValueError, asyncio.LimitOverrunError) as exc:
                writer.close()
                if reused and isinstance(exc, ConnectionResetError):
                    reused = False
                    continue
                raise RawError(f"{type(exc).__name__}: {exc}") from exc
            if keep:
                pool.append((reader, writer))
            else:
                writer.close()
            return response
        raise RawError("connection closed twice")

    @staticmethod
    async def _exchange(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, payload: bytes
    ) -> tuple[RawResponse, bool]:
        writer.write(payload)
        raw_head = await reader.readuntil(b"\r\n\r\n")
        lines = raw_head.decode("latin-1").split("\r\n")
        version, status = lines[0].split(" ", 2)[:2]
        headers = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if int(status) in (204, 304) or 100 <= int(status) < 200:
            content = b""
        elif "content-length" in headers:
            content = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunks.append(await reader.readexactly(size + 2))
                if size == 0:
                    break
            content = b"".join(c[:-2] for c in chunks)
        else:
            content = await reader.read()
            return RawResponse(int(status), headers, content), False
        keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        return RawResponse(int(status), headers, content), keep

    async def aclose(self) -> None:
        for pool in self.idle.values():
            for _, writer in pool:
                writer.close()
        self.idle.clear()


def _json_dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


Response = httpx.Response | RawResponse


# --- the load generator (runs in each client process) --------------------------------------


@dataclass
class ClientConfig:
    index: int
    scenario: str  # trivial, pk, get, mix
    api_url: str
    baseline_url: str
    tasks: int
    start_at: float  # time.time() when the load starts (warm-up included)
    warmup: float
    duration: float
    tenants: list[dict[str, Any]]
    result_path: str
    timeout: float = 10.0
    # > 0: POSTs and PATCHes are retried (same Idempotency-Key) until they get an answer, for
    # at most this many seconds; used by faults.py. 0: every failure is final (load.py).
    retry_seconds: float = 0.0
    # Operator-token run-due calls for these dates, one every `run_due_interval` seconds.
    run_due_dates: list[str] = field(default_factory=list)
    run_due_interval: float = 4.0
    seed: int = 0
    http: str = "raw"  # raw (RawClient) or httpx
    # Failed attempts kept with their times (to set them against fault windows).
    keep_events: int = 20000


@dataclass
class _TenantState:
    key: str
    read_ids: list[str]
    email_customers: list[str]
    none_customers: list[str]
    send_pool: list[str]
    none_pool: list[str]
    editable: dict[str, str] = field(default_factory=dict)  # own drafts -> "send" | "none"
    busy: set[str] = field(default_factory=set)


class Generator:
    """Closed-loop load: each task sends one request, waits for its answer, sends the next."""

    def __init__(self, cfg: ClientConfig, http: httpx.AsyncClient | RawClient) -> None:
        self.cfg = cfg
        self.http = http
        self.tenants = [
            _TenantState(
                key=t["key"],
                read_ids=t["read_ids"],
                email_customers=t["email_customers"],
                none_customers=t["none_customers"],
                send_pool=list(t["send_drafts"]),
                none_pool=list(t["none_drafts"]),
            )
            for t in cfg.tenants
        ]
        self.measure_from = cfg.start_at + cfg.warmup
        self.measure_to = self.measure_from + cfg.duration
        self.latencies: dict[str, list[float]] = {}
        self.ok: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.all_attempts = 0
        self.all_errors = 0
        self.events: list[list[Any]] = []  # failed attempts: [t0, t1, op, status, detail]
        self.samples: list[str] = []
        self.finalized: list[list[Any]] = []  # [invoice id, number, mail id, action]
        self.created: list[str] = []
        self.patched: dict[str, list[Any]] = {}  # invoice id -> [token, acknowledged]
        self.unanswered: list[list[str]] = []  # [op, target] that never got an answer
        self.ops_done: Counter[str] = Counter()
        self.run_due: list[dict[str, Any]] = []

    # -- one HTTP attempt, recorded --------------------------------------------------------

    async def attempt(
        self,
        op: str,
        method: str,
        url: str,
        *,
        key: str | None = None,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        time_limit: float | None = None,
    ) -> Response | None:
        headers = {}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        t0, p0 = time.time(), time.perf_counter()
        response: Response | None = None
        detail = ""
        try:
            extra: dict[str, Any] = {}
            if time_limit is not None:
                extra = (
                    {"timeout": time_limit}
                    if isinstance(self.http, httpx.AsyncClient)
                    else {"time_limit": time_limit}
                )
            response = await self.http.request(method, url, json=body, headers=headers, **extra)
        except (httpx.HTTPError, RawError) as exc:
            detail = f"{type(exc).__name__}: {exc}"[:200]
        elapsed = (time.perf_counter() - p0) * 1000
        t1 = time.time()
        self.all_attempts += 1
        good = response is not None and 200 <= response.status_code < 300
        measured = self.measure_from <= t0 and t1 <= self.measure_to
        if good:
            if measured:
                self.ok[op] += 1
                self.latencies.setdefault(op, []).append(elapsed)
        else:
            self.all_errors += 1
            if measured:
                self.errors[op] += 1
            status: int | str = response.status_code if response is not None else "transport"
            if response is not None:
                detail = response.text[:200]
            if len(self.events) < self.cfg.keep_events:
                self.events.append([t0, t1, op, status, detail])
            if len(self.samples) < 5:
                self.samples.append(f"{op} {method} {url}: {status} {detail}")
        return response

    async def call(
        self,
        op: str,
        method: str,
        url: str,
        *,
        key: str | None = None,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        retry: bool = False,
        time_limit: float | None = None,
    ) -> Response | None:
        """One attempt, or (retry and cfg.retry_seconds) attempts until an answer: a 2xx, or a
        4xx that is not 'in progress' (409 with Retry-After) or 429. None: no answer."""
        deadline = time.time() + self.cfg.retry_seconds
        pause = 0.2
        while True:
            response = await self.attempt(
                op,
                method,
                url,
                key=key,
                body=body,
                idempotency_key=idempotency_key,
                time_limit=time_limit,
            )
            if not retry or self.cfg.retry_seconds <= 0:
                return response
            if response is not None:
                code = response.status_code
                again = (
                    code >= 500
                    or code == 429
                    or (code == 409 and "retry-after" in response.headers)
                )
                if not again:
                    return response
                with contextlib.suppress(ValueError):
                    pause = max(pause, float(response.headers.get("retry-after", "0")))
            if time.time() + pause > deadline:
                return response if response is not None and response.status_code < 500 else None
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)

    # -- operations --------------------------------------------------------------------------

    async def op_trivial(self, rng: random.Random, tenant: _TenantState) -> None:
        await self.call("trivial", "GET", f"{self.cfg.baseline_url}/trivial")

    async def op_pk(self, rng: random.Random, tenant: _TenantState) -> None:
        invoice = rng.choice(tenant.read_ids)
        await self.call("pk", "GET", f"{self.cfg.baseline_url}/invoices/{invoice}")

    async def op_get(self, rng: random.Random, tenant: _TenantState) -> None:
        invoice = rng.choice(tenant.read_ids)
        await self.call("get", "GET", f"{self.cfg.api_url}/v1/invoices/{invoice}", key=tenant.key)

    async def op_list_invoices(self, rng: random.Random, tenant: _TenantState) -> None:
        url = f"{self.cfg.api_url}/v1/invoices?limit=20"
        await self.call("list_invoices", "GET", url, key=tenant.key)

    async def op_list_customers(self, rng: random.Random, tenant: _TenantState) -> None:
        url = f"{self.cfg.api_url}/v1/customers"
        await self.call("list_customers", "GET", url, key=tenant.key)

    async def op_create(self, rng: random.Random, tenant: _TenantState) -> None:
        kind = rng.choice(("send", "none"))
        customer = rng.choice(tenant.email_customers if kind == "send" else tenant.none_customers)
        body = {"customer_id": customer, "lines": LINES[: rng.randint(1, 3)]}
        response = await self.call(
            "create",
            "POST",
            f"{self.cfg.api_url}/v1/invoices",
            key=tenant.key,
            body=body,
            idempotency_key=f"create-{uuid.uuid4().hex}",
            retry=True,
        )
        if response is None or response.status_code >= 300:
            return
        invoice = response.json()["id"]
        self.created.append(invoice)
        tenant.editable[invoice] = kind
        # Older own drafts (created and perhaps patched) are finalised later.
        while len(tenant.editable) > 20:
            oldest = next((i for i in tenant.editable if i not in tenant.busy), None)
            if oldest is None:
                break
            (
                tenant.send_pool if tenant.editable.pop(oldest) == "send" else tenant.none_pool
            ).append(oldest)

    async def op_patch(self, rng: random.Random, tenant: _TenantState) -> None:
        free = [i for i in tenant.editable if i not in tenant.busy]
        if not free:
            await self.op_create(rng, tenant)
            return
        invoice = rng.choice(free)
        token = f"patch-{uuid.uuid4().hex[:12]}"
        body = {"notes": token, "lines": LINES[: rng.randint(1, 3)]}
        tenant.busy.add(invoice)
        self.patched[invoice] = [token, False]
        try:
            response = await self.call(
                "patch",
                "PATCH",
                f"{self.cfg.api_url}/v1/invoices/{invoice}",
                key=tenant.key,
                body=body,
                retry=True,
            )
        finally:
            tenant.busy.discard(invoice)
        if response is not None and response.status_code < 300:
            self.patched[invoice][1] = True

    async def _finalize(self, rng: random.Random, tenant: _TenantState, kind: str) -> None:
        pool = tenant.send_pool if kind == "send" else tenant.none_pool
        if not pool:
            own = [i for i, k in tenant.editable.items() if k == kind and i not in tenant.busy]
            if not own:
                await self.op_create(rng, tenant)
                return
            tenant.editable.pop(own[0])
            pool.append(own[0])
        invoice = pool.pop(0)
        body: dict[str, Any] = {"action": "send"} if kind == "send" else {}
        op = f"finalize_{kind}"
        response = await self.call(
            op,
            "POST",
            f"{self.cfg.api_url}/v1/invoices/{invoice}/finalize",
            key=tenant.key,
            body=body,
            idempotency_key=f"finalize-{invoice}",
            retry=True,
        )
        if response is None:
            self.unanswered.append([op, invoice])
        elif response.status_code < 300:
            data = response.json()
            mail = data.get("mail") or {}
            self.finalized.append([invoice, data["number"], mail.get("id"), kind])

    async def op_finalize_send(self, rng: random.Random, tenant: _TenantState) -> None:
        await self._finalize(rng, tenant, "send")

    async def op_finalize_none(self, rng: random.Random, tenant: _TenantState) -> None:
        await self._finalize(rng, tenant, "none")

    # -- loops -------------------------------------------------------------------------------

    async def task(self, number: int) -> None:
        rng = random.Random(self.cfg.seed * 1000 + self.cfg.index * 100 + number)
        tenant = self.tenants[number % len(self.tenants)]
        end = self.measure_to
        if self.cfg.scenario == "mix":
            names, weights = list(MIX), list(MIX.values())
        else:
            names, weights = [self.cfg.scenario], [1]
        ops = {name: getattr(self, f"op_{name}") for name in names}
        while time.time() < end:
            name = rng.choices(names, weights)[0]
            self.ops_done[name] += 1
            await ops[name](rng, tenant)

    async def run_due_driver(self) -> None:
        """Operator run-due for each date in turn; every third date twice at once (both must
        handle each occurrence once between them)."""
        for n, day in enumerate(self.cfg.run_due_dates):
            if time.time() >= self.measure_to:
                break
            calls = 2 if n % 3 == 2 else 1
            responses = await asyncio.gather(
                *(
                    self.call(
                        "run_due",
                        "POST",
                        f"{self.cfg.api_url}/v1/recurrences/run-due",
                        key=OPERATOR,
                        body={"date": day},
                        retry=True,
                        # One call may catch up dozens of occurrences, a PDF each.
                        time_limit=120.0,
                    )
                    for _ in range(calls)
                )
            )
            for response in responses:
                runs = (
                    response.json()["runs"]
                    if response is not None and response.status_code < 300
                    else None
                )
                self.run_due.append({"date": day, "runs": None if runs is None else len(runs)})
            await asyncio.sleep(self.cfg.run_due_interval)

    async def run(self) -> dict[str, Any]:
        await asyncio.sleep(max(0.0, self.cfg.start_at - time.time()))
        cpu0 = time.process_time()
        jobs = [self.task(n) for n in range(self.cfg.tasks)]
        if self.cfg.run_due_dates:
            jobs.append(self.run_due_driver())
        await asyncio.gather(*jobs)
        return {
            "index": self.cfg.index,
            "latencies": self.latencies,
            "ok": dict(self.ok),
            "errors": dict(self.errors),
            "all_attempts": self.all_attempts,
            "all_errors": self.all_errors,
            "events": self.events,
            "samples": self.samples,
            "finalized": self.finalized,
            "created": self.created,
            "patched": self.patched,
            "unanswered": self.unanswered,
            "ops_done": dict(self.ops_done),
            "run_due": self.run_due,
            "cpu": time.process_time() - cpu0,
        }


async def _client_main(cfg: ClientConfig) -> dict[str, Any]:
    if cfg.http == "raw":
        raw = RawClient(cfg.timeout)
        try:
            return await Generator(cfg, raw).run()
        finally:
            await raw.aclose()
    limits = httpx.Limits(max_connections=cfg.tasks + 4, max_keepalive_connections=cfg.tasks + 4)
    timeout = httpx.Timeout(cfg.timeout)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        return await Generator(cfg, http).run()


def client_entry() -> None:
    """`python -m harness.client`: read a ClientConfig (JSON) on stdin, write the result to its
    file."""
    cfg = ClientConfig(**json.loads(sys.stdin.read()))
    try:
        import uvloop

        result = uvloop.run(_client_main(cfg))
    except ImportError:
        result = asyncio.run(_client_main(cfg))
    Path(cfg.result_path).write_text(json.dumps(result))


def start_clients(
    stack: Stack,
    scenario: str,
    shares: list[list[Tenant]],
    *,
    concurrency: int,
    warmup: float,
    duration: float,
    retry_seconds: float = 0.0,
    run_due_dates: list[str] | None = None,
    run_due_interval: float = 4.0,
    seed: int = 0,
    http: str = "raw",
) -> tuple[list[tuple[Proc, Path]], float]:
    """Start one process per share; returns them (with their result files) and the start time."""
    clients = len(shares)
    start_at = time.time() + 2.0  # time for every process to import and connect
    procs = []
    for index, share in enumerate(shares):
        result = stack.workdir / f"result-{scenario}-{index}-{uuid.uuid4().hex[:6]}.json"
        tasks = concurrency // clients + (1 if index < concurrency % clients else 0)
        cfg = ClientConfig(
            index=index,
            scenario=scenario,
            api_url=stack.api_url,
            baseline_url=stack.baseline_url,
            tasks=tasks,
            start_at=start_at,
            warmup=warmup,
            duration=duration,
            tenants=[asdict(t) for t in share],
            result_path=str(result),
            retry_seconds=retry_seconds,
            run_due_dates=(run_due_dates or []) if index == 0 else [],
            run_due_interval=run_due_interval,
            seed=seed,
            http=http,
        )
        log = stack.workdir / f"client-{scenario}-{index}.log"
        with log.open("ab") as err:
            popen = subprocess.Popen(
                [sys.executable, "-m", "harness.client"],
                cwd=BENCH,
                stdin=subprocess.PIPE,
                stdout=err,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = Proc(f"client-{scenario}-{index}", popen, log)
        stack.procs.append(proc)
        assert popen.stdin is not None
        popen.stdin.write(json.dumps(asdict(cfg)).encode())
        popen.stdin.close()
        procs.append((proc, result))
    return procs, start_at


def collect_clients(procs: list[tuple[Proc, Path]], timeout: float) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    results = []
    for proc, path in procs:
        try:
            proc.popen.wait(max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.stop()
            raise RuntimeError(f"{proc.name} did not finish:\n{proc.log_tail()}") from None
        if proc.popen.returncode != 0 or not path.exists():
            raise RuntimeError(f"{proc.name} failed ({proc.popen.returncode}):\n{proc.log_tail()}")
        results.append(json.loads(path.read_text()))
    return results


if __name__ == "__main__":
    client_entry()
