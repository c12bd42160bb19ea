"""The customer's invoice page: `GET /p/{token}` (HTML) and its stored documents
(`/p/{token}/pdf`, `/p/{token}/ubl`). Outside `/v1`, without an API key and outside the
OpenAPI document; the token is the only credential.

Every answer carries the same strict headers (no scripts, nothing loaded from anywhere, never
framed, cached or indexed, no referrer). Any token that opens no final invoice, whatever the
reason, gets the same 404 page, which says nothing about any invoice.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from app.http.dependencies import AppDatabase
from app.i18n import current_locale
from app.invoicepage import render, service
from app.shared import links

router = APIRouter(include_in_schema=False)

_KINDS = {"pdf": "pdf", "ubl": "ubl"}


def _not_found() -> Response:
    # The language the visitor asked for (Accept-Language), else Dutch: a token that opens
    # nothing has no administration to take one from.
    return HTMLResponse(
        render.not_found_html(current_locale.get()), status_code=404, headers=render.HEADERS
    )


@router.get("/p/{token}", name="invoice_page")
async def invoice_page(token: str, db: AppDatabase) -> Response:
    async with db.transaction(write=False) as session:
        page = await service.page(session, token)
    if page is None:
        return _not_found()
    html = render.invoice_html(page, f"{links.PATH_PREFIX}{token}")
    return HTMLResponse(html, headers=render.HEADERS)


@router.get("/p/{token}/{kind}", name="invoice_page_document")
async def invoice_page_document(token: str, kind: str, db: AppDatabase) -> Response:
    if kind not in _KINDS:
        return _not_found()
    async with db.transaction(write=False) as session:
        document = await service.document(session, token, _KINDS[kind])
    if document is None:
        return _not_found()
    return Response(
        document.content,
        media_type=document.content_type,
        headers={
            **render.HEADERS,
            "Content-Disposition": f'attachment; filename="{document.filename}"',
        },
    )
