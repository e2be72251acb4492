"""The procurement tests' world: Futian and Luohu, each with an organisation, a district
officer, an organisation administrator and a purchase plan with an item; a city officer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.organisations.models import ServiceField
from shegong.procurement import services
from shegong.procurement.models import PlanItem, Procurement, PurchasePlan


def today() -> date:
    return timezone.localdate()


def plan(district, year=2026) -> PurchasePlan:
    return create_record(
        None, PurchasePlan, {"area": district, "year": year, "title": f"{district.name}{year}"}
    )


def item(the_plan, method="open_tender", **fields) -> PlanItem:
    values = {
        "plan": the_plan,
        "field": ServiceField.objects.order_by("code").first(),
        "kind": "project",
        "project": "社区长者服务项目",
        "estimated_value": Decimal("800000.00"),
        "method": method,
    }
    values.update(fields)
    return create_record(None, PlanItem, values)


def tender(the_item, actor=None, **fields) -> Procurement:
    """A draft open tender of ``the_item`` whose deadline is 25 days from today."""
    values = {
        "plan_item": the_item,
        "title": "长者服务项目公开招标",
        "bid_deadline": today() + timedelta(days=25),
        "opening_time": "09:30",
    }
    values.update(fields)
    return services.create_procurement(actor, Procurement, values)


def criteria(procurement, price=Decimal("30")):
    services.create_criterion(
        None,
        None,
        {"procurement": procurement, "name": "价格", "weight": price, "is_price": True},
    )
    services.create_criterion(
        None,
        None,
        {"procurement": procurement, "name": "服务方案", "weight": Decimal("100") - price},
    )


@pytest.fixture
def world(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    org_futian = factories.organisation(futian, "福田社工服务中心")
    org_luohu = factories.organisation(luohu, "罗湖社工服务中心")
    plan_futian, plan_luohu = plan(futian), plan(luohu)
    return {
        "tree": tree,
        "org_futian": org_futian,
        "org_luohu": org_luohu,
        "officer": factories.user("futian_officer", role="district_officer", scope=futian),
        "luohu_officer": factories.user("luohu_officer", role="district_officer", scope=luohu),
        "city_officer": factories.user("city_officer", role="city_officer", scope=tree["city"]),
        "org_admin": factories.user("luohu_org", role="org_admin", scope=org_luohu),
        "plan_futian": plan_futian,
        "plan_luohu": plan_luohu,
        "item_futian": item(plan_futian),
        "item_luohu": item(plan_luohu),
    }
