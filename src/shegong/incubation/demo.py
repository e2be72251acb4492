"""Demo incubation (ORG-4): a base in the first district (every district at city scale) with
desks and a shared room, its priority rules, last year's call decided by the rules (the
admitted applicants on their places, milestones met and planned, one graduation and one exit
with reasons) and this month's call open for applications. Written through the services (in
the audit trail); skipped when bases exist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from shegong.areas.models import Area
from shegong.core.services import create_record
from shegong.organisations.choices import SUPERVISED_BY_LINE
from shegong.organisations.models import Organisation, ServiceField

from . import services
from .choices import Condition, Outcome
from .models import Application, Base, Call, Milestone, Occupancy, Place, PriorityRule

REASON = "demo data"

#: name, condition, points, years, field code
RULES = [
    ("成立不满3年的新机构", Condition.REGISTERED_WITHIN, 30, 3, None),
    ("新成立且服务试点领域", Condition.NEW_IN_PILOT_FIELD, 15, 3, None),
    ("服务试点领域（教育、司法、民政、残联）", Condition.PILOT_FIELD, 20, None, None),
    ("筹备中的社会组织", Condition.IN_PREPARATION, 10, None, None),
    ("服务禁毒领域", Condition.SERVES_FIELD, 5, None, "07"),
]
#: Organisations in preparation that apply: planned name, contact, field codes.
NEW = [
    ("{d}暖阳长者服务中心", "周敏", ["01"]),
    ("{d}青禾青少年发展中心", "陈立", ["03"]),
    ("{d}心桥家庭服务社", "黄婷", ["11"]),
]


def _moment(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _base(district, operator):
    base = create_record(
        None,
        Base,
        {
            "name": f"{district.name}社会组织孵化基地",
            "area": district,
            "operator": operator,
            "address": f"{district.name}社会组织服务中心三楼",
        },
        REASON,
    )
    for n in range(1, 7):
        create_record(None, Place, {"base": base, "code": f"D{n:02d}", "kind": "desk"}, REASON)
    create_record(None, Place, {"base": base, "code": "R01", "kind": "room", "capacity": 2}, REASON)
    fields = {f.code: f for f in ServiceField.objects.all()}
    for name, condition, points, years, code in RULES:
        data = {"base": base, "name": name, "condition": condition, "points": points}
        if years:
            data["years"] = years
        if code and code in fields:
            data["field"] = fields[code]
        elif code:
            continue
        create_record(None, PriorityRule, data, REASON)
    return base


def _apply(call, organisation, at, *, name="", contact="王磊", fields=None):
    data = {
        "call": call,
        "organisation": organisation,
        "applicant_name": name,
        "contact_person": contact,
        "contact_phone": "13800000000",
        "plan": (
            "入驻期间完成机构登记（或规范化建设），承接至少一个社区服务项目，建立财务与督导制度。"
        ),
    }
    m2m = {"service_fields": fields} if fields else None
    return services.create_application(None, Application, data, REASON, m2m=m2m, submitted_at=at)


def _last_year(base, district, orgs, today):
    opens = today - timedelta(days=400)
    call = create_record(
        None,
        Call,
        {
            "base": base,
            "title": f"{district.name}孵化基地{opens.year}年入驻招募",
            "opens_on": opens,
            "closes_on": opens + timedelta(days=30),
            "places_offered": 5,
            "incubation_starts_on": opens + timedelta(days=60),
            "description": "面向新成立和筹备中的社会组织，优先孵化服务试点领域的机构。",
        },
        REASON,
    )
    fields = {f.code: f for f in ServiceField.objects.all()}
    for n, org in enumerate(orgs):
        _apply(call, org, _moment(opens + timedelta(days=2 + n)))
    for n, (name, contact, codes) in enumerate(NEW):
        chosen = [fields[c] for c in codes if c in fields]
        _apply(
            call,
            None,
            _moment(opens + timedelta(days=3 + n), 15),
            name=name.format(d=district.name),
            contact=contact,
            fields=chosen,
        )
    services.decide_call(call, actor=None, reason=REASON, on=call.closes_on + timedelta(days=5))
    held = list(Occupancy.objects.filter(place__base=base).order_by("place__code"))
    for n, occupancy in enumerate(held):
        create_record(
            None,
            Milestone,
            {
                "occupancy": occupancy,
                "title": "完成民政登记或章程修订",
                "due_on": occupancy.starts_on + timedelta(days=120),
            },
            REASON,
        )
        planned = create_record(
            None,
            Milestone,
            {
                "occupancy": occupancy,
                "title": "承接首个政府购买服务项目",
                "due_on": occupancy.starts_on + timedelta(days=300),
            },
            REASON,
        )
        first = occupancy.milestones.order_by("due_on").first()
        if n < 3:
            services.meet_milestone(
                first,
                on=min(first.due_on, today),
                evidence="登记证书复印件已存档",
                actor=None,
                reason=REASON,
            )
        if n == 0:
            services.meet_milestone(
                planned,
                on=min(planned.due_on, today),
                evidence="项目合同已签订",
                actor=None,
                reason=REASON,
            )
    if len(held) >= 2:
        services.end_occupancy(
            held[0],
            Outcome.GRADUATED,
            on=today - timedelta(days=30),
            actor=None,
            reason="完成登记、承接项目并建立内部治理制度，按期出壳。",
        )
        services.end_occupancy(
            held[1],
            Outcome.EXITED,
            on=today - timedelta(days=60),
            actor=None,
            reason="发起人工作变动，机构暂停筹备，主动申请退出。",
        )
    return call


def _this_month(base, district, orgs, today):
    call = create_record(
        None,
        Call,
        {
            "base": base,
            "title": f"{district.name}孵化基地{today.year}年第二批入驻招募",
            "opens_on": today - timedelta(days=10),
            "closes_on": today + timedelta(days=20),
            "places_offered": 3,
            "incubation_starts_on": today + timedelta(days=45),
            "description": "名额有限，按优先规则评分录取；同分按提交时间先后。",
        },
        REASON,
    )
    if orgs:
        _apply(call, orgs[-1], _moment(today - timedelta(days=5)))
    _apply(
        call,
        None,
        _moment(today - timedelta(days=3)),
        name=f"{district.name}同心社区互助会",
        contact="刘洋",
    )


def generate(scale, rng, log):
    if Base.objects.exists():
        log("incubation: already loaded")
        return
    today = timezone.localdate()
    districts = list(Area.objects.filter(level="district").order_by("code"))
    if not districts:
        log("incubation: no districts")
        return
    for district in districts if scale == "city" else districts[:1]:
        orgs = list(
            Organisation.objects.filter(
                area=district, kind__in=SUPERVISED_BY_LINE, is_active=True
            ).order_by("credit_code")
        )
        base = _base(district, orgs[0] if orgs else None)
        _last_year(base, district, orgs[1:4], today)
        _this_month(base, district, orgs[1:4], today)
    log(f"incubation: {Base.objects.count()} bases, {Application.objects.count()} applications")
