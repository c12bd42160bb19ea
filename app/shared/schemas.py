"""Base classes of request bodies (no HTTP here): closed models, PATCH semantics, no NUL."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema, model_validator

from app.i18n import t
from app.models.enums import PaymentStatus


class StrictModel(BaseModel):
    """Base for request bodies: unknown fields are errors (no silent mass assignment), and no
    string anywhere in the body may contain NUL (PostgreSQL cannot store it in text)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        where = _find_nul(data, ())
        if where is not None:
            raise ValueError(
                t("NUL characters are not allowed (in {where})", where=".".join(where) or "body")
            )
        return data


def _document_not_nullable(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """The fields of `not_nullable` are documented without `null` (refused by the validator):
    a generated client then types them `X`, not `X | None`."""
    properties = schema.get("properties", {})
    for name in getattr(cls, "not_nullable", ()):
        prop = properties.get(name)
        if prop is None or "anyOf" not in prop:
            continue
        kept = [branch for branch in prop["anyOf"] if branch != {"type": "null"}]
        del prop["anyOf"]
        if len(kept) == 1:
            for key, value in kept[0].items():
                prop.setdefault(key, value)
        else:
            prop["anyOf"] = kept
        if prop.get("default", ...) is None:
            del prop["default"]


class UpdateModel(StrictModel):
    """Base for PATCH bodies: fields left out are unchanged; `null` clears an optional field,
    and is refused for the fields named in `not_nullable` (documented as not nullable)."""

    model_config = ConfigDict(json_schema_extra=_document_not_nullable)

    not_nullable: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _required_not_null(self) -> Self:
        for name in self.not_nullable:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(t("{name} cannot be null", name=name))
        return self


def _find_nul(value: Any, path: tuple[str, ...]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return path if "\0" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\0" in key:
                return (*path, key.replace("\0", "\\0"))
            found = _find_nul(item, (*path, str(key)))
            if found is not None:
                return found
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _find_nul(item, (*path, str(index)))
            if found is not None:
                return found
    return None


def _marked(value: PaymentStatus) -> PaymentStatus:
    if value is PaymentStatus.partially_paid:
        raise ValueError(
            t("only paid or unpaid can be set; a part payment is recorded as a payment")
        )
    return value


# The payment status a client may set by hand (a draft's mark, `PATCH .../payment`, what a
# recurrence's invoices start as); `partially_paid` only follows from recorded payments.
PaymentMark = Annotated[
    PaymentStatus,
    AfterValidator(_marked),
    WithJsonSchema({"type": "string", "enum": [PaymentStatus.unpaid, PaymentStatus.paid]}),
]
