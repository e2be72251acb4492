"""FIN-5: the year's visit sample: at least 30 % per district, rounded up, weighted by risk,
reproducible from its seed; the seed and the weights kept and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.core.permissions import restrict
from shegong.oversight import services
from shegong.oversight.models import Complaint, DrawEntry, StatisticsReturn, VisitDraw
from shegong.procurement.models import Contract

pytestmark = pytest.mark.django_db

ON = date(2026, 12, 10)


def more_contracts(model_contract: Contract, n: int, prefix: str) -> list[Contract]:
    """``n`` running contracts like ``model_contract`` (same buyer, supplier, dates), written
    directly: the draw reads only their buyer and dates."""
    rows = [
        Contract(
            procurement=model_contract.procurement,
            buyer=model_contract.buyer,
            supplier=model_contract.supplier,
            number=f"{prefix}-{i:05d}",
            title="测试合同",
            signed_on=model_contract.signed_on,
            starts_on=model_contract.starts_on,
            ends_on=model_contract.ends_on,
            value=Decimal("1000.00"),
        )
        for i in range(n)
    ]
    return Contract.objects.bulk_create(rows)


@pytest.fixture
def two_districts(oworld):
    """Futian: 7 running contracts (needs 3 visits); Luohu: 10 (needs 3); a short contract in
    Futian (under a year) does not count."""
    w = oworld
    more_contracts(w["contract_futian"], 6, "FT")
    more_contracts(w["contract_luohu"], 9, "LH")
    short = more_contracts(w["contract_futian"], 1, "SHORT")[0]
    Contract.objects.filter(pk=short.pk).update(ends_on=date(2027, 3, 30))
    return w


def test_city_draw_covers_30_percent_of_each_district_rounded_up(two_districts):
    w = two_districts
    draw = services.draw_visits(w["city_admin"], w["tree"]["city"], 2026, "seed-1", on=ON)
    assert (draw.running, draw.drawn, draw.share_percent) == (17, 6, Decimal("30.00"))
    chosen = DrawEntry.objects.filter(draw=draw, chosen=True)
    assert chosen.filter(district=w["tree"]["futian"]).count() == 3
    assert chosen.filter(district=w["tree"]["luohu"]).count() == 3
    assert not DrawEntry.objects.filter(contract__number="SHORT-00000").exists()


def test_the_same_seed_draws_the_same_sample(two_districts):
    w = two_districts
    draw = services.draw_visits(w["officer"], w["tree"]["futian"], 2026, "公开抽签-2026", on=ON)
    drawn = set(draw.entries.filter(chosen=True).values_list("contract_id", flat=True))
    assert services.redraw(draw) == drawn
    rows, *_ = services.plan_draw(w["tree"]["futian"], 2026, "公开抽签-2026", ON)
    assert {c.pk for c, _d, _w, _r, chosen in rows if chosen} == drawn
    others = [
        {
            c.pk
            for c, _d, _w, _r, chosen in services.plan_draw(
                w["tree"]["futian"], 2026, f"other-{i}", ON
            )[0]
            if chosen
        }
        for i in range(8)
    ]
    assert any(sample != drawn for sample in others)  # the seed matters


def test_seed_and_weights_are_kept_and_audited(two_districts):
    w = two_districts
    risky = w["contract_futian"]
    Complaint.objects.create(contract=risky, received_on=date(2026, 6, 1), summary="服务中断")
    StatisticsReturn.objects.create(
        contract=risky,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        due_on=date(2026, 7, 15),
        submitted_on=date(2026, 7, 20),
    )
    draw = services.draw_visits(w["officer"], w["tree"]["futian"], 2026, "abc", on=ON)
    entry = DrawEntry.objects.get(draw=draw, contract=risky)
    assert (entry.weight, entry.risks) == (5, "late_return,complaint")
    assert set(
        DrawEntry.objects.filter(draw=draw).exclude(contract=risky).values_list("weight", flat=True)
    ) == {1}
    created = AuditRecord.objects.get(model="oversight.visitdraw", object_id=draw.pk)
    assert created.after["seed"] == "abc"
    assert created.reason == "Visit sample drawn: seed abc"
    bulk = AuditRecord.objects.filter(model="oversight.drawentry")
    assert sum(r.bulk_count for r in bulk) == 7
    assert list(verify_chain()) == []


def test_risk_weighs_the_draw(oworld):
    """One contract of weight 11 among 9 of weight 1, one drawn of 10 at 30 %? No: 3 drawn.
    Over 200 seeds the risky contract is drawn far more often than an even chance (30 %)."""
    w = oworld
    more_contracts(w["contract_futian"], 9, "FT")
    risky = w["contract_futian"]
    contracts = services.running_contracts(w["tree"]["futian"], 2026, ON)
    weights = {c.pk: (11 if c.pk == risky.pk else 1) for c in contracts}
    hits = sum(risky.pk in services.sample(contracts, weights, 3, f"s{i}", "x") for i in range(200))
    assert hits > 150


def test_an_overlapping_draw_is_refused(two_districts):
    w = two_districts
    services.draw_visits(w["city_admin"], w["tree"]["city"], 2026, "s", on=ON)
    with pytest.raises(ValidationError) as again:
        services.draw_visits(w["officer"], w["tree"]["futian"], 2026, "t", on=ON)
    assert again.value.messages == [f"The 2026 sample of 深圳市 was drawn on {ON} (seed s)."]
    services.draw_visits(w["officer"], w["tree"]["futian"], 2027, "t", on=ON)
    assert VisitDraw.objects.count() == 2


def test_a_district_officer_draws_only_their_district(two_districts):
    w = two_districts
    with pytest.raises(Exception) as refused:
        services.draw_visits(w["officer"], w["tree"]["luohu"], 2026, "s", on=ON)
    assert "may not" in str(refused.value)
    draw = services.draw_visits(w["officer"], w["tree"]["futian"], 2026, "s", on=ON)
    assert restrict(VisitDraw.objects.all(), w["luohu_officer"], "view").count() == 0
    assert restrict(DrawEntry.objects.all(), w["org_admin"], "view").count() == 0
    assert draw.running == 7


def test_1000_contracts_draw_300(oworld):
    w = oworld
    more_contracts(w["contract_futian"], 999, "K")
    draw = services.draw_visits(w["officer"], w["tree"]["futian"], 2026, "k", on=ON)
    assert (draw.running, draw.drawn) == (1000, 300)
