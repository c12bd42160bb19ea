"""The page set-up every document of ours shares: a first page and later pages, each with its
fixed drawing (letterhead, running header) and the footer, around one frame the story flows
through. Invoices and statements differ only in what they draw and where the frame starts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from app.documents.pdf.canvas import Op, nothing


@dataclass(frozen=True, slots=True)
class PageSetup:
    page_width: float
    page_height: float
    left: float  # the frame's left edge
    width: float  # the frame's width
    right_margin: float
    top_margin: float
    frame_bottom: float  # above the footer
    footer_ops: Sequence[Op]


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    author: str
    subject: str
    lang: str


def document(
    buffer: BytesIO,
    setup: PageSetup,
    meta: Metadata,
    *,
    first: tuple[float, Sequence[Op]],
    later: tuple[float, Sequence[Op]],
    on_page_end: Callable[[Canvas, Any], None] = nothing,
) -> BaseDocTemplate:
    """A document whose first page draws `first[1]` and starts its frame `first[0]` from the
    top, and whose later pages do the same with `later`; every page draws the footer.
    Invariant, so the bytes are a function of the input."""

    def frame(top: float, frame_id: str) -> Frame:
        return Frame(
            setup.left,
            setup.frame_bottom,
            setup.width,
            setup.page_height - top - setup.frame_bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=frame_id,
        )

    def painter(ops: Sequence[Op]) -> Callable[[Canvas, Any], None]:
        def paint(canvas: Canvas, _: Any) -> None:
            for op in (*ops, *setup.footer_ops):
                op(canvas)

        return paint

    template = BaseDocTemplate(
        buffer,
        pagesize=(setup.page_width, setup.page_height),
        leftMargin=setup.left,
        rightMargin=setup.right_margin,
        topMargin=setup.top_margin,
        bottomMargin=setup.frame_bottom,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator="Invoicer",
        producer="Invoicer",
        lang=meta.lang,
        invariant=True,
        pageCompression=True,
    )
    template.addPageTemplates(
        [
            PageTemplate(
                "first",
                [frame(first[0], "first")],
                onPage=painter(first[1]),
                onPageEnd=on_page_end,
                autoNextPageTemplate="later",
            ),
            PageTemplate(
                "later",
                [frame(later[0], "later")],
                onPage=painter(later[1]),
                onPageEnd=on_page_end,
            ),
        ]
    )
    return template
