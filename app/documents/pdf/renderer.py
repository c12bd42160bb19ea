"""One document's layout: the fixed page parts planned as drawing operations (first page,
later pages, footer, page numbers, watermark) and the story that flows over the pages (lines,
totals, notes, payment instructions with the QR code), written to PDF bytes in one pass."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from app.documents.pdf.canvas import (
    Line,
    NumberedCanvas,
    Op,
    nothing,
    rect_op,
    rule_op,
    text_op,
)
from app.documents.pdf.fonts import needs_fallback, string_width
from app.documents.pdf.logo import logo_reader
from app.documents.pdf.pages import Metadata, PageSetup, document
from app.documents.pdf.qr import QrCode, epc_qr_payload, payment_reference, qr_modules
from app.documents.pdf.text import clean, fill, fill_markup, markup, one_line
from app.documents.pdf.theme import MM, PADDING, Theme
from app.documents.snapshot import Line as InvoiceLine
from app.documents.viewmodel import InvoiceDocument, TemplateOptions
from app.shared import vat as vat_codes

_BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}  # en_GB: day-month-year dates, as in the EU
_BAND_COLUMNS = 4  # the most facts side by side under the band of the "band" header
_ROW_SPLIT = 60.0  # points: the least height of either part of a line split over two pages
_NUMBER_COLUMNS_MM = (18, 22, 13, 24)  # least widths: quantity, unit price, VAT, amount


def _pdf_date(moment: datetime) -> str:
    """A PDF date string (`D:YYYYMMDDHHmmSS+00'00'`) in UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def _unsigned_zero(value: Decimal) -> Decimal:
    """-0 (a credit note's zero line or VAT, negated) printed as 0: never "€ -0,00"."""
    return abs(value) if value == 0 else value


@lru_cache(maxsize=8)
def babel_locale(locale: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES[locale])


