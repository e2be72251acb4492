"""ORG-5, FIN-3: a sanction's bar from tenders through the sanction's page is as wide as the
deciding authority's area: Futian's officer bars a Futian organisation from Futian's tenders
but not from Luohu's (the message on the buyer field, in English and in Chinese, nothing
written); a suspension by Futian closes Futian's tenders only; the city bars from either."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shegong.inspections.models import Sanction
from shegong.procurement.models import TenderBar

from .data import decided, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


def _post(client, decision, **fields):
    data = {"decision": decision.pk, "kind": "tender_bar", "starts": "2026-03-02"}
    data.update(ends="2027-03-01", **fields)
    return client.post(reverse("inspections:sanction_add") + f"?decision={decision.pk}", data)


def _buyer_errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.errors.get("buyer", [])]


def test_a_district_officer_bars_from_their_own_district_s_tenders_only(client, world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    decision = decided(w)
    client.force_login(w["officer"])
    refused = _post(client, decision, buyer=luohu.pk)
    assert refused.status_code == 200
    assert _buyer_errors(refused) == [
        "You may bar an organisation only from the tenders of your own area, not from 罗湖区's "
        "tenders."
    ]
    assert Sanction.objects.count() == 0 and TenderBar.objects.count() == 0
    assert _post(client, decision, buyer=futian.pk).status_code == 302
    assert [(b.organisation, b.buyer) for b in TenderBar.objects.all()] == [
        (w["org_futian"], futian)
    ]


def test_the_refusal_on_the_page_is_in_chinese(client, world):
    w = world
    decision = decided(w)
    client.force_login(w["officer"])
    client.cookies["django_language"] = "zh-hans"
    refused = _post(client, decision, buyer=w["tree"]["luohu"].pk)
    assert _buyer_errors(refused) == [
        "您只能禁止机构参加本辖区的采购，不能禁止其参加罗湖区的采购。"
    ]
    assert "您只能禁止机构参加本辖区的采购" in refused.content.decode()
    assert TenderBar.objects.count() == 0


def test_a_district_suspension_closes_its_district_and_the_city_bars_from_either(client, world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    decision = decided(w)
    client.force_login(w["officer"])
    assert _post(client, decision, kind="suspension").status_code == 302
    suspension = Sanction.objects.get(kind="suspension")
    assert (suspension.bar.buyer, suspension.bar.ends) == (futian, date(2027, 3, 1))
    client.force_login(w["city_officer"])
    assert _post(client, decision, buyer=luohu.pk).status_code == 302
    assert _post(client, decision, buyer=futian.pk).status_code == 302
    assert _post(client, decision, kind="suspension").status_code == 302
    rows = TenderBar.objects.filter(source="sanction").order_by("pk")
    assert [b.buyer for b in rows] == [futian, luohu, futian, None]
