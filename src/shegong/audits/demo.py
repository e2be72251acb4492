"""Demo oversight (FIN-5): the annual work reports of the last year whose deadline has passed,
filed by every reporting organisation on time but one, filed twelve days late; a draft of this
year's report; an internal financial audit of the first contract with two findings: one action
done with evidence, one overdue (its deadline three days ago). Written through the services (in
the audit trail); skipped when reports exist."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.procurement.models import Contract

from . import queries, rules, services
from .models import AnnualReport, Audit, ReportForm

REASON = "demo data"


def _values(rng, income) -> dict:
    staff = rng.randrange(6, 30)
    expenditure = income + rng.randrange(20, 200) * 1000
    return {
        "projects": str(rng.randrange(2, 9)),
        "beneficiaries": str(rng.randrange(800, 6000)),
        "summary": "社区长者照护、青少年成长支持与家庭服务；开展个案、小组与社区活动。",
        "staff_total": str(staff),
        "social_workers": str(max(staff - rng.randrange(1, 5), 1)),
        "volunteers": str(rng.randrange(20, 300)),
        "income_subsidies": f"{rng.randrange(0, 50) * 1000}.00",
        "income_donations": f"{rng.randrange(0, 80) * 500}.00",
        "income_services": f"{rng.randrange(0, 30) * 1000}.00",
        "income_other": "0.00",
        "expenditure_total": f"{expenditure}.00",
        "staff_costs": f"{int(expenditure * 0.7)}.00",
        "reserves": f"{rng.randrange(10, 300) * 1000}.00",
        "audited": "yes",
        "satisfaction_survey": "yes",
    }


def _reports(scale, rng, today, log) -> None:
    year = today.year - 1
    deadline, _rule = rules.report_deadline(year)
    if today <= deadline:
        year -= 1
        deadline, _rule = rules.report_deadline(year)
    if not ReportForm.objects.filter(year=year).exists():
        log(f"audits: no report form for {year}, no reports")
        return
    districts = list(Area.objects.filter(level="district").order_by("code"))
    late_done = False
    for district in districts:
        for organisation in queries.filers(district).order_by("credit_code"):
            report = services.start_report(organisation, year, actor=None, reason=REASON)
            income = queries.government_purchase_income(organisation, year)
            values = _values(rng, int(income))
            report = services.save_values(report, values, actor=None, reason=REASON)
            on = deadline - timedelta(days=rng.randrange(3, 60))
            if not late_done:
                on, late_done = deadline + timedelta(days=12), True
            services.file_report(report, actor=None, reason=REASON, on=on)
    if ReportForm.objects.filter(year=today.year).exists() and districts:
        first = queries.filers(districts[0]).order_by("credit_code").first()
        if (
            first is not None
            and not AnnualReport.objects.filter(organisation=first, year=today.year).exists()
        ):
            services.start_report(first, today.year, actor=None, reason=REASON)


def _audit(today, log) -> None:
    contract = Contract.objects.order_by("pk").first()
    if contract is None:
        log("audits: no contract, no audit")
        return
    # the audit starts 15 to 80 days ago; its report three days later
    start = min(max(contract.signed_on, today - timedelta(days=80)), today - timedelta(days=15))
    audit = create_record(
        None,
        Audit,
        {
            "contract": contract,
            "kind": "financial",
            "conducted_by": "internal",
            "scope": "合同资金拨付与使用、专账核算、支出凭证",
            "period_from": min(contract.starts_on, start),
            "period_to": start,
            "starts_on": start,
        },
        REASON,
    )
    services.issue_report(
        audit,
        on=start + timedelta(days=3),
        summary="资金拨付与合同约定一致；部分支出凭证不全，人员费用未单独核算。",
        actor=None,
        reason=REASON,
    )
    first = services.add_finding(
        None, None, {"audit": audit, "severity": "minor", "text": "部分活动支出缺少签到表和发票。"}
    )
    second = services.add_finding(
        None,
        None,
        {
            "audit": audit,
            "severity": "major",
            "text": "项目人员费用未单独核算，与机构其他支出混用。",
        },
    )
    done = services.add_action(
        None,
        None,
        {
            "finding": first,
            "text": "补齐缺失的签到表和发票并报送区民政局。",
            "party": "supplier",
            "owner": "机构财务负责人",
            "due_on": today - timedelta(days=7),
        },
    )
    services.complete_action(
        done,
        on=today - timedelta(days=8),
        evidence="已补交签到表14份、发票9张，区民政局财务科签收。",
        actor=None,
        reason=REASON,
    )
    services.add_action(
        None,
        None,
        {
            "finding": second,
            "text": "设立项目专账，按月报送人员费用明细。",
            "party": "supplier",
            "owner": "机构负责人",
            "due_on": today - timedelta(days=3),
        },
    )


def generate(scale, rng, log):
    if AnnualReport.objects.exists() or Audit.objects.exists():
        log("audits: already loaded")
        return
    today = timezone.localdate()
    _reports(scale, rng, today, log)
    _audit(today, log)
    log(
        f"audits: {AnnualReport.objects.count()} annual work reports, "
        f"{Audit.objects.count()} audits"
    )
