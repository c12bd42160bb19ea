"""Drawing on the page: the canvas that numbers pages when the document is saved, and the
fixed page parts (headers, footer) as drawing operations planned once per document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from app.documents.pdf.fonts import font_runs, string_width

Op = Callable[[Canvas], None]


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until save(), when the page count for "Pagina 1 van N" is known.

    Its streams are plain Flate: ReportLab wraps compressed streams in ASCII85 by default, and a
    400-line invoice came out 9% bigger and 7% slower with it. The PDFs are stored and served as
    binary, so nothing needs the ASCII armour. ReportLab takes that choice from the process-wide
    `rl_config.useA85`; this canvas makes it for its own pages and images only.
    """

    def __init__(self, *args: Any, page_numbers: Callable[[Canvas, int, int], None], **kw: Any):
        super().__init__(*args, **kw)
        self._held_pages: list[dict[str, Any]] = []
        self._page_numbers = page_numbers

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._page_numbers(self, number, count)
            super().showPage()
            # A page whose content stream is set is written as it is; left unset, ReportLab
            # builds it when the file is written, with the filters of `rl_config.useA85`.
            page = self._doc.Pages.pages[-1]
            page.Contents = pdfdoc.PDFStream(content=page.stream, filters=[pdfdoc.PDFZCompress])
        super().save()

    def drawImage(self, *args: Any, **kw: Any) -> Any:
        # ReportLab encodes an image (and its alpha mask) when it is first drawn and reads
        # `rl_config.useA85` there; neither the canvas nor the image object has a setting of its
        # own. So the setting is changed for the length of this call only and put back: importing
        # this package changes nothing, and the change is seen only while one of our renders draws
        # a logo, under the render lock (so never by two of our renders at once). Another thread
        # using ReportLab at that moment would write an image without ASCII85, a valid PDF still.
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            return super().drawImage(*args, **kw)
        finally:
            rl_config.useA85 = saved


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as planned: drawn as a plain string, never parsed as markup."""

    text: str
    font: str
    size: float
    color: colors.Color


def nothing(canvas: Canvas, doc: Any) -> None:
    pass


def text_op(x: float, y: float, line: Line, align: str) -> Op:
    runs = font_runs(line.text, line.font)
    if len(runs) > 1:  # characters in the fallback font: each run in its own font
        return _runs_op(x, y, line, align, runs)

    def op(canvas: Canvas) -> None:
        canvas.setFont(line.font, line.size)
        canvas.setFillColor(line.color)
        if align == "right":
            canvas.drawRightString(x, y, line.text)
        else:
            canvas.drawString(x, y, line.text)

    return op


def _runs_op(x: float, y: float, line: Line, align: str, runs: list[tuple[str, str]]) -> Op:
    widths = [string_width(part, font, line.size) for part, font in runs]
    start = x - sum(widths) if align == "right" else x

    def op(canvas: Canvas) -> None:
        canvas.setFillColor(line.color)
        position = start
        for (part, font), width in zip(runs, widths, strict=True):
            canvas.setFont(font, line.size)
            canvas.drawString(position, y, part)
            position += width

    return op


def rule_op(x1: float, y: float, x2: float, color: colors.Color) -> Op:
    def op(canvas: Canvas) -> None:
        canvas.setStrokeColor(color)
        canvas.setLineWidth(0.5)
        canvas.line(x1, y, x2, y)

    return op


def rect_op(
    x: float, y: float, width: float, height: float, color: colors.Color, radius: float = 0
) -> Op:
    def op(canvas: Canvas) -> None:
        canvas.setFillColor(color)
        if radius:
            canvas.roundRect(x, y, width, height, radius, stroke=0, fill=1)
        else:
            canvas.rect(x, y, width, height, stroke=0, fill=1)

    return op
