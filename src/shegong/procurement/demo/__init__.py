"""Demo purchase of services (FIN-3, GOV-1, FIN-6, FIN-2, VOL-3), written through the services
(in the audit trail and the funding ledger); skipped when plans exist.

For each demo district with a budget line (the first two at district scale, every district at
city scale), this year's purchase plan with five items funded by the district's budget line, the
city's special subsidy transferred to it and the city's welfare lottery line, and from them:

- an open tender for posts, published 60 days ago, three valid bids opened at its deadline,
  awarded and contracted: the contract funds up to four of the winner's posts (the workforce
  shows them as contracted) on the district budget and the city subsidy; a schedule of three
  instalments, the first paid, the second refused until the mid-term evaluation is recorded as
  met (recorded as not met yet);
- an open tender published twelve days ago with documents, criteria and two clarifications
  (the second changed the documents 14 days before the deadline and moved it), open for bids,
  with two sealed bids (one kept invalid with its reasons);
- an open tender that failed at its opening for too few valid bids (two, fewer than three);
- a single source awarded after its notice, which received an objection; its contract (a
  project: outputs and outcome targets), clauses, instalments with the first paid, amended to
  add money from the city's welfare lottery line and extend the period;
- a competitive negotiation still only planned.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.utils import timezone

from shegong.areas.models import Area
from shegong.core import workflow
from shegong.core.services import create_record
from shegong.funding.choices import FundingSource
from shegong.funding.models import BudgetLine
from shegong.organisations.models import Organisation, ServiceField
from shegong.workforce.models import Post

from .. import rules, services
from ..models import (
    Clause,
    Contract,
    Instalment,
    PlanItem,
    Procurement,
    PurchasePlan,
    TenderDocument,
)
from ..services import eligibility
from ..services.contracts import SUPPLIER_KINDS

#: The reason of the demo's writes (shown in the audit trail and, for money, the ledger).
REASON = "演示数据"

#: The opening time of every demo tender (local time, 24-hour).
OPENING = time(9, 30)

#: key, field code, kind, posts, project, estimated value (yuan), method, funding lines
ITEMS = [
    ("posts", "01", "posts", 12, "", "1320000.00", "open_tender", ("district", "subsidy")),
    (
        "open",
        "02",
        "project",
        None,
        "长者社区照护服务项目",
        "800000.00",
        "open_tender",
        ("district",),
    ),
    (
        "negotiation",
        "03",
        "project",
        None,
        "青少年成长支持项目",
        "450000.00",
        "competitive_negotiation",
        ("lottery",),
    ),
    (
        "failed",
        "05",
        "project",
        None,
        "社区矫正社会工作服务项目",
        "380000.00",
        "open_tender",
        ("district",),
    ),
    (
        "single",
        "07",
        "project",
        None,
        "禁毒社会工作专项服务",
        "260000.00",
        "single_source",
        ("district",),
    ),
]

#: name, weight (%), is the price (FIN-3: the price weighs at least 10 %)
CRITERIA = (
    ("价格", "30", True),
    ("服务方案", "40", False),
    ("团队与持证社工", "20", False),
    ("以往服务评估", "10", False),
)

#: party, text (FIN-6, clause 11: the rights and duties of both sides)
CLAUSES = [
    ("buyer", "甲方按付款计划及时拨付服务经费，并对服务过程进行监督和评估。"),
    ("buyer", "甲方为乙方开展服务提供必要的场地和工作协调支持。"),
    ("supplier", "乙方按服务方案配备持证社会工作者，保持岗位人员稳定。"),
    ("supplier", "乙方按季度提交服务报告，接受中期评估和末期评估。"),
    ("both", "任何一方违约的，应承担相应责任；合同变更须经双方书面同意。"),
]

#: The yearly price of one post the demo contracts pay (yuan; FIN-1's intermediate level).
POST_PRICE = Decimal("90000.00")


def _pdf(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% demo\n", name=name)


def _lines(district, year) -> dict:
    """The purchase lines a district's plan draws on: its own budget, the city subsidy it
    received, and the city's welfare lottery line (FIN-2, FIN-4)."""
    found = {}
    for line in BudgetLine.objects.filter(
        Q(payer=district) | Q(payer__level="city", source=FundingSource.WELFARE_LOTTERY),
        year=year,
        purpose="purchase",
    ).order_by("pk"):
        key = {
            FundingSource.DISTRICT_BUDGET: "district",
            FundingSource.CITY_SUBSIDY: "subsidy",
            FundingSource.WELFARE_LOTTERY: "lottery",
        }.get(line.source)
        if key:
            found.setdefault(key, line)
    return found


