"""FIN-5: the oversight pages and API with two districts and two suppliers: what each role
sees, the forms' refusals on the page, the dashboard's figures and links; messages in Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from shegong.core.testing.clock import frozen_clock
from shegong.oversight import services
from shegong.oversight.models import Evaluation, EvaluatorAssignment, SelfAssessment, Visit

pytestmark = pytest.mark.django_db

ON = date(2026, 12, 10)


def url(name, obj=None):
    return reverse(f"oversight:{name}", args=[obj.pk] if obj else [])


LISTS = [
    "qualitystandard_list",
    "selfassessment_list",
    "statisticsreturn_list",
    "complaint_list",
    "visitdraw_list",
    "drawentry_list",
    "visit_list",
    "evaluation_list",
    "evaluatorassignment_list",
    "dashboard",
    "selfassessment_open",
    "statisticsreturn_schedule",
    "visitdraw_draw",
]


@pytest.fixture
def busy(oworld):
    w = oworld
    with frozen_clock(ON):
        services.open_self_assessment(w["futian_admin"], w["contract_futian"], 2026)
        services.open_self_assessment(w["org_admin"], w["contract_luohu"], 2026)
        services.schedule_returns(w["officer"], w["contract_futian"])
        w["draw"] = services.draw_visits(w["city_admin"], w["tree"]["city"], 2026, "p", on=ON)
        w["visit"] = services.plan_visit(
            w["officer"],
            Visit,
            {
                "contract": w["contract_futian"],
                "kind": "announced",
                "planned_on": ON,
                "lead_evaluator": w["evaluator"],
            },
            m2m={},
        )
        services.record_visit(w["evaluator"], w["visit"], ON, "记录完整", "私下备注：督导不足")
        w["final"] = services.plan_evaluation(
            w["officer"],
            Evaluation,
            {"contract": w["contract_futian"], "stage": "final", "held_on": date(2027, 2, 1)},
            m2m={"evaluators": [w["evaluator"], w["evaluator2"]]},
        )
    return w


@pytest.mark.parametrize("name", LISTS)
def test_every_page_opens_for_the_city(client, busy, name):
    client.force_login(busy["city_admin"])
    assert client.get(url(name)).status_code == 200


def test_record_pages_open_for_the_buyer(client, busy):
    w = busy
    client.force_login(w["officer"])
    a = SelfAssessment.objects.get(contract=w["contract_futian"])
    for page in (
        url("selfassessment_detail", a),
        url("selfassessmentitem_assess", a.items.first()),
        url("visit_detail", w["visit"]),
        url("evaluation_detail", w["final"]),
        url("evaluation_rate", w["final"]),
    ):
        assert client.get(page).status_code == 200, page
    luohu = SelfAssessment.objects.get(contract=w["contract_luohu"])
    assert client.get(url("selfassessment_detail", luohu)).status_code == 404
    # The city's draw is the city's; the district officer reads its district's entries.
    assert client.get(url("visitdraw_detail", w["draw"])).status_code == 404
    entries = client.get(reverse("api:drawentry-list")).json()["results"]
    assert {e["district"] for e in entries} == {w["tree"]["futian"].pk}
    client.force_login(w["city_admin"])
    assert client.get(url("visitdraw_detail", w["draw"])).status_code == 200


def test_the_supplier_sees_its_own_and_no_weights_notes_or_scores(client, busy):
    w = busy
    client.force_login(w["futian_admin"])
    own = SelfAssessment.objects.get(contract=w["contract_futian"])
    other = SelfAssessment.objects.get(contract=w["contract_luohu"])
    assert client.get(url("selfassessment_detail", own)).status_code == 200
    assert client.get(url("selfassessment_detail", other)).status_code == 404
    page = client.get(url("visit_detail", w["visit"])).content.decode()
    assert "记录完整" in page and "私下备注" not in page
    assert client.get(url("visitdraw_detail", w["draw"])).status_code in (403, 404)
    assert client.get(url("dashboard")).status_code == 403
    assert client.get(reverse("api:drawentry-list")).json()["results"] == []
    assert client.get(reverse("api:evaluatorassignment-list")).json()["results"] == []
    evaluation = client.get(reverse("api:contractevaluation-detail", args=[w["final"].pk]))
    assert evaluation.status_code == 200
    luohu_eval = services.plan_evaluation(
        w["luohu_officer"],
        Evaluation,
        {"contract": w["contract_luohu"], "stage": "mid_term", "held_on": date(2026, 10, 1)},
        m2m={"evaluators": [w["evaluator3"]]},
    )
    other_api = client.get(reverse("api:contractevaluation-detail", args=[luohu_eval.pk]))
    assert other_api.status_code == 404


def test_the_evaluator_scores_on_the_page_and_sees_only_their_own(client, busy):
    w = busy
    mine = EvaluatorAssignment.objects.get(evaluation=w["final"], evaluator=w["evaluator"])
    theirs = EvaluatorAssignment.objects.get(evaluation=w["final"], evaluator=w["evaluator2"])
    client.force_login(w["evaluator"])
    assert client.get(url("evaluatorassignment_detail", theirs)).status_code == 404
    response = client.post(url("evaluatorassignment_score", mine), {"score": "101", "notes": ""})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    response = client.post(url("evaluatorassignment_score", mine), {"score": "66.5", "notes": "好"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert str(mine.score) == "66.50"
    client.force_login(w["evaluator2"])
    assert client.post(url("evaluatorassignment_score", mine), {"score": "1"}).status_code == 404


def test_a_late_final_evaluation_is_refused_on_the_page_in_chinese(client, oworld, settings):
    w = oworld
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(w["luohu_officer"])
    data = {
        "contract": w["contract_luohu"].pk,
        "stage": "final",
        "held_on": "2027-03-01",
        "evaluators": [w["evaluator3"].pk],
        "reason": "",
    }
    with translation.override("zh-hans"):
        response = client.post(url("evaluation_add"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "末期评估须在合同结束前至少一个月进行" in response.content.decode()
    data["held_on"] = "2027-02-28"
    response = client.post(url("evaluation_add"), data)
    assert response.status_code == 302
    assert Evaluation.objects.filter(contract=w["contract_luohu"], stage="final").exists()


def test_the_draw_through_the_api_and_the_dashboard(client, oworld):
    w = oworld
    client.force_login(w["officer"])
    response = client.post(
        reverse("api:visitdraw-draw"),
        {"area": w["tree"]["futian"].pk, "year": 2026, "seed": "api"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["running"], response.json()["drawn"]) == (1, 1)
    again = client.post(
        reverse("api:visitdraw-draw"),
        {"area": w["tree"]["futian"].pk, "year": 2026, "seed": "api"},
        content_type="application/json",
    )
    assert again.status_code == 400
    luohu = client.post(
        reverse("api:visitdraw-draw"),
        {"area": w["tree"]["luohu"].pk, "year": 2026},
        content_type="application/json",
    )
    assert luohu.status_code == 403  # out of the officer's scope
    client.force_login(w["city_admin"])
    page = client.get(url("dashboard") + "?year=2026").content.decode()
    # The running contracts open the contract list of the district, in force in the year, of
    # at least the 30 % rule's twelve months (the figure's own rule).
    futian_pk = w["tree"]["futian"].pk
    assert (
        'data-figure="running"><a class="text-reset" href="/procurement/contracts/'
        f"?buyer_area={futian_pk}&amp;in_force_in=2026&amp;lasting_months=12" in page
    )
    board = client.get(url("dashboard") + "?year=2026").context["board"]
    futian = next(r for r in board["rows"] if r.label == "福田区")
    luohu_row = next(r for r in board["rows"] if r.label == "罗湖区")
    assert (futian.running, futian.needed, futian.drawn, futian.done) == (1, 1, 1, 0)
    assert (luohu_row.running, luohu_row.needed, luohu_row.drawn) == (1, 1, 0)
    assert (board["city"].running, board["city"].needed, board["city"].drawn) == (2, 2, 1)
