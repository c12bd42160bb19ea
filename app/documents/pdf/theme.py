"""The look shared by every render with one layout and accent colour: colours, paragraph and
table styles, built once per process from the layout's settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from app.documents.layouts import ACCENT, Layout, load_layout
from app.documents.pdf.fonts import register_fonts

MM = 72 / 25.4
PADDING = 4.0  # left and right padding of table cells


@dataclass(frozen=True, slots=True)
class Theme:
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
def theme_for(layout_name: str, accent_color: str | None) -> Theme:
    """The theme of a layout and accent colour; registers the layout's fonts on first use."""
    layout = load_layout(layout_name)
    register_fonts(layout.font_regular, layout.font_bold)
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
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
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
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
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
    return Theme(
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