def _items(plan, fields, lines, rng) -> dict[str, PlanItem]:
    made = {}
    for key, code, kind, posts, project, value, method, funded_by in ITEMS:
        field = fields.get(code) or next(iter(fields.values()))
        estimate = Decimal(value) + Decimal(rng.randrange(0, 20)) * Decimal("10000")
        made[key] = services.create_plan_item(
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
            m2m={"budget_lines": [lines[k] for k in funded_by if k in lines]},
        )
    return made


def _tender(item, title, published, *, description, staff=0, documents=()) -> Procurement:
    """An open tender drafted and published on ``published``, its bid deadline 21 days later."""
    tender = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item,
            "title": title,
            "description": description,
            "minimum_credentialed_staff": staff,
            "bid_deadline": published + timedelta(days=21),
            "opening_time": OPENING,
        },
        REASON,
        on=published,
    )
    for name, weight, is_price in CRITERIA:
        services.create_criterion(
            None,
            None,
            {"procurement": tender, "name": name, "weight": Decimal(weight), "is_price": is_price},
            REASON,
        )
    for name in documents:
        services.add_document(
            None,
            TenderDocument,
            {"procurement": tender, "title": name, "file": _pdf(f"{name}.pdf")},
        )
    return services.publish(None, tender, on=published, reason=REASON)


def _close(tender):
    return rules.bids_close_at(tender.bid_deadline, tender.opening_time)


def _bid(tender, organisation, price, at, staff=()):
    return services.submit_bid(
        None,
        tender,
        organisation,
        Decimal(price),
        _pdf("投标文件.pdf"),
        list(staff),
        at=at,
        reason=REASON,
    )


def _open_tender(item, today, bidders) -> Procurement:
    """Published twelve days ago, two clarifications (the second moved the deadline), open for
    bids: sealed bids from two organisations today (an ineligible one kept invalid)."""
    published = today - timedelta(days=12)
    tender = _tender(
        item,
        f"{item.plan.area.name}{item.project}公开招标",
        published,
        description="为辖区长者提供社区照护、探访与个案服务，服务期一年。",
        staff=5,
        documents=("招标文件", "服务需求说明"),
    )
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
    tender.refresh_from_db()
    at = timezone.now() - timedelta(hours=2)
    # The staff on the day of the bid (two hours ago is yesterday just after midnight).
    on = timezone.localdate(at)
    for organisation, price in zip(bidders[:2], ("768000.00", "785500.00"), strict=False):
        staff = [e.person for e in eligibility.current_staff(organisation, on)[:5]]
        _bid(tender, organisation, price, at, staff)
    return tender


def _failed(item, today, bidders) -> Procurement | None:
    """Published 50 days ago; two valid bids at the opening: fewer than three, it failed."""
    if len(bidders) < 2:
        return None
    tender = _tender(
        item,
        f"{item.plan.area.name}{item.project}公开招标",
        today - timedelta(days=50),
        description="为社区矫正对象提供个案管理、教育帮扶和社会适应服务，服务期一年。",
    )
    at = _close(tender) - timedelta(days=2)
    for organisation, price in zip(bidders[:2], ("352000.00", "367500.00"), strict=True):
        _bid(tender, organisation, price, at)
    services.open_bids(None, tender, at=_close(tender), reason=REASON)
    return tender


def _award(tender, winner, on) -> Procurement:
    """The open tender's evaluation and award on ``on`` (the workflow's ``evaluate`` and
    ``award``). The evaluation panel, scores and award notice are the ``award`` stage's;
    ``winner`` is the best-ranked valid bid."""
    tender = workflow.take(None, tender, "evaluate", reason=REASON)
    return workflow.take(
        None,
        tender,
        "award",
        reason=f"评审结果：{winner.organisation}中标",
        changes={"awarded_on": on},
    )


