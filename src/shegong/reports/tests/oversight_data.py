"""The oversight dashboard's world (issue 15, point 7): Futian and Luohu with a running
contract each (``oversight.tests.data.oworld``), grades, a visit, rated evaluations, audit
actions and rectification orders on both sides of their deadlines. Today is ``TODAY`` (15 July
2026) wherever a figure depends on it.

Expected figures (written out in the tests, not computed):

Organisations (active, by service field; grade held on 15 July 2026):
  Futian: 福田社工服务中心 (field 01, 3A since 1 March); 福田第二社工中心 (field 02, a 1A
  published 1 August: no grade on the day). Luohu: 罗湖社工服务中心 (fields 01 and 02, 5A
  since 1 February).
Visits: one contract running in each district (30 % of 1: one visit needed); Futian's visited
  on 10 June, Luohu's not.
Ratings of 2026: Futian's contract "good"; Luohu's "not competent" (and a mid-term "excellent" of
  December 2025 that does not count in 2026).
Audit actions: Futian one due 14 July not done (overdue), one due 15 July (not yet); Luohu one
  due 1 July not done (overdue), one due 30 June done 29 June (not overdue).
Rectification orders: Futian deadline 10 July (overdue); Luohu deadline 15 July (not yet).
Annual work reports of 2025: the three organisations are service providers, none filed.
"""

from __future__ import annotations

from datetime import date

import pytest

from shegong.audits.tests import data as audits
from shegong.core.testing import factories
from shegong.grading.tests.data import grade_record
from shegong.inspections.models import Sanction
from shegong.inspections.services import add_sanction
from shegong.inspections.tests import data as inspections
from shegong.organisations.models import ServiceField
from shegong.oversight.models import Evaluation, Visit
from shegong.oversight.tests.data import cworld, oworld, world  # noqa: F401

TODAY = date(2026, 7, 15)


def field(code: str) -> ServiceField:
    return ServiceField.objects.get(code=code)


def _evaluation(contract, held_on, rating, stage="final"):
    return Evaluation.objects.create(
        contract=contract,
        stage=stage,
        held_on=held_on,
        status="rated",
        rating=rating,
    )


def _action(contract, due_on, done_on=None):
    a = audits.action(audits.finding(audits.audit(contract)), due_on)
    if done_on:
        type(a).objects.filter(pk=a.pk).update(done_on=done_on)
    return a


def _rectification(w, org_key, number, deadline):
    officer = w["officer"] if org_key == "org_futian" else w["luohu_officer"]
    decision = inspections.decided(w, org_key, number=number, actor=officer)
    return add_sanction(
        officer,
        Sanction,
        {
            "decision": decision,
            "kind": "rectification",
            "starts": inspections.DECIDED,
            "deadline": deadline,
            "requirement": "补齐服务台账并退回挪用资金",
        },
        "责令限期整改",
    )


@pytest.fixture
def dworld(oworld):  # noqa: F811
    w = oworld
    futian = w["tree"]["futian"]
    for name in ("inspector_a", "inspector_b", "inspector_c"):
        w[name] = factories.user(name, role="field_officer", scope=futian)
    second = factories.organisation(futian, "福田第二社工中心")
    w["org_futian"].service_fields.add(field("01"))
    second.service_fields.add(field("02"))
    w["org_luohu"].service_fields.add(field("01"), field("02"))
    grade_record(w["org_futian"], "3A", date(2026, 3, 1))
    grade_record(w["org_luohu"], "5A", date(2026, 2, 1))
    grade_record(second, "1A", date(2026, 8, 1))
    Visit.objects.create(
        contract=w["contract_futian"],
        kind="unannounced",
        planned_on=date(2026, 6, 10),
        visited_on=date(2026, 6, 10),
        status="done",
        lead_evaluator=w["evaluator"],
    )
    _evaluation(w["contract_futian"], date(2026, 6, 20), "good")
    _evaluation(w["contract_luohu"], date(2026, 6, 21), "not_competent")
    _evaluation(w["contract_luohu"], date(2025, 12, 1), "excellent", "mid_term")
    _action(w["contract_futian"], date(2026, 7, 14))
    _action(w["contract_futian"], date(2026, 7, 15))
    _action(w["contract_luohu"], date(2026, 7, 1))
    _action(w["contract_luohu"], date(2026, 6, 30), done_on=date(2026, 6, 29))
    _rectification(w, "org_futian", "深福民罚〔2026〕1号", date(2026, 7, 10))
    _rectification(w, "org_luohu", "深罗民罚〔2026〕1号", date(2026, 7, 15))
    w["org_second"] = second
    return w
