"""The shared harness of the benchmarks in bench/ (each script there is one figure).

- `stack`: child processes, fresh PostgreSQL databases, ports, readiness; the service's stack.
- `cpu`: CPU and memory of processes and of the stack's components, from /proc.
- `seed`: administrations, customers and drafts made through the API before a load.
- `client`: the HTTP load client (client processes, `RawClient`, the closed-loop `Generator`).
- `report`: percentiles, figures per scenario and operation, CPU shares as text, goal verdicts.

The scripts run as `python bench/<script>.py`, so bench/ is first on sys.path and `import harness`
works; importing it puts the repository root on sys.path as well, for `app`.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
