"""The committed TypeScript client (`clients/typescript`: openapi-typescript types and an
openapi-fetch client) is what `make sdk` makes from `openapi.json`, compiles with `tsc --strict`
and drives the seed-000 flow (`test/seed000.ts`) with node against the real service.

Needs Node.js 20+ and npm: without them these tests skip (with one line), unless
INVOICER_TEST_REQUIRE_NODE=1 (CI sets it), which makes them fail instead."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import anyio
import pytest

from tests.support.clients import CLIENTS, ROOT
from tests.support.factories import Tenant
from tests.support.smtp import SmtpServer

TS = CLIENTS / "typescript"
NODE = shutil.which("node")
NPM = shutil.which("npm")

if (NODE is None or NPM is None) and os.environ.get("INVOICER_TEST_REQUIRE_NODE") != "1":
    pytest.skip(
        "Node.js/npm not installed: the TypeScript client tests are skipped",
        allow_module_level=True,
    )


def run(*command: str, timeout: float = 300) -> str:
    result = subprocess.run(
        command, cwd=TS, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The pinned tools of package-lock.json, installed by `npm ci` when missing or stale
    (`make test` has done it already)."""
    assert NODE is not None, "Node.js 20+ is required (INVOICER_TEST_REQUIRE_NODE=1)"
    assert NPM is not None, "npm is required (INVOICER_TEST_REQUIRE_NODE=1)"
    installed = TS / "node_modules" / ".package-lock.json"
    lock = TS / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        run(NPM, "ci", "--prefer-offline", "--no-audit", "--no-fund")
    return TS / "node_modules"


def test_typescript_types_are_what_make_sdk_makes(node_modules: Path, tmp_path: Path) -> None:
    # The command of `npm run generate` (what `make sdk` runs), writing elsewhere.
    script = json.loads((TS / "package.json").read_text())["scripts"]["generate"]
    command = shlex.split(script)
    committed = TS / command[command.index("--output") + 1]
    command[command.index("--output") + 1] = str(tmp_path / committed.name)
    run(str(node_modules / ".bin" / command[0]), *command[1:], timeout=120)
    fresh = (tmp_path / committed.name).read_text()
    assert fresh == committed.read_text(), (
        "clients/typescript is stale: run `make sdk` and review the diff"
    )
    assert (ROOT / "openapi.json").resolve() == (TS / command[1]).resolve()


@pytest.fixture(scope="session")
def compiled(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client and test/seed000.ts compiled with `tsc --strict` (tsconfig.json), as ES
    modules next to the client's node_modules."""
    out = tmp_path_factory.mktemp("typescript")
    run(str(node_modules / ".bin" / "tsc"), "-p", ".", "--strict", "--outDir", str(out))
    shutil.copy(TS / "package.json", out / "package.json")
    (out / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return out


@pytest.mark.anyio
async def test_seed_000_flow_through_the_typescript_client(
    compiled: Path, live_server: str, tenant: Tenant, outbox: SmtpServer
) -> None:
    assert NODE is not None
    env = os.environ | {"INVOICER_URL": live_server, "INVOICER_API_KEY": tenant.api_key}
    # Awaited, not blocking: the outbox delivers the mail meanwhile.
    with anyio.fail_after(120):
        result = await anyio.run_process(
            [NODE, str(compiled / "test" / "seed000.js")], env=env, check=False
        )
    output = result.stdout.decode() + result.stderr.decode()
    assert result.returncode == 0, output
    assert json.loads(result.stdout.decode().splitlines()[-1])["status"] == "sent"
    assert outbox.messages[0].message["Subject"] == "Uw factuur"
