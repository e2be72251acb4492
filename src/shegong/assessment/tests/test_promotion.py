"""REG-6 → PAY-2: a published assessment result changes promotion eligibility, with the
reason shown on the application."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shegong.assessment import services
from shegong.assessment.choices import Rating
from shegong.core.testing import factories
from shegong.workforce import pay
from shegong.workforce.tests.paydata import employed, grade

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(tree):
    org = factories.organisation(tree["futian"])
    g1, g2 = grade(1), grade(2, level="intermediate", min_years=2)
    start = data.today() - timedelta(days=800)
    e = employed(tree["futian"], org, g1, start, level="intermediate")
    data.form(e.post.post_type)
    return {
        "tree": tree,
        "e": e,
        "g2": g2,
        "admin": factories.user(role="org_admin", scope=org),
        "officer": factories.user(role="district_officer", scope=tree["futian"]),
    }


def _result(ladder, score, *, year=None, publish=True):
    on = data.today()
    c = data.cycle(ladder["tree"]["futian"], year=year or on.year, reference_date=on)
    services.open_scoring(None, c)
    data.score(c.assessments.get(person=ladder["e"].person), score)
    c = services.close_scoring(None, c)
    if publish:
        services.publish(None, c)
    return c.assessments.get(person=ladder["e"].person)


def test_a_not_competent_result_makes_the_promotion_ineligible(ladder):
    a = _result(ladder, 50)
    assert a.rating == Rating.NOT_COMPETENT
    application = pay.submit_promotion(ladder["admin"], ladder["e"], ladder["g2"])
    assert not application.eligible
    reason = application.reasons[-1]
    assert reason["rule"] == "assessment" and reason["met"] is False
    assert f"{a.cycle.year}: Not competent" in reason["message"]
    assert "Competent or better is required" in reason["message"]


def test_a_basically_competent_result_also_blocks(ladder):
    _result(ladder, 74)
    assert not pay.is_eligible(pay.eligibility(ladder["e"], ladder["g2"]))


def test_a_competent_result_keeps_the_promotion_eligible(ladder):
    a = _result(ladder, 75)
    assert a.rating == Rating.COMPETENT
    application = pay.submit_promotion(ladder["admin"], ladder["e"], ladder["g2"])
    assert application.eligible
    assert application.reasons[-1]["met"] is True
    assert f"{a.cycle.year}: Competent" in application.reasons[-1]["message"]


def test_an_appeal_upheld_to_competent_restores_eligibility(ladder):
    a = _result(ladder, 70)
    assert not pay.is_eligible(pay.eligibility(ladder["e"], ladder["g2"]))
    appeal = services.lodge_appeal(None, a, grounds="理由")  # this person has no account
    services.decide_appeal(
        ladder["officer"], appeal, upheld=True, reasons="复核", new_rating=Rating.COMPETENT
    )
    assert pay.is_eligible(pay.eligibility(ladder["e"], ladder["g2"]))


def test_unpublished_or_old_results_do_not_count(ladder):
    _result(ladder, 50, publish=False)
    reasons = pay.eligibility(ladder["e"], ladder["g2"])
    assert reasons[-1]["met"] is None and "not held against" in reasons[-1]["message"]
    assert pay.is_eligible(reasons)


def test_a_result_older_than_the_window_does_not_count(ladder):
    # promotion_years = 2: on the day, years from (year − 2) count; three years ago does not
    on = data.today()
    _result(ladder, 50, year=on.year - 3)
    assert pay.eligibility(ladder["e"], ladder["g2"], on)[-1]["met"] is None
