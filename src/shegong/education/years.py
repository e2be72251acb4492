"""The CPD year (issue 11, point 8): where each year of continuing education starts is the
dated parameter ``education.cpd_year_start`` ("MM-DD", "01-01" by default: calendar years).

A CPD year is named by the calendar year it ends in (so the default names are the calendar
years, and a year running 1 July 2027 to 30 June 2028 is "2028"). A day ``X`` starts a year
when its month and day are the value in force on ``X``. A change of the start applies from
its ``valid_from``: the year under the old start ends the day before the first start under
the new one, so the years before the change stay as they were. For example, with "07-01"
from 2027-07-01: year 2026 is 2026-01-01 to 2026-12-31 (unchanged), year 2027 is 2027-01-01
to 2027-06-30 (the shortened year of the change), year 2028 is 2027-07-01 to 2028-06-30.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ImproperlyConfigured

from shegong.core import parameters

from .parameters import CPD_YEAR_START


def month_day(value) -> tuple[int, int]:
    """``"07-01"`` → ``(7, 1)``; 29 February is refused (not every year has one)."""
    try:
        month, day = (int(part) for part in str(value).split("-"))
        date(2001, month, day)
    except ValueError:
        raise ImproperlyConfigured(
            f"{CPD_YEAR_START} must be a month and day such as 01-01, not {value!r}."
        ) from None
    return month, day


def _timeline() -> list[tuple[date, tuple[int, int]]]:
    rows = [(since, month_day(value)) for since, value in parameters.history(CPD_YEAR_START)]
    if not rows:
        raise ImproperlyConfigured(f"No policy parameter {CPD_YEAR_START!r} (city).")
    return rows


def _end(year: int, rows) -> date | None:
    starts = []
    for i, (since, (month, day)) in enumerate(rows):
        until = rows[i + 1][0] if i + 1 < len(rows) else date.max
        start = date(year + 1, 1, 1) if (month, day) == (1, 1) else date(year, month, day)
        if since <= start < until:
            starts.append(start)
    return max(starts) - timedelta(days=1) if starts else None


def year_end(year: int) -> date:
    """The last day of CPD year ``year``: the day before the last start in
    (1 January ``year``, 1 January ``year + 1``]."""
    end = _end(year, _timeline())
    if end is None:
        raise ImproperlyConfigured(f"{CPD_YEAR_START}: no CPD year ends in {year}.")
    return end


def bounds(year: int) -> tuple[date, date]:
    """The first and last day of CPD year ``year`` (a year in which no start falls, when a
    change applies from a day that is not a start, is part of the next one)."""
    rows = _timeline()
    end = year_end(year)
    for before in range(year - 1, year - 4, -1):
        previous = _end(before, rows)
        if previous is not None:
            return previous + timedelta(days=1), end
    return date(year, 1, 1), end


def year_of(day: date) -> int:
    """The CPD year containing ``day``."""
    rows = _timeline()
    for year in range(day.year, day.year + 3):
        end = _end(year, rows)
        if end is not None and day <= end:
            return year
    raise ImproperlyConfigured(f"{CPD_YEAR_START}: no CPD year contains {day}.")
