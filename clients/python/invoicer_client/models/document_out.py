from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DocumentOut")


@_attrs_define
class DocumentOut:
    """
    Attributes:
        id (str):
        invoice_id (str):
        kind (str): `pdf`, `ubl`, or `reminder` (a reminder letter, PDF).
        filename (str):
        content_type (str):
        size (int):
        sha256 (str): Checksum of the stored bytes; they never change.
        template_version (str): Layout and version it was rendered with.
        pdf_template_id (None | str):
        content_url (str):
        created_at (datetime.datetime):
    """

    id: str
    invoice_id: str
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    template_version: str
    pdf_template_id: None | str
    content_url: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invoice_id = self.invoice_id

        kind = self.kind

        filename = self.filename

        content_type = self.content_type

        size = self.size

        sha256 = self.sha256

        template_version = self.template_version

        pdf_template_id: None | str
        pdf_template_id = self.pdf_template_id

        content_url = self.content_url

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "invoice_id": invoice_id,
                "kind": kind,
                "filename": filename,
                "content_type": content_type,
                "size": size,
                "sha256": sha256,
                "template_version": template_version,
                "pdf_template_id": pdf_template_id,
                "content_url": content_url,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        invoice_id = d.pop("invoice_id")

        kind = d.pop("kind")

        filename = d.pop("filename")

        content_type = d.pop("content_type")

        size = d.pop("size")

        sha256 = d.pop("sha256")

        template_version = d.pop("template_version")

        def _parse_pdf_template_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pdf_template_id = _parse_pdf_template_id(d.pop("pdf_template_id"))

        content_url = d.pop("content_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        document_out = cls(
            id=id,
            invoice_id=invoice_id,
            kind=kind,
            filename=filename,
            content_type=content_type,
            size=size,
            sha256=sha256,
            template_version=template_version,
            pdf_template_id=pdf_template_id,
            content_url=content_url,
            created_at=created_at,
        )

        document_out.additional_properties = d
        return document_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
