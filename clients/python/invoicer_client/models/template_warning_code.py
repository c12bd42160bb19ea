from enum import StrEnum


class TemplateWarningCode(StrEnum):
    NO_PDF_ATTACHMENT = "no_pdf_attachment"
    UNKNOWN_PLACEHOLDER = "unknown_placeholder"

    def __str__(self) -> str:
        return str(self.value)
