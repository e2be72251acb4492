"""The contract tests' world (on top of ``data.world``): a single source of Futian awarded on
13 March 2026, budget lines of Futian, Luohu and the city, and posts of the suppliers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.funding import services as funding
from shegong.funding.models import BudgetLine
from shegong.organisations.models import Organisation
from shegong.procurement import services
from shegong.procurement.models import Procurement
from shegong.workforce.tests.data import post, post_type

from .data import item

AWARDED_ON = date(2026, 3, 13)


def budget_line(payer, amount, year=2026, name="") -> BudgetLine:
    source = "city_budget" if payer.level == "city" else "district_budget"
    line = funding.create_budget_line(
        None,
        BudgetLine,
        {
            "year": year,
            "payer": payer,
            "source": source,
            "purpose": "purchase",
            "name": name or f"{payer.name}{year}购买服务",
        },
    )
    funding.allocate(line, Decimal(amount), actor=None, reason="预算批复", on=date(2026, 1, 5))
    return line


def awarded(world, supplier, kind="posts", district="futian") -> Procurement:
    """A single source of ``district`` naming ``supplier``, published 5 March 2026 and awarded
    13 March 2026."""
    officer = world["officer"] if district == "futian" else world["luohu_officer"]
    the_item = item(
        world[f"plan_{district}"],
        method="single_source",
        kind=kind,
        posts=4 if kind == "posts" else None,
        project="" if kind == "posts" else "长者服务项目",
    )
    p = services.create_procurement(
        officer,
        Procurement,
        {
            "plan_item": the_item,
            "title": "社工岗位单一来源采购",
            "single_source_reason": "唯一具备该专项资质的机构",
            "proposed_supplier": supplier,
        },
    )
    p = services.publish(officer, p, on=date(2026, 3, 5))
    return services.award_single_source(officer, p, on=AWARDED_ON)


def volunteer_federation(district) -> Organisation:
    return create_record(
        None,
        Organisation,
        {
            "name": "福田区义工联合会",
            "credit_code": factories.credit_code(990011),
            "kind": "volunteer_organisation",
            "area": district,
        },
    )


@pytest.fixture
def cworld(world):
    tree = world["tree"]
    ptype = post_type()
    world.update(
        line_futian=budget_line(tree["futian"], "300000.00"),
        line_futian_b=budget_line(tree["futian"], "50000.00", name="福田2026福彩公益金"),
        line_luohu=budget_line(tree["luohu"], "300000.00"),
        line_city=budget_line(tree["city"], "1000000.00"),
        posts_futian=[post(world["org_futian"], ptype) for _ in range(2)],
        post_luohu=post(world["org_luohu"], ptype),
        ptype=ptype,
    )
    return world


def contract_data(number="FT-2026-001", signed_on=date(2026, 3, 20), **extra) -> dict:
    return {
        "number": number,
        "title": "福田社工岗位购买合同",
        "signed_on": signed_on,
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2027, 3, 31),
        **extra,
    }
