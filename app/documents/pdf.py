"""Invoice PDFs with ReportLab: a pure `render(doc, options) -> bytes` and its async wrapper.

Rendering is CPU-bound and ReportLab with embedded TrueType fonts is not thread-safe (renders from
several threads failed when measured), so every render in the process runs under one lock and
`render_async` queues callers on a capacity limiter of one instead of parking them on the thread
pool. Everything that is the same for every invoice (fonts, styles, table styles, layouts) is
built once per process; see bench/README.md for the figures this buys.

Text from users (names, addresses, descriptions, notes, footer, label overrides) never reaches
ReportLab markup unescaped: it is drawn as plain strings (never parsed) or escaped before it goes
into a Paragraph, so it is printed literally and cannot pull in files or images.
"""

from __future__ import annotations

import math
import re
import threading
import warnings
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import anyio
import anyio.to_thread
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from PIL import Image
from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from stdnum import iso11649

from app.documents.layouts import ACCENT, FONTS_DIR, Layout, load_layout
from app.documents.viewmodel import REVERSE_CHARGE, InvoiceDocument, TemplateOptions

MM = 72 / 25.4
MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 2000

_BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}  # en_GB: day-month-year dates, as in the EU
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# C0 controls print as boxes or upset the Paragraph parser: tabs become spaces, carriage
# returns line breaks, the rest goes.
_CONTROL_CHARS = dict.fromkeys([*range(32), 127]) | {9: " ", 10: "\n", 13: "\n"}

# ReportLab wraps compressed streams in ASCII85 by default: a 400-line invoice came out 9% bigger
# and 7% slower with it. The PDFs are stored and served as binary, so plain Flate streams do;
# this module is the process's only ReportLab user, so the global setting is ours to choose.
rl_config.useA85 = 0

_render_lock = threading.Lock()
_render_limiter = anyio.CapacityLimiter(1)
_font_lock = threading.Lock()
_registered_fonts: set[str] = set()

_Op = Callable[[Canvas], None]


# --- public API ------------------------------------------------------------------------------


def render(doc: InvoiceDocument, options: TemplateOptions) -> bytes:
    """The PDF of `doc` in the layout and settings of `options`.

    Deterministic: the same input gives the same bytes (no timestamps or random ids), so a stored
    document's checksum can be verified by rendering again. Safe to call from any thread; calls
    are serialised per process. Raises `LayoutError`/ValueError for an unknown layout, an unknown
    label key or an unreadable logo.
    """
    layout = load_layout(options.layout)
    labels = layout.labels_for(doc.locale, options.labels)
    theme = _theme(layout.name, options.accent_color)
    with _render_lock:
        return _Renderer(doc, options, theme, labels).build()


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


