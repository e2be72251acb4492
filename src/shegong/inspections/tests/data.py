"""The ORG-5 tests' world: Futian and Luohu, an organisation in each (and an association in
Futian), a district officer (supervisor) in each, a city officer, two inspectors (field
officers of Futian), the two organisations' administrators and the association's."""

from __future__ import annotations

from datetime import date

import pytest

from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.inspections import services
from shegong.inspections.models import Case, Finding, Inspection, Sanction
from shegong.organisations.models import Organisation

DECIDED = date(2026, 3, 2)


def association(district, name="福田区社会工作者协会") -> Organisation:
    return create_record(
        None,
        Organisation,
        {
            "name": name,
            "credit_code": factories.credit_code(),
            "kind": "association",
            "area": district,
        },
    )


@pytest.fixture
def world(tree):
    futian, luohu = tree["futian"], tree["luohu"]
    org_f = factories.organisation(futian, "福田社工服务中心")
    org_l = factories.organisation(luohu, "罗湖社工服务中心")
    assoc = association(futian)
    return {
        "tree": tree,
        "org_futian": org_f,
        "org_luohu": org_l,
        "association": assoc,
        "officer": factories.user("futian_officer", role="district_officer", scope=futian),
        "luohu_officer": factories.user("luohu_officer", role="district_officer", scope=luohu),
        "city_officer": factories.user("city_officer", role="city_officer", scope=tree["city"]),
        "inspector_a": factories.user("inspector_a", role="field_officer", scope=futian),
        "inspector_b": factories.user("inspector_b", role="field_officer", scope=futian),
        "inspector_c": factories.user("inspector_c", role="field_officer", scope=futian),
        "admin_futian": factories.user("admin_futian", role="org_admin", scope=org_f),
        "admin_luohu": factories.user("admin_luohu", role="org_admin", scope=org_l),
        "admin_assoc": factories.user("admin_assoc", role="org_admin", scope=assoc),
    }


def inspection(w, org_key="org_futian", actor=None, **fields) -> Inspection:
    values = {
        "organisation": w[org_key],
        "origin": "planned",
        "scheduled_on": date(2026, 2, 1),
        "scope": "项目资金使用与服务台账",
        "lead_inspector": w["inspector_a"],
        "second_inspector": w["inspector_b"],
    }
    values.update(fields)
    officer = w["officer"] if org_key != "org_luohu" else w["luohu_officer"]
    return services.plan_inspection(actor or officer, Inspection, values, "年度检查计划")


def finding(w, the_inspection, text="购买服务资金用于机构日常开支", actor=None) -> Finding:
    return services.add_finding(
        actor or w["inspector_a"],
        Finding,
        {"inspection": the_inspection, "text": text, "is_violation": True},
    )


def case(w, the_finding, actor=None, *, system=False, **fields) -> Case:
    values = {
        "kind": "misuse_of_funds",
        "finding": the_finding,
        "opened_on": date(2026, 2, 10),
        "facts": "挪用项目资金12万元",
    }
    values.update(fields)
    return services.open_case(None if system else actor or w["officer"], Case, values, "立案")


def decided(w, org_key="org_futian", number="深福民罚〔2026〕1号", actor=None):
    """An inspection, a finding, a case and its decision on ``DECIDED``: the case opened by
    another official than the one deciding it (separation of duties, ``Case.workflow``)."""
    district = w["officer"] if org_key != "org_luohu" else w["luohu_officer"]
    officer = actor or district
    city = w.get("city_officer")  # a world without one: the case opened by the system
    opener = district if officer == city else city
    i = inspection(w, org_key, actor=district)
    f = finding(w, i, actor=district)
    c = case(w, f, actor=opener, system=opener is None)
    return services.decide(
        officer, c, number=number, decided_on=DECIDED, grounds="违反购买服务合同约定"
    )


def sanction(w, decision, actor=None, **fields) -> Sanction:
    values = {"decision": decision, "kind": "warning", "starts": DECIDED, "ends": date(2026, 5, 31)}
    values.update(fields)
    return services.add_sanction(actor or w["officer"], Sanction, values, "处罚")
