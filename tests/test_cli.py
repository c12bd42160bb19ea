"""The `invoicer` command as an operator meets it: started from any directory, it finds the
project's state, and a database it cannot open is one line naming the setting, never a
traceback."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from app.cli import base_url, progress
from app.config import PROJECT_DIR, Settings


def invoicer(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m app.cli ARGS` started in `cwd` (as the installed `invoicer` is), with only the
    given INVOICER_* settings and its output captured (so not on a terminal)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INVOICER_")}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=cwd,
        env=clean | {"PYTHONPATH": str(PROJECT_DIR)} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_relative_state_paths_are_taken_from_the_project_directory() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == f"sqlite:///{PROJECT_DIR / 'var' / 'invoicer.db'}"
    assert settings.var_dir == PROJECT_DIR / "var"
    assert settings.mail_dir == PROJECT_DIR / "var" / "mail"
    elsewhere = Settings(
        database_url="sqlite:////srv/x.db",
        mail_dir=Path("/srv/mail"),
        _env_file=None,  # type: ignore[call-arg]
    )
    assert elsewhere.database_url == "sqlite:////srv/x.db"
    assert elsewhere.mail_dir == Path("/srv/mail")
    assert Settings(database_url="sqlite://", _env_file=None).database_url == "sqlite://"  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "command", [["run-due"], ["worker", "--once"], ["serve", "--no-migrate"]], ids=" ".join
)
def test_a_missing_database_is_one_line_naming_the_setting(
    tmp_path: Path, command: list[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'invoicer.db'}"
    result = invoicer(tmp_path, *command, INVOICER_DATABASE_URL=url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"invoicer: cannot open the database {url}: there is no such file: "
        "run `invoicer migrate` first, or set INVOICER_DATABASE_URL"
    ]
    assert not (tmp_path / "nowhere").exists()


def test_a_database_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").touch()
    url = f"sqlite:///{tmp_path / 'a-file' / 'invoicer.db'}"
    result = invoicer(tmp_path, "migrate", INVOICER_DATABASE_URL=url)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"invoicer: cannot open the database {url}: ")
    assert line.endswith("set INVOICER_DATABASE_URL")


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: Path) -> None:
    result = invoicer(
        tmp_path, "run-due", INVOICER_DATABASE_URL="postgresql://u:secret@127.0.0.1:1/x"
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("invoicer: cannot open the database postgresql://u:***@127.0.0.1:1/x")
    assert "secret" not in line
    assert line.endswith("set INVOICER_DATABASE_URL")


def test_an_unmigrated_database_asks_for_migrate(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    result = invoicer(tmp_path, "run-due", INVOICER_DATABASE_URL=f"sqlite:///{tmp_path}/empty.db")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.endswith("is not at the latest migration: run `invoicer migrate`")


def test_an_invalid_setting_is_one_line(tmp_path: Path) -> None:
    result = invoicer(tmp_path, "run-due", INVOICER_PORT="eighty")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("invoicer: invalid settings: INVOICER_PORT: ")


def test_commands_work_from_another_directory(tmp_path: Path) -> None:
    state = tmp_path / "state"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    url = f"sqlite:///{state / 'invoicer.db'}"
    migrated = invoicer(elsewhere, "migrate", INVOICER_DATABASE_URL=url)
    assert migrated.returncode == 0, migrated.stderr
    ran = invoicer(elsewhere, "run-due", INVOICER_DATABASE_URL=url)
    assert ran.returncode == 0, ran.stderr
    assert "handled 0 occurrence(s)" in ran.stdout
    assert list(elsewhere.iterdir()) == []


def test_demo_ends_with_three_next_steps_at_the_configured_address(tmp_path: Path) -> None:
    result = invoicer(
        tmp_path,
        "demo",
        INVOICER_DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'invoicer.db'}",
        INVOICER_VAR_DIR=str(tmp_path / "var"),
        INVOICER_MAIL_DIR=str(tmp_path / "var" / "mail"),
        INVOICER_HOST="0.0.0.0",
        INVOICER_PORT="8123",
    )
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "var" / "demo-api-key").read_text().strip()
    assert result.stdout.splitlines()[-4:] == [
        "Next steps, once `invoicer serve` runs:",
        "  1. the API documentation: http://127.0.0.1:8123/docs",
        f'  2. try the key: curl -s -H "Authorization: Bearer {key}" '
        "http://127.0.0.1:8123/v1/customers",
        "  3. mail is written as .eml files to var/mail/ (INVOICER_MAIL_TRANSPORT)",
    ]


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("::", "http://[::1]:8000"),
        ("h.lan", "http://h.lan:8000"),
    ],
)
def test_base_url_is_reachable_from_this_machine(host: str, url: str) -> None:
    assert base_url(Settings(host=host, _env_file=None)) == url  # type: ignore[call-arg]


def test_progress_is_quiet_when_stderr_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with progress("recurrences", total=None, unit="occurrence") as step:
        for _ in range(50):
            step()
    assert stderr.getvalue() == ""


def test_migrate_in_a_pipe_prints_no_progress(tmp_path: Path) -> None:
    result = invoicer(tmp_path, "migrate", INVOICER_DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "database is at the latest migration\n"
    assert result.stderr == ""


def test_migrate_on_a_terminal_shows_a_progress_bar(tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INVOICER_")}
    env = clean | {
        "PYTHONPATH": str(PROJECT_DIR),
        "INVOICER_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    with os.fdopen(primary, "rb", buffering=0) as terminal:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "migrate"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=secondary,
        )
        os.close(secondary)
        stdout, _ = process.communicate(timeout=120)
        shown = b""
        with contextlib.suppress(OSError):  # EIO once the process has closed its end
            while chunk := terminal.read(4096):
                shown += chunk
    assert process.returncode == 0
    assert stdout == b"database is at the latest migration\n"
    assert b"migrating: 100%" in shown
    assert re.search(rb"\b(\d+)/\1\b", shown)
