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
        # Lets escaped user text sit next to our own <b> in one Paragraph.
        pdfmetrics.registerFontFamily(
            regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
        )


def string_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


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
