"""Drawing on the page: the canvas that numbers pages when the document is saved, and the
fixed page parts (headers, footer) as drawing operations planned once per document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

Op = Callable[[Canvas], None]

# ReportLab wraps compressed streams in ASCII85 by default: a 400-line invoice came out 9% bigger
# and 7% slower with it. The PDFs are stored and served as binary, so plain Flate streams do;
# this module is the process's only ReportLab user, so the global setting is ours to choose.
rl_config.useA85 = 0


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until save(), when the page count for "Pagina 1 van N" is known."""

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
        super().save()


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
    def op(canvas: Canvas) -> None:
        canvas.setFont(line.font, line.size)
        canvas.setFillColor(line.color)
        if align == "right":
            canvas.drawRightString(x, y, line.text)
        else:
            canvas.drawString(x, y, line.text)

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
