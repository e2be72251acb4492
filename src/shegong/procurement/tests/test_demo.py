"""The procurement demo: in each district the funding demo gave money, a plan on three funding
sources and procurements at every stage, contracts with their schedules and payments; in a
world without money, what can be done without it; a second run creates nothing."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shegong.core.testing import factories
from shegong.funding import demo as funding_demo
from shegong.funding import queries
from shegong.procurement import demo, rules, services
from shegong.procurement.models import (
    Amendment,
    Bid,
    BidOpening,
    Clarification,
    Contract,
    Objection,
    Payment,
    PlanItem,
    Procurement,
    PurchasePlan,
)
from shegong.workforce.tests.data import post, post_type

pytestmark = pytest.mark.django_db


def test_without_money_the_first_district_plans_tenders_and_awards_its_single_source(tree):
    factories.organisation(tree["luohu"])  # the first district by code
    messages = []
    demo.generate("district", random.Random(1), messages.append)
    plan = PurchasePlan.objects.get()
    assert plan.area == tree["luohu"]
    assert PlanItem.objects.filter(plan=plan).count() == 5
    tender = Procurement.objects.get(method="open_tender")
    assert tender.status == "published"
    moves = [c for c in Clarification.objects.filter(procurement=tender) if c.moved_deadline]
    assert Clarification.objects.filter(procurement=tender).count() == 2 and len(moves) == 1
    assert tender.bid_deadline == tender.published_on + timedelta(days=22)
    assert tender.bid_deadline >= rules.earliest_bid_deadline(tender.published_on)
    assert tender.documents.count() == 2
    # One bidder, sealed; 5 credentialed staff asked, none on its staff: kept invalid.
    bid = Bid.objects.get()
    assert bid.status == "invalid" and "5" in bid.problems
    single = Procurement.objects.get(method="single_source")
    assert single.status == "awarded" and single.single_source_reason
    assert not Contract.objects.exists()  # no budget line: no contract
    demo.generate("district", random.Random(2), messages.append)
    assert Procurement.objects.count() == 2 and messages[-1] == "procurement: already loaded"


@pytest.fixture
def funded(tree):
    """The funding demo on the test world (Luohu and Futian each with a district budget line
    and the city subsidy; the city's welfare lottery line), three suppliers in Futian (the
    first with five posts) and one in Luohu."""
    today = timezone.localdate()
    futian = [factories.organisation(tree["futian"], f"福田社工服务中心{n}") for n in (1, 2, 3)]
    ptype = post_type()
    for _ in range(5):
        post(futian[0], ptype)
    luohu = factories.organisation(tree["luohu"], "罗湖社工服务中心")
    funding_demo.generate("district", random.Random(1), lambda m: None)
    return {"futian": futian, "luohu": luohu, "today": today}


def test_every_stage_in_a_funded_district(tree, funded):
    demo.generate("district", random.Random(1), lambda m: None)
    today = funded["today"]
    assert PurchasePlan.objects.count() == 2  # Luohu and Futian
    futian = Procurement.objects.filter(buyer=tree["futian"])
    states = sorted((p.method, p.status) for p in futian)
    assert states == [
        ("open_tender", "contracted"),
        ("open_tender", "failed"),
        ("open_tender", "published"),
        ("single_source", "contracted"),
    ]
    # The plan's items name their budget lines: the district's, the subsidy, the lottery.
    sources = set(
        PlanItem.objects.filter(plan__area=tree["futian"]).values_list(
            "budget_lines__source", flat=True
        )
    )
    assert sources == {"district_budget", "city_subsidy", "welfare_lottery"}

    failed = futian.get(status="failed")
    opening = BidOpening.objects.get(procurement=failed)
    assert (opening.valid_bids, opening.invalid_bids, opening.failed) == (2, 0, True)
    assert opening.outcome == "The open tender failed: 2 valid bids, fewer than 3."

    open_for_bids = futian.get(status="published")
    assert open_for_bids.bid_deadline > today
    assert sorted(
        Bid.objects.filter(procurement=open_for_bids).values_list("status", flat=True)
    ) == [
        "invalid",
        "invalid",
    ]  # 5 credentialed staff asked; the test world's suppliers have none

    tendered = futian.get(method="open_tender", status="contracted")
    assert BidOpening.objects.get(procurement=tendered).valid_bids == 3
    assert tendered.awarded_on == tendered.bid_deadline + timedelta(days=7)
    contract = Contract.objects.get(procurement=tendered)
    assert contract.supplier == funded["futian"][0]  # the lowest price, the most posts
    assert contract.posts.count() == 4
    assert contract.value == Decimal("360000.00")
    assert contract.signed_on == tendered.awarded_on + timedelta(days=6)
    assert contract.signed_on <= rules.contract_deadline(tendered.awarded_on)
    assert sorted((f.line.source, f.amount) for f in contract.lines.select_related("line")) == [
        ("city_subsidy", Decimal("120000.00")),
        ("district_budget", Decimal("240000.00")),
    ]
    first, second, third = contract.instalments.order_by("number")
    assert [i.amount for i in (first, second, third)] == [
        Decimal("90000.00"),
        Decimal("180000.00"),
        Decimal("90000.00"),
    ]
    assert Payment.objects.get(contract=contract).instalment == first
    assert second.met_on == today and second.condition_met is False
    assert "paid only once its condition is met" in services.payment_problem(second)

    single = futian.get(method="single_source")
    assert Objection.objects.get(procurement=single).organisation == funded["futian"][1]
    signed = Contract.objects.get(procurement=single)
    assert signed.clauses.count() == 5
    amendment = Amendment.objects.get(contract=signed)
    assert (amendment.value_before, amendment.value_after) == (
        Decimal("240000.00"),
        Decimal("300000.00"),
    )
    assert amendment.ends_on_after == amendment.ends_on_before + timedelta(days=30)
    assert [p.amount for p in Payment.objects.filter(contract=signed)] == [Decimal("72000.00")]

    # The ledger: Futian's budget line committed 240,000 + 240,000, paid 90,000 + 72,000.
    line = contract.lines.get(line__source="district_budget").line
    assert queries.of_line(line)["paid"] == Decimal("162000.00")
    assert queries.of_line(line)["committed"] == Decimal("318000.00")

    count = Procurement.objects.count()
    demo.generate("district", random.Random(2), lambda m: None)
    assert Procurement.objects.count() == count


def test_every_kind_of_release_the_demo_produces_validates_offline(tree, funded, monkeypatch):
    """Issue 14 (OCDS 1.1.5, ADR 0053): the funded demo's public procurements give releases of
    every stage (planning, tender and its amendment, award, contract, implementation) and
    records whose compiled releases carry the contracts and their payments, all valid against
    the vendored 1.1.5 schemas with the network refused."""
    import socket

    from shegong.procurement.ocds import jsonout, packaging, validation

    def refuse(*args, **kwargs):
        raise AssertionError("validation reached for the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    demo.generate("district", random.Random(1), lambda m: None)
    url = "https://example.org/api/v1/public/ocds/releases/"
    procurements = list(packaging.public_procurements())
    releases = jsonout.loads(jsonout.dumps(packaging.release_package(procurements, url)))
    assert validation.errors(releases, "release-package") == []
    tags = {t for r in releases["releases"] for t in r["tag"]}
    assert tags >= {"planning", "tender", "tenderAmendment", "award", "contract", "implementation"}
    recs = jsonout.loads(jsonout.dumps(packaging.record_package(procurements, url, url)))
    assert validation.errors(recs, "record-package") == []
    compiled = [r["compiledRelease"] for r in recs["records"]]
    assert all(c["tag"] == ["compiled"] for c in compiled)
    contracted = [c for c in compiled if c.get("contracts")]
    assert len(contracted) >= 2  # Futian's tendered and single-source contracts
    assert any(
        k.get("implementation", {}).get("transactions") for c in contracted for k in c["contracts"]
    )
