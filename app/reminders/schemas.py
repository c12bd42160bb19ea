"""Request and response models for the reminder policy, reminders and their runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from app.i18n import t
from app.invoices.schemas import InvoiceDate, Money
from app.mails.schemas import MailOut
from app.models.enums import ReminderAction, ReminderKind
from app.shared.schemas import StrictModel

MAX_STEPS = 10
MAX_DAYS = 3650

KIND_HELP = (
    "`reminder` (herinnering: no money claimed), `fourteen_day_letter` (tweede herinnering; to "
    "a consumer the veertiendagenbrief of art. 6:96 lid 6 BW, stating the collection costs due "
    "after 14 days), `final_notice` (aanmaning: the costs stated in the letter are now charged)."
)


class ReminderStep(StrictModel):
    days_after_due: int = Field(
        ge=1, le=MAX_DAYS, description="Made this many days after the due date.", examples=[7]
    )
    kind: ReminderKind = Field(description=KIND_HELP)
    email_template_id: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        default=None,
        description="An e-mail template of this administration; null: the built-in Dutch (or "
        "English) text of the step's kind. Its placeholders are filled in; the legal statements "
        "of the step are added to the text whatever the template says.",
    )
    action: ReminderAction = Field(
        default=ReminderAction.send,
        description="`send`: queued in the outbox at once; `draft`: a draft mail to review and "
        "send (POST /v1/mails/{id}/send).",
    )


DEFAULT_STEPS: tuple[ReminderStep, ...] = (
    ReminderStep(days_after_due=7, kind=ReminderKind.reminder),
    ReminderStep(days_after_due=21, kind=ReminderKind.fourteen_day_letter),
    ReminderStep(days_after_due=35, kind=ReminderKind.final_notice),
)


class ReminderPolicyIn(StrictModel):
    """The whole policy (PUT replaces it)."""

    enabled: bool = Field(default=True, description="False: no reminder is made.")
    steps: list[ReminderStep] = Field(
        default_factory=lambda: [s.model_copy() for s in DEFAULT_STEPS],
        max_length=MAX_STEPS,
        description="In order, days strictly increasing; at most one `fourteen_day_letter`, "
        "and no `final_notice` before it. Default: herinnering at +7, tweede herinnering (the "
        "14-day letter) at +21, aanmaning at +35.",
    )
    charge_collection_costs_b2c: bool = Field(
        default=True,
        description="To consumers: state the statutory collection costs (WIK scale) in the "
        "14-day letter and charge them in the aanmaning after its deadline.",
    )
    b2b_fixed_compensation: bool = Field(
        default=False,
        description="To businesses: claim the fixed EUR 40 compensation (art. 6:96 lid 4 BW) "
        "from the 14-day letter on.",
    )
    b2b_commercial_interest: bool = Field(
        default=False,
        description="To businesses: claim the statutory commercial interest (art. 6:119a BW) "
        "from the 14-day letter on.",
    )
    creditor_deducts_vat: bool = Field(
        default=True,
        description="The administration deducts VAT (a VAT-registered business): no VAT is "
        "added to the collection costs. False: VAT is added to them.",
    )

    def step_errors(self) -> list[tuple[list[str | int], Any]]:
        """(location, message) of every rule the steps break together."""
        errors: list[tuple[list[str | int], Any]] = []
        letter = None
        for i, step in enumerate(self.steps):
            if i and step.days_after_due <= self.steps[i - 1].days_after_due:
                errors.append(
                    (
                        ["body", "steps", i, "days_after_due"],
                        t(
                            "must be more than the previous step's {days} days: steps are in "
                            "order of their days",
                            days=self.steps[i - 1].days_after_due,
                        ),
                    )
                )
            if step.kind is ReminderKind.fourteen_day_letter:
                if letter is not None:
                    errors.append(
                        (
                            ["body", "steps", i, "kind"],
                            t(
                                "only one step can be the 14-day letter (step {step} is)",
                                step=letter + 1,
                            ),
                        )
                    )
                letter = i if letter is None else letter
            if (
                step.kind is ReminderKind.final_notice
                and letter is None
                and any(s.kind is ReminderKind.fourteen_day_letter for s in self.steps[i + 1 :])
            ):
                errors.append(
                    (
                        ["body", "steps", i, "kind"],
                        t("a final notice cannot come before the 14-day letter"),
                    )
                )
        return errors


class ReminderStepOut(BaseModel):
    step: int = Field(description="The step's number: its position, from 1.")
    days_after_due: int
    kind: ReminderKind
    email_template_id: str | None
    action: ReminderAction


class ReminderPolicyOut(BaseModel):
    enabled: bool
    steps: list[ReminderStepOut]
    charge_collection_costs_b2c: bool
    b2b_fixed_compensation: bool
    b2b_commercial_interest: bool
    creditor_deducts_vat: bool
    is_default: bool = Field(description="True until the administration saves its own policy.")
    updated_at: datetime | None


class ReminderOut(BaseModel):
    id: str
    invoice_id: str
    step: int
    kind: ReminderKind
    letter_date: date
    outcome: str = Field(
        description="`made` (mail queued or drafted), `not_sent` (no mail could be made; see "
        "`detail`; the letter is stored) or `withdrawn` (its unsent mail was removed: the "
        "invoice was paid or put on hold first)."
    )
    detail: str | None
    consumer: bool = Field(description="The buyer has neither a VAT nor a KvK number.")
    days_overdue: int
    principal: Money = Field(description="The amount of the invoice open on the letter's date.")
    collection_costs: Money | None = Field(description="Statutory collection costs stated.")
    collection_costs_vat: Money | None = Field(description="VAT added to them (or null).")
    costs_charged: bool = Field(
        description="True: the costs are charged now (aanmaning); false: stated as due when "
        "the deadline passes unpaid (14-day letter)."
    )
    payment_deadline_date: date | None = Field(description="The 14-day letter's deadline.")
    costs_from_date: date | None = Field(description="The first day the costs may be charged.")
    compensation: Money | None = Field(description="The fixed B2B compensation claimed.")
    interest: Money | None = Field(description="Commercial interest claimed to the letter date.")
    interest_from_date: date | None
    interest_through_date: date | None = Field(
        description="Interest is stated through this day (the letter's, or the last day the "
        "dated rate table covers)."
    )
    total_claimed: Money = Field(description="What the letter asks to be paid now.")
    mail_id: str | None
    document_id: str | None = Field(description="The reminder letter (PDF) as stored.")
    sent_at: datetime | None
    withdrawn_at: datetime | None
    created_at: datetime


class PauseRequest(StrictModel):
    reason: Annotated[str, StringConstraints(max_length=1000)] | None = Field(
        default=None, description="Why (a dispute, a payment plan); shown with the state."
    )


class ReminderStateOut(BaseModel):
    invoice_id: str
    paused: bool
    paused_at: datetime | None
    pause_reason: str | None
    last_step: int = Field(description="The last policy step made (0: none yet).")
    next_reminder_date: date | None = Field(
        description="When the next step is due (null: none left, or not followed)."
    )
    reminders: list[ReminderOut]


class RemindersRunRequest(StrictModel):
    date: InvoiceDate | None = Field(
        default=None,
        description="Make every reminder due on or before this date (any date, also in the "
        "future); default: today in each administration's time zone.",
    )


class RemindersRunOut(BaseModel):
    reminders: list[ReminderOut]
    mails: list[MailOut]
