"""Which step is made when (app/reminders/plan.py): the latest due step only, the 14-day letter
before any costs, and no costs before its deadline; checked against a day-by-day simulation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.models.enums import ReminderAction, ReminderKind
from app.reminders import law
from app.reminders.plan import Letter, Policy, Step, choose, next_date

DUE = date(2026, 1, 19)
R, L, N = ReminderKind.reminder, ReminderKind.fourteen_day_letter, ReminderKind.final_notice


def policy(*steps: tuple[int, ReminderKind], charge: bool = True) -> Policy:
    return Policy(
        enabled=True,
        steps=tuple(
            Step(i + 1, days, kind, None, ReminderAction.send)
            for i, (days, kind) in enumerate(steps)
        ),
        charge_collection_costs_b2c=charge,
        b2b_fixed_compensation=False,
        b2b_commercial_interest=False,
        creditor_deducts_vat=True,
    )


DUTCH = policy((7, R), (21, L), (35, N))


def simulate(rules: Policy, *, consumer: bool, start: date, end: date) -> list[tuple[date, int]]:
    """A sweep every day from `start` to `end`, as the worker would run: (day, step) made."""
    done, made, letter = 0, [], None
    day = start
    while day <= end:
        step = choose(rules, done=done, due_date=DUE, today=day, consumer=consumer, letter=letter)
        if step is not None:
            made.append((day, step.number))
            done = step.number
            if step.kind is L:
                letter = Letter(
                    law.collection_costs(Decimal("100")),
                    None,
                    law.earliest_costs_date(day, by_post=False) if consumer else None,
                )
        day += timedelta(days=1)
    return made


def test_a_daily_sweep_makes_each_step_on_its_day() -> None:
    made = simulate(DUTCH, consumer=True, start=DUE, end=DUE + timedelta(days=60))
    letter_day = DUE + timedelta(days=21)
    assert made == [
        (DUE + timedelta(days=7), 1),
        (letter_day, 2),
        # +35 is the letter's last day to pay: the notice comes the day after.
        (law.earliest_costs_date(letter_day, by_post=False), 3),
    ]


def test_a_business_gets_the_notice_on_its_own_day() -> None:
    made = simulate(DUTCH, consumer=False, start=DUE, end=DUE + timedelta(days=60))
    assert [step for _, step in made] == [1, 2, 3]
    assert made[2][0] == DUE + timedelta(days=35)


@pytest.mark.parametrize("late", [8, 22, 36, 90])
def test_switched_on_late_one_step_then_the_rest_in_order(late: int) -> None:
    start = DUE + timedelta(days=late)
    made = simulate(DUTCH, consumer=True, start=start, end=start + timedelta(days=60))
    first_day, first = made[0]
    assert first_day == start
    # Never the notice first to a consumer: the letter comes before any costs.
    assert first == {8: 1, 22: 2, 36: 2, 90: 2}[late]
    assert [s for _, s in made] == list(range(first, 4))


def test_a_business_switched_on_late_gets_the_latest_step_only() -> None:
    start = DUE + timedelta(days=90)
    assert simulate(DUTCH, consumer=False, start=start, end=start + timedelta(days=30)) == [
        (start, 3)
    ]


def test_without_charging_costs_the_notice_does_not_wait() -> None:
    rules = policy((7, R), (21, L), (35, N), charge=False)
    start = DUE + timedelta(days=90)
    assert simulate(rules, consumer=True, start=start, end=start + timedelta(days=30)) == [
        (start, 3)
    ]


def test_a_plain_step_may_go_while_the_letter_runs() -> None:
    rules = policy((7, R), (21, L), (25, R), (35, N))
    made = simulate(rules, consumer=True, start=DUE, end=DUE + timedelta(days=60))
    assert [s for _, s in made] == [1, 2, 3, 4]
    assert made[2][0] == DUE + timedelta(days=25)


def test_next_date_waits_for_the_costs_date() -> None:
    costs_from = DUE + timedelta(days=50)
    assert next_date(DUTCH, done=2, due_date=DUE, consumer=True, costs_from_date=costs_from) == (
        costs_from
    )
    assert next_date(DUTCH, done=2, due_date=DUE, consumer=False, costs_from_date=costs_from) == (
        DUE + timedelta(days=35)
    )
    assert next_date(DUTCH, done=3, due_date=DUE, consumer=True, costs_from_date=None) is None
