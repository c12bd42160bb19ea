"""The committed Python client (`clients/python`, openapi-python-client) is what `make sdk`
makes from the committed `openapi.json`, which is the app's, and it drives the seed-000 flow
unmodified against the real service, with typed errors."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import anyio
import pytest
from invoicer_client import AuthenticatedClient
from invoicer_client.api.customers import customers_create
from invoicer_client.api.documents import documents_content
from invoicer_client.api.invoices import (
    invoices_create,
    invoices_documents,
    invoices_finalize,
    invoices_get,
    invoices_preview,
)
from invoicer_client.api.mails import mails_get, mails_send, mails_update
from invoicer_client.models import (
    Address,
    CustomerCreate,
    CustomerOut,
    DeliveryMethod,
    DocumentPage,
    FinalizedInvoiceOut,
    FinalizeRequest,
    FinalizeRequestActionType0,
    InvoiceCreate,
    InvoiceNotDraftProblem,
    InvoiceOut,
    InvoiceStatus,
    LineIn,
    LineInVatRate,
    MailOut,
    MailStatus,
    MailUpdate,
    NotFoundProblem,
    PreconditionFailedProblem,
    Recipients,
)
from invoicer_client.types import File

from tests.support.clients import CLIENTS, ROOT
from tests.support.factories import Tenant
from tests.support.smtp import SmtpServer


def app_spec() -> dict[str, Any]:
    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(database_url="sqlite:///unused.db", _env_file=None))  # type: ignore[call-arg]
    spec: dict[str, Any] = app.openapi()
    return spec


def test_committed_openapi_json_is_the_apps() -> None:
    committed = json.loads((ROOT / "openapi.json").read_text())
    assert committed == app_spec(), "the API changed: run `make openapi` and review the diff"


def differences(expected: Path, actual: Path) -> list[str]:
    """Files that differ, are missing or are extra in `actual` (caches left out)."""
    ignore = [*filecmp.DEFAULT_IGNORES, ".ruff_cache", "node_modules", "dist"]
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name}" for name in cmp.left_only + cmp.right_only)
        found.extend(f"{prefix}{name}" for name in cmp.diff_files + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=ignore), "")
    return sorted(found)


def test_python_client_is_what_make_sdk_makes(tmp_path: Path) -> None:
    out = tmp_path / "python"
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "openapi.json"),
            "--config",
            str(CLIENTS / "openapi-python-client.yaml"),
            "--output-path",
            str(out),
            "--fail-on-warning",  # every operation made it into the client
        ],
        # Its post hooks format with ruff, the one of this environment (as `make sdk` does).
        env=os.environ | {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stale = differences(out, CLIENTS / "python")
    assert not stale, f"clients/python is stale, run `make sdk` and review the diff: {stale}"


async def wait_until_sent(client: AuthenticatedClient, mail_id: str) -> MailOut:
    with anyio.fail_after(30):
        while True:
            mail = await mails_get.asyncio(mail_id, client=client)
            assert isinstance(mail, MailOut)
            if mail.status is MailStatus.SENT:
                return mail
            await anyio.sleep(0.05)


@pytest.mark.anyio
async def test_seed_000_flow_through_the_python_client(
    live_server: str, tenant: Tenant, outbox: SmtpServer
) -> None:
    client = AuthenticatedClient(base_url=live_server, token=tenant.api_key)
    # openapi.json declares Idempotency-Key on every POST that honours it: a typed parameter.
    key = str(uuid.uuid4())
    async with client:
        customer = await customers_create.asyncio(
            client=client,
            body=CustomerCreate(
                name="Jan de Vries",
                email="jan@devries.nl",
                delivery_method=DeliveryMethod.EMAIL,
                address=Address(street="Dorpsstraat 12", postal_code="3511 AB", city="Utrecht"),
            ),
        )
        assert isinstance(customer, CustomerOut)
        draft = await invoices_create.asyncio(
            client=client,
            body=InvoiceCreate(
                customer_id=customer.id,
                lines=[
                    LineIn(
                        description="Onderhoud cv-ketel",
                        unit_price="95.00",
                        vat_rate=LineInVatRate("21"),
                    )
                ],
            ),
        )
        assert isinstance(draft, InvoiceOut)
        assert draft.totals.total == "114.95"
        preview = await invoices_preview.asyncio(draft.id, client=client)
        assert isinstance(preview, File)
        assert preview.payload.read().startswith(b"%PDF")

        by_email = FinalizeRequest(
            action=FinalizeRequestActionType0.EDIT, recipients=Recipients(to=["jan@devries.nl"])
        )
        first = await invoices_finalize.asyncio_detailed(
            draft.id, client=client, body=by_email, idempotency_key=key
        )
        final = first.parsed
        assert isinstance(final, FinalizedInvoiceOut)
        assert final.status == InvoiceStatus.FINAL
        # The same key and body: the first answer again, not a second finalisation.
        replay = await invoices_finalize.asyncio_detailed(
            draft.id, client=client, body=by_email, idempotency_key=key
        )
        assert replay.status_code == first.status_code
        assert isinstance(replay.parsed, FinalizedInvoiceOut)
        assert replay.parsed.to_dict() == final.to_dict()
        # Without it, each 409 the operation declares is its own type, told apart by `code`.
        again = await invoices_finalize.asyncio(draft.id, client=client, body=FinalizeRequest())
        assert isinstance(again, InvoiceNotDraftProblem)
        assert again.code == "invoice_not_draft"

        assert final.mail is not None
        mail_id = final.mail.id
        read = await mails_get.asyncio_detailed(mail_id, client=client)
        etag = read.headers["etag"]
        saved = await mails_update.asyncio(
            mail_id, client=client, body=MailUpdate(subject="Uw factuur"), if_match=etag
        )
        assert isinstance(saved, MailOut)
        assert saved.subject == "Uw factuur"
        stale = await mails_update.asyncio(
            mail_id, client=client, body=MailUpdate(subject="Oud"), if_match=etag
        )
        assert isinstance(stale, PreconditionFailedProblem)  # typed error
        assert stale.status == 412
        sent = await mails_send.asyncio(mail_id, client=client)
        assert isinstance(sent, MailOut)
        assert (await wait_until_sent(client, mail_id)).sent_at is not None

        documents = await invoices_documents.asyncio(draft.id, client=client)
        assert isinstance(documents, DocumentPage)
        pdf = next(document for document in documents.data if document.kind == "pdf")
        content = await documents_content.asyncio(pdf.id, client=client)
        assert isinstance(content, File)
        assert content.payload.read().startswith(b"%PDF")
        missing = await invoices_get.asyncio("inv_01J0000000000000000000000X", client=client)
        assert isinstance(missing, NotFoundProblem)
        assert missing.status == 404
    assert outbox.messages[0].message["Subject"] == "Uw factuur"
