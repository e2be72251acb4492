"""The purchased-services dashboard's world (issue 14): Futian and Luohu with two funding
sources, two service fields, two contracts with paid and unpaid instalments, posts held by a
credentialed and a no-longer-credentialed worker, and one procurement overdue at each step
that the data reaches. Today is ``TODAY`` (15 July 2026) wherever a figure depends on it.

Expected figures (written out in the tests, not computed):

Futian 2026 plan items: 01 open tender 800,000 (published, bid deadline 1 June: not opened);
02 single source of 2 posts 260,000 (contract A); 02 single source project 40,000 (awarded
20 April, no contract: overdue from 21 May). Luohu: 01 800,000 (no procurement); 01 single
source of 1 post 150,000 (contract B); 02 single source 50,000 (notice 1 June, not awarded).

Contract A (Futian): 200,000 on the district budget line + 60,000 on the welfare lottery line;
paid 100,000 (4 April) and 30,000 (10 May); 50,000 due 30 June unpaid.
Contract B (Luohu): 120,000 on Luohu's district budget line; paid 40,000.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shegong.funding import services as funding
from shegong.funding.models import BudgetLine
from shegong.organisations.models import ServiceField
from shegong.procurement import services
from shegong.procurement.models import Instalment, Procurement
from shegong.procurement.tests.contract_data import budget_line
from shegong.procurement.tests.data import item
from shegong.registry.models import Certificate, Registration
from shegong.workforce import services as workforce
from shegong.workforce.tests.data import person, post, post_type

TODAY = date(2026, 7, 15)


def field(code: str) -> ServiceField:
    return ServiceField.objects.get(code=code)


def single_source(officer, the_plan, supplier, value, code, published, awarded=None, posts=None):
    the_item = item(
        the_plan,
        method="single_source",
        field=field(code),
        kind="posts" if posts else "project",
        posts=posts,
        project="" if posts else "专项服务项目",
        estimated_value=Decimal(value),
    )
    p = services.create_procurement(
        officer,
        Procurement,
        {
            "plan_item": the_item,
            "title": f"单一来源 {value}",
            "single_source_reason": "唯一具备该专项资质的机构",
            "proposed_supplier": supplier,
        },
    )
    p = services.publish(officer, p, on=published)
    if awarded:
        p = services.award_single_source(officer, p, on=awarded)
    return p


def worker(area, organisation, valid_until: date):
    who = person(area, organisation)
    cert = Certificate.objects.create(
        number=f"A{who.pk:010d}",
        person=who,
        level="assistant",
        issue_date=date(2024, 1, 10),
        issuing_body="深圳市人事局",
        status="valid",
    )
    Registration.objects.create(
        register_number=f"R{who.pk:08d}",
        person=who,
        certificate=cert,
        level="assistant",
        status="registered",
        valid_from=date(2024, 2, 1),
        valid_until=valid_until,
    )
    return who


def _instalment(officer, contract, number, amount, due_on, funded):
    return services.add_instalment(
        officer,
        Instalment,
        {
            "contract": contract,
            "number": number,
            "due_on": due_on,
            "amount": Decimal(amount),
            "funding": funded,
            "condition": "none",
        },
    )


@pytest.fixture
def mworld(world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    officer, luohu_officer = w["officer"], w["luohu_officer"]
    line_futian = budget_line(futian, "300000.00")
    budget_line(futian, "50000.00", name="福田2026第二批")
    lottery = funding.create_budget_line(
        None,
        BudgetLine,
        {
            "year": 2026,
            "payer": futian,
            "source": "welfare_lottery",
            "purpose": "purchase",
            "name": "福田2026福彩公益金",
        },
    )
    funding.allocate(
        lottery, Decimal("100000.00"), actor=None, reason="福彩公益金", on=date(2026, 1, 5)
    )
    line_luohu = budget_line(luohu, "300000.00")
    budget_line(w["tree"]["city"], "1000000.00")

    # Futian: the fixture's item (01, 800,000) as an open tender whose deadline passed.
    the_item = w["item_futian"]
    tender = services.create_procurement(
        officer,
        Procurement,
        {
            "plan_item": the_item,
            "title": "长者服务项目公开招标",
            "bid_deadline": date(2026, 6, 1),
            "opening_time": "09:30",
        },
        on=date(2026, 4, 20),
    )
    services.create_criterion(
        None,
        None,
        {"procurement": tender, "name": "价格", "weight": Decimal("30"), "is_price": True},
    )
    services.create_criterion(
        None, None, {"procurement": tender, "name": "服务方案", "weight": Decimal("70")}
    )
    services.publish(officer, tender, on=date(2026, 5, 1))

    ptype = post_type()
    posts_a = [post(w["org_futian"], ptype) for _ in range(2)]
    post_b = post(w["org_luohu"], ptype)
    workforce.hire(
        None,
        worker(futian, w["org_futian"], date(2028, 1, 31)),
        posts_a[0],
        date(2026, 4, 1),
        "new_hire",
    )
    workforce.hire(
        None,
        worker(futian, w["org_futian"], date(2026, 6, 30)),
        posts_a[1],
        date(2026, 4, 1),
        "new_hire",
    )

    a = single_source(
        officer,
        w["plan_futian"],
        w["org_futian"],
        "260000.00",
        "02",
        date(2026, 3, 5),
        date(2026, 3, 13),
        posts=2,
    )
    contract_a = services.create_contract(
        officer,
        a,
        {
            "number": "FT-2026-001",
            "title": "福田社工岗位购买合同",
            "signed_on": date(2026, 3, 20),
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2027, 3, 31),
        },
        [(line_futian, Decimal("200000.00")), (lottery, Decimal("60000.00"))],
        posts=posts_a,
    )
    district_line, lottery_line = contract_a.lines.order_by("pk")
    first = _instalment(officer, contract_a, 1, "100000.00", date(2026, 4, 1), district_line)
    second = _instalment(officer, contract_a, 2, "30000.00", date(2026, 5, 1), lottery_line)
    _instalment(officer, contract_a, 3, "50000.00", date(2026, 6, 30), district_line)
    services.pay_instalment(officer, first, on=date(2026, 4, 2))
    services.pay_instalment(officer, second, on=date(2026, 5, 10))
    single_source(
        officer,
        w["plan_futian"],
        w["org_futian"],
        "40000.00",
        "02",
        date(2026, 4, 1),
        date(2026, 4, 20),
    )

    b = single_source(
        luohu_officer,
        w["plan_luohu"],
        w["org_luohu"],
        "150000.00",
        "01",
        date(2026, 3, 5),
        date(2026, 3, 13),
        posts=1,
    )
    contract_b = services.create_contract(
        luohu_officer,
        b,
        {
            "number": "LH-2026-001",
            "title": "罗湖社工岗位购买合同",
            "signed_on": date(2026, 3, 20),
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2027, 3, 31),
        },
        [(line_luohu, Decimal("120000.00"))],
        posts=[post_b],
    )
    paid_b = _instalment(
        luohu_officer, contract_b, 1, "40000.00", date(2026, 4, 1), contract_b.lines.get()
    )
    services.pay_instalment(luohu_officer, paid_b, on=date(2026, 4, 2))
    single_source(
        luohu_officer, w["plan_luohu"], w["org_luohu"], "50000.00", "02", date(2026, 6, 1)
    )
    w.update(contract_a=contract_a, contract_b=contract_b, tender=tender)
    return w
