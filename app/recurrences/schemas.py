"""Request and response models for recurrences, their preview, runs and placeholders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from app.i18n import t
from app.invoices.schemas import InvoiceDate, InvoiceOut
from app.mails.schemas import MailOut
from app.models.enums import Automation, Locale, PaymentStatus
from app.recurrences.schedule import MAX_DAY_OF_MONTH, Schedule
from app.shared.pagination import Page
from app.shared.schemas import PaymentMark, StrictModel, UpdateModel

DAY_HELP = (
    f"1..{MAX_DAY_OF_MONTH}: the highest day is {MAX_DAY_OF_MONTH}, so that every month, "
    "February included, has it."
)


def _day(value: int) -> int:
    if not 1 <= value <= MAX_DAY_OF_MONTH:
        raise ValueError(
            t(
                "the day must be between 1 and {highest}: the highest day is {highest} so that "
                "every month, February included, has it",
                highest=MAX_DAY_OF_MONTH,
            )
        )
    return value


Day = Annotated[int, AfterValidator(_day), Field(description=DAY_HELP, examples=[1, 15, 28])]
Month = Annotated[
    int, Field(ge=1, le=12, description="1..12: once a year in that month; null: every month.")
]


class ScheduleFields(StrictModel):
    start_date: InvoiceDate = Field(description="Herhalen vanaf: the first date that may occur.")
    end_date: InvoiceDate | None = Field(
        default=None, description="Herhalen tot/met: inclusive; null to repeat without end."
    )
    day_of_month: Day
    month: Month | None = None

    @model_validator(mode="after")
    def _valid_schedule(self) -> ScheduleFields:
        self.schedule()
        return self

    def schedule(self) -> Schedule:
        return Schedule(
            start_date=self.start_date,
            end_date=self.end_date,
            day_of_month=self.day_of_month,
            month=self.month,
        )


class RecurrenceCreate(ScheduleFields):
    base_invoice_id: Annotated[str, StringConstraints(max_length=40)]
    automation: Automation = Automation.none
    payment_status: PaymentMark = Field(
        default=PaymentStatus.unpaid, description="Payment status of the invoices it creates."
    )
    active: bool = True
    backfill: bool = Field(
        default=False,
        description="Also invoice the occurrences before today, oldest first (numbered in date "
        "order). By default create and create_and_send start at the first occurrence from "
        "today on, and none and notify show only the latest past date as overdue; the response "
        "lists the skipped dates.",
    )


class RecurrenceUpdate(UpdateModel):
    not_nullable = ("start_date", "day_of_month", "automation", "payment_status", "active")

    start_date: InvoiceDate | None = None
    end_date: InvoiceDate | None = None
    day_of_month: Day | None = None
    month: Month | None = None
    automation: Automation | None = None
    payment_status: PaymentMark | None = None
    active: bool | None = Field(default=None, description="false pauses; true resumes.")
    backfill: bool = Field(
        default=False,
        description="On resume or a new rhythm: also handle the occurrences before today. By "
        "default create and create_and_send skip them and start from today, and none and "
        "notify show only the latest past date as overdue; the response lists them.",
    )
    catch_up: bool = Field(default=False, description="The older name of `backfill`.")


class RecurrenceOut(BaseModel):
    id: str
    base_invoice_id: str
    start_date: date
    end_date: date | None
    day_of_month: int
    month: int | None
    automation: Automation
    payment_status: PaymentStatus
    active: bool
    next_date: date | None = Field(description="Null when finished.")
    overdue: bool = Field(
        description="The next date is today or earlier (administration's time zone)."
    )
    finished: bool = Field(description="No occurrence is left on or before the end date.")
    last_occurrence_date: date | None
    created_at: datetime
    updated_at: datetime


PAST_DATES_HELP = (
    "Past occurrences (before today) at this (re)start: skipped_dates are never handled; "
    "catch_up_dates are still handled (invoiced in date order by create and create_and_send, "
    "shown overdue by none and notify)."
)


class RecurrenceSaved(RecurrenceOut):
    skipped_dates: list[date] = Field(description=PAST_DATES_HELP)
    catch_up_dates: list[date] = Field(description=PAST_DATES_HELP)


class RecurrencePage(Page[RecurrenceOut]):
    pass


class PreviewRequest(ScheduleFields):
    automation: Automation = Automation.none
    backfill: bool = Field(default=False, description="As on create.")
    count: int = Field(default=5, ge=1, le=100, description="How many upcoming dates to list.")
    from_date: InvoiceDate | None = Field(
        default=None, description="List dates from this day on; default: the start date."
    )


class PreviewOut(BaseModel):
    next_date: date | None = Field(
        description="Bepaal datum volgende melding: the next date the recurrence gets when "
        "saved today with these settings."
    )
    upcoming: list[date]
    skipped_dates: list[date] = Field(description=PAST_DATES_HELP)
    catch_up_dates: list[date] = Field(description=PAST_DATES_HELP)


class RunDueRequest(StrictModel):
    date: InvoiceDate | None = Field(
        default=None,
        description="Handle every occurrence on or before this date (any date, also in the "
        "future); default: today in each administration's time zone.",
    )


class RunOut(BaseModel):
    recurrence_id: str
    occurrence_date: date
    outcome: str = Field(description="due, created, sent, not_sent or failed.")
    invoice_id: str | None
    mail_id: str | None
    detail: str | None


class RunDueOut(BaseModel):
    runs: list[RunOut]
    invoices: list[InvoiceOut]
    mails: list[MailOut]


class PlaceholderOut(BaseModel):
    name: str
    token: str = Field(examples=["[deze_maand]"])
    context: str = Field(
        description="mail (relative to today), note (to the invoice date), invoice."
    )
    description: str
    example: str
    in_mail: bool
    in_notes: bool


class RenderRequest(StrictModel):
    text: Annotated[str, StringConstraints(max_length=100_000)]
    date: InvoiceDate | None = Field(
        default=None, description="The day the mail is made (default: today)."
    )
    invoice_date: InvoiceDate | None = Field(
        default=None, description="The booking date for the *_factuur placeholders (default: date)."
    )
    locale: Locale | None = Field(default=None, description="Default: the administration's.")


class RenderOut(BaseModel):
    text: str
    unknown: list[str] = Field(description="Placeholders left as written because they are unknown.")
