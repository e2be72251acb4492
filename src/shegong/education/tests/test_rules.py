"""EDU-2 at its edges: 14.5 vs 15 days, the year boundary, kinds that do not count, weights,
caps, hours → days, the national rule per registration period, supervision hours, and the
compliance list computed in one query."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from shegong.core.services import create_record
from shegong.education import rules
from shegong.education.models import Supervision, SupervisionSession, Supervisor
from shegong.education.rules import Window
from shegong.people.models import Person

from . import data

pytestmark = pytest.mark.django_db

Y = 2025


def short_ids(rule, window, **kw):
    return {row["pk"] for row in rules.compliance(rule, window, **kw)}


def credited(rule, who, window):
    return rules.person_progress(rule, who, window).credited


def holder_in(area, organisation=None, level="assistant"):
    who = data.person(area, organisation)
    data.certificate(who, level, issued=date(2020, 1, 1))
    return who


@pytest.fixture
def holder(tree):
    return holder_in(tree["futian"])


def test_14_5_days_is_short_15_days_is_not(holder):
    rule = data.rule()
    data.record(holder, date(Y, 3, 1), days="14.5")
    assert holder.pk in short_ids(rule, Window(year=Y))
    result = rules.person_progress(rule, holder, Window(year=Y))
    assert result.message() == "14.5 of 15 days in 2025: 0.5 days missing"
    data.record(holder, date(Y, 4, 1), days="0.5")
    assert holder.pk not in short_ids(rule, Window(year=Y))
    assert rules.person_progress(rule, holder, Window(year=Y)).message() == "15 of 15 days in 2025"


def test_year_boundary_31_december_and_1_january(holder):
    rule = data.rule()
    data.record(holder, date(Y - 1, 12, 31), days=10)
    data.record(holder, date(Y, 1, 1), days=6)
    data.record(holder, date(Y, 12, 31), days=9)
    data.record(holder, date(Y + 1, 1, 1), days=20)
    assert credited(rule, holder, Window(year=Y - 1)) == 10
    assert credited(rule, holder, Window(year=Y)) == 15
    assert credited(rule, holder, Window(year=Y + 1)) == 20


def test_a_kind_the_rule_does_not_list_does_not_count_and_weights_apply(holder):
    rule = data.rule(weights={"course": 1, "online": 0.5})
    data.record(holder, date(Y, 5, 1), days=10, kind="exchange")  # not listed
    data.record(holder, date(Y, 5, 2), days=10, kind="online")  # half weight
    data.record(holder, date(Y, 5, 3), days=9, kind="course")
    assert credited(rule, holder, Window(year=Y)) == 14
    assert holder.pk in short_ids(rule, Window(year=Y))


def test_only_approved_records_count(holder):
    rule = data.rule()
    data.record(holder, date(Y, 5, 1), days=10, status="claimed")
    data.record(holder, date(Y, 5, 2), days=10, status="refused")
    data.record(holder, date(Y, 5, 3), days=3)
    assert credited(rule, holder, Window(year=Y)) == 3


def test_cap_per_kind(holder):
    rule = data.rule(weights={"course": 1, "online": 1}, caps={"online": 5})
    data.record(holder, date(Y, 2, 1), days=10, kind="online")
    data.record(holder, date(Y, 2, 2), days=9, kind="course")
    assert credited(rule, holder, Window(year=Y)) == 14  # 5 (capped) + 9
    data.record(holder, date(Y, 2, 3), days=1, kind="course")
    assert credited(rule, holder, Window(year=Y)) == 15
    assert holder.pk not in short_ids(rule, Window(year=Y))


def test_hours_convert_to_days_with_the_parameter_or_the_rules_own(holder):
    rule = data.rule()
    data.record(holder, date(Y, 6, 1), hours=116)  # 116 / 8 = 14.5
    assert credited(rule, holder, Window(year=Y)) == Decimal("14.5")
    data.record(holder, date(Y, 6, 2), hours=4)  # 120 / 8 = 15
    assert holder.pk not in short_ids(rule, Window(year=Y))
    six = data.rule(hours_per_day=Decimal("6"))
    assert credited(six, holder, Window(year=Y)) == 20  # 120 / 6
    data.record(holder, date(Y, 6, 3), days=2, hours=4)  # days given: the days count
    assert credited(six, holder, Window(year=Y)) == 22


def test_hours_rule_converts_days_to_hours(holder):
    rule = data.rule(unit="hours", required_assistant=72)
    data.record(holder, date(Y, 6, 1), days=8)  # 64 hours
    data.record(holder, date(Y, 6, 2), hours=7)
    assert credited(rule, holder, Window(year=Y)) == 71
    assert holder.pk in short_ids(rule, Window(year=Y))


def test_only_certificate_holders_by_the_end_of_the_year(tree):
    rule = data.rule()
    nobody = data.person(tree["futian"])
    late = data.person(tree["futian"])
    data.certificate(late, issued=date(Y + 1, 1, 1))
    recalled = data.person(tree["futian"])
    data.certificate(recalled, status="recalled", issued=date(Y - 3, 1, 1))
    on_time = data.person(tree["futian"])
    data.certificate(on_time, issued=date(Y, 12, 31))
    assert short_ids(rule, Window(year=Y)) == {on_time.pk}
    assert nobody.pk and late.pk and recalled.pk


def test_national_rule_per_registration_period(tree):
    national = rules.rules_in_force(2026)
    national = next(r for r in national if r.code == "national")
    start, until = date(2024, 1, 1), date(2026, 12, 31)
    assistant = data.credentialed(tree["futian"], valid_from=start, valid_until=until)
    data.record(assistant, start - timedelta(days=1), hours=40)  # before the period
    data.record(assistant, start, hours=40)
    data.record(assistant, until, hours=31)
    on = date(2026, 6, 1)
    assert credited(national, assistant, Window(on=on)) == 71
    assert assistant.pk in short_ids(national, Window(on=on))
    data.record(assistant, date(2025, 5, 5), hours=1)
    assert assistant.pk not in short_ids(national, Window(on=on))  # 72 for assistants
    intermediate = data.credentialed(
        tree["futian"], level="intermediate", valid_from=start, valid_until=until
    )
    data.record(intermediate, date(2025, 5, 5), hours=72)
    progress = rules.person_progress(national, intermediate, Window(on=on))
    assert progress.required == 90
    assert progress.message() == (
        "72 of 90 hours in the registration period 2024-01-01 – 2026-12-31: 18 hours missing"
    )
    # Outside any live registration the rule does not apply.
    assert rules.person_progress(national, assistant, Window(on=date(2027, 1, 1))) is None


def test_supervision_hours_count_where_the_rule_says_so(tree):
    supervisee = holder_in(tree["futian"])
    senior = holder_in(tree["futian"], level="senior")
    supervisor = create_record(None, Supervisor, {"person": senior, "appointed_on": date(Y, 1, 1)})
    supervision = create_record(
        None,
        Supervision,
        {"supervisor": supervisor, "supervisee": supervisee, "starts_on": date(Y, 1, 1)},
    )
    create_record(
        None,
        SupervisionSession,
        {"supervision": supervision, "held_on": date(Y, 3, 1), "hours": 8, "topic": "个案"},
    )
    data.record(supervisee, date(Y, 3, 2), days=14)
    counting = data.rule(weights={"course": 1, "supervision": 1})
    not_counting = data.rule(weights={"course": 1})
    assert credited(counting, supervisee, Window(year=Y)) == 15
    assert credited(not_counting, supervisee, Window(year=Y)) == 14
    capped = data.rule(weights={"course": 1, "supervision": 1}, caps={"supervision": 0.5})
    assert credited(capped, supervisee, Window(year=Y)) == Decimal("14.5")


def test_compliance_filters_by_district_and_organisation(tree):
    from shegong.core.testing import factories
    from shegong.workforce import services as workforce
    from shegong.workforce.tests import data as wdata

    rule = data.rule()
    org = factories.organisation(tree["futian"])
    futian = data.person(tree["futian"], org)
    data.registration(futian, data.certificate(futian, issued=date(2020, 1, 1)))
    luohu = holder_in(tree["luohu"])
    post = wdata.post(org, wdata.post_type())
    workforce.hire(None, futian, post, date.today(), "new_hire")
    assert short_ids(rule, Window(year=Y)) == {futian.pk, luohu.pk}
    assert short_ids(rule, Window(year=Y), area=tree["luohu"]) == {luohu.pk}
    assert short_ids(rule, Window(year=Y), organisation=org) == {futian.pk}
    assert rules.organisations_of([futian.pk, luohu.pk]) == {futian.pk: org.name}


def test_compliance_is_one_query_whatever_the_number_of_people(tree, django_assert_num_queries):
    rule = data.rule(
        weights={"course": 1, "online": 1, "supervision": 1}, caps={"online": 3}, hours_per_day=8
    )
    for i in range(12):
        who = holder_in(tree["futian"])
        data.record(who, date(Y, 1, 1 + i), days=i)
    rule = type(rule).objects.get(pk=rule.pk)
    rules.cpd_year.bounds(Y)  # where CPD years start is cached (core.parameters.history)
    with django_assert_num_queries(1):
        rows = list(rules.compliance(rule, Window(year=Y)))
    assert len(rows) == 12  # 0..11 days: all short
    assert Person.objects.count() == 12


def test_the_whole_list_a_district_and_the_person_page_credit_the_same(tree):
    """The records are summed per person before people are joined (ADR 0027): a narrowed list
    sums only its own people's records, and every view of a person gives one amount."""
    rule = data.rule(weights={"course": 1, "seminar": 1, "online": 0.5}, caps={"online": 2})
    futian, luohu = holder_in(tree["futian"]), holder_in(tree["luohu"])
    data.record(futian, date(Y, 3, 1), days=9, kind="course")
    data.record(futian, date(Y, 3, 2), hours=12, kind="seminar")  # 1.5 days
    data.record(futian, date(Y, 3, 3), days=3, kind="online")  # 1.5, under the cap of 2
    data.record(luohu, date(Y, 3, 1), days=4, kind="course")
    data.record(luohu, date(Y, 3, 2), days=10, kind="online")  # 5, capped at 2
    data.record(luohu, date(Y - 1, 12, 31), days=9, kind="course")  # the year before
    window = Window(year=Y)
    whole = {r["pk"]: r["credited"] for r in rules.compliance(rule, window)}
    assert whole == {futian.pk: Decimal("12"), luohu.pk: Decimal("6")}
    district = {r["pk"]: r["credited"] for r in rules.compliance(rule, window, area=tree["luohu"])}
    assert district == {luohu.pk: Decimal("6")}
    assert credited(rule, futian, window) == 12
    assert credited(rule, luohu, window) == 6
    row = rules.compliance(rule, window, area=tree["luohu"]).get()
    assert (row["required"], row["missing"]) == (15, 9)
