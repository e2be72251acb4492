"""The rules of contract monitoring and evaluation (FIN-5). Each reads the policy parameter in
force on the day that matters (``oversight.parameters``), so a parameter changed from a date
applies only from that date.

=========================== =============================================================
function                    rule
=========================== =============================================================
``visits_needed``           at least ``visit_share_percent`` (30) of the running contracts,
                            rounded **up** to a whole contract: 7 → 3, 1,000 → 300
``sample_problem``          a sample smaller than that is refused (299 of 1,000: 29.9 %)
``counts_for_sampling``     a contract in force in the year whose term is at least
                            ``visit_min_term_months`` (12)
``last_final_day``          the final evaluation at least ``final_evaluation_months_before_end``
                            (1) before the end: ends 31 March → 28 February at the latest
``rating_for``              the rating a score gives (``rating_bands``)
``passes``                  a rating at least ``pass_rating`` (competent)
``bar_period``              a not competent rating bars for ``bar_after_not_competent_years``
``return_due``              a statistics return is due ``return_due_days`` (15) after its period
``return_is_late``          submitted after the due day, or not submitted once it has passed
``risk_weight``             base + the weight of each risk found
=========================== =============================================================
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from shegong.core import parameters

from . import parameters as keys
from .choices import RATING_ORDER, Rating, Risk


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 March − 1 month =
    28 February, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def share_percent(on: date) -> Decimal:
    """FIN-5: the least share of running contracts visited in a year, percent (30)."""
    return Decimal(str(parameters.value(keys.VISIT_SHARE, on=on)))


def visits_needed(running: int, percent: Decimal) -> int:
    """FIN-5 (city evaluation rules 2021): at least ``percent`` of ``running`` contracts are
    visited; a fraction of a contract is rounded up (7 contracts at 30 %: 2.1 → 3 visits;
    1,000: 300)."""
    exact = Decimal(running) * Decimal(percent) / Decimal(100)
    return int(exact.to_integral_value(rounding=ROUND_CEILING))


def sample_problem(running: int, drawn: int, percent: Decimal) -> str | None:
    """FIN-5: why a sample of ``drawn`` of ``running`` contracts is too small, or ``None``."""
    needed = visits_needed(running, percent)
    if drawn >= needed:
        return None
    return _(
        "The sample covers %(drawn)d of %(running)d running contracts; at least %(needed)d "
        "(%(percent)s %%) must be visited."
    ) % {"drawn": drawn, "running": running, "needed": needed, "percent": percent}


def min_term_months(on: date) -> int:
    """FIN-5: the least term, in months, of a contract counted in the year's 30 % (12)."""
    return int(parameters.value(keys.VISIT_MIN_TERM_MONTHS, on=on))


def counts_for_sampling(
    starts_on: date, ends_on: date, year: int, on: date, months: int | None = None
) -> bool:
    """FIN-5: a contract counts towards the year's 30 % when it is in force on some day of the
    year and runs at least ``visit_min_term_months`` (12, in force on ``on``; ``months``: the
    value already read): 1 April 2026 to 31 March 2027 counts, to 30 March 2027 does not."""
    months = min_term_months(on) if months is None else months
    overlaps = starts_on <= date(year, 12, 31) and ends_on >= date(year, 1, 1)
    return overlaps and ends_on >= add_months(starts_on, months) - timedelta(days=1)


def last_final_day(ends_on: date) -> date:
    """FIN-5 (city evaluation rules 2021): the last day a final evaluation may be held: one
    month (parameter in force on the end day) before the contract's end: ends 31 March 2027 →
    28 February 2027; ends 15 March → 15 February."""
    months = int(parameters.value(keys.FINAL_MONTHS_BEFORE_END, on=ends_on))
    return add_months(ends_on, -months)


def final_date_problem(held_on: date, ends_on: date) -> str | None:
    """FIN-5: why a final evaluation on ``held_on`` is too late, or ``None``."""
    last = last_final_day(ends_on)
    if held_on <= last:
        return None
    return _(
        "The final evaluation must be held at least one month before the contract ends on "
        "%(end)s: %(last)s at the latest."
    ) % {"end": ends_on.isoformat(), "last": last.isoformat()}


def rating_for(score: Decimal, on: date) -> tuple[str, object]:
    """FIN-5: the rating ``score`` (0-100) gives under the bands in force on ``on`` (least
    score of excellent 90, good 80, competent 70, basically competent 60; below: not
    competent), and the parameter row applied."""
    row = parameters.get(keys.RATING_BANDS, on=on)
    for rating in RATING_ORDER[:-1]:
        if Decimal(score) >= Decimal(str(row.value[rating])):
            return rating, row
    return Rating.NOT_COMPETENT.value, row


def passes(rating: str, on: date) -> bool:
    """FIN-5: whether ``rating`` meets an evaluation's payment condition: at least the pass
    rating in force on ``on`` (competent)."""
    least = parameters.value(keys.PASS_RATING, on=on)
    return RATING_ORDER.index(rating) <= RATING_ORDER.index(least)


def bar_period(rated_on: date) -> tuple[date, date]:
    """FIN-5: a not competent rating on ``rated_on`` bars the organisation from the buyer's
    tenders from that day for ``bar_after_not_competent_years`` (1): rated 10 March 2027, barred
    10 March 2027 to 9 March 2028 inclusive."""
    years = int(parameters.value(keys.BAR_YEARS, on=rated_on))
    return rated_on, add_months(rated_on, 12 * years) - timedelta(days=1)


def return_due(period_end: date) -> date:
    """FIN-5: a statistics return is due ``return_due_days`` (15) after its period ends (period
    ending 30 June → due 15 July)."""
    days = int(parameters.value(keys.RETURN_DUE_DAYS, on=period_end))
    return period_end + timedelta(days=days)


def return_periods(starts_on: date, ends_on: date) -> list[tuple[date, date]]:
    """FIN-5: the periods of ``return_period_months`` (3) a contract's term is cut into, the
    last one ending with the contract."""
    months = int(parameters.value(keys.RETURN_PERIOD_MONTHS, on=starts_on))
    periods, start = [], starts_on
    while start <= ends_on:
        end = min(add_months(start, months) - timedelta(days=1), ends_on)
        periods.append((start, end))
        start = end + timedelta(days=1)
    return periods


def return_is_late(due_on: date, submitted_on: date | None, today: date) -> bool:
    """FIN-5: a return submitted after its due day, or not submitted once the day has passed,
    is late (submitted on the due day: on time)."""
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on


#: The risks of the visit draw, in the order they are listed.
RISKS = tuple(r.value for r in Risk)


def risk_weights(on: date) -> tuple[dict, object]:
    row = parameters.get(keys.RISK_WEIGHTS, on=on)
    return row.value, row


def risk_weight(found: set[str], weights: dict) -> int:
    """FIN-5: a contract's weight in the draw: the base (1) plus the weight of each risk found
    (a standard not met 3, partly met 1, a late return 2, a complaint 2, a lapsed credential on
    a contracted post 2): none → 1; not met and a complaint → 6."""
    return int(weights["base"]) + sum(int(weights[r]) for r in RISKS if r in found)
