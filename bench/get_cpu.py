"""In-process CPU per `GET /v1/invoices/{id}`: the app of this checkout on SQLite, one final
10-line invoice, read `--gets` times through httpx.ASGITransport (no server, no network), so
the figure is the service's own CPU per read, without uvicorn or a client process.

    python bench/get_cpu.py [--gets 2000] [--warmup 200]

To compare two versions, run each checkout's copy in turn, alternating (ABAB), and compare
medians: the machine drifts between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from harness.seed import customer_body, seller
from harness.stack import OPERATOR

from app.config import Settings
from app.main import create_app
from app.migrations import upgrade


def _line(i: int) -> dict[str, str]:
    return {
        "description": f"Onderhoud cv-ketel {i}",
        "quantity": "1.5",
        "unit": "uur",
        "unit_price": f"{60 + i}.25",
        "vat_rate": "21" if i % 3 else "9",
    }


async def _made(response: httpx.Response) -> Any:
    assert response.is_success, response.text
    return response.json()


async def cpu_per_get(gets: int, warmup: int) -> tuple[float, float]:
    """(CPU ms, wall ms) per GET of one final 10-line invoice."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'invoicer.db'}"
        upgrade(url)
        settings = Settings(
            database_url=url,
            operator_token=OPERATOR,  # type: ignore[arg-type]
            var_dir=Path(tmp) / "var",
            mail_dir=Path(tmp) / "var" / "mail",
            rate_limit_per_minute=1_000_000_000,
            rate_limit_burst=1_000_000_000,
            _env_file=None,  # type: ignore[call-arg]
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                auth = {"Authorization": f"Bearer {OPERATOR}"}
                made = await _made(
                    await http.post("/v1/administrations", json=seller(0), headers=auth)
                )
                http.headers["Authorization"] = f"Bearer {made['api_key']}"
                customer = await _made(
                    await http.post("/v1/customers", json=customer_body(0, email=False))
                )
                lines = [_line(i) for i in range(10)]
                draft = await _made(
                    await http.post(
                        "/v1/invoices", json={"customer_id": customer["id"], "lines": lines}
                    )
                )
                await _made(await http.post(f"/v1/invoices/{draft['id']}/finalize", json={}))
                path = f"/v1/invoices/{draft['id']}"
                for _ in range(warmup):
                    await _made(await http.get(path))
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(gets):
                    await http.get(path)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / gets * 1000, wall / gets * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gets", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    cpu, wall = asyncio.run(cpu_per_get(args.gets, args.warmup))
    print(f"GET /v1/invoices/{{id}}, 10 lines, final: {cpu:.3f} ms CPU, {wall:.3f} ms wall per GET")


if __name__ == "__main__":
    main()
