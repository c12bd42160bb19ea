"""Figures: percentiles per operation of a load, merged slices, CPU shares as text; medians of
timed runs in one process; the verdict at the end of a goal line."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

# Every operation of a load, in the order of the tables, with its label.
OP_LABEL = {
    "trivial": "GET /trivial (baseline)",
    "pk": "GET /invoices/{id} (baseline)",
    "get": "GET /v1/invoices/{id}",
    "list_invoices": "GET /v1/invoices?limit=20",
    "list_customers": "GET /v1/customers",
    "create": "POST /v1/invoices",
    "patch": "PATCH /v1/invoices/{id}",
    "finalize_send": "POST .../finalize (send)",
    "finalize_none": "POST .../finalize (none)",
    "run_due": "POST /v1/recurrences/run-due",
}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted `values`."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(q / 100 * len(values) + 0.5)))
    return values[rank - 1]


@dataclass
class Figures:
    requests: int
    errors: int
    rps: float
    p50: float
    p90: float
    p99: float


def figures(latencies: list[float], errors: int, seconds: float) -> Figures:
    ordered = sorted(latencies)
    return Figures(
        requests=len(ordered) + errors,
        errors=errors,
        rps=(len(ordered) + errors) / seconds,
        p50=percentile(ordered, 50),
        p90=percentile(ordered, 90),
        p99=percentile(ordered, 99),
    )


@dataclass
class ScenarioResult:
    name: str
    total: Figures
    by_op: dict[str, Figures]
    samples: list[str]
    cpu: dict[str, float]
    client_cpu: float
    raw: list[dict[str, Any]]
    connections: int = 0  # PostgreSQL connections opened to our database while measured

    @property
    def busy(self) -> float:
        """CPU (% of a core) that processes not ours took while this was measured."""
        return self.cpu.get("other", 0.0) + self.cpu.get("postgres (other databases)", 0.0)


def summarise(
    name: str, results: list[dict[str, Any]], seconds: float, cpu: dict[str, float]
) -> ScenarioResult:
    by_op_lat: dict[str, list[float]] = {}
    by_op_err: Counter[str] = Counter()
    samples: list[str] = []
    for r in results:
        for op, values in r["latencies"].items():
            by_op_lat.setdefault(op, []).extend(values)
        by_op_err.update(r["errors"])
        samples.extend(r["samples"])
    ops = sorted(set(by_op_lat) | set(by_op_err), key=lambda o: list(OP_LABEL).index(o))
    every = [v for values in by_op_lat.values() for v in values]
    return ScenarioResult(
        name=name,
        total=figures(every, sum(by_op_err.values()), seconds),
        by_op={op: figures(by_op_lat.get(op, []), by_op_err[op], seconds) for op in ops},
        samples=samples[:5],
        cpu=cpu,
        client_cpu=sum(r["cpu"] for r in results),
        raw=results,
    )


def merge(name: str, parts: list[ScenarioResult]) -> ScenarioResult:
    """One result of several equally long runs of a scenario (CPU shares averaged)."""
    seconds = sum(p.total.requests / p.total.rps for p in parts if p.total.rps)
    cpu: dict[str, float] = {}
    for part in parts:
        for group, share in part.cpu.items():
            cpu[group] = cpu.get(group, 0.0) + share / len(parts)
    merged = summarise(name, [r for p in parts for r in p.raw], seconds, cpu)
    return replace(merged, connections=sum(p.connections for p in parts))


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:.0f}%" if b else "n/a"


def format_cpu(share: dict[str, float]) -> str:
    order = [
        "api",
        "baseline",
        "postgres",
        "worker",
        "smtp",
        "clients",
        "postgres (other databases)",
        "other",
    ]
    parts = [f"{k} {share[k]:.0f}%" for k in order if share.get(k, 0) >= 0.5]
    return ", ".join(parts) + f"  (machine {share.get('machine', 0):.0f}% of {os.cpu_count()}00%)"


def verdict(ok: bool, missed: str = "NOT MET") -> str:
    """The end of a goal line."""
    return "OK" if ok else missed


def per_second(work: Callable[[], object], seconds: float) -> tuple[float, float]:
    """(calls per second by the wall clock, CPU milliseconds per call): median of 3 runs of
    `seconds / 3` each (at least 3 calls each)."""
    rates, cpu = [], []
    for _ in range(3):
        gc.collect()
        count, wall, cpu_start = 0, time.perf_counter(), time.process_time()
        deadline = wall + seconds / 3
        while time.perf_counter() < deadline or count < 3:
            work()
            count += 1
        rates.append(count / (time.perf_counter() - wall))
        cpu.append((time.process_time() - cpu_start) / count * 1000)
    return statistics.median(rates), statistics.median(cpu)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Wall-clock seconds of one call: the median of `runs` calls."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
