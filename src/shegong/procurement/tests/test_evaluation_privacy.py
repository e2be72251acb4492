"""FIN-3: the scores, the recusals' reasons and the ranking are private to the panel and the
buyer district's officers until the award, through every channel: the records' pages and their
history, the lists and their exports, the API list and detail, the audit trail's list and
record, the procurement's page and a panel member's page. Tried before the award for a bidder,
another district's officer, the city administrator, an auditor and a panel member of another
procurement; after it, a bidder reads its own bid's scores and the ranking, never another
bidder's scores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.core.services import create_record, update_record
from shegong.core.testing import factories
from shegong.procurement import services
from shegong.procurement.models import Panel, PanelMember, Result, Score

from .data import tender, world
from .evaldata import AWARD_DAY, eval_world, panel, score_all

pytestmark = pytest.mark.django_db
__all__ = ["eval_world", "world"]

POINTS = {"a": Decimal("61.37"), "b": Decimal("52.19"), "c": Decimal("64.83")}
#: The points, the totals (a 88.37, b 82.19, c 87.33) and the reason of the recusal.
SECRET = ("61.37", "52.19", "64.83", "88.37", "82.19", "87.33", "曾任投标机构理事")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRET if s in text]


@pytest.fixture
def evaluated(eval_world):
    w = eval_world
    made = panel(w)
    member = made.members.filter(kind="expert").first()
    services.recuse(w["officer"], member, "曾任投标机构理事", seed="r1")
    seat = made.members.filter(kind="expert", status="serving").first()
    w["member"] = factories.user("panel_member")
    update_record(None, seat, {"user": w["member"]}, permission=None)
    score_all(w, made, POINTS)
    services.evaluate(w["officer"], w["procurement"], on=date(2026, 10, 30))
    # A panel member of another procurement (Luohu's).
    other = tender(w["item_luohu"], title="罗湖另一项目")
    other_panel = create_record(
        None, Panel, {"procurement": other, "size": 5, "expert_seats": 4, "formed_on": AWARD_DAY}
    )
    w["other_member"] = factories.user("other_member")
    create_record(
        None,
        PanelMember,
        {"panel": other_panel, "kind": "expert", "name": "他人", "user": w["other_member"]},
    )
    w["seat"] = seat
    w["recused"] = member
    return w


def _channels(w) -> dict[str, str]:
    score = Score.objects.filter(bid=w["bids"]["a"]).first()
    result = Result.objects.get(bid=w["bids"]["a"])
    record = AuditRecord.objects.filter(
        model="procurement.score", object_id=str(score.pk), action="create"
    ).first()
    recusal = AuditRecord.objects.filter(
        model="procurement.panelmember", object_id=str(w["recused"].pk), action="update"
    ).first()
    return {
        "score page": reverse("procurement:score_detail", args=[score.pk]),
        "score history": reverse("procurement:score_detail", args=[score.pk]) + "?tab=history",
        "score list": reverse("procurement:score_list"),
        "score export": reverse("procurement:score_list") + "?format=csv",
        "ranking page": reverse("procurement:result_detail", args=[result.pk]),
        "ranking list": reverse("procurement:result_list"),
        "ranking export": reverse("procurement:result_list") + "?format=csv",
        "member page": reverse("procurement:panelmember_detail", args=[w["recused"].pk]),
        "seat page": reverse("procurement:panelmember_detail", args=[w["seat"].pk]),
        "api scores": "/api/v1/evaluation-scores/",
        "api score": f"/api/v1/evaluation-scores/{score.pk}/",
        "api ranking": "/api/v1/evaluation-rankings/",
        "api ranking detail": f"/api/v1/evaluation-rankings/{result.pk}/",
        "api members": "/api/v1/panel-members/",
        "audit list": reverse("core:auditrecord_list") + "?q=score",
        "audit record": reverse("core:auditrecord_detail", args=[record.pk]),
        "audit recusal": reverse("core:auditrecord_detail", args=[recusal.pk]),
        "procurement": w["procurement"].get_absolute_url(),
    }


def _read(client, user, urls) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[name] = (response.status_code, body.decode("utf-8-sig", "replace"))
    client.logout()
    return found


@pytest.mark.parametrize(
    "who", ["bidder", "luohu_officer", "city_admin", "city_officer", "auditor", "other_member"]
)
def test_before_the_award_no_channel_shows_scores_ranking_or_recusal_reasons(
    client, evaluated, who
):
    w = evaluated
    user = {"bidder": w["admins"]["a"]}.get(who) or w[who]
    for name, (status, body) in _read(client, user, _channels(w)).items():
        assert not _leaks(body), (who, name, _leaks(body))
        assert status in (200, 403, 404), (who, name, status)


def test_before_the_award_the_buyer_reads_everything(client, evaluated):
    w = evaluated
    read = _read(client, w["officer"], _channels(w))
    page = read["procurement"][1]
    assert "88.37" in page and "87.33" in page and "曾任投标机构理事" in page
    assert "61.37" in read["score page"][1]
    assert '"points":"61.37"' in read["api score"][1].replace(" ", "")
    assert "61.37" not in read["score list"][1]  # lists and exports mask (core rule)
    assert "61.37" not in read["score export"][1]
    assert AuditRecord.objects.filter(action="read", model="procurement.result").exists()


def test_before_the_award_a_panel_member_reads_their_own_scores_only(client, evaluated):
    w = evaluated
    read = _read(client, w["member"], _channels(w))
    assert "61.37" in read["seat page"][1]
    assert read["procurement"][0] == 404  # not an official: the procurement's page is not theirs
    assert read["member page"][0] == 404  # another member's seat


def test_after_the_award_the_bidder_reads_its_own_scores_and_the_ranking(client, evaluated):
    w = evaluated
    services.award(w["officer"], w["procurement"], on=AWARD_DAY)
    read = _read(client, w["admins"]["a"], _channels(w))
    assert "61.37" in read["score page"][1]
    assert read["ranking page"][0] == 200 and "88.37" in read["ranking page"][1]
    page = read["procurement"][1]
    assert "88.37" in page and "87.33" in page and "82.19" in page  # the ranking
    assert "曾任投标机构理事" not in page  # the reasons of recusals stay the panel's
    other = Score.objects.filter(bid=w["bids"]["b"]).first()
    assert client.get(f"/api/v1/evaluation-scores/{other.pk}/").status_code in (401, 403, 404)
    client.force_login(w["admins"]["a"])
    assert client.get(f"/api/v1/evaluation-scores/{other.pk}/").status_code == 404
    listed = client.get("/api/v1/evaluation-scores/").json()
    assert {row["bid"] for row in listed["results"]} == {w["bids"]["a"].pk}


def test_after_the_award_the_city_reads_and_another_district_still_does_not(client, evaluated):
    w = evaluated
    services.award(w["officer"], w["procurement"], on=AWARD_DAY)
    city = _read(client, w["city_admin"], _channels(w))
    assert "61.37" in city["score page"][1] and "88.37" in city["procurement"][1]
    for name, (_status, body) in _read(client, w["luohu_officer"], _channels(w)).items():
        assert not _leaks(body), name
    for name, (_status, body) in _read(client, w["other_member"], _channels(w)).items():
        assert not _leaks(body), name