def validate_logo(data: bytes) -> str:
    """The type of a printable logo, "png" or "jpeg"; ValueError for anything else.

    The size limits are checked on the header before any pixel is decoded, so a small file that
    claims huge dimensions (a decompression bomb) is turned away without allocating its pixels.
    """
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"logo is larger than {MAX_LOGO_BYTES // 1024} KB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                if kind not in ("PNG", "JPEG"):
                    raise ValueError(f"logo must be a PNG or JPEG image, not {kind}")
                if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
                    raise ValueError(
                        f"logo is {width}x{height} pixels; at most "
                        f"{MAX_LOGO_PIXELS}x{MAX_LOGO_PIXELS} is allowed"
                    )
                image.load()
    except (
        OSError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise ValueError("logo is not a readable PNG or JPEG image") from exc
    return kind.lower()


def epc_qr_payload(doc: InvoiceDocument) -> str | None:
    """The EPC069-12 (version 002) SEPA credit transfer text for the "scan to pay" code.

    None when there is nothing to pay by SEPA transfer: no IBAN, not EUR, or a total that is not
    positive (credit notes). A valid ISO 11649 creditor reference (RF...) goes in the structured
    remittance field, anything else in the unstructured one; the two are exclusive.
    """
    if not doc.iban or doc.currency != "EUR" or not Decimal("0.01") <= doc.total <= _EPC_MAX:
        return None
    reference = _one_line(_payment_reference(doc) or "")
    structured = iso11649.is_valid(reference)
    fields = [
        "BCD",  # service tag
        "002",  # version: BIC optional within the EEA
        "1",  # character set: UTF-8
        "SCT",  # SEPA credit transfer
        (doc.bic or "").replace(" ", "").upper(),
        _one_line(doc.seller.name)[:70],
        doc.iban.replace(" ", "").upper(),
        f"EUR{doc.total:.2f}",
        "",  # purpose code
        iso11649.compact(reference) if structured else "",
        "" if structured else reference[:140],
    ]
    return "\n".join(fields).rstrip("\n")


_EPC_MAX = Decimal("999999999.99")


# --- fonts, styles: once per process ---------------------------------------------------------


def _register_fonts(regular: str, bold: str) -> None:
    with _font_lock:
        for name in (regular, bold):
            if name not in _registered_fonts:
                pdfmetrics.registerFont(_EmbeddedFont(name, str(FONTS_DIR / f"{name}.ttf")))
                _registered_fonts.add(name)
        # Lets escaped user text sit next to our own <b> in one Paragraph.
        pdfmetrics.registerFontFamily(
            regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
        )


class _SubsetCachingFace(TTFontFace):  # type: ignore[misc]
    """A font face that builds and compresses each distinct subset font file once per process.

    ReportLab otherwise subsets and deflates the TrueType data on every document (2-3 ms for
    the two fonts, a quarter of a one-page invoice). Subset 0 holds all of ASCII plus the first
    non-ASCII characters in order of use, so invoices of one template nearly always repeat it.
    The descriptor is what `TTFontFace.addSubsetObjects` writes; only the stream is cached.
    """

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        length, compressed = _compressed_subset(self, tuple(subset))
        stream = pdfdoc.PDFStream(
            pdfdoc.PDFDictionary({"Length1": length, "Filter": pdfdoc.PDFArray(["/FlateDecode"])}),
            compressed,
        )
        font_file = doc.Reference(stream, f"fontFile:{self.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


@lru_cache(maxsize=128)
def _compressed_subset(face: _SubsetCachingFace, subset: tuple[int, ...]) -> tuple[int, bytes]:
    data = face.makeSubset(list(subset))
    return len(data), zlib.compress(data)


class _EmbeddedFont(TTFont):  # type: ignore[misc]
    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        # TTFont has no way to pass a face in; parsing the file a second time, once per
        # process, is the price of not patching ReportLab.
        self.face = _SubsetCachingFace(filename)


@dataclass(frozen=True, slots=True)
class _Theme:
    """What every render with one layout and accent colour shares; built once per process.

    Plain-string table cells take their font from the table styles, wrapped cells from the
    paragraph styles; both are derived from the same values here, so the two look the same.
    """

    layout: Layout
    accent: colors.Color
    text: colors.Color
    muted: colors.Color
    rule: colors.Color
    watermark: colors.Color
    body: ParagraphStyle
    bold: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    header: ParagraphStyle
    header_right: ParagraphStyle
    total: ParagraphStyle
    lines_style: TableStyle
    totals_style: TableStyle
    payment_style: TableStyle


@lru_cache(maxsize=64)
def _theme(layout_name: str, accent_color: str | None) -> _Theme:
    layout = load_layout(layout_name)
    _register_fonts(layout.font_regular, layout.font_bold)
    palette = layout.colors
    accent = colors.HexColor(accent_color or palette.accent)

    def color(value: str) -> colors.Color:
        return accent if value == ACCENT else colors.HexColor(value)

    text, muted, rule = color(palette.text), color(palette.muted), color(palette.rule)
    header_background = color(palette.table_header_background)
    stripe = color(palette.stripe)
    striped = layout.table == "striped"
    regular, bold, size = layout.font_regular, layout.font_bold, layout.font_size
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=size, leading=size * 1.35, textColor=text
    )
    cell = ParagraphStyle("cell", parent=body, leading=size * 1.25)
    header = ParagraphStyle(
        "header",
        parent=cell,
        fontName=bold,
        fontSize=size - 0.5,
        textColor=color(palette.table_header_text),
    )
    total = ParagraphStyle(
        "total",
        parent=cell,
        fontName=bold,
        fontSize=size + 1,
        leading=(size + 1) * 1.25,
        textColor=header.textColor if striped else text,
    )
    lines_style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), header.fontName, header.fontSize, header.leading),
        ("FONT", (0, 1), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, 0), header.textColor),
        ("TEXTCOLOR", (0, 1), (-1, -1), cell.textColor),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
    ]
    if striped:
        lines_style += [
            ("BACKGROUND", (0, 0), (-1, 0), header_background),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), (colors.white, stripe)),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ]
    else:
        lines_style += [
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, accent),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, rule),
        ]
    totals_style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("FONT", (0, -1), (-1, -1), total.fontName, total.fontSize, total.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), text),
        ("TEXTCOLOR", (0, -1), (-1, -1), total.textColor),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, -1), (-1, -1), 5),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
    ]
    if striped:
        totals_style += [
            ("BACKGROUND", (0, 0), (-1, -2), stripe),
            ("BACKGROUND", (0, -1), (-1, -1), header_background),
        ]
    else:
        totals_style.append(("LINEABOVE", (0, -1), (-1, -1), 1.2, accent))
    no_padding = [
        (side, (0, 0), (-1, -1), 0)
        for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    ]
    return _Theme(
        layout=layout,
        accent=accent,
        text=text,
        muted=muted,
        rule=rule,
        watermark=color(palette.watermark),
        body=body,
        bold=ParagraphStyle("bold", parent=body, fontName=bold),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        header=header,
        header_right=ParagraphStyle("header_right", parent=header, alignment=TA_RIGHT),
        total=total,
        lines_style=TableStyle(lines_style),
        totals_style=TableStyle(totals_style),
        payment_style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *no_padding]),
    )


