"""The evaluation tests' world: the bids tests' three bidders (Futian's 福田社工服务中心 "a",
Luohu's 罗湖社工服务中心 "b", 南山社工服务中心 "c") bidding on Futian's open tender published on
2026-10-01 with its bids opened on 2026-10-26 at 09:30; a pool of ten experts (eight of the
tender's service field, one employed by bidder "a", one with a declared tie to bidder "b", one
inactive), two of them with an account; and Luohu's own opened tender for "a panel member of
another procurement"."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.organisations.models import ServiceField
from shegong.procurement import services
from shegong.procurement.models import Expert, Procurement

from .bidsdata import proposal, worker
from .data import criteria

PUBLISHED = date(2026, 10, 1)
DEADLINE = date(2026, 10, 26)
OPENED = timezone.make_aware(datetime.combine(DEADLINE, time(9, 30)))
BEFORE = timezone.make_aware(datetime.combine(DEADLINE, time(9, 0)))
#: A Monday with no holiday in the seven working days after it (to 2026-11-11).
AWARD_DAY = date(2026, 11, 2)
PRICES = {"a": Decimal("100000.00"), "b": Decimal("90000.00"), "c": Decimal("120000.00")}
SEED = "award-test"


def open_tender(the_item, title="长者服务项目公开招标") -> Procurement:
    p = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": the_item,
            "title": title,
            "bid_deadline": DEADLINE,
            "opening_time": "09:30",
        },
        on=PUBLISHED,
    )
    criteria(p)  # price 30, 服务方案 70
    return services.publish(None, p, on=PUBLISHED)


def expert(name, field=None, **values) -> Expert:
    fields = values.pop("fields", None)
    ties = values.pop("ties", [])
    if fields is None:
        fields = [field or ServiceField.objects.order_by("code").first()]
    return create_record(
        None,
        Expert,
        {"name": name, "phone": "13800138000", **values},
        m2m={"fields": fields, "ties": ties},
    )


@pytest.fixture
def eval_world(world):
    tree = world["tree"]
    org_c = factories.organisation(tree["futian"], "南山社工服务中心")
    orgs = {"a": world["org_futian"], "b": world["org_luohu"], "c": org_c}
    admins = {
        "a": factories.user("admin_a", role="org_admin", scope=orgs["a"]),
        "b": world["org_admin"],
        "c": factories.user("admin_c", role="org_admin", scope=org_c),
    }
    staff = {k: worker(o) for k, o in orgs.items()}
    procurement = open_tender(world["item_futian"])
    bids = {
        k: services.submit_bid(
            admins[k], procurement, orgs[k], PRICES[k], proposal(), [staff[k]], at=BEFORE
        )
        for k in orgs
    }
    services.open_bids(world["officer"], procurement, at=OPENED)
    other_field = ServiceField.objects.order_by("code").last()
    expert_users = [factories.user("expert_1"), factories.user("expert_2")]
    pool = [
        expert("专家甲", user=expert_users[0]),
        expert("专家乙", user=expert_users[1]),
        *[expert(f"专家{n}") for n in "丙丁戊己庚辛"],
        expert("专家其他领域", fields=[other_field]),
        expert("专家受雇", employer=orgs["a"]),
        expert("专家关联", ties=[orgs["b"]]),
        expert("专家停用", is_active=False),
    ]
    return {
        **world,
        "procurement": Procurement.objects.get(pk=procurement.pk),
        "orgs": orgs,
        "admins": admins,
        "bids": {k: type(b).objects.get(pk=b.pk) for k, b in bids.items()},
        "pool": pool,
        "expert_users": expert_users,
        "city_admin": factories.user("city_admin", role="city_admin", scope=tree["city"]),
        "auditor": factories.user("auditor", role="auditor", scope=tree["city"]),
        "superuser": factories.user("root", is_superuser=True, is_staff=True),
    }


def panel(w, size=5, experts=4, seed=SEED, on=date(2026, 10, 27)):
    reps = [f"采购人代表{i}" for i in range(1, size - experts + 1)]
    return services.form_panel(w["officer"], w["procurement"], size, experts, reps, seed, on=on)


def score_all(w, the_panel, points=None):
    """Every serving member scores 服务方案 (weight 70): "a" 60, "b" 50, "c" 65 by default."""
    points = points or {"a": Decimal("60"), "b": Decimal("50"), "c": Decimal("65")}
    criterion = w["procurement"].criteria.get(is_price=False)
    for member in the_panel.members.filter(status="serving"):
        services.record_scores(
            w["officer"],
            member,
            {(w["bids"][k].pk, criterion.pk): v for k, v in points.items()},
        )


def awarded(w, on=AWARD_DAY):
    the_panel = panel(w)
    score_all(w, the_panel)
    services.evaluate(w["officer"], w["procurement"], on=date(2026, 10, 30))
    return services.award(w["officer"], w["procurement"], on=on)