class Renderer:
    """One render: plans the fixed page parts, builds the flowing story, writes the PDF."""

    def __init__(
        self,
        doc: InvoiceDocument,
        options: TemplateOptions,
        theme: Theme,
        labels: Mapping[str, str],
    ):
        self.doc, self.options, self.theme, self.labels = doc, options, theme, labels
        layout = self.layout = theme.layout
        self.locale = babel_locale(doc.locale)
        self.page_height = layout.page_height
        self.left = layout.margins.left
        self.right = layout.page_width - layout.margins.right
        self.width = self.right - self.left
        self.regular, self.bold, self.size = layout.font_regular, layout.font_bold, layout.font_size
        self.title = labels["credit_note" if doc.kind == "credit_note" else "invoice"]
        self._rates: dict[str, str] = {}

    # formatting

    def money(self, value: Decimal) -> str:
        return format_currency(
            _unsigned_zero(value), self.doc.currency, locale=self.locale, decimal_quantization=False
        )

    def number(self, value: Decimal) -> str:
        return format_decimal(_unsigned_zero(value), locale=self.locale, decimal_quantization=False)

    def day(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def rate(self, rate: str) -> str:
        # An invoice has a handful of rates over many lines: format each once.
        if rate not in self._rates:
            treatment = vat_codes.TREATMENTS.get(rate)
            self._rates[rate] = (
                treatment.column[self.doc.locale]
                if treatment is not None
                else f"{self.number(Decimal(rate))}%"
            )
        return self._rates[rate]

    # build

    def build(self) -> bytes:
        layout, doc = self.layout, self.doc
        first_ops, first_bottom = self._first_page()
        later_ops, later_bottom = self._later_pages()
        footer_ops, footer_top, self._page_number_baseline = self._footer()
        frame_bottom = max(layout.margins.bottom, footer_top + 4 * MM)

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
            title=f"{self.title} {doc.number or ''}".strip(),
            author=one_line(doc.seller.name),
            subject=one_line(doc.buyer.name),
            lang=doc.locale,
        )
        template = document(
            buffer,
            setup,
            meta,
            first=(first_bottom, first_ops),
            later=(later_bottom, later_ops),
            on_page_end=self._watermark if doc.watermark else nothing,
        )

        # Invariant mode keeps the bytes a function of the input (fixed file ID, no comments);
        # the creation date is part of the input instead of ReportLab's fixed 2000-01-01.
        created = _pdf_date(doc.created_at) if doc.created_at is not None else None

        def canvasmaker(*args: Any, **kw: Any) -> Canvas:
            canvas = NumberedCanvas(*args, page_numbers=self._page_number, **kw)
            if created is not None:
                canvas.setDateFormatter(lambda *_: created)
            return canvas

        template.build(self._story(), canvasmaker=canvasmaker)
        return buffer.getvalue()

    # fixed page parts, as drawing operations planned top-down (`top` = distance from the top)

    def _text_block(
        self, ops: list[Op], x: float, top: float, lines: Sequence[Line], align: str = "left"
    ) -> float:
        """Draws `lines` from `top` down; returns the bottom of the block."""
        y = top
        for line in lines:
            y += line.size
            ops.append(text_op(x, self.page_height - y, line, align))
            y += line.size * 0.38
        return y

    def _lines(
        self, text: str, font: str, size: float, color: colors.Color, width: float, limit: int = 0
    ) -> list[Line]:
        wrapped: list[str] = simpleSplit(clean(text), font, size, width)
        if limit:
            wrapped = wrapped[:limit]
        return [Line(part, font, size, color) for part in wrapped]

    def _seller_lines(self, with_name: bool, align_width: float) -> list[Line]:
        theme, seller, size = self.theme, self.doc.seller, self.size - 1
        lines: list[Line] = []
        if with_name:
            lines += self._lines(seller.name, self.bold, size, theme.text, align_width, 2)
        for address_line in seller.address_lines:
            lines += self._lines(address_line, self.regular, size, theme.muted, align_width, 2)
        details = [seller.email] if seller.email else []
        if seller.kvk_number:
            details.append(f"{self.labels['kvk_number']} {seller.kvk_number}")
        if seller.vat_number:
            details.append(f"{self.labels['vat_number']} {seller.vat_number}")
        for detail in details:
            lines += self._lines(detail, self.regular, size, theme.muted, align_width, 1)
        return lines

    def _buyer_block(self, ops: list[Op], top: float, label_color: colors.Color) -> float:
        """The buyer's name and address, in the envelope window when the PDF goes by post."""
        doc, theme, size = self.doc, self.theme, self.size + 0.5
        x, width = self.left, 85 * MM
        lines: list[Line] = []
        if doc.letter:
            # DIN 5008 / Dutch window envelope: window 20 mm from the left and 45 mm from the
            # top; the return line sits at its top edge, the address 5 mm in from its left.
            x, top = 25 * MM, 47 * MM
            seller = doc.seller
            return_line = " · ".join([one_line(seller.name), *map(one_line, seller.address_lines)])
            line = self._lines(return_line, self.regular, 6.5, theme.muted, width - 5 * MM, 1)
            bottom = self._text_block(ops, x, top, line)
            ops.append(rule_op(x, self.page_height - bottom - 0.6, x + width - 5 * MM, theme.rule))
            top = bottom + 3 * MM
        else:
            lines += self._lines(self.labels["bill_to"], self.bold, size - 2, label_color, width)
        lines += self._lines(doc.buyer.name, self.bold, size, theme.text, width, 3)
        for address_line in doc.buyer.address_lines:
            lines += self._lines(address_line, self.regular, size, theme.text, width, 2)
        # The buyer's identifiers, VAT number first: what a Dutch B2B invoice names the buyer by.
        for key, value in (
            ("vat_number", doc.buyer.vat_number),
            ("kvk_number", doc.buyer.kvk_number),
        ):
            if value:
                identifier = f"{self.labels[key]}: {value}"
                lines += self._lines(identifier, self.regular, size - 1, theme.muted, width, 1)
        return self._text_block(ops, x, top, lines)

    def _meta_rows(self) -> list[tuple[str, str]]:
        doc, labels = self.doc, self.labels
        number_label = labels[
            "credit_note_number" if doc.kind == "credit_note" else "invoice_number"
        ]
        rows = [
            (number_label, doc.number or labels["draft_number"]),
            (labels["invoice_date"], self.day(doc.invoice_date)),
        ]
        if doc.delivery_date is not None:
            rows.append((labels["delivery_date"], self.day(doc.delivery_date)))
        # A credit note is settled, not paid: no due date and nothing to quote with a payment.
        if doc.kind != "credit_note":
            rows.append((labels["due_date"], self.day(doc.due_date)))
            if doc.payment_reference:
                rows.append((labels["payment_reference"], doc.payment_reference))
        if doc.credited_invoice_number:
            rows.append((labels["credited_invoice"], doc.credited_invoice_number))
        return rows

    def _logo_op(
        self, logo: bytes, x: float, top: float, width: float, height: float
    ) -> tuple[Op, float]:
        """Draws the logo scaled into the box, anchored top-left; returns its drawn height."""
        reader = logo_reader(logo)
        pixel_width, pixel_height = reader.getSize()
        scale = min(width / pixel_width, height / pixel_height)
        drawn_width, drawn_height = pixel_width * scale, pixel_height * scale
        y = self.page_height - top - drawn_height

        def op(canvas: Canvas) -> None:
            canvas.drawImage(reader, x, y, drawn_width, drawn_height, mask="auto")

        return op, drawn_height

    def _first_page(self) -> tuple[list[Op], float]:
        if self.layout.header == "band":
            return self._first_page_band()
        return self._first_page_plain()

    def _first_page_plain(self) -> tuple[list[Op], float]:
        theme, doc, ops = self.theme, self.doc, []
        top = self.layout.margins.top
        column = 80 * MM
        if self.options.logo:
            op, height = self._logo_op(self.options.logo, self.left, top, 60 * MM, 22 * MM)
            ops.append(op)
            left_bottom = top + height
        else:
            name = self._lines(doc.seller.name, self.bold, 15, theme.accent, 85 * MM, 2)
            left_bottom = self._text_block(ops, self.left, top, name)
        seller = self._seller_lines(bool(self.options.logo), column)
        seller_bottom = self._text_block(ops, self.right, top, seller, "right")
        buyer_bottom = self._buyer_block(ops, max(45 * MM, left_bottom + 8 * MM), theme.accent)
        meta_top = max(45 * MM, seller_bottom + 8 * MM)
        meta_bottom = self._meta_table(ops, self.left + self.width * 0.55, meta_top)
        title_top = max(buyer_bottom, meta_bottom) + 9 * MM
        title = self._lines(self.title, self.bold, 18, theme.accent, self.width, 1)
        return ops, self._text_block(ops, self.left, title_top, title) + 5 * MM

    def _meta_table(self, ops: list[Op], x: float, top: float) -> float:
        """Number, dates and references as label/value rows from `x` to the right margin."""
        theme, size = self.theme, self.size
        rows = self._meta_rows()
        label_width = min(
            max(string_width(label, self.regular, size) for label, _ in rows), 40 * MM
        )
        value_x = x + label_width + 4 * MM
        for label, value in rows:
            labels = self._lines(label, self.regular, size, theme.muted, label_width, 2)
            values = self._lines(value, self.bold, size, theme.text, self.right - value_x, 2)
            bottom = max(
                self._text_block(ops, x, top, labels), self._text_block(ops, value_x, top, values)
            )
            top = bottom + 0.6 * MM
        return top

    def _first_page_band(self) -> tuple[list[Op], float]:
        theme, doc, ops = self.theme, self.doc, []
        band = 34 * MM
        ops.append(rect_op(0, self.page_height - band, self.layout.page_width, band, theme.accent))
        title = self._lines(self.title.upper(), self.bold, 22, colors.white, 100 * MM, 1)
        self._text_block(ops, self.left, 9 * MM, title)
        if self.options.logo:
            box_width, box_height, pad = 52 * MM, 22 * MM, 2.5 * MM
            box_x = self.right - box_width
            ops.append(
                rect_op(
                    box_x,
                    self.page_height - 6 * MM - box_height,
                    box_width,
                    box_height,
                    colors.white,
                    radius=2 * MM,
                )
            )
            op, _ = self._logo_op(
                self.options.logo,
                box_x + pad,
                6 * MM + pad,
                box_width - 2 * pad,
                box_height - 2 * pad,
            )
            ops.append(op)
        else:
            name = self._lines(doc.seller.name, self.bold, 13, colors.white, 80 * MM, 2)
            self._text_block(ops, self.right, 11 * MM, name, "right")
        subtitle = doc.number or self.labels["draft_number"]
        self._text_block(
            ops,
            self.left,
            21 * MM,
            self._lines(subtitle, self.regular, 11, colors.white, 100 * MM, 1),
        )
        seller = self._seller_lines(True, 80 * MM)
        seller_bottom = self._text_block(ops, self.right, band + 7 * MM, seller, "right")
        buyer_bottom = self._buyer_block(ops, band + 7 * MM, theme.accent)
        top = max(seller_bottom, buyer_bottom) + 8 * MM
        rows = self._meta_rows()
        # Up to four columns in a row (a date fits one); more facts continue on a second row.
        per_row = min(len(rows), _BAND_COLUMNS)
        column = self.width / per_row
        bottom = top
        for start in range(0, len(rows), per_row):
            top = bottom if start == 0 else bottom + 3 * MM
            for index, (label, value) in enumerate(rows[start : start + per_row]):
                x = self.left + index * column
                lines = self._lines(
                    label.upper(), self.regular, self.size - 2, theme.muted, column - 3 * MM, 1
                )
                lines += self._lines(
                    value, self.bold, self.size + 1, theme.text, column - 3 * MM, 2
                )
                bottom = max(bottom, self._text_block(ops, x, top, lines))
        ops.append(rule_op(self.left, self.page_height - bottom - 2 * MM, self.right, theme.rule))
        return ops, bottom + 7 * MM

    def _later_pages(self) -> tuple[list[Op], float]:
        theme, doc, ops = self.theme, self.doc, []
        top = self.layout.margins.top
        if self.layout.header == "band":
            ops.append(
                rect_op(0, self.page_height - 6 * MM, self.layout.page_width, 6 * MM, theme.accent)
            )
        name = self._lines(doc.seller.name, self.bold, self.size, theme.text, self.width / 2, 1)
        heading = f"{self.title} {doc.number or self.labels['draft_number']}"
        title = self._lines(heading, self.bold, self.size, theme.accent, self.width / 2, 1)
        bottom = self._text_block(ops, self.left, top, name)
        self._text_block(ops, self.right, top, title, "right")
        ops.append(rule_op(self.left, self.page_height - bottom - 1.5 * MM, self.right, theme.rule))
        return ops, bottom + 6 * MM

    def _footer(self) -> tuple[list[Op], float, float]:
        """The footer drawn on every page, bottom-up from 10 mm above the page edge.

        Returns the operations, the footer's top (distance from the page bottom) and the
        baseline for the page number.
        """
        theme, doc, size = self.theme, self.doc, self.size - 2
        seller = doc.seller
        parts = [one_line(seller.name)]
        if seller.kvk_number:
            parts.append(f"{self.labels['kvk_number']} {seller.kvk_number}")
        if seller.vat_number:
            parts.append(f"{self.labels['vat_number']} {seller.vat_number}")
        if doc.iban:
            parts.append(f"{self.labels['iban']} {doc.iban}")
        if doc.bic:
            parts.append(f"{self.labels['bic']} {doc.bic}")
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
        first_baseline = baseline
        for line in lines:
            ops.append(text_op(self.left, baseline, line, "left"))
            baseline -= leading
        rule_y = first_baseline + size + 1.5 * MM
        ops.append(rule_op(self.left, rule_y, self.right, theme.rule))
        return ops, rule_y, first_baseline

    def _page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        text = fill(self.labels["page"], {"page": str(page), "pages": str(pages)})
        canvas.setFont(self.regular, self.size - 2)
        canvas.setFillColor(self.theme.muted)
        canvas.drawRightString(self.right, self._page_number_baseline, text)

    def _watermark(self, canvas: Canvas, _: Any) -> None:
        text = one_line(self.doc.watermark or "")
        width, height = self.layout.page_width, self.page_height
        size = min(
            110.0, 0.75 * (width**2 + height**2) ** 0.5 / max(1.0, string_width(text, self.bold, 1))
        )
        canvas.saveState()
        canvas.setFillColor(self.theme.watermark, alpha=0.16)
        canvas.setFont(self.bold, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        canvas.drawCentredString(0, -size / 3, text)
        canvas.restoreState()

    # the story: what flows over as many pages as needed

    def _story(self) -> list[Flowable]:
        doc, theme = self.doc, self.theme
        story: list[Flowable] = [self._lines_table(), Spacer(1, 4 * MM)]
        closing: list[Flowable] = [self._totals_table()]
        # The legally required text of each zero-VAT treatment, once each; the buyer's VAT number
        # once, under the first treatment that requires it (reverse charge, intra-community).
        buyer_vat_shown = False
        for code in doc.treatments:
            text = vat_codes.notice(code, doc.locale, small_business=doc.small_business_scheme)
            assert text is not None
            closing.append(Spacer(1, 3 * MM))
            closing.append(Paragraph(markup(text), theme.bold))
            needs_vat = vat_codes.TREATMENTS[code].needs_buyer_vat_number
            if needs_vat and doc.buyer.vat_number and not buyer_vat_shown:
                buyer_vat_shown = True
                text = fill_markup(
                    self.labels["reverse_charge_vat_number"], {"vat_number": doc.buyer.vat_number}
                )
                closing.append(Paragraph(text, theme.body))
        if doc.notes and doc.notes.strip():
            closing.append(Spacer(1, 6 * MM))
            closing.append(Paragraph(markup(self.labels["notes"]), theme.bold))
            closing.append(Spacer(1, 1 * MM))
            closing.append(Paragraph(markup(doc.notes.strip()), theme.body))
        # The payment block (and its QR code) keeps with the totals it asks to pay: the whole
        # closing moves to the next page only when it does not fit below the last lines, and is
        # split only when it is longer than a page (very long notes).
        closing.append(Spacer(1, 7 * MM))
        closing.append(self._payment())
        story.append(KeepTogether(closing))
        return story

    def _cell(self, text: str, width: float, style: ParagraphStyle) -> str | Paragraph:
        """A plain string when the text fits on one line (fast, never parsed), else a Paragraph.

        The table draws plain strings in the font of its style commands, which `theme_for` takes
        from the same ParagraphStyle, so both kinds of cell look alike.
        """
        inner = width - 2 * PADDING
        if (
            "\n" not in text
            and string_width(text, style.fontName, style.fontSize) <= inner
            and not needs_fallback(text, style.fontName)
        ):
            return text
        return Paragraph(markup(text), style)

    def _description(self, line: InvoiceLine) -> str:
        """The description, and under it the line's own delivery date when it has one."""
        if line.delivery_date is None or line.delivery_date == self.doc.delivery_date:
            return clean(line.description)
        when = f"{self.labels['delivery_date']}: {self.day(line.delivery_date)}"
        return f"{clean(line.description)}\n{when}"

    def _lines_table(self) -> Table:
        theme, labels, money, rate = self.theme, self.labels, self.money, self.rate
        header = [
            labels[key] for key in ("description", "quantity", "unit_price", "vat_rate", "amount")
        ]
        body = [
            [
                self._description(line),
                self.number(line.quantity) + (f" {one_line(line.unit)}" if line.unit else ""),
                money(line.unit_price),
                rate(line.vat_rate),
                money(line.amount),
            ]
            for line in self.doc.lines
        ]
        # The number columns are as wide as their widest entry (big amounts, a long unit, an
        # English "reverse charge"), within limits; the description takes the rest.
        widths = [0.0]
        for column, least in enumerate(_NUMBER_COLUMNS_MM, start=1):
            widest = max(
                [string_width(header[column], theme.header.fontName, theme.header.fontSize)]
                + [
                    string_width(row[column], theme.cell.fontName, theme.cell.fontSize)
                    for row in body
                ]
            )
            widths.append(min(max(widest + 2 * PADDING, least * MM), 45 * MM))
        widths[0] = self.width - sum(widths)
        header_cells = [
            self._cell(text, width, theme.header_right if column else theme.header)
            for column, (text, width) in enumerate(zip(header, widths, strict=True))
        ]
        rows: list[list[str | Paragraph]] = [header_cells]
        for row in body:
            description, quantity, *numbers = row
            rows.append(
                [
                    self._cell(description, widths[0], theme.cell),
                    self._cell(quantity, widths[1], theme.cell_right),
                    *numbers,
                ]
            )
        # A line longer than a page is split inside its row rather than failing the render; a
        # row is only split when both parts keep a few lines, else it moves to the next page.
        return Table(
            rows, colWidths=widths, repeatRows=1, splitInRow=_ROW_SPLIT, style=theme.lines_style
        )

    def _totals_table(self) -> Table:
        theme, labels, money, doc = self.theme, self.labels, self.money, self.doc
        rows = [[labels["subtotal"], money(doc.subtotal)]]
        for vat in doc.vat:
            values = {"rate": self.rate(vat.rate), "base": money(vat.base)}
            rows.append([one_line(fill(labels["vat_line"], values)), money(vat.amount)])
        rows.append([labels["total"], money(doc.total)])
        amount_width = max(
            30 * MM,
            string_width(rows[-1][1], theme.total.fontName, theme.total.fontSize) + 2 * PADDING,
        )
        widest = max(
            string_width(label, theme.total.fontName, theme.total.fontSize) for label, _ in rows
        )
        label_width = min(max(widest + 2 * PADDING, 60 * MM), self.width - amount_width)
        cells: list[list[str | Paragraph]] = [
            [self._cell(label, label_width, theme.cell), amount] for label, amount in rows[:-1]
        ]
        cells.append([self._cell(rows[-1][0], label_width, theme.total), rows[-1][1]])
        table = Table(cells, colWidths=(label_width, amount_width), style=theme.totals_style)
        table.hAlign = "RIGHT"
        return table

    def _payment(self) -> Flowable:
        doc, labels, theme = self.doc, self.labels, self.theme
        amount, due = self.money(doc.total), self.day(doc.due_date)
        reference = payment_reference(doc)
        if doc.total <= 0:
            parts = [fill_markup(labels["credit_settlement"], {"amount": self.money(-doc.total)})]
        elif doc.iban:
            values = {"amount": amount, "due_date": due, "iban": doc.iban, "name": doc.payee}
            parts = [fill_markup(labels["payment_instruction"], values)]
            if doc.bic:
                parts.append(f"{markup(labels['bic'])} <b>{markup(doc.bic)}</b>")
        else:
            values = {"amount": amount, "due_date": due}
            parts = [fill_markup(labels["payment_instruction_no_iban"], values)]
        if reference and doc.total > 0:
            values = {"reference": reference}
            parts.append(fill_markup(labels["payment_reference_instruction"], values))
        instructions = Paragraph("<br/>".join(parts), theme.body)
        payload = epc_qr_payload(doc)
        if payload is None:
            return instructions
        qr_size = 32 * MM
        code = QrCode(qr_modules(payload), qr_size, labels["scan_to_pay"], theme)
        return Table(
            [[instructions, code]],
            colWidths=(self.width - qr_size - 8 * MM, qr_size + 8 * MM),
            style=theme.payment_style,
        )
