"""ORG-3: who sees what (two organisations, two districts, evaluators), the pages of each step
and the API."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.core.permissions import restrict
from shegong.core.services import update_record
from shegong.grading import services
from shegong.grading.models import Application, OrganisationGrade, Score
from shegong.grading.rules import add_years

from .data import applied, claim_all, graded, indicators


def _ids(model, user):
    return set(restrict(model.objects.all(), user).values_list("pk", flat=True))


def test_each_reader_sees_only_what_is_theirs(world):
    w = world
    grade_a = graded(w, "a", share=Decimal("0.85"))
    app_b = claim_all(w, applied(w, "b"), w["admin_b"])
    services.assign(w["city"], app_b, evaluators=[w["e4"]], on=date(2026, 4, 2))
    app_a = grade_a.application
    assert _ids(Application, w["admin_a"]) == {app_a.pk}
    assert _ids(Application, w["admin_b"]) == {app_b.pk}
    assert _ids(Application, w["futian_officer"]) == {app_a.pk}
    assert _ids(Application, w["luohu_officer"]) == {app_b.pk}
    assert _ids(Application, w["city"]) == {app_a.pk, app_b.pk}
    assert _ids(Application, w["e1"]) == {app_a.pk}  # assigned to A only
    assert _ids(Application, w["e4"]) == {app_b.pk}
    assert _ids(Application, w["e3"]) == set()  # recused from A
    # individual scores: the evaluator's own and the city's grading officials', nobody else's
    assert _ids(Score, w["admin_a"]) == set()
    assert _ids(Score, w["futian_officer"]) == set()
    e1_scores = set(
        Score.objects.filter(assignment__evaluator=w["e1"]).values_list("pk", flat=True)
    )
    assert _ids(Score, w["e1"]) == e1_scores and len(e1_scores) == len(indicators())
    assert len(_ids(Score, w["city"])) == 2 * len(indicators())  # e1 and e2 (e3 recused)
    assert _ids(OrganisationGrade, w["admin_b"]) == set()
    assert _ids(OrganisationGrade, w["admin_a"]) == {grade_a.pk}


def test_pages_are_404_out_of_reach_and_private_scores_do_not_show(world, client):
    w = world
    grade = graded(w, "a", share=Decimal("0.85"))
    url = reverse("grading:application_detail", args=[grade.application.pk])
    client.force_login(w["admin_b"])
    assert client.get(url).status_code == 404
    client.force_login(w["luohu_officer"])
    assert client.get(url).status_code == 404
    client.force_login(w["admin_a"])
    page = client.get(url).content.decode()
    assert "850.00" in page and "4A" in page and "My scores" not in page
    assert client.get(reverse("grading:score_list")).status_code in (403, 200)
    if client.get(reverse("grading:score_list")).status_code == 200:
        assert "A1 法人资格" not in client.get(reverse("grading:score_list")).content.decode()
    client.force_login(w["e1"])
    page = client.get(url).content.decode()
    assert "My scores" in page and "eval_2" not in page  # not the other evaluators' rows
    client.force_login(w["city"])
    page = client.get(url).content.decode()
    assert "Excluded for a tie: Member of its board" in page


@pytest.fixture
def open_cycle(world):
    today = timezone.localdate()
    cycle = update_record(
        None,
        world["cycle"],
        {
            "year": today.year,
            "opens_on": today - timedelta(days=30),
            "closes_on": today + timedelta(days=30),
        },
        permission=None,
    )
    update_record(None, world["a"], {"registered_on": today - timedelta(days=800)}, permission=None)
    return cycle


def test_the_journey_through_the_pages(world, open_cycle, client):
    w = world
    client.force_login(w["admin_a"])
    apply_url = reverse("grading:cycle_apply", args=[open_cycle.pk])
    assert client.get(apply_url).status_code == 200
    response = client.post(apply_url, {"organisation": w["a"].pk})
    application = Application.objects.get(organisation=w["a"])
    assert response.status_code == 302
    assert response["Location"] == reverse("grading:application_detail", args=[application.pk])
    again = client.post(apply_url, {"organisation": w["a"].pk})
    assert "The organisation has already applied in this grading cycle." in again.content.decode()
    self_url = reverse("grading:application_self_assess", args=[application.pk])
    assert client.get(self_url).status_code == 200
    data = {f"points_{i.pk}": i.max_points for i in indicators()}
    data[f"points_{indicators()[0].pk}"] = "41"
    bad = client.post(self_url, data)
    assert (
        bad.status_code == 200
        and "Ensure this value is less than or equal to 40." in bad.content.decode()
    )
    data[f"points_{indicators()[0].pk}"] = "40"
    assert client.post(self_url, data).status_code == 302
    assert (
        client.post(reverse("grading:application_submit", args=[application.pk]), {}).status_code
        == 302
    )
    client.force_login(w["city"])
    assign_url = reverse("grading:application_assign", args=[application.pk])
    assert client.get(assign_url).status_code == 200
    assert client.post(assign_url, {"committee": w["committee"].pk}).status_code == 302
    page = client.get(reverse("grading:application_detail", args=[application.pk])).content.decode()
    assert "Excluded for a tie: Member of its board" in page
    for user in (w["e1"], w["e2"]):
        client.force_login(user)
        assignment = application.assignments.get(evaluator=user)
        score_url = reverse("grading:assignment_score", args=[assignment.pk])
        assert client.get(score_url).status_code == 200
        scores = {f"points_{i.pk}": i.max_points for i in indicators()}
        scores["final"] = "on"
        assert client.post(score_url, scores).status_code == 302
    client.force_login(w["e3"])  # recused: not theirs any more
    assert (
        client.get(reverse("grading:application_detail", args=[application.pk])).status_code == 404
    )
    client.force_login(w["city"])
    publish_url = reverse("grading:application_publish", args=[application.pk])
    assert client.get(publish_url).status_code == 200
    assert client.post(publish_url, {}).status_code == 302
    application.refresh_from_db()
    assert (application.total, application.grade) == (Decimal("1000.00"), "5A")
    client.force_login(w["admin_a"])
    appeal_url = reverse("grading:application_appeal", args=[application.pk])
    assert client.get(appeal_url).status_code == 200
    assert client.post(appeal_url, {"grounds": "请复核"}).status_code == 302
    org_page = client.get(reverse("organisations:organisation_detail", args=[w["a"].pk]))
    assert "5A (valid until" in org_page.content.decode()


def _one_day_short(org):
    """Registered two years ago less a day: refused today."""
    day = add_years(timezone.localdate(), -2) + timedelta(days=1)
    update_record(None, org, {"registered_on": day}, permission=None)
    return day


def test_a_refusal_is_shown_in_chinese(world, client):
    w = world
    day = _one_day_short(w["a"])
    client.force_login(w["admin_a"])
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("grading:cycle_apply", args=[w["cycle"].pk]),
        {"organisation": w["a"].pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    first = add_years(day, 2)
    assert (
        f"该机构于{day}登记，自{first}起方可申请（须登记满2个完整年度）。"
        in response.content.decode()
    )


def test_the_api_applies_refuses_with_the_reason_and_hides_scores(world, client):
    w = world
    day = _one_day_short(w["a"])
    client.force_login(w["admin_a"])
    url = reverse("api:gradingapplication-apply")
    refused = client.post(
        url, {"cycle": w["cycle"].pk, "organisation": w["a"].pk}, content_type="application/json"
    )
    assert refused.status_code == 400
    first = add_years(day, 2)
    assert f"it may apply from {first}, after 2 full years registered." in refused.content.decode()
    client.force_login(w["admin_b"])
    made = client.post(
        url, {"cycle": w["cycle"].pk, "organisation": w["b"].pk}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert client.get(reverse("api:gradingscore-list")).json()["results"] == []
    other = client.post(
        url, {"cycle": w["cycle"].pk, "organisation": w["a"].pk}, content_type="application/json"
    )
    assert other.status_code == 404