_PADDING = 4.0  # left and right padding of table cells
_ROW_SPLIT = 60.0  # points: the least height of either part of a line split over two pages
_NUMBER_COLUMNS_MM = (18, 22, 13, 24)  # least widths: quantity, unit price, VAT, amount


@lru_cache(maxsize=8)
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES[locale])


# --- text helpers ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_CONTROL_CHARS)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _markup(text: str) -> str:
    """User text as Paragraph markup that prints exactly as typed."""
    return escape(_clean(text)).replace("\n", "<br/>")


def _fill(template: str, values: Mapping[str, str]) -> str:
    # One pass, so a value that happens to contain "{iban}" is printed, not substituted again.
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _fill_markup(template: str, values: Mapping[str, str]) -> str:
    """Like `_fill`, escaping template and values and setting the values in bold."""
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        value = values.get(match.group(1))
        parts.append(_markup(template[position : match.start()]))
        parts.append(_markup(match.group(0)) if value is None else f"<b>{_markup(value)}</b>")
        position = match.end()
    parts.append(_markup(template[position:]))
    return "".join(parts)


def _payment_reference(doc: InvoiceDocument) -> str | None:
    return doc.payment_reference or doc.number


# --- the QR code -----------------------------------------------------------------------------


def _qr_modules(payload: str) -> list[list[bool]]:
    # ReportLab's encoder, level M as EPC069-12 requires. Its `make()` scores all eight masks
    # in pure Python (~9 ms, as long as the rest of a one-page invoice); any mask scans, so a
    # fixed one is used. The tests decode every code with zxing.
    encoder = QrCodeWidget(payload, barLevel="M").qr
    encoder.version = encoder.calculate_version()
    encoder.makeImpl(False, _QR_MASK)
    modules: list[list[bool]] = encoder.modules
    return modules


_QR_MASK = 2

# ReportLab rebuilds the Reed-Solomon generator polynomial for every block of every code, a third
# of the encoding time. It depends only on the number of error correction codewords, and the
# polynomial objects are never mutated, so it is memoised for the process.
qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(
    cache(qrencoder.QRUtil.getErrorCorrectPolynomial)
)


