"""Demo money (FIN-1, FIN-2, FIN-4): a small service catalogue (posts of each level and two
projects), this year's budget lines of the city (city budget, welfare lottery fund) and of the
demo districts (district budget; the first two at district scale, every district at city
scale), money allocated to them, the city's special subsidy transferred to each of them for
its newly added purchases (2,000,000.00, 1,600,000.00, 1,200,000.00 newly added, in turn; 50 %
of it transferred), and a city training grant (FIN-4) to the first demo service organisation,
committed and half paid. The contracts of ``procurement/demo/`` commit and pay on these
lines. Written through the services (in the ledger and the audit trail); skipped when budget
lines exist."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.organisations.models import Organisation, ServiceField

from . import services
from .choices import FundingSource, PurchaseMode, Purpose
from .models import BudgetLine, CatalogueItem

REASON = "演示数据"

#: code, name, service field code, mode, level, outputs, outcomes
CATALOGUE = [
    ("P-01-A", "社区建设社工岗位（助理社会工作师）", "01", "post", "assistant", "", ""),
    ("P-02-I", "社会福利与救助社工岗位（社会工作师）", "02", "post", "intermediate", "", ""),
    ("P-05-S", "社区矫正督导岗位（高级社会工作师）", "05", "post", "senior", "", ""),
    (
        "J-03-01",
        "青少年成长支持服务项目",
        "03",
        "project",
        "",
        "每年个案服务60个，小组活动24节，社区活动12场",
        "服务对象的学业与社会适应改善，满意度不低于85%",
    ),
    (
        "J-08-01",
        "残障人士社区康复服务项目",
        "08",
        "project",
        "",
        "每年康复训练服务200人次，家庭支持小组12节",
        "服务对象的生活自理能力提高，家属照护压力减轻",
    ),
]


def _catalogue(log) -> None:
    fields = {f.code: f for f in ServiceField.objects.all()}
    for code, name, field, mode, level, outputs, outcomes in CATALOGUE:
        if field not in fields or CatalogueItem.objects.filter(code=code).exists():
            continue
        create_record(
            None,
            CatalogueItem,
            {
                "code": code,
                "name": name,
                "service_field": fields[field],
                "mode": PurchaseMode(mode),
                "level": level,
                "outputs": outputs,
                "outcomes": outcomes,
            },
            REASON,
        )
    log(f"funding: {CatalogueItem.objects.count()} catalogue items")


def _line(payer, year, source, name, amount, on, purpose=Purpose.PURCHASE, recipient=None):
    line = services.create_budget_line(
        None,
        BudgetLine,
        {
            "year": year,
            "payer": payer,
            "source": source,
            "purpose": purpose,
            "name": name,
            "recipient": recipient,
        },
        REASON,
    )
    services.allocate(line, amount, actor=None, reason=f"{year}年预算批复", on=on)
    return line


def generate(scale, rng, log):
    _catalogue(log)
    if BudgetLine.objects.exists():
        log("funding: already loaded")
        return
    city = Area.objects.filter(level="city").order_by("code").first()
    districts = list(Area.objects.filter(level="district").order_by("code"))
    if city is None or not districts:
        log("funding: no city or district, skipped")
        return
    if scale == "district":
        districts = districts[:2]
    today = timezone.localdate()
    year, start = today.year, today.replace(month=1, day=1)
    city_line = _line(
        city,
        year,
        FundingSource.CITY_BUDGET,
        "市级购买社工服务专项资金",
        Decimal("20000000"),
        start,
    )
    _line(
        city,
        year,
        FundingSource.WELFARE_LOTTERY,
        "市福利彩票公益金社工项目",
        Decimal("3000000"),
        start,
    )
    for n, district in enumerate(districts):
        budget = Decimal(rng.randrange(60, 120)) * Decimal("100000")
        _line(
            district,
            year,
            FundingSource.DISTRICT_BUDGET,
            f"{district.name}购买社工服务经费",
            budget,
            start,
        )
        # FIN-2: the city subsidises each district's newly added purchases (procurement's
        # contracts commit on the subsidy line it opens).
        services.transfer_city_subsidy(
            city_line,
            district,
            Decimal("2000000.00") - Decimal("400000.00") * (n % 3),
            actor=None,
            reason="市级财政对区新增社工经费的专项补助",
            on=start,
        )
    recipient = Organisation.objects.filter(kind="service_provider").order_by("credit_code").first()
    if recipient is not None:
        grant = _line(
            city,
            year,
            FundingSource.WELFARE_LOTTERY,
            "社会工作教育培训资助",
            Decimal("200000"),
            start,
            purpose=Purpose.TRAINING,
            recipient=recipient,
        )
        agreement = services.commit(
            grant, Decimal("200000.00"), actor=None, reason="培训资助协议", on=start
        )
        services.pay(
            agreement, Decimal("100000.00"), actor=None, reason="培训资助首期拨付", on=start
        )
    log(f"funding: {BudgetLine.objects.count()} budget lines")