def _schedule(contract, signed, amounts) -> list[Instalment]:
    funded = list(contract.lines.order_by("pk"))
    conditions = ("contract_signed", "mid_term_evaluation", "final_evaluation")
    made = []
    for number, (amount, condition) in enumerate(zip(amounts, conditions, strict=True), 1):
        made.append(
            services.add_instalment(
                None,
                Instalment,
                {
                    "contract": contract,
                    "number": number,
                    "due_on": signed + timedelta(days=(0, 180, 365)[number - 1]),
                    "amount": Decimal(amount),
                    "funding": funded[0],
                    "condition": condition,
                },
                REASON,
            )
        )
    for number, (party, text) in enumerate(CLAUSES, 1):
        services.add_clause(
            None, Clause, {"contract": contract, "number": number, "party": party, "text": text}
        )
    return made


def _contracted(item, today, bidders, lines, serial) -> Contract | None:
    """Published 60 days ago; three valid bids opened at the deadline; awarded a week later to
    the bidder with the most posts; the contract, signed six days after the award, funds up to
    four of its posts on the district budget and the city subsidy."""
    if len(bidders) < 3 or "district" not in lines:
        return None
    tender = _tender(
        item,
        f"{item.plan.area.name}社会工作岗位购买公开招标",
        today - timedelta(days=60),
        description="购买社会工作岗位，服务期一年，岗位人员须为持证社会工作者。",
        documents=("招标文件",),
    )
    at = _close(tender) - timedelta(days=3)
    bids = [
        _bid(tender, organisation, price, at)
        for organisation, price in zip(
            bidders[:3], ("356000.00", "372000.00", "389500.00"), strict=True
        )
    ]
    services.open_bids(None, tender, at=_close(tender), reason=REASON)
    tender = _award(tender, bids[0], tender.bid_deadline + timedelta(days=7))
    supplier = bids[0].organisation
    posts = list(Post.objects.filter(organisation=supplier).order_by("code")[:4])
    if not posts:
        return None
    value = POST_PRICE * len(posts)
    subsidy = (value / 3).quantize(Decimal("0.01")) if "subsidy" in lines else Decimal("0.00")
    funding = [(lines["district"], value - subsidy)]
    if subsidy:
        funding.append((lines["subsidy"], subsidy))
    signed = tender.awarded_on + timedelta(days=6)
    contract = services.create_contract(
        None,
        tender,
        {
            "supplier": supplier,
            "number": f"{tender.buyer.code}-{signed.year}-HT-{serial:03d}",
            "title": f"{tender.buyer.name}社会工作岗位购买服务合同",
            "signed_on": signed,
            "starts_on": signed + timedelta(days=1),
            "ends_on": signed + timedelta(days=365),
        },
        funding,
        posts,
        "签订岗位购买服务合同",
    )
    quarter = (value / 4).quantize(Decimal("0.01"))
    first, second, _third = _schedule(
        contract, signed, (quarter, value / 2, value - quarter - value / 2)
    )
    first = services.record_condition(None, first, True, "合同已于签订日生效", on=signed)
    services.pay_instalment(None, first, on=signed + timedelta(days=3), reason="首期服务经费")
    # The second waits for the mid-term evaluation: refused until it is recorded as met.
    services.record_condition(None, second, False, "中期评估尚未完成", on=today)
    return contract


