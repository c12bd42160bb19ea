"""Status and kind enumerations shared by the tables and the API."""

from __future__ import annotations

from enum import StrEnum


class DeliveryMethod(StrEnum):
    none = "none"
    post = "post"
    email = "email"


class Locale(StrEnum):
    nl = "nl"
    en = "en"


class Scope(StrEnum):
    """Permissions an API key can carry."""

    read = "read"
    parties_write = "parties:write"
    invoices_write = "invoices:write"
    invoices_finalize = "invoices:finalize"
    mails_send = "mails:send"
    recurrences_write = "recurrences:write"
    settings_write = "settings:write"
