"""FIN-3, the evaluation's pages as the buyer's officer and a bidder take them: form the panel
(a wrong size refused with the rule), declare a recusal, score (a score over the weight
refused), rank, award, lodge a challenge and answer it; the award notice on the public
tender page; the experts' pool with the phone masked for a district officer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shegong.procurement.models import Award, Challenge, PanelMember, Result

from .data import world
from .evaldata import eval_world

pytestmark = pytest.mark.django_db
__all__ = ["eval_world", "world"]


def url(name, obj):
    return reverse(f"procurement:{name}", args=[obj.pk])


def _score(client, member, w, points):
    criterion = w["procurement"].criteria.get(is_price=False)
    data = {f"s_{w['bids'][k].pk}_{criterion.pk}": v for k, v in points.items()}
    return client.post(url("panelmember_score", member), data)


def test_the_officer_takes_the_evaluation_through_the_pages(client, eval_world):
    w = eval_world
    p = w["procurement"]
    client.force_login(w["officer"])
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Form the evaluation panel" in page and "100000.00 yuan" in page  # prices shown
    bad = client.post(url("panel_form", p), {"size": 4, "expert_seats": 3, "representatives": "甲"})
    assert bad.status_code == 200 and "The panel needs at least 5 members." in bad.content.decode()
    reps = {"size": 5, "expert_seats": 4, "representatives": "采购人代表甲"}
    assert client.post(url("panel_form", p), reps).status_code == 302
    member = PanelMember.objects.filter(kind="expert").first()
    page = client.get(p.get_absolute_url()).content.decode()
    assert member.name in page and "seed" in page
    response = client.post(url("panelmember_recuse", member), {"reason": "曾任投标机构理事"})
    assert response.status_code == 302
    assert "曾任投标机构理事" in client.get(p.get_absolute_url()).content.decode()
    serving = list(PanelMember.objects.filter(status="serving"))
    assert len(serving) == 5
    over = _score(client, serving[0], w, {"a": "70.01", "b": "50", "c": "60"})
    assert over.status_code == 200 and "70" in over.content.decode()
    for m in serving:
        assert _score(client, m, w, {"a": "60", "b": "50", "c": "65"}).status_code == 302
    assert client.post(url("evaluate", p), {}).status_code == 302
    assert list(
        Result.objects.order_by("rank").values_list("bid__organisation__name", flat=True)
    ) == [
        "南山社工服务中心",
        "福田社工服务中心",
        "罗湖社工服务中心",
    ]
    assert client.post(url("award_bid", p), {}).status_code == 302
    award = Award.objects.get()
    assert award.supplier.name == "南山社工服务中心"
    # A bidder challenges; the officer dismisses it.
    client.force_login(w["admins"]["a"])
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Lodge a challenge" in page
    response = client.post(
        url("challenge", p), {"organisation": w["orgs"]["a"].pk, "text": "评分有误，请复核"}
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    client.force_login(w["officer"])
    assert "Answer the challenge" in client.get(url("challenge_detail", challenge)).content.decode()
    missing = client.post(url("challenge_answer", challenge), {"decision": "dismiss"})
    assert missing.status_code == 200
    answer = {"decision": "dismiss", "reasons": "经复核，评分无误"}
    assert client.post(url("challenge_answer", challenge), answer).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "dismissed"
    # The public award notice: the supplier and the amount, nothing of the evaluation.
    client.logout()
    public = client.get(reverse("portal:tender", args=[p.pk])).content.decode()
    assert "南山社工服务中心" in public and "120000.00" in public
    for private in ("曾任投标机构理事", "87.50", member.name):
        assert private not in public


def test_the_pool_masks_the_phone_for_a_district_officer(client, eval_world):
    w = eval_world
    expert = w["pool"][0]
    client.force_login(w["officer"])
    assert "13800138000" not in client.get(url("expert_detail", expert)).content.decode()
    client.force_login(w["city_admin"])
    assert "13800138000" in client.get(url("expert_detail", expert)).content.decode()
    assert client.get(reverse("procurement:expert_add")).status_code == 200
    client.force_login(w["officer"])
    assert client.get(reverse("procurement:expert_add")).status_code == 403


def test_organisations_and_other_districts_do_not_form_panels(client, eval_world):
    w = eval_world
    p = w["procurement"]
    for user, status in ((w["admins"]["a"], 403), (w["luohu_officer"], 404)):
        client.force_login(user)
        assert client.get(url("panel_form", p)).status_code == status
