"""EDU-2 rules at the edges that a wrong rule would cross (issue 11, point 5): a rule that
starts this year and one switched off; the renewal year of registrations that do not end on
31 December; the city's rules when the register's scope has none; supervision sessions on the
first and last day of a window. Expected values are written out, not computed by the code
under test; nothing depends on today's date."""

from __future__ import annotations

from datetime import date

import pytest

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.education import rules
from shegong.education.models import CpdRule, Supervision, SupervisionSession, Supervisor
from shegong.education.rules import Window

from . import data

pytestmark = pytest.mark.django_db

Y = 2025
CITY = "深圳市继续教育（每年不少于15天）"


def codes(year) -> set[str]:
    return {r.code for r in rules.rules_in_force(year)}


# --- Which rules are in force ------------------------------------------------------------------


def test_a_rule_starting_this_year_is_in_force_this_year_not_the_year_before():
    data.rule(code="edu-new", from_year=Y)
    assert codes(Y) == {"city", "national", "edu-new"}
    assert codes(Y - 1) == {"city", "national"}


def test_a_rule_switched_off_is_not_in_force():
    data.rule(code="edu-off", from_year=2000, is_active=False)
    data.rule(code="edu-ends", from_year=2000)
    data.rule(code="edu-ends", from_year=Y, is_active=False)  # switched off from Y
    assert codes(Y - 1) == {"city", "national", "edu-ends"}
    assert codes(Y) == {"city", "national"}
    assert codes(Y + 1) == {"city", "national"}


def test_a_later_row_replaces_the_earlier_whatever_its_sort_order():
    """Found by this test (issue 11): the earlier row won when it sorted first."""
    data.rule(code="edu-v", from_year=2000, required_assistant=15, sort_order=90)
    data.rule(code="edu-v", from_year=Y, required_assistant=20, sort_order=0)
    before = [(r.code, r.required_assistant) for r in rules.rules_in_force(Y - 1)]
    assert before == [("city", 15), ("national", 72), ("edu-v", 15)]
    after = [(r.code, r.required_assistant) for r in rules.rules_in_force(Y)]
    assert after == [("edu-v", 20), ("city", 15), ("national", 72)]


# --- Renewal: the year checked and the rules checked -------------------------------------------


def registered(tree, valid_from, valid_until):
    who = data.person(tree["futian"])
    cert = data.certificate(who, issued=date(2015, 1, 1))
    return who, data.registration(who, cert, valid_from=valid_from, valid_until=valid_until)


@pytest.mark.parametrize(
    "valid_until, year",
    [
        (date(2026, 6, 30), 2025),
        (date(2026, 12, 30), 2025),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
    ],
)
def test_the_renewal_checks_the_last_full_calendar_year(tree, valid_until, year):
    _who, reg = registered(tree, date(valid_until.year - 1, 1, 1), valid_until)
    assert rules.renewal_check_year(reg) == year


def test_a_registration_ending_in_june_is_checked_on_the_year_before(tree):
    who, reg = registered(tree, date(2025, 7, 1), date(2026, 6, 30))
    data.record(who, date(2025, 12, 31), days=15)  # the last full year: complete
    assert rules.renewal_condition(reg, date(2026, 6, 1)) == []
    who, reg = registered(tree, date(2025, 7, 1), date(2026, 6, 30))
    data.record(who, date(2026, 1, 1), days=15)  # in the year not yet over: not counted
    assert rules.renewal_condition(reg, date(2026, 6, 1)) == [
        f"Continuing education ({CITY}): 0 of 15 days in 2025: 15 days missing."
    ]


def test_a_registration_ending_on_31_december_is_checked_on_its_own_year(tree):
    who, reg = registered(tree, date(2026, 1, 1), date(2026, 12, 31))
    data.record(who, date(2026, 12, 31), days=15)
    assert rules.renewal_condition(reg, date(2026, 12, 1)) == []


def test_a_scope_without_rules_falls_back_to_the_citys(tree):
    factories.parameter("registry.rule_scope", "national", date(2020, 1, 1))
    # the national rules checked at renewal switched off for this test: the scope has none
    CpdRule.objects.filter(scope="national").update(checked_at_renewal=False)
    who, reg = registered(tree, date(2025, 7, 1), date(2026, 6, 30))
    data.record(who, date(2025, 5, 1), days=10)
    assert rules.renewal_condition(reg, date(2026, 6, 1)) == [
        f"Continuing education ({CITY}): 10 of 15 days in 2025: 5 days missing."
    ]


