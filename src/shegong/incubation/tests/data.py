"""Small builders for the incubation tests, writing through the services like real use."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from shegong.core import services as core
from shegong.core.testing import factories
from shegong.core.testing.clock import frozen_clock
from shegong.incubation import services
from shegong.incubation.models import Application, Base, Call, Place, PriorityRule
from shegong.organisations.models import ServiceField

OPENS = date(2026, 3, 1)
CLOSES = date(2026, 3, 31)
STARTS = date(2026, 5, 1)


def field(code: str) -> ServiceField:
    return ServiceField.objects.get(code=code)


def base(area, name="", places=((("A01", 1)),), operator=None) -> Base:
    made = core.create_record(
        None,
        Base,
        {"name": name or f"{area.name}社会组织孵化基地", "area": area, "operator": operator},
    )
    for code, capacity in places:
        place(made, code, capacity)
    return made


def place(base, code, capacity=1) -> Place:
    return core.create_record(
        None, Place, {"base": base, "code": code, "kind": "desk", "capacity": capacity}
    )


def rule(base, name, condition, points, *, years=None, field=None) -> PriorityRule:
    data = {"base": base, "name": name, "condition": condition, "points": points}
    if years:
        data["years"] = years
    if field:
        data["field"] = field
    return core.create_record(None, PriorityRule, data)


def call(base, places_offered=2, **fields) -> Call:
    data = {
        "base": base,
        "title": f"{base.name} 2026年春季入驻招募",
        "opens_on": OPENS,
        "closes_on": CLOSES,
        "places_offered": places_offered,
        "incubation_starts_on": STARTS,
        **fields,
    }
    return core.create_record(None, Call, data)


def organisation(district, registered_on=None, fields=(), name=None):
    org = factories.organisation(district, name)
    changes = {}
    if registered_on:
        changes["registered_on"] = registered_on
    if changes:
        org = core.update_record(None, org, changes)
    if fields:
        org.service_fields.set(fields)
    return org


def apply(call, organisation=None, *, at: datetime | None = None, fields=None, name="", actor=None):
    """An application submitted at ``at`` (a time inside the call; default its opening day)."""
    at = at or timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    data = {
        "call": call,
        "organisation": organisation,
        "applicant_name": name,
        "contact_person": "王明",
        "contact_phone": "13800138000",
        "contact_email": "wang@example.cn",
        "plan": "三年内登记注册并承接社区服务项目",
    }
    m2m = {"service_fields": list(fields)} if fields is not None else None
    with frozen_clock(at):
        return services.create_application(actor, Application, data, "apply", m2m=m2m)


def decide(call, actor=None, on=date(2026, 4, 1)):
    with frozen_clock(on):
        return services.decide_call(call, actor=actor, reason="评审")
