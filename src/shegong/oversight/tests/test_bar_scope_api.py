"""FIN-5, FIN-3: a "not competent" rating through the API bars the supplier from the rating's
buyer's tenders only (Luohu's), never from the supplier's own district's nor from every
buyer's; another district's officer cannot rate (nor bar through the rating: nothing
written). The city's bars: ``procurement/tests/test_bar_scope.py``."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shegong.oversight import services
from shegong.oversight.models import Evaluation
from shegong.procurement.models import TenderBar
from shegong.procurement.services import bars

from .data import make_contract

pytestmark = pytest.mark.django_db


def _scored_final(w, contract):
    final = services.plan_evaluation(
        w["luohu_officer"],
        Evaluation,
        {"contract": contract, "stage": "final", "held_on": date(2027, 2, 20)},
        m2m={"evaluators": [w["evaluator"], w["evaluator3"]]},
    )
    for assignment in final.assignments.select_related("evaluator"):
        services.score(assignment.evaluator, assignment, "50", "现场查阅台账")
    return final


def _rate(client, user, final):
    client.force_login(user)
    return client.post(
        reverse("api:contractevaluation-rate", args=[final.pk]),
        {"rated_on": "2027-02-22", "reason": "评估不称职"},
        content_type="application/json",
    )


def test_a_rating_through_the_api_bars_from_its_buyer_s_tenders_only(client, oworld):
    w = oworld
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    final = _scored_final(w, make_contract(w, "luohu", supplier_district="futian"))
    # Futian's officer (the supplier's district) does not reach Luohu's evaluation
    assert _rate(client, w["officer"], final).status_code == 404
    assert TenderBar.objects.count() == 0
    rated = _rate(client, w["luohu_officer"], final)
    assert rated.status_code == 200, rated.content
    assert rated.json()["rating"] == "not_competent"
    bar = TenderBar.objects.get()
    assert (bar.organisation, bar.buyer, bar.source) == (w["org_futian"], luohu, "rating")
    assert list(bars.bars_in_force(w["org_futian"], luohu, date(2027, 3, 1))) == [bar]
    assert list(bars.bars_in_force(w["org_futian"], futian, date(2027, 3, 1))) == []
