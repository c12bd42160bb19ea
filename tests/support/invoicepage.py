"""Helpers for the customer's invoice page: its token, the security headers every answer must
carry, and reading its HTML back."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import httpx

TOKEN = re.compile(r"/p/([A-Za-z0-9_-]{43})$")


def token_of(public_url: str) -> str:
    match = TOKEN.search(public_url)
    assert match, public_url
    return match.group(1)


def path_of(public_url: str) -> str:
    return f"/p/{token_of(public_url)}"


def assert_page_headers(response: httpx.Response) -> None:
    """The headers of every /p/ answer, page, download and 404 alike."""
    headers = response.headers
    csp = headers["content-security-policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'none'"
    assert "script-src" not in directives  # default-src 'none' forbids scripts
    assert directives["style-src"].startswith("'sha256-")
    assert headers["x-robots-tag"].startswith("noindex")
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"


def inline_style_is_allowed(response: httpx.Response) -> bool:
    """The page's one inline stylesheet has the hash the policy allows."""
    styles = re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    return f"'sha256-{digest}'" in response.headers["content-security-policy"]


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def qr_payload(data_uri: str) -> str:
    """The text of the page's QR code (a `data:` SVG of dark runs), read back with zxing."""
    import zxingcpp
    from PIL import Image, ImageDraw

    svg = base64.b64decode(data_uri.removeprefix("data:image/svg+xml;base64,")).decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        left, top = int(x) * scale, int(y) * scale
        draw.rectangle((left, top, left + int(width) * scale - 1, top + scale - 1), fill=0)
    [code] = zxingcpp.read_barcodes(image)
    return str(code.text)
