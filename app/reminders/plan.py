"""Which reminder step is due, when the next one is, and what money a letter states: pure
functions of the policy, the invoice's dates and amounts, and the Dutch rules of `law`.

- Only the latest due step is made when several are due at once (an invoice 40 days overdue
  when reminders were switched on gets one mail, not three); the steps passed over count as done.
- To a consumer, collection costs are charged only after a 14-day letter that stated them, and
  not before its deadline has passed (`law.earliest_costs_date`): a costs-charging step
  (`final_notice`) that falls due before the letter was made makes the letter instead, and one
  that falls due before the letter's deadline waits for it.
- A `reminder` never claims money. To a business, the fixed compensation and commercial interest
  (when the policy claims them) are stated from the 14-day letter on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.models.enums import ReminderAction, ReminderKind
from app.reminders import law

# VAT on collection costs, when the creditor cannot deduct it: the standard Dutch rate.
COSTS_VAT_RATE = Decimal("21")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Step:
    number: int  # its position in the policy, from 1
    days_after_due: int
    kind: ReminderKind
    email_template_id: str | None
    action: ReminderAction


@dataclass(frozen=True, slots=True)
class Policy:
    enabled: bool
    steps: tuple[Step, ...]
    charge_collection_costs_b2c: bool
    b2b_fixed_compensation: bool
    b2b_commercial_interest: bool
    creditor_deducts_vat: bool


@dataclass(frozen=True, slots=True)
class Letter:
    """The 14-day letter made earlier for the invoice: what it stated."""

    collection_costs: Decimal | None
    collection_costs_vat: Decimal | None
    costs_from_date: date | None


@dataclass(frozen=True, slots=True)
class Figures:
    collection_costs: Decimal | None = None
    collection_costs_vat: Decimal | None = None
    costs_charged: bool = False
    payment_deadline_date: date | None = None
    costs_from_date: date | None = None
    compensation: Decimal | None = None
    interest: Decimal | None = None
    interest_from_date: date | None = None
    interest_through_date: date | None = None
    total_claimed: Decimal = ZERO

    @property
    def costs_total(self) -> Decimal | None:
        if self.collection_costs is None:
            return None
        return self.collection_costs + (self.collection_costs_vat or ZERO)


def step_date(due_date: date, step: Step) -> date:
    return due_date + timedelta(days=step.days_after_due)


def charges_costs(step: Step, *, consumer: bool, policy: Policy) -> bool:
    """Whether the step charges a consumer the collection costs (so must wait for the letter)."""
    return (
        consumer and policy.charge_collection_costs_b2c and step.kind is ReminderKind.final_notice
    )


def choose(
    policy: Policy,
    *,
    done: int,
    due_date: date,
    today: date,
    consumer: bool,
    letter: Letter | None,
) -> Step | None:
    """The step to make today after steps 1..`done`, or None when none may be made yet."""
    pending = policy.steps[done:]
    due = [s for s in pending if step_date(due_date, s) <= today]
    if not due:
        return None
    chosen = due[-1]
    if not charges_costs(chosen, consumer=consumer, policy=policy):
        return chosen
    if letter is None:
        # No letter yet: make it now (its day has passed too: the letter comes first); a policy
        # without one ahead makes the notice, which then charges nothing.
        letters = [s for s in due if s.kind is ReminderKind.fourteen_day_letter]
        return letters[-1] if letters else chosen
    if letter.costs_from_date is not None and today < letter.costs_from_date:
        # The letter's 14 days are still running: no costs yet; a plain step due meanwhile may go.
        plain = [s for s in due if not charges_costs(s, consumer=consumer, policy=policy)]
        return plain[-1] if plain else None
    return chosen


def next_date(
    policy: Policy,
    *,
    done: int,
    due_date: date,
    consumer: bool,
    costs_from_date: date | None,
) -> date | None:
    """When the step after 1..`done` is due: its own day, and for a costs-charging step not
    before the day the costs may be charged (`costs_from_date`, of the 14-day letter)."""
    if done >= len(policy.steps):
        return None
    following = policy.steps[done]
    day = step_date(due_date, following)
    if costs_from_date is not None and charges_costs(following, consumer=consumer, policy=policy):
        day = max(day, costs_from_date)
    return day


def figures(
    step: Step,
    policy: Policy,
    *,
    consumer: bool,
    principal: Decimal,
    due_date: date,
    letter_date: date,
    letter: Letter | None,
    small_claims_charged: Decimal = ZERO,
    by_post: bool = False,
) -> Figures:
    """The money and dates the letter of `step` states, for an invoice with `principal` open.
    `small_claims_charged`: the collection costs the consumer's 14-day letters for small claims
    stated in the six months before this one (the 2024 rule, `law.small_claim_costs`)."""
    kind = step.kind
    if kind is ReminderKind.reminder:
        return Figures(total_claimed=principal)
    if consumer:
        if kind is ReminderKind.fourteen_day_letter:
            deadline = law.payment_deadline(letter_date, by_post=by_post)
            if not policy.charge_collection_costs_b2c:
                return Figures(payment_deadline_date=deadline, total_claimed=principal)
            claim = _costs(
                law.small_claim_costs(principal, charged_in_window=small_claims_charged),
                policy,
            )
            if claim.costs == 0:  # small claims: this half year's costs were stated already
                return Figures(payment_deadline_date=deadline, total_claimed=principal)
            return Figures(
                collection_costs=claim.costs,
                collection_costs_vat=claim.vat,
                payment_deadline_date=deadline,
                costs_from_date=law.earliest_costs_date(letter_date, by_post=by_post),
                total_claimed=principal,
            )
        # final notice: the costs the letter stated, once its deadline has passed; never more
        # than it stated (a part paid since lowers them with the scale).
        if (
            not policy.charge_collection_costs_b2c
            or letter is None
            or letter.collection_costs is None
            or (letter.costs_from_date is not None and letter_date < letter.costs_from_date)
        ):
            return Figures(total_claimed=principal)
        claim = law.collection_costs_claim(
            principal, creditor_deducts_vat=policy.creditor_deducts_vat, vat_rate=COSTS_VAT_RATE
        )
        costs, vat = claim.costs, claim.vat
        stated = letter.collection_costs + (letter.collection_costs_vat or ZERO)
        if claim.total > stated:
            costs, vat = letter.collection_costs, letter.collection_costs_vat or ZERO
        return Figures(
            collection_costs=costs,
            collection_costs_vat=vat,
            costs_charged=True,
            costs_from_date=letter.costs_from_date,
            total_claimed=principal + costs + (vat or ZERO),
        )
    # A business: the fixed compensation and commercial interest, when the policy claims them.
    business_deadline = (
        law.payment_deadline(letter_date, by_post=by_post)
        if kind is ReminderKind.fourteen_day_letter
        else None
    )
    compensation = law.FIXED_B2B_COMPENSATION if policy.b2b_fixed_compensation else None
    interest = None
    if policy.b2b_commercial_interest:
        # From the day after the due date through the letter's day (or the last day the dated
        # rate table knows: the letter then states the shorter period).
        interest = law.statutory_interest_claim(
            principal, due_date + timedelta(days=1), letter_date, commercial=True
        )
    return Figures(
        payment_deadline_date=business_deadline,
        compensation=compensation,
        interest=interest.amount if interest is not None else None,
        interest_from_date=interest.from_date if interest is not None else None,
        interest_through_date=interest.through_date if interest is not None else None,
        total_claimed=principal
        + (compensation or ZERO)
        + (interest.amount if interest is not None else ZERO),
    )


def _costs(costs: Decimal, policy: Policy) -> law.CollectionCosts:
    """`costs` with VAT added when the creditor cannot deduct it (as `law.collection_costs_claim`
    does for the scale's amount)."""
    if policy.creditor_deducts_vat:
        return law.CollectionCosts(costs=costs, vat=ZERO, total=costs)
    vat = (costs * COSTS_VAT_RATE / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return law.CollectionCosts(costs=costs, vat=vat, total=costs + vat)


def steps_of(raw: Sequence[dict[str, object]]) -> tuple[Step, ...]:
    return tuple(
        Step(
            number=i + 1,
            days_after_due=int(str(s["days_after_due"])),
            kind=ReminderKind(str(s["kind"])),
            email_template_id=str(s["email_template_id"]) if s.get("email_template_id") else None,
            action=ReminderAction(str(s.get("action") or ReminderAction.send)),
        )
        for i, s in enumerate(raw)
    )
