from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_method import DeliveryMethod
from ..models.party_level import PartyLevel

if TYPE_CHECKING:
    from ..models.default_recipient import DefaultRecipient
    from ..models.email_template_choice import EmailTemplateChoice


T = TypeVar("T", bound="DeliveryOut")


@_attrs_define
class DeliveryOut:
    """
    Attributes:
        delivery_method (DeliveryMethod):
        delivery_method_source (PartyLevel):
        pdf_template_id (None | str): For none/post: the administration's default PDF template.
        default_recipients (list[DefaultRecipient]): E-mail delivery: who gets the mail unless deselected.
        email_templates (list[EmailTemplateChoice]): E-mail delivery: the templates to choose from, with warnings.
    """

    delivery_method: DeliveryMethod
    delivery_method_source: PartyLevel
    pdf_template_id: None | str
    default_recipients: list[DefaultRecipient]
    email_templates: list[EmailTemplateChoice]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivery_method = self.delivery_method.value

        delivery_method_source = self.delivery_method_source.value

        pdf_template_id: None | str
        pdf_template_id = self.pdf_template_id

        default_recipients = []
        for default_recipients_item_data in self.default_recipients:
            default_recipients_item = default_recipients_item_data.to_dict()
            default_recipients.append(default_recipients_item)

        email_templates = []
        for email_templates_item_data in self.email_templates:
            email_templates_item = email_templates_item_data.to_dict()
            email_templates.append(email_templates_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivery_method": delivery_method,
                "delivery_method_source": delivery_method_source,
                "pdf_template_id": pdf_template_id,
                "default_recipients": default_recipients,
                "email_templates": email_templates,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.default_recipient import DefaultRecipient  # noqa: PLC0415
        from ..models.email_template_choice import EmailTemplateChoice  # noqa: PLC0415

        d = dict(src_dict)
        delivery_method = DeliveryMethod(d.pop("delivery_method"))

        delivery_method_source = PartyLevel(d.pop("delivery_method_source"))

        def _parse_pdf_template_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pdf_template_id = _parse_pdf_template_id(d.pop("pdf_template_id"))

        default_recipients = []
        _default_recipients = d.pop("default_recipients")
        for default_recipients_item_data in _default_recipients:
            default_recipients_item = DefaultRecipient.from_dict(default_recipients_item_data)

            default_recipients.append(default_recipients_item)

        email_templates = []
        _email_templates = d.pop("email_templates")
        for email_templates_item_data in _email_templates:
            email_templates_item = EmailTemplateChoice.from_dict(email_templates_item_data)

            email_templates.append(email_templates_item)

        delivery_out = cls(
            delivery_method=delivery_method,
            delivery_method_source=delivery_method_source,
            pdf_template_id=pdf_template_id,
            default_recipients=default_recipients,
            email_templates=email_templates,
        )

        delivery_out.additional_properties = d
        return delivery_out

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
