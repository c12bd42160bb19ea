"""Request and response models for PDF templates and stored documents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from app.documents.layouts import (
    LABEL_KEYS,
    MAX_LABEL_LENGTH,
    available_layouts,
    check_label_overrides,
)
from app.i18n import t
from app.parties.identifiers import Name
from app.shared.pagination import Page
from app.shared.schemas import StrictModel, UpdateModel


def _layout(value: str) -> str:
    if value not in available_layouts():
        raise ValueError(
            t(
                "unknown layout {name}; available: {layouts}",
                name=repr(value),
                layouts=", ".join(available_layouts()),
            )
        )
    return value


def _labels(value: dict[str, str]) -> dict[str, str]:
    check_label_overrides(value)
    for key, text in value.items():
        if "\0" in text:
            raise ValueError(t("label {key} contains a NUL character", key=repr(key)))
    return value


LayoutName = Annotated[str, StringConstraints(max_length=40), AfterValidator(_layout)]
AccentColor = Annotated[
    str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$"), Field(examples=["#1F3A5F"])
]
FooterText = Annotated[str, StringConstraints(max_length=1000)]
Labels = Annotated[
    dict[str, Annotated[str, StringConstraints(max_length=MAX_LABEL_LENGTH)]],
    AfterValidator(_labels),
    Field(
        description='Overrides of the layout\'s printed labels, e.g. {"invoice": "Nota"}. '
        f"Keys: {', '.join(sorted(LABEL_KEYS))}."
    ),
]


class PdfTemplateCreate(StrictModel):
    name: Name
    layout: LayoutName = "classic"
    accent_color: AccentColor | None = None
    footer_text: FooterText | None = None
    labels: Labels = Field(default_factory=dict)


class PdfTemplateUpdate(UpdateModel):
    not_nullable = ("name", "layout", "labels")

    name: Name | None = None
    layout: LayoutName | None = None
    accent_color: AccentColor | None = None
    footer_text: FooterText | None = None
    labels: Labels | None = None


class PdfTemplateOut(BaseModel):
    id: str
    name: str
    layout: str
    layout_version: int
    accent_color: str | None
    footer_text: str | None
    labels: dict[str, str]
    has_logo: bool
    logo_content_type: str | None
    is_default: bool = Field(description="Used for invoices delivered without e-mail (none, post).")
    created_at: datetime
    updated_at: datetime


class PdfTemplatePage(Page[PdfTemplateOut]):
    pass


class LayoutOut(BaseModel):
    name: str
    title: str
    version: int
    label_keys: list[str]


class DocumentOut(BaseModel):
    id: str
    invoice_id: str
    kind: str = Field(description="`pdf`, `ubl`, or `reminder` (a reminder letter, PDF).")
    filename: str
    content_type: str
    size: int
    sha256: str = Field(description="Checksum of the stored bytes; they never change.")
    template_version: str = Field(description="Layout and version it was rendered with.")
    pdf_template_id: str | None
    content_url: str
    created_at: datetime


class LayoutPage(Page[LayoutOut]):
    pass


class DocumentPage(Page[DocumentOut]):
    pass
