"""Demo purchase of services (FIN-3, GOV-1): this year's purchase plan of the first district
with items (posts and projects), one open tender published twelve days ago with two
clarifications (the second changed the documents 14 days before the deadline and moved it),
and a single-source procurement awarded after its notice, with its contract (FIN-6): the
supplier's first posts, the district's budget line committed, clauses, a schedule of three
instalments (the second on the mid-term evaluation) and the first paid (FIN-2). At city scale
every other district gets a plan too. Written through the services (in the audit trail);
skipped when plans exist."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.funding.models import BudgetLine
from shegong.organisations.models import Organisation, ServiceField
from shegong.workforce.models import Post

from . import rules, services
from .models import Clause, Contract, Instalment, PlanItem, Procurement, PurchasePlan
from .services.contracts import SUPPLIER_KINDS

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
    supplier = (
        Organisation.objects.filter(area=district, kind__in=SUPPLIER_KINDS).order_by("pk").first()
    )
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
    p = services.publish(None, p, on=today - timedelta(days=30), reason=REASON)
    award_on = rules.objection_window_end(p.published_on) + timedelta(days=1)
    return services.award_single_source(None, p, on=award_on, reason=REASON)


#: party, text (FIN-6, clause 11: the rights and duties of both sides)
CLAUSES = [
    ("buyer", "甲方按付款计划及时拨付服务经费，并对服务过程进行监督和评估。"),
    ("buyer", "甲方为乙方开展服务提供必要的场地和工作协调支持。"),
    ("supplier", "乙方按服务方案配备持证社会工作者，保持岗位人员稳定。"),
    ("supplier", "乙方按季度提交服务报告，接受中期评估和末期评估。"),
    ("both", "任何一方违约的，应承担相应责任；合同变更须经双方书面同意。"),
]


def _contract(p, today) -> Contract | None:
    """The single source's contract, signed five days after the award (within 30 days)."""
    line = (
        BudgetLine.objects.filter(year=p.plan_item.plan.year, payer=p.buyer, purpose="purchase")
        .order_by("pk")
        .first()
    )
    if line is None:
        return None
    signed = min(p.awarded_on + timedelta(days=5), today)
    posts = list(Post.objects.filter(organisation=p.proposed_supplier).order_by("code")[:2])
    contract = services.create_contract(
        None,
        p,
        {
            "number": f"{p.buyer.code}-{signed.year}-HT-001",
            "title": p.title.replace("单一来源采购", "合同"),
            "signed_on": signed,
            "starts_on": signed + timedelta(days=1),
            "ends_on": signed + timedelta(days=365),
            "outputs": "禁毒个案管理60人，社区宣传活动24场，戒毒康复小组8个。",
            "outcome_targets": "服务对象复吸率低于15%，服务满意度不低于90%。",
        },
        [(line, Decimal("240000.00"))],
        posts,
        REASON,
    )
    for number, (party, text) in enumerate(CLAUSES, 1):
        services.add_clause(
            None, Clause, {"contract": contract, "number": number, "party": party, "text": text}
        )
    funded = contract.lines.get()
    schedule = [
        (signed, "72000.00", "contract_signed"),
        (signed + timedelta(days=180), "96000.00", "mid_term_evaluation"),
        (signed + timedelta(days=365), "72000.00", "final_evaluation"),
    ]
    for number, (due, amount, condition) in enumerate(schedule, 1):
        services.add_instalment(
            None,
            Instalment,
            {
                "contract": contract,
                "number": number,
                "due_on": due,
                "amount": Decimal(amount),
                "funding": funded,
                "condition": condition,
            },
            REASON,
        )
    first = contract.instalments.get(number=1)
    paid_on = min(signed + timedelta(days=3), today)
    first = services.record_condition(None, first, True, "合同已于签订日生效", on=signed)
    services.pay_instalment(None, first, on=paid_on, reason="首期服务经费")
    return contract


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
            single = _single_source(items[3], district, today)
            if single is not None:
                _contract(single, today)
    challenged_tender(districts[0], today, log)
    log(
        f"procurement: {PurchasePlan.objects.count()} plans, "
        f"{Procurement.objects.count()} procurements, {Contract.objects.count()} contracts"
    )


# --- The challenged open tender (FIN-3: panel, recusal, scores, award, challenge) ------------


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
    from .models import Expert  # noqa: PLC0415 - the evaluation stage's models, kept apart

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
    from django.core.files.base import ContentFile  # noqa: PLC0415

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
