"""Issue 11, point 8: post types' required level, grades' conditions and service fields' pilot
flag are dated (``core.dated``): a change from a date leaves the flags, the dashboard's
credential rule and promotion decisions before it as they were."""

from __future__ import annotations

from datetime import date

import pytest

from shegong.core import dated
from shegong.core.models import DatedValue
from shegong.core.services import update_record
from shegong.core.testing import factories
from shegong.workforce import compliance, pay, services
from shegong.workforce.models import Employment

from . import data
from .paydata import employed, grade

pytestmark = pytest.mark.django_db

BEFORE, FROM = date(2026, 12, 31), date(2027, 1, 1)


@pytest.fixture
def held(tree):
    """An intermediate social worker (certified 2024, registered 2025 to 2027) in a designated
    post whose type requires intermediate, from 1 February 2025."""
    org = factories.organisation(tree["futian"])
    ptype = data.post_type(level="intermediate")
    who = data.person(tree["futian"], org)
    cert = data.certificate(who, "intermediate", issued=date(2024, 1, 1))
    data.registration(who, cert, valid_from=date(2025, 1, 1), valid_until=date(2027, 12, 31))
    employment = services.hire(None, who, data.post(org, ptype), date(2025, 2, 1), "new_hire")
    return ptype, Employment.objects.filter(pk=employment.pk)


def test_a_level_raised_from_2027_keeps_the_credential_rule_before_it(held):
    ptype, employment = held
    dated.record(ptype, "required_level", "senior", FROM)
    assert dated.as_of(ptype, "required_level", BEFORE) == "intermediate"
    assert dated.as_of(ptype, "required_level", FROM) == "senior"
    # The dashboard's rule (credentialed staffing, POST-3) on each day.
    assert compliance.credentialed(employment, BEFORE).count() == 1
    assert compliance.credentialed(employment, FROM).count() == 0


def test_an_edit_applies_from_its_day_and_the_past_keeps_the_old_level(held):
    ptype, employment = held
    update_record(None, ptype, {"required_level": "senior"}, "new standard")
    ptype.refresh_from_db()
    assert ptype.required_level == "senior"
    history = DatedValue.objects.filter(object_id=str(ptype.pk), field="required_level")
    assert list(history.order_by("valid_from").values_list("valid_from", "value"))[0] == (
        date(2000, 1, 1),
        "intermediate",
    )
    assert dated.as_of(ptype, "required_level", date(2026, 6, 10)) == "intermediate"
    assert compliance.credentialed(employment, date(2026, 6, 10)).count() == 1


def test_a_row_never_changed_has_no_history_and_its_value_holds(held):
    ptype, employment = held
    update_record(None, ptype, {"duties": "社区服务"}, "duties only")
    assert not DatedValue.objects.exists()
    assert dated.as_of(ptype, "required_level", date(2001, 1, 1)) == "intermediate"


def test_a_grade_condition_raised_from_2027_keeps_promotions_before_it(tree):
    org = factories.organisation(tree["futian"])
    g1, g2 = grade(1), grade(2, level="intermediate", min_years=1)
    employment = employed(tree["futian"], org, g1, date(2025, 1, 1), level="intermediate")
    dated.record(g2, "min_years", 3, FROM)

    def years_rule(on):
        return next(r for r in pay.eligibility(employment, g2, on) if r["rule"] == "years")

    assert years_rule(BEFORE)["met"] is True
    assert years_rule(FROM)["met"] is False
    assert (
        (years_rule(BEFORE)["message"])
        == "1 full year(s) in the current grade since 2025-01-01; 1 required."
    )
    assert (
        (years_rule(FROM)["message"])
        == "2 full year(s) in the current grade since 2025-01-01; 3 required."
    )


def test_the_pilot_flag_of_a_service_field_is_dated(db):
    field = data.field("09")
    assert field.is_pilot is False
    dated.record(field, "is_pilot", True, FROM)
    assert dated.as_of(field, "is_pilot", BEFORE) is False
    assert dated.as_of(field, "is_pilot", FROM) is True