class _QrCode(Flowable):  # type: ignore[misc]
    """The modules as one filled path, with a quiet zone and a caption underneath."""

    def __init__(self, modules: list[list[bool]], size: float, caption: str, theme: _Theme):
        super().__init__()
        self.modules, self.size, self.caption, self.theme = modules, size, caption, theme
        self.font_size = theme.layout.font_size - 1.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size + self.font_size * 1.6

    def draw(self) -> None:
        count = len(self.modules)
        box = self.size / (count + 8)  # four modules of quiet zone on each side
        top = self.font_size * 1.6 + self.size - 4 * box
        # Raw path operators in module units (a matrix with y pointing down maps them onto the
        # page), one rectangle per run of dark modules: ReportLab's path object made this cost
        # as much as the rest of the page content.
        rects = [
            f"{run.start()} {row_index} {run.end() - run.start()} 1 re"
            for row_index, row in enumerate(self.modules)
            for run in _DARK_RUN.finditer(bytes(row))
        ]
        origin = f"{box:.4f} 0 0 {-box:.4f} {4 * box:.4f} {top:.4f} cm"
        self.canv.addLiteral(f"q 0 g {origin}\n" + "\n".join(rects) + "\nf Q")
        self.canv.setFillColor(self.theme.muted)
        self.canv.setFont(self.theme.layout.font_regular, self.font_size)
        self.canv.drawCentredString(self.size / 2, 0, self.caption)


_DARK_RUN = re.compile(b"\x01+")


# --- page numbers ----------------------------------------------------------------------------


class _NumberedCanvas(Canvas):  # type: ignore[misc]
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


# --- the document ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    font: str
    size: float
    color: colors.Color


