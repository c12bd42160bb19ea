"""The shipped layouts load, are complete in every locale, and names cannot escape their folder."""

from __future__ import annotations

import pytest

from app.documents.layouts import (
    LABEL_KEYS,
    LayoutError,
    available_layouts,
    check_label_overrides,
    layout_version,
    load_layout,
)
from app.documents.viewmodel import LOCALES


@pytest.mark.parametrize("name", available_layouts())
def test_layout_loads_with_a_version_and_every_label_in_every_locale(name: str) -> None:
    layout = load_layout(name)

    assert layout_version(name) == layout.version >= 1
    assert (round(layout.page_width), round(layout.page_height)) == (595, 842)  # A4
    for locale in LOCALES:
        assert set(layout.labels[locale]) == LABEL_KEYS
        assert all(text.strip() for text in layout.labels[locale].values())


def test_layouts_are_loaded_once() -> None:
    assert load_layout("classic") is load_layout("classic")


@pytest.mark.parametrize(
    "name", ["", "../classic", "classic/../modern", "/etc", "fonts", "CLASSIC"]
)
def test_names_other_than_layout_folders_are_rejected(name: str) -> None:
    with pytest.raises(LayoutError, match="unknown layout"):
        load_layout(name)


def test_overrides_apply_to_one_locale_only_and_unknown_keys_are_rejected() -> None:
    layout = load_layout("classic")

    labels = layout.labels_for("nl", {"invoice": "Nota"})

    assert labels["invoice"] == "Nota"
    assert labels["due_date"] == layout.labels["nl"]["due_date"]
    assert layout.labels["nl"]["invoice"] == "Factuur"
    with pytest.raises(ValueError, match="unknown label"):
        check_label_overrides({"invoice": "Nota", "bogus": "x"})
    with pytest.raises(ValueError, match="at most"):
        check_label_overrides({"invoice": "x" * 1000})
