"""CPU and memory of processes, read from /proc (Linux): per process, and per component of the
stack (API, baseline, PostgreSQL backends of our database, clients, worker, everything else)."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from pathlib import Path

from harness.stack import Stack

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, to report a per-core rate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def rss_kb(pid: int) -> int:
    """Resident memory of a process in KB (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _machine_busy() -> float:
    """Busy CPU seconds of the whole machine (all cores) since boot."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _TICK


def cpu_snapshot(groups: dict[int, str], database: str | None) -> dict[str, float]:
    """CPU seconds per component: our process groups by name, PostgreSQL backends of our
    database (and its server processes) apart from those of other databases, and the rest of
    the machine as `other`."""
    out: defaultdict[str, float] = defaultdict(float)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        rest = stat[stat.rindex(")") + 2 :].split()
        pgrp, seconds = int(rest[2]), (int(rest[11]) + int(rest[12])) / _TICK
        if pgrp in groups:
            out[groups[pgrp]] += seconds
        elif comm == "postgres":
            try:
                cmdline = Path(f"/proc/{entry.name}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                cmdline = ""
            parts = cmdline.split()
            # Backends look like "postgres: 15/main: user database host(port) state".
            if len(parts) >= 5 and parts[0] == "postgres:" and "(" in parts[4]:
                ours = database is not None and parts[3] == database
                out["postgres" if ours else "postgres (other databases)"] += seconds
            else:
                out["postgres"] += seconds
    out["machine"] = _machine_busy()
    return dict(out)


def wait_for_quiet(stack: Stack, max_wait: float, threshold: float = 25.0) -> float:
    """Wait (up to `max_wait` s) until processes that are not ours use less than `threshold`%
    of one core over 2 s (other test runs on a shared machine); returns the last figure."""
    deadline = time.monotonic() + max_wait
    while True:
        groups = stack_groups(stack)
        before = cpu_snapshot(groups, stack.db_name)
        time.sleep(2.0)
        share = cpu_share(before, cpu_snapshot(groups, stack.db_name), 2.0)
        other = share.get("other", 0.0) + share.get("postgres (other databases)", 0.0)
        if other < threshold or time.monotonic() >= deadline:
            return other
        time.sleep(1.0)


def cpu_share(
    before: dict[str, float], after: dict[str, float], seconds: float
) -> dict[str, float]:
    """Percent of one core per component over `seconds` (the machine total is N x 100%)."""
    share = {
        k: 100 * (after.get(k, 0.0) - before.get(k, 0.0)) / seconds
        for k in after
        if after.get(k, 0.0) - before.get(k, 0.0) > 0
    }
    accounted = sum(v for k, v in share.items() if k != "machine")
    share["other"] = max(0.0, share.get("machine", 0.0) - accounted)
    return share


def stack_groups(stack: Stack) -> dict[int, str]:
    groups = {}
    for proc in stack.procs:
        if proc.alive():
            groups[proc.pid] = proc.name.split("-")[0]
    return groups
