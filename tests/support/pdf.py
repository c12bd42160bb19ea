"""Reading the text back out of the PDFs the app renders."""

from __future__ import annotations

import io
import logging

import pypdf


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text; Babel's no-break spaces read as plain spaces."""
    # pypdf logs a warning for ReportLab's ToUnicode entries above U+FFFF (emoji): known, see
    # test_emoji_are_printed_in_pdfs.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return [(page.extract_text() or "").replace("\xa0", " ") for page in reader.pages]
    finally:
        quiet.setLevel(level)


def pdf_text(data: bytes) -> str:
    """The text of every page, one page after another."""
    return "\n".join(pdf_pages(data))
