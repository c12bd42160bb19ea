"""The README's configuration reference is the settings model's."""

from __future__ import annotations

from pathlib import Path

from app.config import reference_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_configuration_table_is_generated_from_the_settings() -> None:
    text = README.read_text()
    start = text.index("<!-- settings:start -->") + len("<!-- settings:start -->")
    end = text.index("<!-- settings:end -->")
    assert text[start:end].strip() == reference_table(), "run `invoicer settings` into the README"
