"""The stack under test: child processes, fresh PostgreSQL databases, ports and readiness.

`Stack` is what load.py and faults.py run against (a fresh database, aiosmtpd, `invoicer serve
--workers 2 --no-worker`, one `invoicer worker`, optionally the baseline app); `running`,
`serve_args` and `sink_args` start single processes for the smaller benchmarks; `fresh_postgres`
makes a database and a function that drops it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from harness import BENCH, ROOT

OPERATOR = "bench-operator-token"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def cleanup_on_signals() -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` (processes, database) runs; Ctrl-C works
    even when started from a shell that ignores SIGINT for background jobs."""
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


@dataclass
class Proc:
    """A child process in its own session (so a Ctrl-C on the terminal reaches only us, and we
    stop the children in order); `pid` is also its process group id."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM to the whole group (uvicorn's supervisor and its workers), SIGKILL after
        `timeout`."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)  # stragglers of the group
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(5)

    def kill9(self) -> None:
        """SIGKILL to this one process (a crash: no cleanup, no goodbye)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(10)


def wait_http(url: str, proc: Proc, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited ({proc.popen.returncode}):\n{proc.log_tail()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} ({proc.name}) did not come up:\n{proc.log_tail()}")


def wait_smtp(port: int, proc: Proc, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited:\n{proc.log_tail()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                if sock.recv(64).startswith(b"220"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"SMTP server on port {port} did not come up:\n{proc.log_tail()}")


def create_database(base: str, prefix: str = "invoicer_load") -> tuple[str, str]:
    """A fresh database with a random name: (name, plain postgresql:// URL)."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin_url = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(drivername="postgresql", database=name)
    return name, url.render_as_string(hide_password=False)


def drop_database(base: str, name: str, seconds: float = 90.0) -> None:
    """Drop it, waiting for PostgreSQL if it is (re)starting."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin_url = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    deadline = time.monotonic() + seconds
    while True:
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def fresh_postgres(base: str) -> tuple[str, Callable[[], None]]:
    """A fresh database for one measurement: its URL and the function that drops it."""
    name, url = create_database(base, prefix="invoicer_bench")
    return url, lambda: drop_database(base, name)


def spawn(
    name: str, args: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Proc:
    """Start a child process in its own session, its output appended to `log`."""
    with log.open("ab") as out:
        popen = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Proc(name, popen, log)


@contextlib.contextmanager
def running(name: str, args: list[str], env: dict[str, str] | None = None) -> Iterator[Proc]:
    """A child process for the length of a `with` block, its log in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="invoicer-bench-") as workdir:
        proc = spawn(name, args, Path(workdir) / f"{name}.log", env)
        try:
            yield proc
        finally:
            proc.stop()


def serve_args(port: int, *, workers: int = 1, migrate: bool = True) -> list[str]:
    """`invoicer serve` without the embedded outbox worker."""
    args = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"]
    if workers != 1:
        args[6:6] = ["--workers", str(workers)]
    return args + ([] if migrate else ["--no-migrate"])


def sink_args(port: int, handler: str = "aiosmtpd.handlers.Sink", *handler_args: str) -> list[str]:
    """aiosmtpd on 127.0.0.1:`port` with `handler` (bench/ must be on its PYTHONPATH for ours)."""
    listen = ["-n", "-l", f"127.0.0.1:{port}"]
    return [sys.executable, "-m", "aiosmtpd", *listen, "-c", handler, *handler_args]


def service_env(database_url: str, smtp_port: int, workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INVOICER_")}
    env |= {
        "INVOICER_DATABASE_URL": database_url,
        "INVOICER_OPERATOR_TOKEN": OPERATOR,
        "INVOICER_VAR_DIR": str(workdir / "var"),
        "INVOICER_MAIL_DIR": str(workdir / "var" / "mail"),
        "INVOICER_MAIL_TRANSPORT": "smtp",
        "INVOICER_SMTP_HOST": "127.0.0.1",
        "INVOICER_SMTP_PORT": str(smtp_port),
        "INVOICER_SMTP_TIMEOUT_SECONDS": "10",
        # So high that the limiter never shapes the benchmark (they are per key and process).
        "INVOICER_RATE_LIMIT_PER_MINUTE": "100000000",
        "INVOICER_RATE_LIMIT_BURST": "10000000",
        "INVOICER_MAIL_LIMIT_PER_HOUR": "10000000",
        # The separate worker is not woken by the API processes: poll often, drain sooner.
        "INVOICER_WORKER_POLL_SECONDS": "1",
    }
    return env | extra


class Stack:
    """A fresh database, aiosmtpd, `invoicer serve --workers 2 --no-worker`, one `invoicer
    worker` and (optionally) the baseline app. `close()` stops everything it started and drops
    the database; it is safe to call at any point of `start()`."""

    def __init__(
        self,
        postgres: str,
        *,
        baseline: bool = True,
        record_deliveries: bool = False,
        env: dict[str, str] | None = None,
        api_workers: int = 2,
        keep_logs: Path | None = None,
    ) -> None:
        self.postgres = postgres
        self.baseline = baseline
        self.extra_env = env or {}
        self.keep_logs = keep_logs  # the processes' logs are copied here at close
        self.api_workers = api_workers
        self.workdir = Path(tempfile.mkdtemp(prefix="invoicer-load-"))
        # aiosmtpd with bench/smtp_recorder.py appends each accepted message here (else: Sink).
        self.deliveries = self.workdir / "deliveries.txt" if record_deliveries else None
        self.procs: list[Proc] = []
        self.db_name: str | None = None
        self.url = ""
        self.smtp: Proc | None = None
        self.api: Proc | None = None
        self.worker: Proc | None = None
        self.baseline_proc: Proc | None = None
        self.smtp_port = free_port()
        self.api_port = free_port()
        self.baseline_port = free_port()
        self.worker_generation = 0
        self.smtp_generation = 0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def baseline_url(self) -> str:
        return f"http://127.0.0.1:{self.baseline_port}"

    def spawn(
        self, name: str, args: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT
    ) -> Proc:
        proc = spawn(name, args, self.workdir / f"{name}.log", env, cwd)
        self.procs.append(proc)
        return proc

    def env(self) -> dict[str, str]:
        return service_env(self.url, self.smtp_port, self.workdir, **self.extra_env)

    def start(self) -> None:
        from app.migrations import upgrade

        self.db_name, self.url = create_database(self.postgres)
        upgrade(self.url)
        self.start_smtp()
        self.api = self.spawn(
            "api",
            serve_args(self.api_port, workers=self.api_workers, migrate=False),
            self.env(),
        )
        self.start_worker()
        if self.baseline:
            env = os.environ | {"BENCH_DATABASE_URL": self.url}
            self.baseline_proc = self.spawn(
                "baseline",
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--app-dir",
                    str(BENCH),
                    "baseline_app:create_app",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.baseline_port),
                    "--workers",
                    "2",
                    "--no-access-log",
                    "--log-level",
                    "warning",
                ],
                env,
            )
            wait_http(self.baseline_url + "/trivial", self.baseline_proc)
        wait_http(self.api_url + "/healthz", self.api)
        # Both uvicorn workers must be serving before anything is measured.
        for _ in range(20):
            httpx.get(self.api_url + "/healthz", timeout=5)
        if not self.worker or not self.worker.alive():
            raise RuntimeError("the worker exited at start")

    def start_smtp(self) -> None:
        self.smtp_generation += 1
        handler = []  # aiosmtpd's Sink, or our recorder of deliveries
        if self.deliveries is not None:
            handler = ["smtp_recorder.Recorder", str(self.deliveries)]
        env = os.environ | {"PYTHONPATH": str(BENCH)}
        self.smtp = self.spawn(
            f"smtp-{self.smtp_generation}", sink_args(self.smtp_port, *handler), env
        )
        wait_smtp(self.smtp_port, self.smtp)

    def start_worker(self) -> None:
        self.worker_generation += 1
        self.worker = self.spawn(
            f"worker-{self.worker_generation}",
            [sys.executable, "-m", "app.cli", "worker"],
            self.env(),
        )

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        if self.keep_logs is not None:
            self.keep_logs.mkdir(parents=True, exist_ok=True)
            for log in self.workdir.glob("*.log"):
                shutil.copy(log, self.keep_logs / log.name)
        if self.db_name is not None:
            try:
                drop_database(self.postgres, self.db_name)
            except Exception as exc:
                print(f"warning: could not drop database {self.db_name}: {exc}", file=sys.stderr)
        with contextlib.suppress(OSError):
            for path in sorted(self.workdir.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            self.workdir.rmdir()

    def check_alive(self) -> None:
        for proc in (self.api, self.baseline_proc):
            if proc is not None and not proc.alive():
                raise RuntimeError(f"{proc.name} died:\n{proc.log_tail()}")


class SessionCounter:
    """Connections opened to our database, from PostgreSQL's own statistics (the counter is
    flushed by each backend within a second or so, which cancels out over a window)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._conn = psycopg.connect(url, autocommit=True, connect_timeout=5)

    def count(self) -> int:
        row = self._conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
        return int(row[0]) if row else 0

    def __enter__(self) -> SessionCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.close()


# --- outbox drain -----------------------------------------------------------------------------


def mail_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        rows = conn.execute("SELECT status, count(*) FROM mails GROUP BY status").fetchall()
    return {str(status): int(n) for status, n in rows}


def wait_for_outbox(url: str, timeout: float) -> tuple[dict[str, int], float]:
    """Poll until no mail is queued (or `timeout`); returns the counts and the seconds waited.
    PostgreSQL being down for a moment only delays the answer."""
    import psycopg

    started = time.monotonic()
    counts: dict[str, int] = {}
    while True:
        try:
            counts = mail_counts(url)
        except psycopg.OperationalError:
            counts = {"queued": -1}
        if counts.get("queued", 0) == 0 or time.monotonic() - started > timeout:
            return counts, time.monotonic() - started
        time.sleep(0.5)


def server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "?"
