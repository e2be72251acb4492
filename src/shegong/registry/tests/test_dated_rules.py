"""Issue 11, point 8: the first exam year and the registration rules' scope are dated
parameters, read as of the date the rule is applied; a change from a date leaves the
decisions before it as they were."""

from datetime import date

from shegong.core.testing import factories
from shegong.registry import parameters as keys
from shegong.registry.services import exams
from shegong.registry.services import registrations as svc


def test_the_first_exam_year_is_2008_and_a_change_applies_from_its_date(db):
    assert exams.first_exam_year(date(2026, 12, 31)) == 2008
    factories.parameter(keys.FIRST_EXAM_YEAR, 2010, date(2027, 1, 1))
    assert exams.first_exam_year(date(2026, 12, 31)) == 2008
    assert exams.first_exam_year(date(2027, 1, 1)) == 2010


def test_the_rule_scope_is_read_on_the_rules_date(db):
    factories.parameter(keys.RULE_SCOPE, "national", date(2027, 1, 1))
    # The city renews yearly until 31 December 2026; periods starting from 2027 are national.
    assert svc.rule_scope(date(2026, 12, 31)) == "city"
    assert svc.rule_scope(date(2027, 1, 1)) == "national"
    before = svc.rule(keys.REGISTRATION_YEARS, date(2026, 12, 31))
    after = svc.rule(keys.REGISTRATION_YEARS, date(2027, 1, 1))
    assert (before.scope, before.value) == ("city", 1)
    assert (after.scope, after.value) == ("national", 3)
    # A rule without a national row still takes the city's.
    assert svc.rule(keys.DECISION_WORKING_DAYS, date(2027, 1, 1)).scope == "city"


def test_an_unknown_scope_value_behaves_as_city(db):
    factories.parameter(keys.RULE_SCOPE, "provincial", date(2027, 1, 1))
    assert svc.rule_scope(date(2027, 1, 1)) == "city"


def test_the_public_lookup_limit_is_the_operators_setting_not_a_policy_parameter(db):
    """The rate limit of the public register stays ``PUBLIC_REGISTER_RATE`` (an operator's
    protection against scraping); no parameter row pretends to set it."""
    from shegong.core.models import PolicyParameter

    assert not PolicyParameter.objects.filter(key="registry.public_lookups_per_minute").exists()
