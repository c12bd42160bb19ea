"""A customer's statement of open items ("rekeningoverzicht") as PDF: the seller's letterhead,
the customer's address, one row per open item (date, number, due date, original amount, paid,
open, days overdue), the totals and the payment instruction; page numbers on every page.

It shares the invoice's look (layout, accent colour, logo and footer of the administration's
default PDF template), fonts and escaping; the entry points in `app.documents.pdf` run it under
the same process-wide render lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as _Table

from app.documents.pdf.canvas import Line, NumberedCanvas, Op, rule_op, text_op
from app.documents.pdf.columns import fitted_widths
from app.documents.pdf.fonts import string_width
from app.documents.pdf.logo import logo_reader
from app.documents.pdf.pages import Metadata, PageSetup, document
from app.documents.pdf.renderer import babel_locale
from app.documents.pdf.text import clean, fill, markup, one_line
from app.documents.pdf.theme import MM, PADDING, Theme
from app.documents.viewmodel import StatementDocument, TemplateOptions

# The label keys a statement prints (`StatementDocument.labels`).
LABEL_KEYS = frozenset(
    {
        "title",
        "date",
        "intro",
        "invoice_date",
        "number",
        "due_date",
        "amount",
        "paid",
        "open",
        "days_overdue",
        "total_due",
        "overdue_due",
        "payment_instruction",
        "nothing_open",
        "kvk_number",
        "vat_number",
        "iban",
        "bic",
        "page",
    }
)
_ROW_SPLIT = 40.0


class StatementRenderer:
    """One render of a statement; `build` returns the PDF bytes."""

    def __init__(self, doc: StatementDocument, options: TemplateOptions, theme: Theme):
        missing = LABEL_KEYS - set(doc.labels)
        if missing:
            raise ValueError(f"statement labels missing: {sorted(missing)}")
        self.doc, self.options, self.theme, self.labels = doc, options, theme, doc.labels
        layout = self.layout = theme.layout
        self.locale = babel_locale(doc.locale)
        self.page_height = layout.page_height
        self.left = layout.margins.left
        self.right = layout.page_width - layout.margins.right
        self.width = self.right - self.left
        self.regular, self.bold, self.size = layout.font_regular, layout.font_bold, layout.font_size

    def money(self, value: Decimal) -> str:
        value = abs(value) if value == 0 else value
        return format_currency(
            value, self.doc.currency, locale=self.locale, decimal_quantization=False
        )

    def build(self) -> bytes:
        layout, doc = self.layout, self.doc
        header_ops, header_bottom = self._letterhead()
        footer_ops, footer_top = self._footer()
        frame_bottom = max(layout.margins.bottom, footer_top + 4 * MM)
        later_top = layout.margins.top

        buffer = BytesIO()
        setup = PageSetup(
            page_width=layout.page_width,
            page_height=self.page_height,
            left=self.left,
            width=self.width,
            right_margin=layout.margins.right,
            top_margin=layout.margins.top,
            frame_bottom=frame_bottom,
            footer_ops=footer_ops,
        )
        meta = Metadata(
            title=f"{self.labels['title']} {one_line(doc.buyer.name)}",
            author=one_line(doc.seller.name),
            subject=one_line(doc.buyer.name),
            lang=doc.locale,
        )
        template = document(
            buffer, setup, meta, first=(header_bottom, header_ops), later=(later_top, [])
        )

        def canvasmaker(*args: Any, **kw: Any) -> Canvas:
            return NumberedCanvas(*args, page_numbers=self._page_number, **kw)

        template.build(self._story(), canvasmaker=canvasmaker)
        return buffer.getvalue()

    # fixed parts

    def _lines(
        self, text: str, font: str, size: float, color: colors.Color, width: float, limit: int = 0
    ) -> list[Line]:
        wrapped: list[str] = simpleSplit(clean(text), font, size, width)
        if limit:
            wrapped = wrapped[:limit]
        return [Line(part, font, size, color) for part in wrapped]

    def _block(
        self, ops: list[Op], x: float, top: float, lines: Sequence[Line], align: str = "left"
    ) -> float:
        y = top
        for line in lines:
            y += line.size
            ops.append(text_op(x, self.page_height - y, line, align))
            y += line.size * 0.38
        return y

    def _letterhead(self) -> tuple[list[Op], float]:
        """Seller top right (logo or name top left), buyer in the envelope window, title and
        date under them. Returns the operations and where the flowing story starts."""
        theme, doc = self.theme, self.doc
        ops: list[Op] = []
        top, size = self.layout.margins.top, self.size - 1
        if self.options.logo:
            reader = logo_reader(self.options.logo)
            pixel_width, pixel_height = reader.getSize()
            scale = min(60 * MM / pixel_width, 22 * MM / pixel_height)
            width, height = pixel_width * scale, pixel_height * scale
            y = self.page_height - top - height

            def draw_logo(canvas: Canvas) -> None:
                canvas.drawImage(reader, self.left, y, width, height, mask="auto")

            ops.append(draw_logo)
            left_bottom = top + height
        else:
            name = self._lines(doc.seller.name, self.bold, 15, theme.accent, 85 * MM, 2)
            left_bottom = self._block(ops, self.left, top, name)
        column = 80 * MM
        seller: list[Line] = []
        if self.options.logo:
            seller += self._lines(doc.seller.name, self.bold, size, theme.text, column, 2)
        for line in doc.seller.address_lines:
            seller += self._lines(line, self.regular, size, theme.muted, column, 2)
        details = [doc.seller.email] if doc.seller.email else []
        for key, value in (
            ("kvk_number", doc.seller.kvk_number),
            ("vat_number", doc.seller.vat_number),
            ("iban", doc.iban),
            ("bic", doc.bic),
        ):
            if value:
                details.append(f"{self.labels[key]} {value}")
        for detail in details:
            seller += self._lines(detail, self.regular, size, theme.muted, column, 1)
        seller_bottom = self._block(ops, self.right, top, seller, "right")
        # The buyer where a window envelope shows it (as the invoice's letter).
        buyer = self._lines(doc.buyer.name, self.bold, self.size + 0.5, theme.text, 85 * MM, 3)
        for line in doc.buyer.address_lines:
            buyer += self._lines(line, self.regular, self.size + 0.5, theme.text, 85 * MM, 2)
        buyer_bottom = self._block(ops, 25 * MM, max(50 * MM, left_bottom + 8 * MM), buyer)
        title_top = max(buyer_bottom, seller_bottom) + 10 * MM
        title = self._lines(self.labels["title"], self.bold, 18, theme.accent, self.width, 1)
        bottom = self._block(ops, self.left, title_top, title)
        when = f"{self.labels['date']}: {format_date(doc.as_of, 'long', locale=self.locale)}"
        bottom = self._block(
            ops,
            self.left,
            bottom + 2 * MM,
            self._lines(when, self.regular, self.size, theme.text, self.width, 1),
        )
        return ops, bottom + 5 * MM

    def _footer(self) -> tuple[list[Op], float]:
        theme, doc, size = self.theme, self.doc, self.size - 2
        parts = [one_line(doc.seller.name)]
        if doc.seller.kvk_number:
            parts.append(f"{self.labels['kvk_number']} {doc.seller.kvk_number}")
        if doc.iban:
            parts.append(f"{self.labels['iban']} {doc.iban}")
        text_width = self.width - 30 * MM
        lines = self._lines(" · ".join(parts), self.regular, size, theme.muted, text_width, 2)
        if self.options.footer_text:
            footer = self._lines(
                self.options.footer_text, self.regular, size, theme.text, text_width, 8
            )
            lines = footer + lines
        leading = size * 1.4
        ops: list[Op] = []
        baseline = 10 * MM + leading * (len(lines) - 1)
        self._page_number_baseline = baseline
        for line in lines:
            ops.append(text_op(self.left, baseline, line, "left"))
            baseline -= leading
        rule_y = self._page_number_baseline + size + 1.5 * MM
        ops.append(rule_op(self.left, rule_y, self.right, theme.rule))
        return ops, rule_y

    def _page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        text = fill(self.labels["page"], {"page": str(page), "pages": str(pages)})
        canvas.setFont(self.regular, self.size - 2)
        canvas.setFillColor(self.theme.muted)
        canvas.drawRightString(self.right, self._page_number_baseline, text)

    # the story

    def _story(self) -> list[Flowable]:
        doc, theme = self.doc, self.theme
        story: list[Flowable] = [Paragraph(markup(self.labels["intro"]), theme.body)]
        story.append(Spacer(1, 4 * MM))
        if not doc.items:
            story.append(Paragraph(markup(self.labels["nothing_open"]), theme.bold))
            return story
        story.append(self._items_table())
        story.append(Spacer(1, 4 * MM))
        story.append(self._totals_table())
        story.append(Spacer(1, 7 * MM))
        story.append(Paragraph(markup(self.labels["payment_instruction"]), theme.body))
        return story

    def _items_table(self) -> _Table:
        theme, labels, doc = self.theme, self.labels, self.doc

        def day(value: Any) -> str:
            return format_date(value, "short", locale=self.locale)

        header = [
            labels[key]
            for key in (
                "invoice_date",
                "number",
                "due_date",
                "amount",
                "paid",
                "open",
                "days_overdue",
            )
        ]
        body = [
            [
                day(item.invoice_date),
                one_line(item.number),
                day(item.due_date),
                self.money(item.total),
                self.money(item.paid),
                self.money(item.open),
                str(item.days_overdue) if item.days_overdue else "",
            ]
            for item in doc.items
        ]
        widths = fitted_widths(
            header,
            body,
            cell_font=(theme.cell.fontName, theme.cell.fontSize),
            header_font=(theme.header.fontName, theme.header.fontSize),
            width=self.width,
            flexible=1,
        )
        header_cells = [
            Paragraph(markup(text), theme.header_right if column > 2 else theme.header)
            for column, text in enumerate(header)
        ]
        rows: list[list[Any]] = [header_cells]
        for row in body:
            number_width = widths[1] - 2 * PADDING
            number: Any = row[1]
            if string_width(number, theme.cell.fontName, theme.cell.fontSize) > number_width:
                number = Paragraph(markup(number), theme.cell)
            rows.append([row[0], number, *row[2:]])
        table = _Table(
            rows, colWidths=widths, repeatRows=1, splitInRow=_ROW_SPLIT, style=theme.lines_style
        )
        # Dates and numbers read from the left, amounts and days from the right.
        table.setStyle(TableStyle([("ALIGN", (0, 0), (2, -1), "LEFT")]))
        return table

    def _totals_table(self) -> _Table:
        theme, labels, doc = self.theme, self.labels, self.doc
        rows = [
            [labels["overdue_due"], self.money(doc.overdue_due)],
            [labels["total_due"], self.money(doc.total_due)],
        ]
        amount_width = max(
            30 * MM,
            string_width(rows[-1][1], theme.total.fontName, theme.total.fontSize) + 2 * PADDING,
        )
        widest = max(
            string_width(label, theme.total.fontName, theme.total.fontSize) for label, _ in rows
        )
        label_width = min(max(widest + 2 * PADDING, 60 * MM), self.width - amount_width)
        cells = [
            [Paragraph(markup(rows[0][0]), theme.cell), rows[0][1]],
            [Paragraph(markup(rows[1][0]), theme.total), rows[1][1]],
        ]
        table = _Table(cells, colWidths=(label_width, amount_width), style=theme.totals_style)
        table.hAlign = "RIGHT"
        return table


def render_statement_pdf(doc: StatementDocument, options: TemplateOptions, theme: Theme) -> bytes:
    return StatementRenderer(doc, options, theme).build()
