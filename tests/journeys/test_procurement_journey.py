"""Issue 14, "Done when", through the services (the acts, on the days they happen) and the pages
and API (what each person then sees): Futian plans a year's posts on two funding sources (its
own budget and the city's); publishes an open tender asking for one credentialed worker; two
clarifications, the second moving the deadline; four organisations bid, one ineligible with
the reason shown to it (with three bidders and one ineligible an open tender fails, Government
Procurement Law art. 36: so three eligible ones here); a bid is not readable before the opening;
a panel with one recusal scores; the award is challenged and the challenge dismissed; the
contract funds four posts that the workforce module then shows as contracted; the first
instalment is paid and the second refused until its condition is met; the OCDS release package
validates against 1.1.5 offline; the audit trail is intact."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.organisations.models import ServiceField
from shegong.procurement import services
from shegong.procurement.models import Bid, Instalment, PlanItem, Procurement, PurchasePlan
from shegong.procurement.ocds import jsonout, packaging, validation
from shegong.procurement.tests.bidsdata import proposal, worker
from shegong.procurement.tests.contract_data import budget_line
from shegong.procurement.tests.evaldata import expert
from shegong.workforce.tests.data import post, post_type

pytestmark = pytest.mark.django_db
URL = "https://example.org/api/v1/public/ocds/releases/"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_procurement_journey(client, tree, english):
    futian, city = tree["futian"], tree["city"]
    officer = factories.user("futian_buyer", role="district_officer", scope=futian)
    city_admin = factories.user("city_admin", role="city_admin", scope=city)
    field = ServiceField.objects.order_by("code").first()

    # 1. A year's plan on two funding sources.
    own, city_money = budget_line(futian, "600000.00"), budget_line(city, "200000.00")
    the_plan = create_record(
        officer, PurchasePlan, {"area": futian, "year": 2026, "title": "福田区2026年购买服务计划"}
    )
    item = services.create_plan_item(
        officer,
        PlanItem,
        {
            "plan": the_plan,
            "field": field,
            "kind": "posts",
            "posts": 4,
            "estimated_value": Decimal("720000.00"),
            "method": "open_tender",
        },
        m2m={"budget_lines": [own, city_money]},
    )
    client.force_login(officer)
    page = client.get(the_plan.get_absolute_url()).content.decode()
    assert own.name in page and city_money.name in page

    # 2. An open tender, published 1 October 2026, deadline 26 October.
    tender = services.create_procurement(
        officer,
        Procurement,
        {
            "plan_item": item,
            "title": "福田区社工岗位公开招标",
            "minimum_credentialed_staff": 1,
            "bid_deadline": date(2026, 10, 26),
            "opening_time": "09:30",
        },
        on=date(2026, 10, 1),
    )
    for name, weight, is_price in (("价格", "30", True), ("服务方案", "70", False)):
        services.create_criterion(
            officer,
            None,
            {"procurement": tender, "name": name, "weight": Decimal(weight), "is_price": is_price},
        )
    tender = services.publish(officer, tender, on=date(2026, 10, 1))

    # 3. Two clarifications: 16 days before the deadline (stays), 14 days before (moves).
    services.clarify(officer, tender, "答疑：服务期一年。", True, on=date(2026, 10, 10))
    services.clarify(officer, tender, "更正：服务人数调整。", True, on=date(2026, 10, 12))
    tender.refresh_from_db()
    assert tender.bid_deadline == date(2026, 10, 27)

    # 4. Four organisations bid; the fourth has no credentialed worker.
    orgs = [factories.organisation(futian, f"机构{n}") for n in "甲乙丙丁"]
    admins = [factories.user(f"admin_{n}", role="org_admin", scope=o) for n, o in enumerate(orgs)]
    staff = [worker(o, credentialed=n < 3) for n, o in enumerate(orgs)]
    prices = ["300000.00", "280000.00", "310000.00", "290000.00"]
    before = _at(date(2026, 10, 27), 9)
    bids = [
        services.submit_bid(a, tender, o, Decimal(p), proposal(), [s], at=before)
        for a, o, p, s in zip(admins, orgs, prices, staff, strict=True)
    ]
    client.force_login(admins[3])
    page = client.get(bids[3].get_absolute_url()).content.decode()
    assert "asks for 1 credentialed staff; the organisation has 0" in page

    # 5. Not readable before the opening, by the buyer either.
    client.force_login(officer)
    assert "300000.00" not in client.get(bids[0].get_absolute_url()).content.decode()
    assert '"price":"******"' in client.get(f"/api/v1/bids/{bids[0].pk}/").content.decode()
    services.open_bids(officer, tender, at=_at(date(2026, 10, 27), 9, 30))
    assert Bid.objects.filter(procurement=tender, status="valid").count() == 3
    page = client.get(tender.get_absolute_url()).content.decode()
    assert "300000.00" in page  # the buyer reads the prices after the opening

    # 6. A panel of 5 (4 experts drawn, 1 representative) with one recusal scores.
    for n in range(6):
        expert(f"专家{n}", field=field)
    expert("机构甲的专家", field=field, employer=orgs[0])
    reps = ["区民政局代表"]
    panel = services.form_panel(officer, tender, 5, 4, reps, "journey", date(2026, 10, 28))
    assert "机构甲的专家" not in set(panel.members.values_list("name", flat=True))
    first = panel.members.filter(kind="expert").first()
    services.recuse(officer, first, "近亲属在投标机构任职", seed="journey-r", on=date(2026, 10, 28))
    criterion = tender.criteria.get(is_price=False)
    marks = {bids[0].pk: "68", bids[1].pk: "55", bids[2].pk: "60"}
    for member in panel.members.filter(status="serving"):
        services.record_scores(
            officer, member, {(b, criterion.pk): Decimal(v) for b, v in marks.items()}
        )
    services.evaluate(officer, tender, on=date(2026, 10, 29))
    award = services.award(officer, tender, on=date(2026, 11, 2))
    assert award.supplier == orgs[0]  # 68 + 28.00 = 96.00 against 85.00 and 87.10

    # 7. Challenged on the 7th working day, dismissed with reasons.
    challenge = services.lodge_challenge(
        admins[1], tender, orgs[1], "价格分计算有误", on=date(2026, 11, 11)
    )
    services.decide_challenge(officer, challenge, False, "复核无误", on=date(2026, 11, 13))

    # 8. The contract funds four posts of the supplier, shown as contracted on a post's page.
    ptype = post_type(level="assistant", designated=True)
    posts = [post(orgs[0], ptype) for _n in range(4)]
    contract = services.create_contract(
        officer,
        tender,
        {
            "number": "FT-2026-001",
            "title": "福田区社工岗位购买合同",
            "signed_on": date(2026, 11, 20),
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2027, 12, 31),
        },
        [(own, "300000.00")],  # a city line is committed by the city (funding)
        posts,
    )
    page = client.get(reverse("workforce:post_detail", args=[posts[0].pk])).content.decode()
    assert "FT-2026-001" in page

    # 9. The first instalment paid; the second refused until its condition is met.
    lines = list(contract.lines.order_by("pk"))
    first_i, second_i = (
        services.add_instalment(
            officer,
            Instalment,
            {
                "contract": contract,
                "number": n,
                "due_on": date(2027, 1, 10) if n == 1 else date(2027, 7, 10),
                "amount": Decimal("100000.00"),
                "funding": lines[0],
                "condition": "none" if n == 1 else "mid_term_evaluation",
            },
        )
        for n in (1, 2)
    )
    services.pay_instalment(officer, first_i, on=date(2027, 1, 10))
    with pytest.raises(ValidationError, match="only once its condition is met"):
        services.pay_instalment(officer, second_i, on=date(2027, 7, 10))
    services.record_condition(officer, second_i, True, "中期评估报告")
    services.pay_instalment(officer, second_i, on=date(2027, 7, 12))

    # 10. Open contracting data, validated offline; the city reads the whole evaluation.
    package = packaging.release_package(list(packaging.public_procurements()), URL)
    assert validation.errors(jsonout.loads(jsonout.dumps(package)), "release-package") == []
    tags = {tuple(r["tag"]) for r in package["releases"]}
    assert {("award",), ("contract",), ("implementation",)} <= tags
    client.force_login(city_admin)
    assert "96.00" in client.get(tender.get_absolute_url()).content.decode()

    # 11. Everything in the audit trail, intact.
    models = set(AuditRecord.objects.values_list("model", flat=True))
    assert {
        "procurement.procurement",
        "procurement.bid",
        "procurement.paneldraw",
        "procurement.panelmember",
        "procurement.score",
        "procurement.result",
        "procurement.award",
        "procurement.challenge",
        "procurement.contract",
        "procurement.payment",
    } <= models
    assert list(verify_chain()) == []
