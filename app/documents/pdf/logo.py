"""The seller's logo: checked when a template is saved (type, size, decompression bombs), and
decoded and scaled to print resolution once per process when it is drawn."""

from __future__ import annotations

import warnings
from functools import lru_cache
from io import BytesIO

from PIL import Image
from reportlab.lib.utils import ImageReader

from app.i18n import t

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 2000
_LOGO_PRINT_PIXELS = 720


def validate_logo(data: bytes) -> str:
    """The type of a printable logo, "png" or "jpeg"; ValueError for anything else.

    The size limits are checked on the header before any pixel is decoded, so a small file that
    claims huge dimensions (a decompression bomb) is turned away without allocating its pixels.
    """
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(t("logo is larger than {size} KB", size=MAX_LOGO_BYTES // 1024))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                if kind not in ("PNG", "JPEG"):
                    raise ValueError(t("logo must be a PNG or JPEG image, not {kind}", kind=kind))
                if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
                    raise ValueError(
                        t(
                            "logo is {width}x{height} pixels; at most {max}x{max} is allowed",
                            width=width,
                            height=height,
                            max=MAX_LOGO_PIXELS,
                        )
                    )
                image.load()
    except (
        OSError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise ValueError(t("logo is not a readable PNG or JPEG image")) from exc
    return kind.lower()


@lru_cache(maxsize=8)
def logo_reader(data: bytes) -> ImageReader:
    # A template's logo is on every invoice it renders: decode and scale it once per process.
    # Beyond ~300 dpi in the logo box a bigger image only adds bytes and compression time to
    # every PDF.
    with Image.open(BytesIO(data)) as image:
        image.load()
        scaled = image.convert("RGBA" if image.has_transparency_data else "RGB")
    scaled.thumbnail((_LOGO_PRINT_PIXELS, _LOGO_PRINT_PIXELS))
    return ImageReader(scaled)