def test_the_registers_scope_replaces_the_citys_rules_when_it_has_some(tree):
    factories.parameter("registry.rule_scope", "national", date(2020, 1, 1))
    who, reg = registered(tree, date(2023, 7, 1), date(2026, 6, 30))
    data.record(who, date(2023, 7, 1), hours=72)  # the period's first day; no city days
    assert rules.renewal_condition(reg, date(2026, 6, 1)) == []


# --- Supervision sessions on the first and last day of the window ------------------------------


def supervised(tree, starts_on):
    supervisee = data.person(tree["futian"])
    data.certificate(supervisee, issued=date(2015, 1, 1))
    senior = data.person(tree["futian"])
    data.certificate(senior, "senior", issued=date(2015, 1, 1))
    supervisor = create_record(None, Supervisor, {"person": senior, "appointed_on": starts_on})
    supervision = create_record(
        None,
        Supervision,
        {"supervisor": supervisor, "supervisee": supervisee, "starts_on": starts_on},
    )
    return supervisee, supervision


def session(supervision, held_on, hours):
    create_record(
        None,
        SupervisionSession,
        {"supervision": supervision, "held_on": held_on, "hours": hours, "topic": "个案督导"},
    )


def test_supervision_on_1_january_and_31_december_counts_in_the_year(tree):
    supervisee, supervision = supervised(tree, date(Y - 1, 12, 1))
    session(supervision, date(Y - 1, 12, 31), 1)
    session(supervision, date(Y, 1, 1), 8)
    session(supervision, date(Y, 12, 31), 4)
    session(supervision, date(Y + 1, 1, 1), 2)
    rule = data.rule(weights={"course": 1, "supervision": 1})
    assert rules.person_progress(rule, supervisee, Window(year=Y)).credited == 1.5  # 12 h / 8


def test_supervision_on_the_first_and_last_day_of_a_registration_period_counts(tree):
    supervisee, supervision = supervised(tree, date(2022, 12, 1))
    cert = supervisee.certificates.get()
    reg = data.registration(
        supervisee, cert, valid_from=date(2023, 1, 1), valid_until=date(2025, 12, 31)
    )
    session(supervision, date(2022, 12, 31), 1)
    session(supervision, date(2023, 1, 1), 8)
    session(supervision, date(2025, 12, 31), 4)
    session(supervision, date(2026, 1, 1), 2)
    national = next(r for r in rules.rules_in_force(2025) if r.code == "national")
    progress = rules.person_progress(national, supervisee, Window(registration=reg))
    assert (progress.credited, progress.required) == (12, 72)
    live = rules.person_progress(national, supervisee, Window(on=date(2025, 12, 31)))
    assert live.credited == 12


def test_a_past_registration_period_counts_from_its_first_to_its_last_day(tree):
    """The period rule asked about on a past day: the registration live on that day (its first
    day included), not today's, and records from its first to its last day (mutants that
    survived the first mutation run, issue 11)."""
    who = data.person(tree["futian"])
    cert = data.certificate(who, issued=date(2015, 1, 1))
    reg = data.registration(who, cert, valid_from=date(2020, 1, 1), valid_until=date(2022, 12, 31))
    data.record(who, date(2019, 12, 31), hours=3)
    data.record(who, date(2020, 1, 1), hours=40)
    data.record(who, date(2022, 12, 31), hours=30)
    data.record(who, date(2023, 1, 1), hours=5)
    national = next(r for r in rules.rules_in_force(2022) if r.code == "national")
    on_first_day = rules.person_progress(national, who, Window(on=date(2020, 1, 1)))
    assert (on_first_day.credited, on_first_day.required) == (70, 72)
    assert rules.person_progress(national, who, Window(on=date(2022, 12, 31))).credited == 70
    assert rules.person_progress(national, who, Window(registration=reg)).credited == 70
    assert rules.person_progress(national, who, Window(on=date(2019, 12, 31))) is None
