"""Demo supervision (ORG-5): two inspectors (field officers of the first district); in the
first district a planned inspection of an organisation whose finding of misused money led to
a decision with a rectification order now overdue (its deadline passed 10 days ago); in the
next district an inspection on a complaint (the complainant's name private) whose false
reports led to a warning and a bar from tenders of that district for a year, in force on the
portal's public notice; an association's circulated criticism of a member. Written through
the services (in the audit trail); skipped when inspections exist."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shegong.accounts.demo import ensure_user
from shegong.areas.models import Area
from shegong.core.roles import Role
from shegong.organisations.models import Organisation

from . import services
from .models import Case, Discipline, Finding, Inspection, Sanction

REASON = "demo data"


def _decided(org, officer, inspectors, today, *, complaint, text, kind, number, decider):
    """A case opened and investigated by the district ``officer`` and decided by ``decider``
    (the city officer: who opened a case never decides it, ``Case.workflow``)."""
    planned = today - timedelta(days=60)
    values = {
        "organisation": org,
        "origin": "complaint" if complaint else "planned",
        "complaint": complaint,
        "complainant": "李某某" if complaint else "",
        "scheduled_on": planned,
        "scope": "购买服务项目资金使用、服务台账与年度报告",
        "lead_inspector": inspectors[0],
        "second_inspector": inspectors[1],
    }
    inspection = services.plan_inspection(officer, Inspection, values, REASON)
    services.complete_inspection(inspectors[0], inspection, text, on=planned, reason=REASON)
    finding = services.add_finding(
        inspectors[0], Finding, {"inspection": inspection, "text": text, "is_violation": True}
    )
    case = services.open_case(
        officer,
        Case,
        {"kind": kind, "finding": finding, "opened_on": planned + timedelta(days=5), "facts": text},
        REASON,
    )
    services.record_investigation(
        officer, case, "调取项目账册及服务记录，约谈机构负责人。", on=planned + timedelta(days=12)
    )
    return services.decide(
        decider,
        case,
        number=number,
        decided_on=planned + timedelta(days=20),
        grounds=f"经调查核实：{text}",
        reason=REASON,
    )


def generate(scale, rng, log):
    if Inspection.objects.exists():
        log("inspections: already loaded")
        return
    today = timezone.localdate()
    districts = list(Area.objects.filter(level="district").order_by("code")[:2])
    orgs = [
        Organisation.objects.filter(area=d, kind="service_provider").order_by("credit_code").first()
        for d in districts
    ]
    if len(districts) < 2 or None in orgs:
        log("inspections: no organisations")
        return
    first, second = districts
    officers = [
        ensure_user(rng, f"officer_{d.code}", Role.DISTRICT_OFFICER, area=d) for d in districts
    ]
    inspectors = [
        ensure_user(rng, f"inspector_{n}", Role.FIELD_OFFICER, area=first) for n in (1, 2)
    ]
    decider = ensure_user(rng, "city_officer", Role.CITY_OFFICER, area=first.parent)
    misuse = _decided(
        orgs[0],
        officers[0],
        inspectors,
        today,
        complaint="",
        text="部分购买服务资金用于机构办公场地装修，未按合同约定用途使用。",
        kind="misuse_of_funds",
        number=f"{first.name}民社监〔{today.year}〕1号",
        decider=decider,
    )
    services.add_sanction(
        officers[0],
        Sanction,
        {
            "decision": misuse,
            "kind": "rectification",
            "starts": misuse.decided_on,
            "deadline": today - timedelta(days=10),
            "requirement": "退回挪用资金，建立项目资金专账，并报送整改报告。",
        },
        REASON,
    )
    inspectors_second = [
        ensure_user(rng, f"inspector_{second.code}_{n}", Role.FIELD_OFFICER, area=second)
        for n in (1, 2)
    ]
    false = _decided(
        orgs[1],
        officers[1],
        inspectors_second,
        today,
        complaint="服务对象反映机构上报的个案服务次数远多于实际接受的服务。",
        text="机构报送的季度服务报告虚报个案服务人次。",
        kind="false_reports",
        number=f"{second.name}民社监〔{today.year}〕1号",
        decider=decider,
    )
    ends = false.decided_on + timedelta(days=364)
    for kind, buyer in (("warning", None), ("tender_bar", second)):
        services.add_sanction(
            officers[1],
            Sanction,
            {
                "decision": false,
                "kind": kind,
                "starts": false.decided_on,
                "ends": ends,
                "buyer": buyer,
            },
            REASON,
        )
    association = Organisation.objects.filter(kind="association").order_by("credit_code").first()
    if association is not None:
        admin = ensure_user(
            rng, f"orgadmin_{association.pk}", Role.ORG_ADMIN, organisation=association
        )
        member = orgs[1] if orgs[1].pk != association.pk else orgs[0]
        services.record_discipline(
            admin,
            Discipline,
            {
                "association": association,
                "member_organisation": member,
                "measure": "criticism",
                "decided_on": today - timedelta(days=7),
                "grounds": "违反行业自律公约，虚报服务数据。",
            },
            REASON,
        )
    log(
        f"inspections: {Inspection.objects.count()} inspections, "
        f"{Sanction.objects.count()} sanctions, {Discipline.objects.count()} measures"
    )
