"""Issue 11, point 8: the promotion bar ("competent or better") is the dated parameter
``assessment.promotion_min_rating``, read on the promotion's date: raising it from a date
leaves the decisions before it as they were."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from shegong.assessment.choices import Rating
from shegong.assessment.models import AssessmentCycle
from shegong.assessment.promotion import assessment_condition
from shegong.core.testing import factories

from .test_promotion import _result, ladder  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

KEY = "assessment.promotion_min_rating"


@pytest.fixture
def competent_in_2026(ladder):  # noqa: F811
    a = _result(ladder, 75)
    assert a.rating == Rating.COMPETENT
    AssessmentCycle.objects.filter(pk=a.cycle_id).update(year=2026, published_on=date(2026, 12, 1))
    return ladder


def test_competent_or_better_by_default(competent_in_2026):
    w = competent_in_2026
    [reason] = assessment_condition(w["e"], w["g2"], date(2026, 12, 31))
    assert reason["met"] is True
    assert reason["message"] == "Assessment results 2026: Competent: Competent or better."


def test_a_higher_bar_from_2027_leaves_the_promotions_before_it_as_they_were(competent_in_2026):
    w = competent_in_2026
    factories.parameter(KEY, "excellent", date(2027, 1, 1))
    [before] = assessment_condition(w["e"], w["g2"], date(2026, 12, 31))
    [after] = assessment_condition(w["e"], w["g2"], date(2027, 1, 1))
    assert before["met"] is True
    assert after["met"] is False
    assert after["message"] == (
        "Assessment results 2026: Competent; Excellent or better is required in every "
        "assessment of 2025–2027."
    )


def test_a_bar_that_is_not_a_rating_is_a_configuration_error(competent_in_2026):
    w = competent_in_2026
    factories.parameter(KEY, "good", date(2027, 1, 1))
    with pytest.raises(ImproperlyConfigured, match="promotion_min_rating.*'good'"):
        assessment_condition(w["e"], w["g2"], date(2027, 1, 1))
