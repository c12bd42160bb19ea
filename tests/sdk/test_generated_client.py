"""The OpenAPI document makes SDKs that work: a Python client generated with
openapi-python-client drives the seed-000 flow end to end, with typed errors; the committed
`openapi.json` is the app's; and openapi-typescript accepts the spec."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support.factories import Tenant
from tests.support.mail import wait_for_status
from tests.support.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("openapi-python-client.yaml")


def app_spec() -> dict[str, Any]:
    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(database_url="sqlite:///unused.db", _env_file=None))  # type: ignore[call-arg]
    spec: dict[str, Any] = app.openapi()
    return spec


def test_committed_openapi_json_is_the_apps() -> None:
    committed = json.loads((ROOT / "openapi.json").read_text())
    assert committed == app_spec(), "the API changed: run `make openapi` and review the diff"


@pytest.fixture(scope="session")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("sdk")
    spec = out / "openapi.json"
    spec.write_text(json.dumps(app_spec()))
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(spec),
            "--meta",
            "none",
            "--config",
            str(CONFIG),
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout  # every operation made it into the client
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module("invoicer_client")
    finally:
        sys.path.remove(str(out))


def operation(sdk: ModuleType, tag: str, name: str) -> Any:
    return importlib.import_module(f"{sdk.__name__}.api.{tag}.{name}")


@pytest.mark.anyio
async def test_seed_000_flow_through_the_generated_client(
    app: Any, sdk: ModuleType, tenant: Tenant, outbox: SmtpServer
) -> None:
    models = importlib.import_module(f"{sdk.__name__}.models")
    client = sdk.AuthenticatedClient(base_url="http://testserver", token=tenant.api_key)
    client.set_async_httpx_client(
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers={"Authorization": f"Bearer {tenant.api_key}"},
        )
    )
    async with client:
        customer = await operation(sdk, "customers", "customers_create").asyncio(
            client=client,
            body=models.CustomerCreate(
                name="Jan de Vries",
                email="jan@devries.nl",
                delivery_method=models.DeliveryMethod.EMAIL,
                address=models.Address(
                    street="Dorpsstraat 12", postal_code="3511 AB", city="Utrecht"
                ),
            ),
        )
        assert isinstance(customer, models.CustomerOut)
        draft = await operation(sdk, "invoices", "invoices_create").asyncio(
            client=client,
            body=models.InvoiceCreate(
                customer_id=customer.id,
                lines=[models.LineIn(description="Onderhoud", unit_price="95.00", quantity="2")],
            ),
        )
        assert isinstance(draft, models.InvoiceOut)
        assert draft.totals.total == "229.90"
        final = await operation(sdk, "invoices", "invoices_finalize").asyncio(
            draft.id,
            client=client,
            body=models.FinalizeRequest(action=models.FinalizeRequestActionType0.EDIT),
        )
        assert isinstance(final, models.FinalizedInvoiceOut)
        assert final.status == models.InvoiceStatus.FINAL
        again = await operation(sdk, "invoices", "invoices_finalize").asyncio(
            draft.id, client=client, body=models.FinalizeRequest()
        )
        # Each 409 the operation declares is its own type, told apart by `code`.
        assert isinstance(again, models.InvoiceNotDraftProblem)
        assert again.code == "invoice_not_draft"
        mail_id = final.mail.id
        read = await operation(sdk, "mails", "mails_get").asyncio_detailed(mail_id, client=client)
        etag = read.headers["etag"]
        saved = await operation(sdk, "mails", "mails_update").asyncio(
            mail_id, client=client, body=models.MailUpdate(subject="Uw factuur"), if_match=etag
        )
        assert isinstance(saved, models.MailOut)
        assert saved.subject == "Uw factuur"
        stale = await operation(sdk, "mails", "mails_update").asyncio(
            mail_id, client=client, body=models.MailUpdate(subject="Oud"), if_match=etag
        )
        assert isinstance(stale, models.PreconditionFailedProblem)  # typed error
        assert stale.status == 412
        sent = await operation(sdk, "mails", "mails_send").asyncio(mail_id, client=client)
        assert isinstance(sent, models.MailOut)
        await wait_for_status(tenant.client, mail_id, "sent")
        pdf = await operation(sdk, "documents", "documents_content").asyncio(
            final.documents[0].id, client=client
        )
        assert pdf.payload.read().startswith(b"%PDF")
        missing = await operation(sdk, "invoices", "invoices_get").asyncio(
            "inv_01J0000000000000000000000X", client=client
        )
        assert isinstance(missing, models.NotFoundProblem)
        assert missing.status == 404
    assert outbox.messages[0].message["Subject"] == "Uw factuur"


def test_openapi_typescript_accepts_the_spec(tmp_path: Path) -> None:
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("Node.js is not installed here; CI has it")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(app_spec()))
    result = subprocess.run(
        [npx, "--yes", "openapi-typescript@7", str(spec), "--output", str(tmp_path / "api.d.ts")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "export interface paths" in (tmp_path / "api.d.ts").read_text()
