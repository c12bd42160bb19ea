"""Mail through the API and the outbox: customers who get invoices by e-mail, sending one,
waiting for the worker, and worker settings that deliver to a test's SMTP server."""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from app.config import MailTransport, Settings
from tests.support.factories import create_company, create_customer, create_invoice, finalize_draft
from tests.support.smtp import SmtpServer


def smtp_settings(settings: Settings, server: SmtpServer, **overrides: Any) -> Settings:
    return settings.model_copy(
        update={
            "mail_transport": MailTransport.smtp,
            "smtp_host": "127.0.0.1",
            "smtp_port": server.port,
            "smtp_timeout_seconds": 5.0,
            "mail_retry_base_seconds": 0.05,
            "mail_retry_max_seconds": 0.2,
        }
        | overrides
    )


async def wait_for_status(
    client: httpx.AsyncClient, mail_id: str, *statuses: str, seconds: float = 15
) -> dict[str, Any]:
    """Read the mail until the worker has moved it on: the client only ever reads."""
    with anyio.fail_after(seconds):
        while True:
            mail = (await client.get(f"/v1/mails/{mail_id}")).json()
            if mail["status"] in statuses:
                return dict(mail)
            await anyio.sleep(0.02)


async def email_customer(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """A customer who gets invoices by e-mail, with a company and two contact details: one
    invoice address and one that is not for invoices."""
    company = await create_company(
        client, email="administratie@krakeling.nl", delivery_method="none"
    )
    customer = await create_customer(
        client, email="jan@devries.nl", delivery_method="email", company_id=company["id"], **fields
    )
    await client.post(
        f"/v1/customers/{customer['id']}/contact-details",
        json={"type": "email", "value": "boekhouding@devries.nl", "invoice": True},
    )
    await client.post(
        f"/v1/customers/{customer['id']}/contact-details",
        json={"type": "email", "value": "prive@devries.nl", "invoice": False},
    )
    return customer


async def send_invoice(
    client: httpx.AsyncClient, to: list[str], cc: list[str] | None = None
) -> dict[str, Any]:
    """Finalises a new invoice for an e-mail customer with the send action; the final invoice."""
    customer = await email_customer(client)
    invoice = await create_invoice(client, customer_id=customer["id"])
    return await finalize_draft(
        client, invoice["id"], action="send", recipients={"to": to, "cc": cc or []}
    )
