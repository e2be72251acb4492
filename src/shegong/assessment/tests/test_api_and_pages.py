"""REG-6 tried as its users would, through the pages and through the API: an officer sets up
and runs a cycle, both scorers score, the results are published, the person appeals and an
officer hears the appeal; bad input is a clear message (400 in the API), never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shegong.assessment import services
from shegong.assessment.choices import AppealStatus, CycleStatus, Rating, Side
from shegong.assessment.models import Assessment, AssessmentCycle
from shegong.core.models import AuditRecord
from shegong.workforce import pay
from shegong.workforce.tests import data as wdata
from shegong.workforce.tests.paydata import grade

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(tree):
    w = data.build(tree)
    w["employment"] = data.employ(w["employer"], w["futian"], w["post_type"], w["unit"])
    return w


def _scores(value):
    return {f"score_{k}": str(v) for k, v in data.scores(value).items()}


def test_a_cycle_through_the_pages(client, w):
    today = data.today()
    client.force_login(w["officer"])
    response = client.post(
        "/assessment/assessmentcycles/new/",
        {
            "year": today.year,
            "area": w["futian"].pk,
            "reference_date": today,
            "opens_on": today,
            "closes_on": today + timedelta(days=20),
            "reason": "年度考核",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle = AssessmentCycle.objects.get()
    detail = client.get(cycle.get_absolute_url()).content.decode()
    assert "Open scoring" in detail
    assert client.post(f"/assessment/assessmentcycles/{cycle.pk}/open/", {}).status_code == 302
    again = client.post(f"/assessment/assessmentcycles/{cycle.pk}/open/", {})
    assert again.status_code == 200 and "is at the stage" in again.content.decode()
    a = Assessment.objects.get()

    # each scorer on their own sheet, with a message per field for a bad score
    client.force_login(w["employer_admin"])
    sheet = a.sheets.get(side=Side.EMPLOYER)
    bad = client.post(
        f"/assessment/scoresheets/{sheet.pk}/score/", {**_scores(90), "score_level": "101"}
    )
    assert bad.status_code == 200 and "less than or equal to 100" in bad.content.decode()
    ok = client.post(
        f"/assessment/scoresheets/{sheet.pk}/score/", {**_scores(95), "comment": "表现突出"}
    )
    assert ok.status_code == 302
    client.force_login(w["served_admin"])
    served = a.sheets.get(side=Side.SERVED_UNIT)
    assert "Give scores" in client.get(served.get_absolute_url()).content.decode()
    assert (
        client.post(f"/assessment/scoresheets/{served.pk}/score/", _scores(80)).status_code == 302
    )

    client.force_login(w["officer"])
    assert (
        client.post(f"/assessment/assessmentcycles/{cycle.pk}/close-scoring/", {}).status_code
        == 302
    )
    assert client.post(f"/assessment/assessmentcycles/{cycle.pk}/publish/", {}).status_code == 302
    a.refresh_from_db()
    assert a.combined_score == 89 and a.rating == Rating.COMPETENT  # 60 % × 95 + 40 % × 80

    # the person sees the result and appeals from the page
    me = w["employment"].person.user
    client.force_login(me)
    page = client.get(a.get_absolute_url()).content.decode()
    assert "89.00" in page and "Appeal" in page
    response = client.post(
        f"/assessment/assessments/{a.pk}/appeal/", {"grounds": "服务单位评分偏低"}
    )
    assert response.status_code == 302
    appeal = a.appeal

    # the employer's administrator sees it but has no appeal button
    client.force_login(w["employer_admin"])
    assert (
        f"/assessment/assessments/{a.pk}/appeal/"
        not in client.get(a.get_absolute_url()).content.decode()
    )

    client.force_login(w["officer"])
    response = client.post(
        f"/assessment/appeals/{appeal.pk}/decide/",
        {
            "outcome": "upheld",
            "new_rating": Rating.EXCELLENT,
            "new_score": "90.00",
            "reasons": "复核后调整",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    a.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD and a.rating == Rating.EXCELLENT
    history = client.get(a.get_absolute_url() + "?tab=history").content.decode()
    assert "复核后调整" in history


def test_a_cycle_through_the_api(client, w):
    today = data.today()
    client.force_login(w["city_officer"])
    bad_form = client.post(
        "/api/v1/assessment-forms/",
        {
            "post_type": wdata.post_type(designated=False).pk,
            "name": "表",
            **{f"weight_{k}": "16.5" for k in data.scores(0)},
        },
        content_type="application/json",
    )
    assert bad_form.status_code == 400
    assert "exactly 100" in str(bad_form.json())
    created = client.post(
        "/api/v1/assessment-cycles/",
        {
            "year": today.year,
            "area": w["futian"].pk,
            "reference_date": str(today),
            "opens_on": str(today),
            "closes_on": str(today - timedelta(days=1)),
        },
        content_type="application/json",
    )
    assert created.status_code == 400 and "closes_on" in created.json()
    created = client.post(
        "/api/v1/assessment-cycles/",
        {
            "year": today.year,
            "area": w["futian"].pk,
            "reference_date": str(today),
            "opens_on": str(today),
            "closes_on": str(today + timedelta(days=9)),
            "status": "published",  # read only: ignored
        },
        content_type="application/json",
        HTTP_X_REASON="年度考核",
    )
    assert created.status_code == 201 and created.json()["status"] == CycleStatus.DRAFT
    pk = created.json()["id"]
    response = client.post(
        f"/api/v1/assessment-cycles/{pk}/open-scoring/", {}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == CycleStatus.SCORING_OPEN
    early = client.post(
        f"/api/v1/assessment-cycles/{pk}/publish/", {}, content_type="application/json"
    )
    assert early.status_code == 400 and "“Scoring open”" in str(early.json())

    a = Assessment.objects.get()
    sheets = {s.side: s for s in a.sheets.all()}
    client.force_login(w["employer_admin"])
    url = f"/api/v1/score-sheets/{sheets[Side.EMPLOYER].pk}/score/"
    bad = client.post(url, {**_scores(80), "score_moral": "100.5"}, content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()) == ["score_moral"]
    missing = client.post(url, {"score_ability": "80"}, content_type="application/json")
    assert missing.status_code == 400 and "score_level" in missing.json()
    assert client.post(url, _scores(50), content_type="application/json").status_code == 200
    client.force_login(w["served_admin"])
    url = f"/api/v1/score-sheets/{sheets[Side.SERVED_UNIT].pk}/score/"
    assert client.post(url, _scores(50), content_type="application/json").status_code == 200

    client.force_login(w["city_officer"])
    for step in ("close-scoring", "publish"):
        response = client.post(
            f"/api/v1/assessment-cycles/{pk}/{step}/", {}, content_type="application/json"
        )
        assert response.status_code == 200, response.json()
    client.force_login(w["employment"].person.user)
    result = client.get(f"/api/v1/assessments/{a.pk}/").json()
    assert result["rating"] == Rating.NOT_COMPETENT and result["combined_score"] == "50.00"
    lodged = client.post(
        f"/api/v1/assessments/{a.pk}/appeal/", {"grounds": "不服"}, content_type="application/json"
    )
    assert lodged.status_code == 201
    client.force_login(w["officer"])
    decided = client.post(
        f"/api/v1/assessment-appeals/{lodged.json()['id']}/decide/",
        {"upheld": False, "reasons": "评分有据"},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == AppealStatus.DISMISSED
    assert AuditRecord.objects.filter(model="assessment.appeal", action="update").exists()

    # the result counts towards promotion: the organisation applies, the reason is shown
    employment = w["employment"]
    g1, g2 = grade(1), grade(2)
    pay.set_grade(None, employment, g1, 1, employment.start)
    client.force_login(w["employer_admin"])
    applied = client.post(
        "/api/v1/promotion-applications/",
        {"employment": employment.pk, "to_grade": g2.pk},
        content_type="application/json",
    )
    assert applied.status_code == 201 and applied.json()["eligible"] is False
    reason = next(r for r in applied.json()["reasons"] if r["rule"] == "assessment")
    assert reason["met"] is False and "Not competent" in reason["message"]


def test_a_late_appeal_through_the_api_is_a_clear_400(client, w):
    c = services.open_scoring(None, data.cycle(w["futian"]))
    data.score(c.assessments.get(), 70)
    services.publish(None, services.close_scoring(None, c), on=data.today() - timedelta(days=16))
    client.force_login(w["employment"].person.user)
    a = c.assessments.get()
    response = client.post(
        f"/api/v1/assessments/{a.pk}/appeal/", {"grounds": "迟了"}, content_type="application/json"
    )
    assert response.status_code == 400 and "closed on" in response.json()["grounds"][0]
