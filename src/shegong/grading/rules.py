"""The rules of grading (ORG-3), each reading its dated parameter (``grading.parameters``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from shegong.core import parameters

from .choices import GRADES
from .parameters import BANDS, MIN_REGISTERED_YEARS, VALIDITY_YEARS


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes 1 March (the year is then full)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return date(day.year + years, 3, 1)


def eligible_from(registered_on: date, on: date) -> date:
    """ORG-3: the first day an organisation registered on ``registered_on`` may apply: after
    ``grading.min_registered_years`` full years (《社会组织评估管理办法》 art. 6), e.g. registered
    2024-03-01, two years: from 2026-03-01."""
    years = int(parameters.value(MIN_REGISTERED_YEARS, on))
    return add_years(registered_on, years)


def valid_until(published_on: date) -> date:
    """ORG-3: the last day of a grade published on ``published_on``
    (``grading.validity_years``, 5): published 2026-06-30, valid until 2031-06-29."""
    years = int(parameters.value(VALIDITY_YEARS, published_on))
    return add_years(published_on, years) - timedelta(days=1)


def grade_for(total: Decimal, on: date):
    """ORG-3: the grade a total reaches under the bands in force on ``on``
    (``grading.bands``: the lowest total of each grade), and the parameter row applied."""
    row = parameters.get(BANDS, on)
    bands = row.value
    for grade in reversed(GRADES):
        if total >= Decimal(str(bands[grade])):
            return grade, row
    return GRADES[0], row


def mean(values) -> Decimal:
    """The mean of ``values`` to two decimals (half up)."""
    values = list(values)
    total = sum(values, Decimal("0")) / len(values)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
