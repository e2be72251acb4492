"""Demo purchase of services, the evaluation stage (FIN-3): one open tender taken through its
panel, scores, award and a dismissed challenge."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from shegong.core.services import create_record
from shegong.organisations.models import Organisation, ServiceField

from .. import rules, services
from ..models import Expert, PlanItem, Procurement, PurchasePlan
from ..services.contracts import SUPPLIER_KINDS
from . import REASON

#: The demo experts of the pool (name, phone); the tender's service field is theirs.
DEMO_EXPERTS = [
    ("林晓峰", "13600000001"),
    ("陈美玲", "13600000002"),
    ("黄志强", "13600000003"),
    ("周慧敏", "13600000004"),
    ("吴建国", "13600000005"),
    ("郑雅琴", "13600000006"),
    ("孙立伟", "13600000007"),
    ("马晓红", "13600000008"),
]


def challenged_tender(district, today, log) -> Procurement | None:
    """FIN-3: one open tender taken to its award with a challenge: published 45 days ago,
    three eligible bids opened at the deadline, a panel of 5 (4 experts drawn from the pool
    with seed ``demo-<id>``, 1 representative), one recusal and its replacement, the scores,
    the ranking, the award notice 20 days ago, a challenge two days later dismissed three days
    after it; the contract is still to be signed (within 30 days of the notice)."""

    plan = PurchasePlan.objects.filter(area=district, year=today.year).first()
    active = Organisation.objects.filter(kind__in=SUPPLIER_KINDS, status="active")
    bidders = list(active.order_by("pk")[:3])
    field = ServiceField.objects.order_by("code").first()
    if plan is None or len(bidders) < 3 or field is None:
        log("procurement: no challenged tender (no plan or fewer than 3 organisations)")
        return None
    item = create_record(
        None,
        PlanItem,
        {
            "plan": plan,
            "field": field,
            "kind": "project",
            "project": "困境儿童关爱服务项目",
            "estimated_value": Decimal("600000.00"),
            "method": "open_tender",
        },
        REASON,
    )
    published = today - timedelta(days=45)
    deadline = published + timedelta(days=21)
    tender = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item,
            "title": f"{district.name}困境儿童关爱服务项目公开招标",
            "description": "为辖区困境儿童提供个案管理、家庭支持与社区关爱服务，服务期一年。",
            "bid_deadline": deadline,
            "opening_time": time(9, 30),
        },
        REASON,
        on=published,
    )
    for name, weight, is_price in (
        ("价格", "30", True),
        ("服务方案", "50", False),
        ("团队", "20", False),
    ):
        services.create_criterion(
            None,
            None,
            {"procurement": tender, "name": name, "weight": Decimal(weight), "is_price": is_price},
            REASON,
        )
    tender = services.publish(None, tender, on=published, reason=REASON)
    closing = rules.bids_close_at(deadline, time(9, 30))
    prices = ("568000.00", "545000.00", "590000.00")

    for org, price in zip(bidders, prices, strict=True):
        services.submit_bid(
            None,
            tender,
            org,
            Decimal(price),
            ContentFile(b"%PDF-1.4 demo proposal", name="投标文件.pdf"),
            at=closing - timedelta(hours=2),
            reason=REASON,
        )
    services.open_bids(None, tender, at=closing, reason=REASON)
    if not Expert.objects.exists():
        for name, phone in DEMO_EXPERTS:
            create_record(
                None, Expert, {"name": name, "phone": phone}, REASON, m2m={"fields": [field]}
            )
    on = deadline + timedelta(days=1)
    panel = services.form_panel(
        None, tender, 5, 4, ["区民政局采购代表"], seed=f"demo-{tender.pk}", on=on, reason=REASON
    )
    first = panel.members.filter(kind="expert").order_by("pk").first()
    services.recuse(None, first, "近三年曾在投标机构担任督导。", seed=f"demo-{tender.pk}-r", on=on)
    sheet = {"服务方案": (44, 41, 46), "团队": (17, 18, 16)}
    criteria = {c.name: c for c in tender.criteria.filter(is_price=False)}
    bids = list(services.evaluation.valid_bids(tender))
    for n, member in enumerate(panel.members.filter(status="serving").order_by("pk")):
        points = {
            (bid.pk, criteria[name].pk): Decimal(values[i]) - Decimal(n % 2)
            for name, values in sheet.items()
            for i, bid in enumerate(bids)
        }
        services.record_scores(None, member, points, REASON)
    services.evaluate(None, tender, on=on, reason=REASON)
    noticed = today - timedelta(days=20)
    award = services.award(None, tender, on=noticed, reason=REASON)
    loser = next(b.organisation for b in bids if b.organisation_id != award.supplier_id)
    challenge = services.lodge_challenge(
        None,
        tender,
        loser,
        "我方认为服务方案评分未充分考虑我方的专业督导配置，请求复核。",
        on=noticed + timedelta(days=2),
        reason=REASON,
    )
    services.decide_challenge(
        None,
        challenge,
        False,
        "经组织原评审委员会复核，评分符合招标文件规定的评分标准，质疑不成立。",
        on=noticed + timedelta(days=5),
    )
    log(f"procurement: challenged tender awarded to {award.supplier}")
    return Procurement.objects.get(pk=tender.pk)
