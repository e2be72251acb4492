"""Working days: Monday to Friday, except the public holidays and adjusted working days of the
official calendar (``core.models.CalendarDay``, entered each year by the city administrator).

Used by every rule that counts working days, e.g. the decision on a registration application
within ``registry.decision_working_days`` (REG-3). One query per count, whatever its length.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Mod

from .models import CalendarDay, DayKind


def _weekdays_between(start: date, end: date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``end``."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + i)).weekday() < 5:
            count += 1
    return count


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not
    later): the weekdays, less the public holidays among them, plus the weekend days worked."""
    if end <= start:
        return 0
    count = _weekdays_between(start, end)
    for day, kind in CalendarDay.objects.filter(date__gt=start, date__lte=end).values_list(
        "date", "kind"
    ):
        weekend = day.weekday() >= 5
        if kind == DayKind.HOLIDAY and not weekend:
            count -= 1
        elif kind == DayKind.WORKDAY and weekend:
            count += 1
    return count


def is_working_day(day: date) -> bool:
    return working_days_between(day - timedelta(days=1), day) == 1


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself never counts, as a period
    starts on the day after the event that opens it): e.g. the end of a notice or challenge
    period of ``count`` working days. One query per 60 days looked at."""
    if count <= 0:
        return start
    day, found, seen = start, 0, start
    exceptions: dict[date, str] = {}
    while True:
        if day >= seen:
            until = seen + timedelta(days=60)
            exceptions.update(
                CalendarDay.objects.filter(date__gt=seen, date__lte=until).values_list(
                    "date", "kind"
                )
            )
            seen = until
        day += timedelta(days=1)
        kind = exceptions.get(day)
        working = day.weekday() < 5
        if kind == DayKind.HOLIDAY:
            working = False
        elif kind == DayKind.WORKDAY:
            working = True
        if working:
            found += 1
            if found == count:
                return day


# --- Terms of a number of months, counted in the database ----------------------------------------


def _days_in_month(month, year):
    """The number of days of the month ``month`` of ``year`` (two integer expressions)."""
    leap = (Q(_leap4=0) & ~Q(_leap100=0)) | Q(_leap400=0)
    return Case(
        When(**{f"{month}__in": [4, 6, 9, 11]}, then=Value(30)),
        When(Q(**{month: 2}) & leap, then=Value(29)),
        When(**{month: 2}, then=Value(28)),
        default=Value(31),
        output_field=IntegerField(),
    ), {
        "_leap4": Mod(year, 4),
        "_leap100": Mod(year, 100),
        "_leap400": Mod(year, 400),
    }


def lasting(queryset, start: str, end: str, months: int):
    """``queryset`` less the rows whose term from ``start`` to ``end`` (two date fields, both
    days included) is shorter than ``months`` months: ``end`` on or after ``start`` plus
    ``months`` months less a day (the day-of-month rule of ``add_months``: 31 January plus one
    month is 28 or 29 February). Counted by the database in the same query (no row read), e.g.
    FIN-5's running contracts of at least twelve months: 1 April 2026 to 31 March 2027 lasts
    twelve months, to 30 March 2027 does not; 15 March 2026 to 14 March 2027 does."""
    days, leap = _days_in_month("_term_em", "_term_ey")
    rows = queryset.annotate(
        _term_sy=ExtractYear(start),
        _term_sm=ExtractMonth(start),
        _term_sd=ExtractDay(start),
        _term_ey=ExtractYear(end),
        _term_em=ExtractMonth(end),
        _term_ed=ExtractDay(end),
    ).annotate(
        **leap,
        _term_target=F("_term_sy") * 12 + F("_term_sm") - 1 + months,
        _term_end=F("_term_ey") * 12 + F("_term_em") - 1,
    )
    rows = rows.annotate(_term_dim=days)
    # From the first of a month: the term ends on the last day of month target - 1 at the
    # earliest. From a later day d: on day min(d, length of the target month) - 1 of it.
    first = Q(_term_sd=1) & (
        Q(_term_end__gte=F("_term_target"))
        | (Q(_term_end=F("_term_target") - 1) & Q(_term_ed=F("_term_dim")))
    )
    later = Q(_term_sd__gt=1) & (
        Q(_term_end__gt=F("_term_target"))
        | (
            Q(_term_end=F("_term_target"))
            & (Q(_term_ed__gte=F("_term_sd") - 1) | Q(_term_ed__gte=F("_term_dim") - 1))
        )
    )
    return rows.filter(first | later)