def _single_source(item, today, supplier, objector, lines, serial) -> Contract | None:
    """Published 30 days ago with its notice; an objection on the second day; awarded the day
    after the notice ran; the contract signed five days later, paid once, then amended."""
    p = services.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item,
            "title": f"{item.plan.area.name}{item.project}单一来源采购",
            "single_source_reason": "该项目须与公安、司法部门已建立的禁毒个案管理平台衔接，"
            "辖区内仅此一家机构承接并持有相关数据接口，无法由其他供应商提供。",
            "proposed_supplier": supplier,
        },
        REASON,
    )
    p = services.publish(None, p, on=today - timedelta(days=30), reason=REASON)
    if objector is not None:
        services.lodge_objection(
            None,
            p,
            objector,
            "本机构同样具备禁毒社会工作服务能力，且已与辖区戒毒康复机构建立合作，"
            "请重新考虑采用公开招标方式。",
            on=p.published_on + timedelta(days=1),
            reason=REASON,
        )
    award_on = rules.objection_window_end(p.published_on) + timedelta(days=1)
    p = services.award_single_source(None, p, on=award_on, reason=REASON)
    if "district" not in lines:
        return None
    signed = p.awarded_on + timedelta(days=5)
    contract = services.create_contract(
        None,
        p,
        {
            "number": f"{p.buyer.code}-{signed.year}-HT-{serial:03d}",
            "title": p.title.replace("单一来源采购", "合同"),
            "signed_on": signed,
            "starts_on": signed + timedelta(days=1),
            "ends_on": signed + timedelta(days=365),
            "outputs": "禁毒个案管理60人，社区宣传活动24场，戒毒康复小组8个。",
            "outcome_targets": "服务对象复吸率低于15%，服务满意度不低于90%。",
        },
        [(lines["district"], Decimal("240000.00"))],
        (),
        "签订单一来源采购服务合同",
    )
    first, _second, _third = _schedule(contract, signed, ("72000.00", "96000.00", "72000.00"))
    first = services.record_condition(None, first, True, "合同已于签订日生效", on=signed)
    services.pay_instalment(None, first, on=signed + timedelta(days=3), reason="首期服务经费")
    if "lottery" in lines:
        services.amend(
            None,
            contract,
            "服务对象增加至80人，追加福利彩票公益金资助并延长服务期一个月。",
            amounts={lines["lottery"]: Decimal("60000.00")},
            ends_on=contract.ends_on + timedelta(days=30),
            on=signed + timedelta(days=12),
        )
    return contract


def _suppliers(district) -> list[Organisation]:
    """Active organisations that may supply (VOL-3), the district's own first, those with the
    most posts first (the winner of the posts tender has posts to fund)."""
    found = (
        Organisation.objects.filter(kind__in=SUPPLIER_KINDS, status="active")
        .annotate(n_posts=Count("posts"))
        .order_by("-n_posts", "pk")
    )
    own = [o for o in found if o.area_id == district.pk]
    return own + [o for o in found if o.area_id != district.pk][: max(0, 3 - len(own))]


def _district(district, fields, today, rng, serial) -> int:
    """Every stage in ``district``; returns the contracts made."""
    lines = _lines(district, today.year)
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
    items = _items(plan, fields, lines, rng)
    suppliers = _suppliers(district)
    if not suppliers:
        return 0
    made = 0
    if _contracted(items["posts"], today, suppliers, lines, serial + 1):
        made += 1
    _open_tender(items["open"], today, suppliers)
    _failed(items["failed"], today, suppliers[1:] or suppliers)
    objector = suppliers[1] if len(suppliers) > 1 else None
    if _single_source(items["single"], today, suppliers[-1], objector, lines, serial + 2):
        made += 1
    # Evaluation panels, awards and challenges (the ``award`` stage): its demo is called here.
    return made


def generate(scale, rng, log):
    if PurchasePlan.objects.exists():
        log("procurement: already loaded")
        return
    today = timezone.localdate()
    # The districts the funding demo gave money this year (else the first district, unfunded:
    # its procurements go as far as they can without money).
    districts = list(
        Area.objects.filter(level="district", budget_lines__year=today.year)
        .distinct()
        .order_by("code")
    ) or list(Area.objects.filter(level="district").order_by("code")[:1])
    if not districts:
        log("procurement: no districts")
        return
    fields = {f.code: f for f in ServiceField.objects.order_by("code")}
    for district in districts:
        _district(district, fields, today, rng, serial=0)
    challenged_tender(districts[0], today, log)
    log(
        f"procurement: {PurchasePlan.objects.count()} plans, "
        f"{Procurement.objects.count()} procurements, {Contract.objects.count()} contracts"
    )


# --- The challenged open tender (FIN-3: panel, recusal, scores, award, challenge) ------------


# The evaluation stage's demo (a challenged tender) lives beside: it reads REASON above.
from .evaluation import DEMO_EXPERTS, challenged_tender  # noqa: E402

__all__ = ["DEMO_EXPERTS", "REASON", "challenged_tender", "generate"]
