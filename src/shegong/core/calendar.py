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
