"""ORG-4: the priority rules at their edges, with expected values written out: registered N
years before the call closes exactly (not new) and a day later (new), in preparation (new),
a pilot field as of the closing day, the named field, and the order on equal scores."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from shegong.core import services as core
from shegong.core.testing.clock import frozen_clock
from shegong.incubation import rules, services
from shegong.incubation.choices import Condition

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def futian_base(tree):
    made = data.base(tree["futian"], places=(("A01", 1), ("A02", 1)))
    data.rule(made, "三年内新成立", Condition.REGISTERED_WITHIN, 30, years=3)
    data.rule(made, "筹备中", Condition.IN_PREPARATION, 10)
    data.rule(made, "试点领域", Condition.PILOT_FIELD, 20)
    data.rule(made, "新成立且服务试点领域", Condition.NEW_IN_PILOT_FIELD, 15, years=3)
    data.rule(made, "服务禁毒领域", Condition.SERVES_FIELD, 7, field=data.field("07"))
    return made


def score_of(application):
    return services.score_application(application)[0]


def test_registered_exactly_n_years_before_the_close_is_not_new(tree, futian_base):
    call = data.call(futian_base)
    # The call closes on 2026-03-31: three years before is 2023-03-31.
    old = data.organisation(tree["futian"], date(2023, 3, 31), [data.field("04")])
    new = data.organisation(tree["futian"], date(2023, 4, 1), [data.field("04")])
    assert score_of(data.apply(call, old)) == 0
    assert score_of(data.apply(call, new)) == 30  # registered within 3 years, field 04 not pilot


def test_an_organisation_in_preparation_counts_as_new(tree, futian_base):
    call = data.call(futian_base)
    application = data.apply(call, name="阳光社工服务中心（筹）", fields=[data.field("01")])
    # new (30) + in preparation (10) + pilot field 01 (20) + new in a pilot field (15)
    points, hits = services.score_application(application)
    assert points == 75
    assert sorted(hit["name"] for hit in hits) == sorted(
        ["三年内新成立", "筹备中", "试点领域", "新成立且服务试点领域"]
    )


def test_the_named_field_scores_and_another_does_not(tree, futian_base):
    call = data.call(futian_base)
    drugs = data.organisation(tree["futian"], date(2015, 1, 1), [data.field("07")])
    health = data.organisation(tree["futian"], date(2015, 1, 1), [data.field("04")])
    assert score_of(data.apply(call, drugs)) == 7
    assert score_of(data.apply(call, health)) == 0


def test_a_pilot_field_counts_as_it_was_on_the_closing_day(tree, futian_base):
    call = data.call(futian_base)
    medical = data.field("04")
    org = data.organisation(tree["futian"], date(2015, 1, 1), [medical])
    # Field 04 becomes a pilot field on 2026-04-10, after the call closed: it does not count.
    with frozen_clock(date(2026, 4, 10)):
        core.update_record(None, medical, {"is_pilot": True})
    assert score_of(data.apply(call, org)) == 0
    later = data.call(
        futian_base,
        opens_on=date(2026, 4, 1),
        closes_on=date(2026, 4, 30),
        incubation_starts_on=date(2026, 6, 1),
    )
    application = data.apply(later, org, at=timezone.make_aware(datetime(2026, 4, 20, 9)))
    assert score_of(application) == 20


def test_an_inactive_rule_gives_no_points(tree, futian_base):
    call = data.call(futian_base)
    for rule in futian_base.priority_rules.all():
        core.update_record(None, rule, {"is_active": False})
    application = data.apply(call, name="筹备中的机构", fields=[data.field("01")])
    assert score_of(application) == 0


def test_years_before_29_february():
    assert rules.years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert rules.years_before(date(2026, 3, 31), 3) == date(2023, 3, 31)


def test_a_rule_names_its_years_or_field_only_when_its_condition_takes_them(tree, futian_base):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        data.rule(futian_base, "缺少年限", Condition.REGISTERED_WITHIN, 5)
    assert "years" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        data.rule(futian_base, "缺少领域", Condition.SERVES_FIELD, 5)
    assert "field" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        data.rule(futian_base, "多余年限", Condition.PILOT_FIELD, 5, years=2)
    assert "years" in exc.value.message_dict
