from enum import StrEnum


class Scope(StrEnum):
    INVOICESFINALIZE = "invoices:finalize"
    INVOICESWRITE = "invoices:write"
    MAILSSEND = "mails:send"
    PARTIESWRITE = "parties:write"
    PAYMENTSWRITE = "payments:write"
    READ = "read"
    RECURRENCESWRITE = "recurrences:write"
    SETTINGSWRITE = "settings:write"

    def __str__(self) -> str:
        return str(self.value)