class _Renderer:
    """One render: plans the fixed page parts, builds the flowing story, writes the PDF."""

    def __init__(
        self,
        doc: InvoiceDocument,
        options: TemplateOptions,
        theme: _Theme,
        labels: Mapping[str, str],
    ):
        self.doc, self.options, self.theme, self.labels = doc, options, theme, labels
        layout = self.layout = theme.layout
        self.locale = _babel_locale(doc.locale)
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
            value, self.doc.currency, locale=self.locale, decimal_quantization=False
        )

    def number(self, value: Decimal) -> str:
        return format_decimal(value, locale=self.locale, decimal_quantization=False)

    def day(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def rate(self, rate: str) -> str:
        # An invoice has a handful of rates over many lines: format each once.
        if rate not in self._rates:
            self._rates[rate] = (
                self.labels["reverse_charge"]
                if rate == REVERSE_CHARGE
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

        def frame(top: float, frame_id: str) -> Frame:
            return Frame(
                self.left,
                frame_bottom,
                self.width,
                self.page_height - top - frame_bottom,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=frame_id,
            )

        def painter(ops: Sequence[_Op]) -> Callable[[Canvas, Any], None]:
            def paint(canvas: Canvas, _: Any) -> None:
                for op in (*ops, *footer_ops):
                    op(canvas)

            return paint

        buffer = BytesIO()
        template = BaseDocTemplate(
            buffer,
            pagesize=(layout.page_width, self.page_height),
            leftMargin=self.left,
            rightMargin=layout.margins.right,
            topMargin=layout.margins.top,
            bottomMargin=frame_bottom,
            title=f"{self.title} {doc.number or ''}".strip(),
            author=_one_line(doc.seller.name),
            subject=_one_line(doc.buyer.name),
            creator="Invoicer",
            producer="Invoicer",
            lang=doc.locale,
            invariant=True,
            pageCompression=True,
        )
        page_end = self._watermark if doc.watermark else _nothing
        template.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    [frame(first_bottom, "first")],
                    onPage=painter(first_ops),
                    onPageEnd=page_end,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [frame(later_bottom, "later")],
                    onPage=painter(later_ops),
                    onPageEnd=page_end,
                ),
            ]
        )

        def canvasmaker(*args: Any, **kw: Any) -> Canvas:
            return _NumberedCanvas(*args, page_numbers=self._page_number, **kw)

        template.build(self._story(), canvasmaker=canvasmaker)
        return buffer.getvalue()

    # fixed page parts, as drawing operations planned top-down (`top` = distance from the top)

    def _text_block(
        self, ops: list[_Op], x: float, top: float, lines: Sequence[_Line], align: str = "left"
    ) -> float:
        """Draws `lines` from `top` down; returns the bottom of the block."""
        y = top
        for line in lines:
            y += line.size
            ops.append(_text_op(x, self.page_height - y, line, align))
            y += line.size * 0.38
        return y

    def _lines(
        self, text: str, font: str, size: float, color: colors.Color, width: float, limit: int = 0
    ) -> list[_Line]:
        wrapped: list[str] = simpleSplit(_clean(text), font, size, width)
        if limit:
            wrapped = wrapped[:limit]
        return [_Line(part, font, size, color) for part in wrapped]

    def _seller_lines(self, with_name: bool, align_width: float) -> list[_Line]:
        theme, seller, size = self.theme, self.doc.seller, self.size - 1
        lines: list[_Line] = []
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

    def _buyer_block(self, ops: list[_Op], top: float, label_color: colors.Color) -> float:
        """The buyer's name and address, in the envelope window when the PDF goes by post."""
        doc, theme, size = self.doc, self.theme, self.size + 0.5
        x, width = self.left, 85 * MM
        lines: list[_Line] = []
        if doc.letter:
            # DIN 5008 / Dutch window envelope: window 20 mm from the left and 45 mm from the
            # top; the return line sits at its top edge, the address 5 mm in from its left.
            x, top = 25 * MM, 47 * MM
            seller = doc.seller
            return_line = " · ".join(
                [_one_line(seller.name), *map(_one_line, seller.address_lines)]
            )
            line = self._lines(return_line, self.regular, 6.5, theme.muted, width - 5 * MM, 1)
            bottom = self._text_block(ops, x, top, line)
            ops.append(_rule_op(x, self.page_height - bottom - 0.6, x + width - 5 * MM, theme.rule))
            top = bottom + 3 * MM
        else:
            lines += self._lines(self.labels["bill_to"], self.bold, size - 2, label_color, width)
        lines += self._lines(doc.buyer.name, self.bold, size, theme.text, width, 3)
        for address_line in doc.buyer.address_lines:
            lines += self._lines(address_line, self.regular, size, theme.text, width, 2)
        if doc.buyer.vat_number:
            vat = f"{self.labels['vat_number']}: {doc.buyer.vat_number}"
            lines += self._lines(vat, self.regular, size - 1, theme.muted, width, 1)
        return self._text_block(ops, x, top, lines)

    def _meta_rows(self) -> list[tuple[str, str]]:
        doc, labels = self.doc, self.labels
        number_label = labels[
            "credit_note_number" if doc.kind == "credit_note" else "invoice_number"
        ]
        rows = [
            (number_label, doc.number or labels["draft_number"]),
            (labels["invoice_date"], self.day(doc.invoice_date)),
            (labels["due_date"], self.day(doc.due_date)),
        ]
        if doc.payment_reference:
            rows.append((labels["payment_reference"], doc.payment_reference))
        if doc.credited_invoice_number:
            rows.append((labels["credited_invoice"], doc.credited_invoice_number))
        return rows

    def _logo_op(
        self, logo: bytes, x: float, top: float, width: float, height: float
    ) -> tuple[_Op, float]:
        """Draws the logo scaled into the box, anchored top-left; returns its drawn height."""
        reader = _logo_reader(logo)
        pixel_width, pixel_height = reader.getSize()
        scale = min(width / pixel_width, height / pixel_height)
        drawn_width, drawn_height = pixel_width * scale, pixel_height * scale
        y = self.page_height - top - drawn_height

        def op(canvas: Canvas) -> None:
            canvas.drawImage(reader, x, y, drawn_width, drawn_height, mask="auto")

        return op, drawn_height

    def _first_page(self) -> tuple[list[_Op], float]:
        if self.layout.header == "band":
            return self._first_page_band()
        return self._first_page_plain()

    def _first_page_plain(self) -> tuple[list[_Op], float]:
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

    def _meta_table(self, ops: list[_Op], x: float, top: float) -> float:
        """Number, dates and references as label/value rows from `x` to the right margin."""
        theme, size = self.theme, self.size
        rows = self._meta_rows()
        label_width = min(max(_width(label, self.regular, size) for label, _ in rows), 40 * MM)
        value_x = x + label_width + 4 * MM
        for label, value in rows:
            labels = self._lines(label, self.regular, size, theme.muted, label_width, 2)
            values = self._lines(value, self.bold, size, theme.text, self.right - value_x, 2)
            bottom = max(
                self._text_block(ops, x, top, labels), self._text_block(ops, value_x, top, values)
            )
            top = bottom + 0.6 * MM
        return top

    def _first_page_band(self) -> tuple[list[_Op], float]:
        theme, doc, ops = self.theme, self.doc, []
        band = 34 * MM
        ops.append(_rect_op(0, self.page_height - band, self.layout.page_width, band, theme.accent))
        title = self._lines(self.title.upper(), self.bold, 22, colors.white, 100 * MM, 1)
        self._text_block(ops, self.left, 9 * MM, title)
        if self.options.logo:
            box_width, box_height, pad = 52 * MM, 22 * MM, 2.5 * MM
            box_x = self.right - box_width
            ops.append(
                _rect_op(
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
        column = self.width / len(rows)
        bottom = top
        for index, (label, value) in enumerate(rows):
            x = self.left + index * column
            lines = self._lines(
                label.upper(), self.regular, self.size - 2, theme.muted, column - 3 * MM, 1
            )
            lines += self._lines(value, self.bold, self.size + 1, theme.text, column - 3 * MM, 2)
            bottom = max(bottom, self._text_block(ops, x, top, lines))
        ops.append(_rule_op(self.left, self.page_height - bottom - 2 * MM, self.right, theme.rule))
        return ops, bottom + 7 * MM

    def _later_pages(self) -> tuple[list[_Op], float]:
        theme, doc, ops = self.theme, self.doc, []
        top = self.layout.margins.top
        if self.layout.header == "band":
            ops.append(
                _rect_op(0, self.page_height - 6 * MM, self.layout.page_width, 6 * MM, theme.accent)
            )
        name = self._lines(doc.seller.name, self.bold, self.size, theme.text, self.width / 2, 1)
        heading = f"{self.title} {doc.number or self.labels['draft_number']}"
        title = self._lines(heading, self.bold, self.size, theme.accent, self.width / 2, 1)
        bottom = self._text_block(ops, self.left, top, name)
        self._text_block(ops, self.right, top, title, "right")
        ops.append(
            _rule_op(self.left, self.page_height - bottom - 1.5 * MM, self.right, theme.rule)
        )
        return ops, bottom + 6 * MM

    def _footer(self) -> tuple[list[_Op], float, float]:
        """The footer drawn on every page, bottom-up from 10 mm above the page edge.

        Returns the operations, the footer's top (distance from the page bottom) and the
        baseline for the page number.
        """
        theme, doc, size = self.theme, self.doc, self.size - 2
        seller = doc.seller
        parts = [_one_line(seller.name)]
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
        ops: list[_Op] = []
        baseline = 10 * MM + leading * (len(lines) - 1)
        first_baseline = baseline
        for line in lines:
            ops.append(_text_op(self.left, baseline, line, "left"))
            baseline -= leading
        rule_y = first_baseline + size + 1.5 * MM
        ops.append(_rule_op(self.left, rule_y, self.right, theme.rule))
        return ops, rule_y, first_baseline

    def _page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        text = _fill(self.labels["page"], {"page": str(page), "pages": str(pages)})
        canvas.setFont(self.regular, self.size - 2)
        canvas.setFillColor(self.theme.muted)
        canvas.drawRightString(self.right, self._page_number_baseline, text)

    def _watermark(self, canvas: Canvas, _: Any) -> None:
        text = _one_line(self.doc.watermark or "")
        width, height = self.layout.page_width, self.page_height
        size = min(
            110.0, 0.75 * (width**2 + height**2) ** 0.5 / max(1.0, _width(text, self.bold, 1))
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
        if doc.reverse_charge:
            closing.append(Spacer(1, 3 * MM))
            closing.append(Paragraph(_markup(self.labels["reverse_charge_notice"]), theme.bold))
            if doc.buyer.vat_number:
                text = _fill_markup(
                    self.labels["reverse_charge_vat_number"], {"vat_number": doc.buyer.vat_number}
                )
                closing.append(Paragraph(text, theme.body))
        story.append(KeepTogether(closing))
        if doc.notes and doc.notes.strip():
            story.append(Spacer(1, 6 * MM))
            story.append(
                KeepTogether(
                    [
                        Paragraph(_markup(self.labels["notes"]), theme.bold),
                        Spacer(1, 1 * MM),
                        Paragraph(_markup(doc.notes.strip()), theme.body),
                    ]
                )
            )
        story.append(Spacer(1, 7 * MM))
        story.append(self._payment())
        return story

    def _cell(self, text: str, width: float, style: ParagraphStyle) -> str | Paragraph:
        """A plain string when the text fits on one line (fast, never parsed), else a Paragraph.

        The table draws plain strings in the font of its style commands, which `_theme` takes
        from the same ParagraphStyle, so both kinds of cell look alike.
        """
        inner = width - 2 * _PADDING
        if "\n" not in text and _width(text, style.fontName, style.fontSize) <= inner:
            return text
        return Paragraph(_markup(text), style)

    def _lines_table(self) -> Table:
        theme, labels, money, rate = self.theme, self.labels, self.money, self.rate
        header = [
            labels[key] for key in ("description", "quantity", "unit_price", "vat_rate", "amount")
        ]
        body = [
            [
                _clean(line.description),
                self.number(line.quantity) + (f" {_one_line(line.unit)}" if line.unit else ""),
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
                [_width(header[column], theme.header.fontName, theme.header.fontSize)]
                + [_width(row[column], theme.cell.fontName, theme.cell.fontSize) for row in body]
            )
            widths.append(min(max(widest + 2 * _PADDING, least * MM), 45 * MM))
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
            rows.append([_one_line(_fill(labels["vat_line"], values)), money(vat.amount)])
        rows.append([labels["total"], money(doc.total)])
        amount_width = max(
            30 * MM, _width(rows[-1][1], theme.total.fontName, theme.total.fontSize) + 2 * _PADDING
        )
        widest = max(_width(label, theme.total.fontName, theme.total.fontSize) for label, _ in rows)
        label_width = min(max(widest + 2 * _PADDING, 60 * MM), self.width - amount_width)
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
        reference = _payment_reference(doc)
        if doc.total <= 0:
            parts = [_fill_markup(labels["credit_settlement"], {"amount": self.money(-doc.total)})]
        elif doc.iban:
            values = {"amount": amount, "due_date": due, "iban": doc.iban, "name": doc.seller.name}
            parts = [_fill_markup(labels["payment_instruction"], values)]
            if doc.bic:
                parts.append(f"{_markup(labels['bic'])} <b>{_markup(doc.bic)}</b>")
        else:
            values = {"amount": amount, "due_date": due}
            parts = [_fill_markup(labels["payment_instruction_no_iban"], values)]
        if reference and doc.total > 0:
            values = {"reference": reference}
            parts.append(_fill_markup(labels["payment_reference_instruction"], values))
        instructions = Paragraph("<br/>".join(parts), theme.body)
        payload = epc_qr_payload(doc)
        if payload is None:
            return instructions
        qr_size = 32 * MM
        code = _QrCode(_qr_modules(payload), qr_size, labels["scan_to_pay"], theme)
        return Table(
            [[instructions, code]],
            colWidths=(self.width - qr_size - 8 * MM, qr_size + 8 * MM),
            style=theme.payment_style,
        )


# --- drawing primitives ----------------------------------------------------------------------


def _nothing(canvas: Canvas, doc: Any) -> None:
    pass


def _width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def _text_op(x: float, y: float, line: _Line, align: str) -> _Op:
    def op(canvas: Canvas) -> None:
        canvas.setFont(line.font, line.size)
        canvas.setFillColor(line.color)
        if align == "right":
            canvas.drawRightString(x, y, line.text)
        else:
            canvas.drawString(x, y, line.text)

    return op


def _rule_op(x1: float, y: float, x2: float, color: colors.Color) -> _Op:
    def op(canvas: Canvas) -> None:
        canvas.setStrokeColor(color)
        canvas.setLineWidth(0.5)
        canvas.line(x1, y, x2, y)

    return op


def _rect_op(
    x: float, y: float, width: float, height: float, color: colors.Color, radius: float = 0
) -> _Op:
    def op(canvas: Canvas) -> None:
        canvas.setFillColor(color)
        if radius:
            canvas.roundRect(x, y, width, height, radius, stroke=0, fill=1)
        else:
            canvas.rect(x, y, width, height, stroke=0, fill=1)

    return op


@lru_cache(maxsize=8)
def _logo_reader(data: bytes) -> ImageReader:
    # A template's logo is on every invoice it renders: decode and scale it once per process.
    # Beyond ~300 dpi in the logo box a bigger image only adds bytes and compression time to
    # every PDF.
    with Image.open(BytesIO(data)) as image:
        image.load()
        scaled = image.convert("RGBA" if image.has_transparency_data else "RGB")
    scaled.thumbnail((_LOGO_PRINT_PIXELS, _LOGO_PRINT_PIXELS))
    return ImageReader(scaled)


_LOGO_PRINT_PIXELS = 720
