"""The reminder letter as a PDF: a pure `render(letter) -> bytes` of a plain view (no ORM), drawn
with the invoice layout's theme (its fonts registered once per process) and run through
`app.documents.pdf.render_other` (off the event loop, under the process's one render lock).

Every text arrives rendered in the letter's language; user text (names, addresses, invoice
numbers) is escaped on its way into Paragraph markup, so it prints as typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from app.documents.pdf.columns import fitted_widths
from app.documents.pdf.text import markup, one_line
from app.documents.pdf.theme import Theme, theme_for

# The header's numeric columns: number, date, due date, amount, paid, open, days overdue.


@dataclass(frozen=True, slots=True)
class Row:
    """One open invoice of the buyer, formatted."""

    number: str
    invoice_date: str
    due_date: str
    amount: str
    paid: str
    open: str
    days_overdue: str
    this_one: bool  # the invoice the letter is about


@dataclass(frozen=True, slots=True)
class LetterView:
    """Everything the letter prints, as text in its language."""

    locale: str
    layout: str
    accent_color: str | None
    title: str  # Herinnering, Tweede herinnering, Aanmaning
    seller_lines: tuple[str, ...]
    buyer_lines: tuple[str, ...]
    place_and_date: str
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]  # the letter's opening
    headers: tuple[str, ...]  # the table's column headers
    rows: tuple[Row, ...]
    total_open: tuple[str, str]  # label, amount
    claim_lines: tuple[tuple[str, str], ...]  # what is asked now: (label, amount), total last
    legal: tuple[str, ...]  # the legal paragraphs (14-day letter, costs, compensation)
    payment: str
    closing: tuple[str, ...]
    created_at: datetime


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def render(letter: LetterView) -> bytes:
    """The letter's PDF; the same view gives the same bytes. Not thread-safe: call it through
    `render_other`."""
    look = theme_for(letter.layout, letter.accent_color)
    layout = look.layout
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=(layout.page_width, layout.page_height),
        leftMargin=layout.margins.left,
        rightMargin=layout.margins.right,
        topMargin=layout.margins.top,
        bottomMargin=layout.margins.bottom,
        title=one_line(f"{letter.title} {letter.subject}"),
        author=one_line(letter.seller_lines[0]) if letter.seller_lines else "",
        creator="Invoicer",
        producer="Invoicer",
        lang=letter.locale,
        invariant=True,
        pageCompression=True,
    )
    created = _pdf_date(letter.created_at)

    def canvasmaker(*args: object, **kw: object) -> object:
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(*args, **kw)
        canvas.setDateFormatter(lambda *_: created)
        return canvas

    template.build(_story(letter, look, template.width), canvasmaker=canvasmaker)
    return buffer.getvalue()


def _lines(lines: tuple[str, ...]) -> str:
    return "<br/>".join(markup(line) for line in lines if line)


def _story(letter: LetterView, look: Theme, width: float) -> list[object]:
    body, bold = look.body, look.bold
    title = ParagraphStyle("letter_title", parent=bold, fontSize=body.fontSize + 5)
    title.leading = title.fontSize * 1.3
    title.textColor = look.accent
    half = width / 2
    parties = Table(
        [
            [
                Paragraph(_lines(letter.buyer_lines), body),
                Paragraph(_lines(letter.seller_lines), body),
            ]
        ],
        colWidths=(half, half),
        style=look.payment_style,
    )
    story: list[object] = [
        parties,
        Spacer(1, 10 * mm),
        Paragraph(markup(letter.place_and_date), body),
        Spacer(1, 4 * mm),
        Paragraph(markup(letter.title), title),
        Paragraph(markup(letter.subject), bold),
        Spacer(1, 4 * mm),
        Paragraph(markup(letter.salutation), body),
        Spacer(1, 2 * mm),
    ]
    for paragraph in letter.paragraphs:
        story += [Paragraph(markup(paragraph), body), Spacer(1, 2 * mm)]
    cells_of = [
        [
            row.number,
            row.invoice_date,
            row.due_date,
            row.amount,
            row.paid,
            row.open,
            row.days_overdue,
        ]
        for row in letter.rows
    ]
    # Measured in the header's bold face: the letter's own invoice is printed bold.
    widths = fitted_widths(
        letter.headers,
        cells_of,
        cell_font=(look.header.fontName, look.cell.fontSize),
        header_font=(look.header.fontName, look.header.fontSize),
        width=width,
        flexible=0,
    )
    header = [
        Paragraph(markup(h), look.header if i == 0 else look.header_right)
        for i, h in enumerate(letter.headers)
    ]
    rows: list[list[object]] = [header]
    for row, cells in zip(letter.rows, cells_of, strict=True):
        rows.append(
            [
                Paragraph(
                    f"<b>{markup(text)}</b>" if row.this_one else markup(text),
                    look.cell if i == 0 else look.cell_right,
                )
                for i, text in enumerate(cells)
            ]
        )
    story += [
        Spacer(1, 2 * mm),
        Table(rows, colWidths=widths, style=look.lines_style, repeatRows=1),
    ]
    sums = [letter.total_open, *letter.claim_lines]
    story += [
        Spacer(1, 3 * mm),
        Table(
            [
                [Paragraph(markup(label), body), Paragraph(markup(amount), look.cell_right)]
                for label, amount in sums
            ],
            colWidths=(width - 40 * mm, 40 * mm),
            style=look.totals_style,
        ),
        Spacer(1, 5 * mm),
    ]
    for paragraph in letter.legal:
        story += [Paragraph(markup(paragraph), body), Spacer(1, 2 * mm)]
    story += [Spacer(1, 2 * mm), Paragraph(markup(letter.payment), body), Spacer(1, 6 * mm)]
    story.append(Paragraph(_lines(letter.closing), body))
    return story
