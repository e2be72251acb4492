"""The official calendar (``core.calendar``): working days are Monday to Friday less public
holidays, plus the weekend days worked in exchange (调休); entered by the city administrator
on its page, refused where it would change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from shegong.core import calendar
from shegong.core.models import AuditRecord, CalendarDay
from shegong.core.services import create_record
from shegong.core.testing import factories

pytestmark = pytest.mark.django_db

# A week of 2025 (Monday 29 September to Sunday 5 October) and the Saturday after.
MONDAY = date(2025, 9, 29)


def day(on, kind, name=""):
    return create_record(None, CalendarDay, {"date": on, "kind": kind, "name": name})


def test_without_a_calendar_monday_to_friday_count(english):
    assert calendar.working_days_between(MONDAY, MONDAY + timedelta(days=4)) == 4  # to Friday
    assert calendar.working_days_between(MONDAY, MONDAY + timedelta(days=7)) == 5  # next Monday
    assert calendar.working_days_between(MONDAY, MONDAY) == 0
    assert calendar.working_days_between(MONDAY, MONDAY - timedelta(days=3)) == 0


def test_holidays_do_not_count_and_weekend_days_worked_do(english):
    day(date(2025, 9, 28), "workday", "国庆节调休")  # a Sunday worked, before the range
    for offset in range(3, 5):  # Wednesday 1 and Thursday 2 October
        day(MONDAY + timedelta(days=offset - 1), "holiday", "国庆节")
    day(date(2025, 10, 11), "workday", "国庆节调休")  # a Saturday worked
    assert calendar.working_days_between(MONDAY, MONDAY + timedelta(days=4)) == 2  # Tue, Fri
    # to Saturday 11 October: 9 weekdays after Monday 29 September, less 2 holidays, plus 1
    assert calendar.working_days_between(MONDAY, date(2025, 10, 11)) == 8
    # the day itself: the end counts, the start does not
    assert calendar.working_days_between(date(2025, 9, 27), date(2025, 9, 28)) == 1
    assert calendar.is_working_day(date(2025, 9, 28)) and not calendar.is_working_day(
        date(2025, 10, 1)
    )
    assert calendar.is_working_day(date(2025, 10, 3)) and not calendar.is_working_day(
        date(2025, 10, 4)
    )


def test_an_entry_that_changes_nothing_is_refused_with_the_reason(english):
    with pytest.raises(ValidationError) as exc:
        day(date(2025, 10, 4), "holiday")  # a Saturday
    assert "not a working day anyway" in str(exc.value.message_dict["date"])
    with pytest.raises(ValidationError) as exc:
        day(date(2025, 10, 3), "workday")  # a Friday
    assert "a working day anyway" in str(exc.value.message_dict["date"])
    day(date(2025, 10, 1), "holiday")
    with pytest.raises(ValidationError) as exc:
        day(date(2025, 10, 1), "holiday")
    assert "date" in exc.value.message_dict
    assert CalendarDay.objects.count() == 1


def test_the_city_administrator_keeps_the_calendar_on_its_page(client, tree, english):
    admin = factories.user(role="city_admin", scope=tree["city"])
    officer = factories.user(role="district_officer", scope=tree["futian"])
    client.force_login(officer)
    assert (
        client.get("/platform/calendardays/").status_code == 200
    )  # reference data: everyone reads
    assert client.get("/platform/calendardays/new/").status_code == 403
    client.force_login(admin)
    response = client.post(
        "/platform/calendardays/new/", {"date": "2025-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CalendarDay.objects.get()
    assert AuditRecord.objects.filter(model="core.calendarday", object_id=str(entry.pk)).exists()
    bad = client.post("/platform/calendardays/new/", {"date": "2025-10-04", "kind": "holiday"})
    assert bad.status_code == 200 and "not a working day anyway" in bad.content.decode()
    assert "国庆节" in client.get("/platform/calendardays/").content.decode()


def test_the_nth_working_day_after_a_date(english):
    # Monday 29 September 2025: the 5th working day after it is Monday 6 October without a
    # calendar; with 1-3 October off and Saturday 11 October worked, Monday 13 October.
    assert calendar.add_working_days(MONDAY, 5) == date(2025, 10, 6)
    assert calendar.add_working_days(MONDAY, 0) == MONDAY
    for d in (1, 2, 3):
        day(date(2025, 10, d), "holiday", "国庆节")
    day(date(2025, 10, 11), "workday", "国庆节调休")
    # Tue 30 (1), Mon 6 (2), Tue 7 (3), Wed 8 (4), Thu 9 (5), Fri 10 (6), Sat 11 (7).
    assert calendar.add_working_days(MONDAY, 5) == date(2025, 10, 9)
    assert calendar.add_working_days(MONDAY, 7) == date(2025, 10, 11)
    # A long period reads the calendar beyond its first 60 days.
    # Sep 30 (1), October 21 more (22), November 20 (42), 1-24 December 18 (60).
    assert calendar.add_working_days(MONDAY, 60) == date(2025, 12, 24)
