"""Builders for the assessment tests, writing through the services like real use.

``build(tree)``: in Futian an employing organisation and the organisation it serves (the
served unit of the posts' service unit), in Luohu another organisation; a post type with its
assessment form (weights 20/20/20/15/15/10); and helpers to employ people, open a cycle and
score every sheet.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from shegong.assessment import services
from shegong.assessment.choices import Side
from shegong.assessment.models import AssessmentCycle, AssessmentForm, ScoreSheet
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.workforce import services as workforce
from shegong.workforce.tests import data as wdata

WEIGHTS = {
    "weight_ability": Decimal("20"),
    "weight_conduct": Decimal("20"),
    "weight_performance": Decimal("20"),
    "weight_moral": Decimal("15"),
    "weight_quality": Decimal("15"),
    "weight_level": Decimal("10"),
}


def today():
    return wdata.today()


def form(post_type, **weights):
    return create_record(
        None,
        AssessmentForm,
        {"post_type": post_type, "name": f"考核表 {post_type}", **WEIGHTS, **weights},
    )


def employ(org, area, post_type, unit=None, start=None, with_user=True, end=None):
    """A person employed in a new (not designated) post of ``org`` from ``start``."""
    user = None
    if with_user:
        user = factories.user(role="social_worker", scope=None, home=area, organisation=org)
    person = wdata.person(area, org, user=user)
    post = wdata.post(org, post_type, service_unit=unit)
    employment = workforce.hire(
        None, person, post, start or today() - timedelta(days=200), "new_hire"
    )
    if end is not None:
        employment = workforce.end_employment(None, employment, end)
    return employment


def build(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    employer = factories.organisation(futian, "福田社工服务中心")
    served = factories.organisation(futian, "福田区某小学")
    other = factories.organisation(luohu, "罗湖社工服务中心")
    post_type = wdata.post_type(designated=False)
    unit = wdata.unit(futian, organisation=served)
    return {
        "tree": tree,
        "futian": futian,
        "luohu": luohu,
        "employer": employer,
        "served": served,
        "other": other,
        "post_type": post_type,
        "form": form(post_type),
        "unit": unit,
        "employer_admin": factories.user(role="org_admin", scope=employer),
        "served_admin": factories.user(role="org_admin", scope=served),
        "other_admin": factories.user(role="org_admin", scope=other),
        "officer": factories.user(role="district_officer", scope=futian),
        "luohu_officer": factories.user(role="district_officer", scope=luohu),
        "city_officer": factories.user(role="city_officer", scope=tree["city"]),
    }


def cycle(area, year=None, reference_date=None, **extra):
    on = reference_date or today()
    return create_record(
        None,
        AssessmentCycle,
        {
            "year": year or on.year,
            "area": area,
            "reference_date": on,
            "opens_on": on - timedelta(days=10),
            "closes_on": on + timedelta(days=10),
            **extra,
        },
    )


def scores(value) -> dict:
    return {
        c: Decimal(str(value))
        for c in ("ability", "conduct", "performance", "moral", "quality", "level")
    }


def score(assessment, employer, served=None, actor=None):
    """Every criterion of the employer's sheet at ``employer`` (so its total is ``employer``),
    and of the served unit's at ``served`` (default: the same)."""
    for sheet in ScoreSheet.objects.filter(assessment=assessment):
        value = (
            employer if sheet.side == Side.EMPLOYER else (employer if served is None else served)
        )
        services.submit_scores(actor, sheet, scores(value))


def run_to_results(w, combined: list, area=None):
    """Employ one person per combined score at the employer, open a cycle, score, close."""
    employments = [employ(w["employer"], w["futian"], w["post_type"], w["unit"]) for _ in combined]
    c = cycle(area or w["futian"])
    services.open_scoring(None, c)
    for employment, value in zip(employments, combined, strict=True):
        score(c.assessments.get(person=employment.person), value)
    c = services.close_scoring(None, c)
    return c, [c.assessments.get(person=e.person) for e in employments]
