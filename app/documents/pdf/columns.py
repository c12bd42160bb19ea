"""Column widths of a table of figures (statements, reminder letters)."""

from __future__ import annotations

from collections.abc import Sequence

from app.documents.pdf.fonts import string_width
from app.documents.pdf.theme import PADDING


def fitted_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    cell_font: tuple[str, float],
    header_font: tuple[str, float],
    width: float,
    flexible: int,
) -> list[float]:
    """Each column as wide as its widest cell and the longest word of its header (headers wrap
    between words, never inside one: Dutch "Dagen over vervaldatum" is long, and an amount
    split over two lines misreads); column `flexible` takes what is left. Scaled down only
    when even that does not fit `width`."""
    widths = []
    for column, text in enumerate(header):
        widest = max(
            [string_width(row[column], *cell_font) for row in rows]
            + [string_width(word, *header_font) for word in text.split()]
        )
        widths.append(widest + 2 * PADDING + 1)
    widths[flexible] = max(widths[flexible], width - sum(widths) + widths[flexible])
    scale = min(1.0, width / sum(widths))
    return [w * scale for w in widths]
