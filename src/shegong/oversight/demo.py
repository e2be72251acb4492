"""Demo data of contract monitoring (FIN-5). The demo's purchase of services has few running
contracts (one, in the first district), too few to show the 30 % rule per district, so this
module signs its own through the procurement services (single sources of two districts,
awarded and contracted as real use would), then gives every running contract a submitted
self-assessment and statistics returns (some late), records a complaint, draws the year's
visit sample of the city with a kept seed, plans and records visits, rates mid-term
evaluations (one with a declared recusal) and one final evaluation "not competent", which
bars its organisation from that buyer's tenders for a year."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from shegong.accounts.demo import DEMO_PASSWORD
from shegong.accounts.models import User
from shegong.accounts.services import create_user
from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.funding import services as funding
from shegong.funding.models import BudgetLine
from shegong.organisations.models import Organisation, ServiceField
from shegong.procurement import rules as procurement_rules
from shegong.procurement import services as procurement
from shegong.procurement.choices import ContractStatus
from shegong.procurement.models import Contract, Instalment, PlanItem, Procurement, PurchasePlan
from shegong.procurement.services.contracts import SUPPLIER_KINDS

from . import rules, services
from .models import Complaint, Evaluation, SelfAssessment, Visit

REASON = "演示数据"
#: Contracts signed here per district (7: 30 % is 2.1, rounded up to 3 visits).
PER_DISTRICT = 7
PROJECTS = [
    "社区长者关爱服务项目",
    "青少年成长支持项目",
    "困境儿童保护服务项目",
    "社区矫正社会工作项目",
    "残疾人康复融合项目",
    "家庭综合服务项目",
    "社区禁毒社会工作项目",
]
FINDINGS = [
    "服务台账齐全，个案记录规范，服务对象访谈反馈良好。",
    "小组活动按计划开展，部分活动记录缺少签到表，已要求补正。",
    "驻点社工在岗，督导记录完整；建议加强服务成效评估。",
]


def _evaluators(district) -> list[User]:
    """Three evaluators (experts) of ``district``: its officers pick them in the forms."""
    found = []
    for n, name in enumerate(("评估专家王敏", "评估专家李强", "评估专家赵婷"), 1):
        user = User.objects.filter(username=f"evaluator_{n}").first()
        if user is None:
            user = create_user(
                None,
                {"username": f"evaluator_{n}", "first_name": name, "email": "", "area": district},
                DEMO_PASSWORD,
                REASON,
            )
        found.append(user)
    return found


def _plan(district, year) -> PurchasePlan:
    plan = PurchasePlan.objects.filter(area=district, year=year).first()
    return plan or create_record(
        None,
        PurchasePlan,
        {
            "area": district,
            "year": year,
            "title": f"{district.name}{year}年政府购买社会工作服务计划",
        },
        REASON,
    )


def _line(district, year) -> BudgetLine:
    line = funding.create_budget_line(
        None,
        BudgetLine,
        {
            "year": year,
            "payer": district,
            "source": "district_budget",
            "purpose": "purchase",
            "name": f"{district.name}{year}年购买社会工作服务项目资金（监督评估演示）",
        },
        REASON,
    )
    funding.allocate(line, Decimal("5000000.00"), actor=None, reason=REASON, on=date(year, 1, 5))
    return line


def _sign(district, supplier, project, line, starts: date) -> Contract:
    """A single source of ``project`` awarded to ``supplier`` and its contract, running a year
    from ``starts``."""
    signed = starts - timedelta(days=5)
    plan = _plan(district, line.year)
    item = create_record(
        None,
        PlanItem,
        {
            "plan": plan,
            "field": ServiceField.objects.order_by("code").first(),
            "kind": "project",
            "project": project,
            "estimated_value": Decimal("300000.00"),
            "method": "single_source",
        },
        REASON,
    )
    p = procurement.create_procurement(
        None,
        Procurement,
        {
            "plan_item": item,
            "title": f"{district.name}{project}单一来源采购",
            "single_source_reason": "项目须延续上一周期已建立的服务关系，仅该机构可承接。",
            "proposed_supplier": supplier,
        },
        REASON,
    )
    published = signed - timedelta(days=25)
    p = procurement.publish(None, p, on=published, reason=REASON)
    award_on = procurement_rules.objection_window_end(published) + timedelta(days=1)
    p = procurement.award_single_source(None, p, on=min(award_on, signed), reason=REASON)
    n = Contract.objects.filter(buyer=district).count() + 1
    contract = procurement.create_contract(
        None,
        p,
        {
            "number": f"{district.code}-{signed.year}-JP-{n:03d}",
            "title": f"{project}服务合同",
            "signed_on": signed,
            "starts_on": starts,
            "ends_on": rules.add_months(starts, 12) - timedelta(days=1),
            "outputs": "个案服务40人，小组活动12节，社区活动10场。",
            "outcome_targets": "服务对象满意度不低于90%，个案目标达成率不低于80%。",
        },
        [(line, Decimal("240000.00"))],
        (),
        REASON,
    )
    funded = contract.lines.get()
    for number, (due, amount, condition) in enumerate(
        [
            (starts, "72000.00", "contract_signed"),
            (starts + timedelta(days=180), "96000.00", "mid_term_evaluation"),
            (contract.ends_on, "72000.00", "final_evaluation"),
        ],
        1,
    ):
        procurement.add_instalment(
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
    return contract


def _contracts(today, log) -> list[Contract]:
    starts = today - timedelta(days=300)
    made = []
    for district in Area.objects.filter(level="district").order_by("code"):
        suppliers = list(
            Organisation.objects.filter(
                area=district, kind__in=SUPPLIER_KINDS, is_active=True
            ).order_by("pk")[:3]
        )
        if not suppliers or len({m.buyer_id for m in made}) >= 2:
            continue
        line = _line(district, (starts - timedelta(days=5)).year)
        for i in range(PER_DISTRICT):
            made.append(
                _sign(
                    district,
                    suppliers[i % len(suppliers)],
                    PROJECTS[i],
                    line,
                    starts + timedelta(days=i * 3),
                )
            )
    log(f"oversight: {len(made)} contracts signed for the monitoring demo")
    return made


def _self_assess(contract, year, rng, today):
    assessment = services.open_self_assessment(None, contract, year, REASON)
    for item in assessment.items.select_related("standard"):
        roll = rng.random()
        result = "met" if roll < 0.97 else ("partly_met" if roll < 0.99 else "not_met")
        services.assess(None, item, result, f"{item.standard.name}：见服务台账及{year}年度资料。")
    services.submit_self_assessment(None, assessment, REASON)


def _returns(contract, rng, today):
    for item in services.schedule_returns(None, contract, REASON):
        if item.period_end >= today:
            continue
        late = rng.random() < 0.2
        on = item.due_on + timedelta(days=rng.randrange(1, 10)) if late else item.due_on
        services.submit_return(
            None,
            item,
            {
                "people_served": rng.randrange(40, 200),
                "activities": rng.randrange(4, 20),
                "service_hours": Decimal(rng.randrange(200, 600)),
                "note": "",
            },
            on=min(on, today),
        )


def _evaluate(contract, stage, held_on, evaluators, scores, rated_on, recuse=None):
    evaluation = services.plan_evaluation(
        None,
        Evaluation,
        {"contract": contract, "stage": stage, "held_on": held_on},
        REASON,
        m2m={"evaluators": evaluators},
    )
    for assignment, value in zip(
        evaluation.assignments.select_related("evaluator").order_by("pk"), scores, strict=True
    ):
        if value is None:
            services.declare_recusal(assignment.evaluator, assignment, recuse or "利益冲突")
        else:
            services.score(assignment.evaluator, assignment, value, "现场查阅台账并访谈服务对象。")
    return services.rate(None, evaluation, REASON, on=rated_on)


def generate(scale, rng, log):
    if SelfAssessment.objects.exists():
        log("oversight: already loaded")
        return
    today = timezone.localdate()
    year = today.year
    contracts = _contracts(today, log)
    if not contracts:
        log("oversight: no supplier organisations")
        return
    evaluators = _evaluators(contracts[0].buyer)
    running = [
        c
        for c in Contract.objects.filter(status=ContractStatus.IN_FORCE).order_by("pk")
        if rules.counts_for_sampling(c.starts_on, c.ends_on, year, today)
    ]
    for contract in running:
        _self_assess(contract, year, rng, today)
        _returns(contract, rng, today)
    create_record(
        None,
        Complaint,
        {
            "contract": running[-1],
            "received_on": today - timedelta(days=40),
            "summary": "服务对象家属反映社工上门服务次数少于约定。",
        },
        REASON,
    )
    city = Area.objects.filter(level="city").order_by("code").first()
    draw = services.draw_visits(None, city, year, f"demo-{year}", on=today)
    chosen = list(draw.entries.filter(chosen=True).select_related("contract").order_by("pk"))
    for n, entry in enumerate(chosen):
        last = n == len(chosen) - 1
        visit = services.plan_visit(
            None,
            Visit,
            {
                "contract": entry.contract,
                "draw": draw,
                "kind": "unannounced" if n % 2 else "announced",
                "planned_on": today + timedelta(days=10)
                if last
                else today - timedelta(days=20 - n),
                "lead_evaluator": evaluators[n % 2],
            },
            REASON,
            m2m={"evaluators": [evaluators[2]]},
        )
        if visit.planned_on <= today:
            services.record_visit(
                None, visit, visit.planned_on, FINDINGS[n % len(FINDINGS)], "需关注人员流动。"
            )
    for n, contract in enumerate(contracts[1:5]):
        held = contract.starts_on + timedelta(days=180)
        _evaluate(
            contract,
            "mid_term",
            held,
            evaluators,
            [("88", "82", None), ("76", "74", "80"), ("85", None, "90"), ("68", "72", "70")][n],
            held + timedelta(days=3),
            recuse="曾为该机构提供督导服务",
        )
    failing = contracts[0]
    held = rules.last_final_day(failing.ends_on) - timedelta(days=40)
    _evaluate(failing, "final", min(held, today), evaluators[:2], ["55", "52"], today)
    log(
        f"oversight: {len(running)} running contracts, sample {draw.drawn} of {draw.running} "
        f"(seed {draw.seed}), {Visit.objects.count()} visits, "
        f"{Evaluation.objects.count()} evaluations"
    )
