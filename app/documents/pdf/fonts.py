"""The embedded TrueType fonts: registered once per process, each distinct subset built and
deflated once per process, and the string widths that layout decisions are measured with."""

from __future__ import annotations

import threading
import zlib
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, TTFontFace

from app.documents.layouts import FONTS_DIR

_font_lock = threading.Lock()
_registered_fonts: set[str] = set()


def register_fonts(regular: str, bold: str) -> None:
    """Registers the two faces with ReportLab, each once per process (the first registration of
    a font costs ~17 ms); safe to call from any thread."""
    with _font_lock:
        for name in (regular, bold):
            if name not in _registered_fonts:
                pdfmetrics.registerFont(_EmbeddedFont(name, str(FONTS_DIR / f"{name}.ttf")))
                _registered_fonts.add(name)
        _register_fallback()
        # Lets escaped user text sit next to our own <b> in one Paragraph.
        pdfmetrics.registerFontFamily(
            regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
        )


# Characters the layouts' fonts (DejaVu) have no glyph for, CJK above all, are printed in this
# font: WenQuanYi Micro Hei (Apache-2.0, see fonts/LICENSE-WenQuanYiMicroHei), the first face of
# its TrueType collection. Only the glyphs used are embedded, as with every font.
FALLBACK_FONT = "WenQuanYiMicroHei"
_FALLBACK_FILE = FONTS_DIR / f"{FALLBACK_FONT}.ttc"


def _register_fallback() -> None:
    # Under _font_lock.
    if FALLBACK_FONT not in _registered_fonts:
        pdfmetrics.registerFont(_EmbeddedFont(FALLBACK_FONT, str(_FALLBACK_FILE)))
        _registered_fonts.add(FALLBACK_FONT)
        # Our own <b> around a value in fallback runs: the face has no bold, it stays regular.
        pdfmetrics.registerFontFamily(
            FALLBACK_FONT,
            normal=FALLBACK_FONT,
            bold=FALLBACK_FONT,
            italic=FALLBACK_FONT,
            boldItalic=FALLBACK_FONT,
        )


@lru_cache(maxsize=16)
def _glyphs(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` as runs of (text, font): `font` wherever it has the glyph, the fallback font for
    the characters only the fallback has (anything neither has stays in `font`)."""
    if text.isascii():
        return [(text, font)]
    own, fallback = _glyphs(font), _glyphs(FALLBACK_FONT)
    # The usual Dutch text (é, €, ë) is all in the layout's font: one set test at C speed
    # instead of a run per character (this is called for every string drawn or measured).
    if own.issuperset(map(ord, text)):
        return [(text, font)]
    runs: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        chosen = FALLBACK_FONT if code not in own and code in fallback else font
        if runs and runs[-1][1] == chosen:
            runs[-1] = (runs[-1][0] + char, chosen)
        else:
            runs.append((char, chosen))
    return runs


@lru_cache(maxsize=16)
def _covered_by_all(fonts: tuple[str, ...]) -> frozenset[int]:
    """The characters every one of `fonts` (at least one) has a glyph for."""
    return frozenset.intersection(*(_glyphs(name) for name in fonts))


def fallback_runs(text: str) -> list[tuple[str, bool]]:
    """`text` as runs of (text, in the fallback font?) for Paragraph markup, whose runs change
    face with `<b>`: a character goes to the fallback when a registered layout font lacks it."""
    if text.isascii():
        return [(text, False)]
    with _font_lock:
        primaries = tuple(sorted(name for name in _registered_fonts if name != FALLBACK_FONT))
    covered = _covered_by_all(primaries)
    if not primaries or covered.issuperset(map(ord, text)):
        return [(text, False)]
    fallback = _glyphs(FALLBACK_FONT) if FALLBACK_FONT in _registered_fonts else frozenset()
    runs: list[tuple[str, bool]] = []
    for char in text:
        code = ord(char)
        use = code in fallback and code not in covered
        if runs and runs[-1][1] == use:
            runs[-1] = (runs[-1][0] + char, use)
        else:
            runs.append((char, use))
    return runs


def needs_fallback(text: str, font: str) -> bool:
    return not text.isascii() and any(f != font for _, f in font_runs(text, font))


def string_width(text: str, font: str, size: float) -> float:
    if text.isascii():
        return float(pdfmetrics.stringWidth(text, font, size))
    return sum(
        float(pdfmetrics.stringWidth(part, run_font, size))
        for part, run_font in font_runs(text, font)
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
