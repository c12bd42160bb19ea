"""Invoice PDFs with ReportLab: a pure `render(doc, options) -> bytes` and its async wrapper.

Rendering is CPU-bound and ReportLab with embedded TrueType fonts is not thread-safe (renders from
several threads failed when measured), so every render in the process runs under one lock and
`render_async` queues callers on a capacity limiter of one instead of parking them on the thread
pool. Everything that is the same for every invoice (fonts, styles, table styles, layouts) is
built once per process; see bench/README.md for the figures this buys.

Text from users (names, addresses, descriptions, notes, footer, label overrides) never reaches
ReportLab markup unescaped: it is drawn as plain strings (never parsed) or escaped before it goes
into a Paragraph, so it is printed literally and cannot pull in files or images.

The modules, one job each: `fonts` (registration, subset cache, widths), `text` (cleaning and
escaping user text), `theme` (styles per layout and colour), `canvas` (page numbering and
drawing operations), `qr` (the EPC payment code), `logo` (checking and scaling the logo) and
`renderer` (one document's layout). This module holds the entry points and the process-wide
serialisation of renders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import anyio
import anyio.to_thread

from app.documents.layouts import load_layout
from app.documents.pdf.logo import MAX_LOGO_BYTES, MAX_LOGO_PIXELS, validate_logo
from app.documents.pdf.qr import epc_qr_payload
from app.documents.pdf.renderer import Renderer
from app.documents.pdf.statement import render_statement_pdf
from app.documents.pdf.theme import theme_for
from app.documents.viewmodel import InvoiceDocument, StatementDocument, TemplateOptions

__all__ = [
    "INLINE_MAX_LINES",
    "MAX_LOGO_BYTES",
    "MAX_LOGO_PIXELS",
    "epc_qr_payload",
    "render",
    "render_async",
    "render_other",
    "render_statement",
    "render_statement_async",
    "validate_logo",
]

_render_lock = threading.Lock()
_render_limiter = anyio.CapacityLimiter(1)


def render(doc: InvoiceDocument, options: TemplateOptions) -> bytes:
    """The PDF of `doc` in the layout and settings of `options`.

    Deterministic: the same input gives the same bytes (no timestamps or random ids), so a stored
    document's checksum can be verified by rendering again. Safe to call from any thread; calls
    are serialised per process. Raises `LayoutError`/ValueError for an unknown layout, an unknown
    label key or an unreadable logo.
    """
    layout = load_layout(options.layout)
    labels = layout.labels_for(doc.locale, options.labels)
    look = theme_for(layout.name, options.accent_color)
    with _render_lock:
        return Renderer(doc, options, look, labels).build()


# Up to this many lines a render takes about 10 ms of CPU (bench/pdf_render.py): less than what
# handing it to a thread costs a busy event loop in waiting for the GIL and the loop again.
INLINE_MAX_LINES = 40


async def render_async(doc: InvoiceDocument, options: TemplateOptions) -> bytes:
    """`render` off the event loop for long documents; concurrent callers wait here, one render
    at a time. A short document is rendered on the loop when no other render is running: under
    load the thread hop made a 10 ms render take 60 ms or more of wall time, and a finalisation
    holds its series' number counter locked meanwhile."""
    if len(doc.lines) <= INLINE_MAX_LINES and _render_limiter.borrowed_tokens == 0:
        return render(doc, options)
    return await anyio.to_thread.run_sync(render, doc, options, limiter=_render_limiter)


def render_statement(doc: StatementDocument, options: TemplateOptions) -> bytes:
    """The PDF of a statement of open items in the look of `options` (its layout, accent
    colour, logo and footer; a statement has labels of its own). Serialised with every other
    render of the process, like `render`."""
    look = theme_for(load_layout(options.layout).name, options.accent_color)
    with _render_lock:
        return render_statement_pdf(doc, options, look)


async def render_statement_async(doc: StatementDocument, options: TemplateOptions) -> bytes:
    """`render_statement` in a worker thread, one render at a time with the invoices' renders
    (a statement can list hundreds of items: it never runs on the event loop)."""
    return await anyio.to_thread.run_sync(render_statement, doc, options, limiter=_render_limiter)


async def render_other(build: Callable[[], bytes]) -> bytes:
    """Another ReportLab document (a reminder letter) made by `build`: off the event loop, under
    the same per-process lock and limiter as the invoices, since ReportLab with embedded fonts is
    not thread-safe whichever document it draws. `build` registers its fonts through
    `theme.theme_for` (once per process)."""

    def locked() -> bytes:
        with _render_lock:
            return build()

    return await anyio.to_thread.run_sync(locked, limiter=_render_limiter)
