"""Issue 11, point 8: where the CPD year starts is the dated parameter
``education.cpd_year_start``; calendar years by default, and a change from a date leaves the
years before it as they were (``education.years``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from shegong.core.testing import factories
from shegong.education import rules, services
from shegong.education import years as cpd_year
from shegong.education.rules import Window

from . import data

pytestmark = pytest.mark.django_db

KEY = "education.cpd_year_start"


@pytest.fixture
def july_from_2027(db):
    """From 1 July 2027 the city's CPD years run 1 July to 30 June."""
    factories.parameter(KEY, "07-01", date(2027, 7, 1))


def test_by_default_the_cpd_year_is_the_calendar_year():
    assert cpd_year.bounds(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert cpd_year.year_of(date(2026, 12, 31)) == 2026
    assert cpd_year.year_of(date(2027, 1, 1)) == 2027


def test_a_july_start_from_2027_leaves_the_years_before_as_they_were(july_from_2027):
    assert cpd_year.bounds(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    # The year of the change is shortened: it ends the day before the first July start.
    assert cpd_year.bounds(2027) == (date(2027, 1, 1), date(2027, 6, 30))
    # Then years run 1 July to 30 June, named by the calendar year they end in.
    assert cpd_year.bounds(2028) == (date(2027, 7, 1), date(2028, 6, 30))
    assert cpd_year.bounds(2029) == (date(2028, 7, 1), date(2029, 6, 30))
    assert cpd_year.year_of(date(2027, 6, 30)) == 2027
    assert cpd_year.year_of(date(2027, 7, 1)) == 2028
    assert cpd_year.year_of(date(2028, 6, 30)) == 2028


def test_records_count_in_the_cpd_year_of_their_date(tree, july_from_2027):
    who = data.person(tree["futian"])
    data.certificate(who, "assistant", issued=date(2020, 1, 1))
    rule = data.rule()
    data.record(who, date(2026, 12, 31), days=1)
    data.record(who, date(2027, 6, 30), days=2)
    data.record(who, date(2027, 7, 1), days=4)
    data.record(who, date(2028, 6, 30), days=8)
    assert rules.person_progress(rule, who, Window(year=2026)).credited == 1
    assert rules.person_progress(rule, who, Window(year=2027)).credited == 2
    assert rules.person_progress(rule, who, Window(year=2028)).credited == 12


def test_a_change_from_a_day_that_is_not_a_start_lengthens_the_year_before(db):
    factories.parameter(KEY, "07-01", date(2027, 9, 1))
    # No start falls in 2027 (1 July 2027 is before the change, 1 January 2028 after it).
    assert cpd_year.bounds(2028) == (date(2027, 1, 1), date(2028, 6, 30))
    assert cpd_year.year_of(date(2027, 12, 31)) == 2028


def test_the_renewal_checks_the_last_full_cpd_year(july_from_2027):
    class Registration:  # only ``valid_until`` is read
        def __init__(self, until):
            self.valid_until = until

    assert rules.renewal_check_year(Registration(date(2026, 12, 31))) == 2026
    assert rules.renewal_check_year(Registration(date(2027, 12, 31))) == 2027
    assert rules.renewal_check_year(Registration(date(2028, 6, 30))) == 2028
    assert rules.renewal_check_year(Registration(date(2028, 12, 31))) == 2028


def test_reminders_count_down_to_the_end_of_the_cpd_year(july_from_2027):
    # 60 days before the year's end (education.reminder_days_before_year_end).
    assert not services.reminders_due(date(2026, 10, 31))
    assert services.reminders_due(date(2026, 11, 1))
    # The shortened year 2027 ends on 30 June 2027; year 2028 on 30 June 2028.
    assert not services.reminders_due(date(2027, 4, 30))
    assert services.reminders_due(date(2027, 5, 1))
    assert not services.reminders_due(date(2028, 4, 30))
    assert services.reminders_due(date(2028, 5, 1))


def test_a_bad_start_is_a_configuration_error_naming_the_parameter(db):
    factories.parameter(KEY, "02-30", date(2027, 1, 1))
    with pytest.raises(ImproperlyConfigured, match="education.cpd_year_start.*02-30"):
        cpd_year.year_of(date(2027, 3, 1))
