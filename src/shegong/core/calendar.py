"""Working days: Monday to Friday, except the public holidays and adjusted working days of the
official calendar (``core.models.CalendarDay``, entered each year by the city administrator).

Used by every rule that counts working days, e.g. the decision on a registration application
within ``registry.decision_working_days`` (REG-3). One query per count, whatever its length.
"""

from __future__ import annotations

from datetime import date, timedelta

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
