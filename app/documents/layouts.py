"""PDF layouts: one folder per layout under `pdf_templates/`, each with a `layout.toml`.

A layout is read and checked once per process; a broken layout fails loudly on first use (and in
the test suite), not halfway through an invoice.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.documents.viewmodel import LOCALES
from app.i18n import t

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "pdf_templates"
FONTS_DIR = TEMPLATES_DIR / "fonts"

_POINTS_PER_MM = 72 / 25.4
_PAGE_SIZES_MM = {"A4": (210.0, 297.0)}
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_FONT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
ACCENT = "accent"
MAX_LABEL_LENGTH = 300

# Every layout defines every label in every locale, so an override or a new locale never meets a
# missing key at render time. `{name}` marks a value the renderer fills in.
LABEL_KEYS = frozenset(
    {
        "invoice",
        "credit_note",
        "draft_number",
        "invoice_number",
        "credit_note_number",
        "invoice_date",
        "due_date",
        "delivery_date",
        "payment_reference",
        "credited_invoice",
        "bill_to",
        "vat_number",
        "kvk_number",
        "iban",
        "bic",
        "description",
        "quantity",
        "unit_price",
        "vat_rate",
        "amount",
        "subtotal",
        "vat_line",
        "total",
        "reverse_charge_vat_number",
        "notes",
        "payment_instruction",
        "payment_instruction_no_iban",
        "payment_reference_instruction",
        "credit_settlement",
        "scan_to_pay",
        "page",
    }
)
_COLOR_KEYS = (
    "accent",
    "text",
    "muted",
    "rule",
    "table_header_text",
    "table_header_background",
    "stripe",
    "watermark",
)
HEADERS = frozenset({"plain", "band"})
TABLES = frozenset({"ruled", "striped"})


class LayoutError(ValueError):
    """A layout folder is missing or its `layout.toml` is invalid."""


@dataclass(frozen=True, slots=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True, slots=True)
class Colors:
    """`#RRGGBB` values; `table_header_*` may be "accent" to follow the template's accent."""

    accent: str
    text: str
    muted: str
    rule: str
    table_header_text: str
    table_header_background: str
    stripe: str
    watermark: str


@dataclass(frozen=True, slots=True)
class Layout:
    """A loaded layout. Geometry is in PDF points."""

    name: str
    version: int
    title: str
    header: str
    table: str
    page_width: float
    page_height: float
    margins: Margins
    font_regular: str
    font_bold: str
    font_size: float
    colors: Colors
    labels: Mapping[str, Mapping[str, str]]

    def labels_for(self, locale: str, overrides: Mapping[str, str]) -> Mapping[str, str]:
        """The layout's labels for `locale` with a template's overrides applied.

        Raises ValueError for an unknown key or an unusable value, so a template can be checked
        with this same function when it is saved.
        """
        overrides = {k: v for k, v in overrides.items() if k not in RETIRED_LABEL_KEYS}
        check_label_overrides(overrides)
        if not overrides:
            return self.labels[locale]
        return {**self.labels[locale], **overrides}


# Labels that templates could override before the legally required VAT texts moved to
# `app.shared.vat` (one wording for the PDF and the e-invoice). A template stored with them still
# renders (they are ignored); a template saved now is refused with them, as with any unknown key.
RETIRED_LABEL_KEYS = frozenset({"reverse_charge", "reverse_charge_notice"})


def check_label_overrides(overrides: Mapping[str, str]) -> None:
    unknown = sorted(set(overrides) - LABEL_KEYS)
    if unknown:
        raise ValueError(t("unknown label(s): {labels}", labels=", ".join(unknown)))
    for key, value in overrides.items():
        if not isinstance(value, str) or len(value) > MAX_LABEL_LENGTH:
            raise ValueError(
                t(
                    "label {key} must be text of at most {max} characters",
                    key=repr(key),
                    max=MAX_LABEL_LENGTH,
                )
            )


def available_layouts() -> list[str]:
    """Names of the layout folders, sorted."""
    return list(_layout_names())


@cache
def _layout_names() -> tuple[str, ...]:
    return tuple(
        sorted(
            path.parent.name
            for path in TEMPLATES_DIR.glob("*/layout.toml")
            if _NAME.fullmatch(path.parent.name)
        )
    )


@cache
def load_layout(name: str) -> Layout:
    # Names come from API input: only a listed folder is ever opened, never a path built from it.
    if name not in _layout_names():
        raise LayoutError(f"unknown layout {name!r}; available: {', '.join(_layout_names())}")
    path = TEMPLATES_DIR / name / "layout.toml"
    with path.open("rb") as file:
        data = tomllib.load(file)
    try:
        return _parse(name, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise LayoutError(f"{path}: {exc}") from exc


def layout_version(name: str) -> int:
    return load_layout(name).version


def _parse(name: str, data: Mapping[str, Any]) -> Layout:
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("version must be a positive integer")
    page_size = data["page_size"]
    if page_size not in _PAGE_SIZES_MM:
        raise ValueError(f"page_size {page_size!r} is not one of {sorted(_PAGE_SIZES_MM)}")
    width_mm, height_mm = _PAGE_SIZES_MM[page_size]
    header, table = data["header"], data["table"]
    if header not in HEADERS or table not in TABLES:
        raise ValueError(f"header must be one of {sorted(HEADERS)}, table one of {sorted(TABLES)}")
    margins = data["margins"]
    fonts = data["fonts"]
    for key in ("regular", "bold"):
        font = fonts[key]
        if not _FONT_NAME.fullmatch(font) or not (FONTS_DIR / f"{font}.ttf").is_file():
            raise ValueError(f"font {font!r} has no file in {FONTS_DIR}")
    colors = {key: data["colors"][key] for key in _COLOR_KEYS}
    for key, value in colors.items():
        allowed_accent = key.startswith("table_header_")
        if not (_HEX_COLOR.fullmatch(value) or (allowed_accent and value == ACCENT)):
            raise ValueError(f"colour {key} = {value!r} is not #RRGGBB")
    labels: dict[str, Mapping[str, str]] = {}
    for locale in sorted(LOCALES):
        given = data["labels"][locale]
        missing, extra = LABEL_KEYS - set(given), set(given) - LABEL_KEYS
        if missing or extra:
            raise ValueError(f"labels.{locale}: missing {sorted(missing)}, unknown {sorted(extra)}")
        check_label_overrides(given)
        labels[locale] = MappingProxyType(dict(given))
    return Layout(
        name=name,
        version=version,
        title=str(data["title"]),
        header=header,
        table=table,
        page_width=width_mm * _POINTS_PER_MM,
        page_height=height_mm * _POINTS_PER_MM,
        margins=Margins(**{side: float(margins[side]) * _POINTS_PER_MM for side in margins}),
        font_regular=fonts["regular"],
        font_bold=fonts["bold"],
        font_size=float(fonts["size"]),
        colors=Colors(**colors),
        labels=MappingProxyType(labels),
    )
