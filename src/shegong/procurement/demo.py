"""Demo purchase of services (FIN-3, GOV-1): this year's purchase plan of the first district
with items (posts and projects), one open tender published twelve days ago with two
clarifications (the second changed the documents 14 days before the deadline and moved it),
and a single-source procurement whose notice is open to objections. At city scale every other
district gets a plan too. Written through the services (in the audit trail); skipped when
plans exist."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.organisations.models import Organisation, ServiceField

from . import services
from .models import PlanItem, Procurement, PurchasePlan

REASON = "demo data"

#: field code, kind, posts, project, estimated value (yuan), method
ITEMS = [
    ("01", "posts", 12, "", "1320000.00", "open_tender"),
    ("02", "project", None, "长者社区照护服务项目", "800000.00", "open_tender"),
    ("03", "project", None, "青少年成长支持项目", "450000.00", "competitive_negotiation"),
    ("07", "project", None, "禁毒社会工作专项服务", "260000.00", "single_source"),
]


def _items(plan, fields, rng) -> list[PlanItem]:
    made = []
    for code, kind, posts, project, value, method in ITEMS:
        field = fields.get(code) or next(iter(fields.values()))
        estimate = Decimal(value) + Decimal(rng.randrange(0, 20)) * Decimal("10000")
        made.append(
            create_record(
                None,
                PlanItem,
                {
                    "plan": plan,
                    "field": field,
                    "kind": kind,
                    "posts": posts,
                    "project": project,
                    "estimated_value": estimate,
                    "method": method,
                },
                REASON,
            )
        )
    return made


def _open_tender(item, today) -> Procurement:
    published = today - timedelta(days=12)
    tender = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item,
            "title": f"{item.plan.area.name}{item.project}公开招标",
            "description": "为辖区长者提供社区照护、探访与个案服务，服务期一年。",
            "minimum_grade": "3A",
            "minimum_credentialed_staff": 5,
            "bid_deadline": published + timedelta(days=21),
            "opening_time": time(9, 30),
        },
        REASON,
        on=published,
    )
    for name, weight, is_price in (
        ("价格", "30", True),
        ("服务方案", "40", False),
        ("团队与持证社工", "20", False),
        ("以往服务评估", "10", False),
    ):
        services.create_criterion(
            None,
            None,
            {"procurement": tender, "name": name, "weight": Decimal(weight), "is_price": is_price},
            REASON,
        )
    tender = services.publish(None, tender, on=published, reason=REASON)
    services.clarify(
        None,
        tender,
        "答疑：投标人须提供近三年社会工作服务项目的评估报告复印件。",
        False,
        on=published + timedelta(days=1),
        reason=REASON,
    )
    tender.refresh_from_db()
    # 14 days before the deadline: a change of the documents moves the deadline by a day.
    services.clarify(
        None,
        tender,
        "更正：服务人数由300人调整为360人，服务方案评分细则相应调整。",
        True,
        on=tender.bid_deadline - timedelta(days=14),
        reason=REASON,
    )
    return tender


def _single_source(item, district, today) -> Procurement | None:
    supplier = Organisation.objects.filter(area=district).order_by("pk").first()
    if supplier is None:
        return None
    p = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item,
            "title": f"{district.name}{item.project}单一来源采购",
            "single_source_reason": "该项目须与公安、司法部门已建立的禁毒个案管理平台衔接，"
            "辖区内仅此一家机构承接并持有相关数据接口，无法由其他供应商提供。",
            "proposed_supplier": supplier,
        },
        REASON,
    )
    return services.publish(None, p, on=today - timedelta(days=2), reason=REASON)


def generate(scale, rng, log):
    if PurchasePlan.objects.exists():
        log("procurement: already loaded")
        return
    today = timezone.localdate()
    districts = list(Area.objects.filter(level="district").order_by("code"))
    if not districts:
        log("procurement: no districts")
        return
    fields = {f.code: f for f in ServiceField.objects.order_by("code")}
    for n, district in enumerate(districts if scale == "city" else districts[:1]):
        plan = create_record(
            None,
            PurchasePlan,
            {
                "area": district,
                "year": today.year,
                "title": f"{district.name}{today.year}年政府购买社会工作服务计划",
            },
            REASON,
        )
        items = _items(plan, fields, rng)
        if n == 0:
            _open_tender(items[1], today)
            _single_source(items[3], district, today)
    log(
        f"procurement: {PurchasePlan.objects.count()} plans, "
        f"{Procurement.objects.count()} procurements"
    )
