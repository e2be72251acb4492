"""ORG-5 through the services at their edges, in two districts with two organisations: the
sanction in force to its last day and gone the next (Asia/Shanghai days), the rectification
order overdue the day after its deadline and no longer once rectified, the bar from tenders
written into procurement and lifted by an appeal upheld, the appeal decided by another
official, the bad input refused with its message and nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.inspections import queries, rules, services
from shegong.inspections.models import Appeal, Case, Discipline, Finding, Sanction
from shegong.procurement.models import TenderBar
from shegong.procurement.services import bars
from shegong.workforce.tests import data as wf

from .data import DECIDED, case, decided, finding, inspection, sanction, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


def test_a_sanction_is_in_force_to_its_last_day_and_gone_the_next(world):
    w = world
    s = sanction(w, decided(w), ends=date(2026, 5, 31))
    assert rules.in_force(s, date(2026, 3, 1)) is False  # before the decision's start
    assert rules.in_force(s, DECIDED) is True
    assert rules.in_force(s, date(2026, 5, 31)) is True
    assert rules.in_force(s, date(2026, 6, 1)) is False
    assert list(queries.sanctions_in_force(date(2026, 5, 31))) == [s]
    assert list(queries.sanctions_in_force(date(2026, 6, 1))) == []


def test_a_rectification_order_is_overdue_the_day_after_its_deadline(world):
    w = world
    order = sanction(
        w,
        decided(w),
        kind="rectification",
        ends=None,
        deadline=date(2026, 4, 30),
        requirement="退回挪用资金并建立专账",
    )
    other = sanction(
        w,
        decided(w, "org_luohu", number="深罗民罚〔2026〕1号"),
        actor=w["luohu_officer"],
        kind="rectification",
        ends=None,
        deadline=date(2026, 4, 30),
        requirement="补交服务台账",
    )
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    assert list(queries.overdue_rectifications(futian, date(2026, 4, 30))) == []
    assert list(queries.overdue_rectifications(futian, date(2026, 5, 1))) == [order]
    assert list(queries.overdue_rectifications(luohu, date(2026, 5, 1))) == [other]
    assert queries.overdue_rectifications(w["tree"]["city"], date(2026, 5, 1)).count() == 2
    # still in force (on the public notice) while overdue, until rectified
    assert rules.in_force(order, date(2027, 1, 1)) is True
    done = services.record_rectification(
        w["officer"], order, date(2026, 5, 20), "资金已退回，专账已建立（附银行回单）"
    )
    assert rules.is_overdue(done, date(2026, 5, 19)) is True
    assert rules.in_force(done, date(2026, 5, 19)) is True
    assert rules.in_force(done, date(2026, 5, 20)) is False
    assert list(queries.overdue_rectifications(futian, date(2026, 5, 21))) == []
    assert list(queries.overdue_rectifications(luohu, date(2026, 5, 21))) == [other]
    with pytest.raises(ValidationError) as exc:
        services.record_rectification(w["officer"], done, date(2026, 5, 21), "再次")
    assert exc.value.messages == ["Already rectified on 2026-05-20."]


def test_a_bar_from_tenders_sanction_writes_the_bar_and_an_upheld_appeal_lifts_it(world):
    w = world
    decision = decided(w)
    s = sanction(w, decision, kind="tender_bar", ends=date(2027, 3, 1), buyer=w["tree"]["futian"])
    bar = TenderBar.objects.get()
    assert (bar.organisation, bar.buyer, bar.starts, bar.ends, bar.source) == (
        w["org_futian"],
        w["tree"]["futian"],
        DECIDED,
        date(2027, 3, 1),
        "sanction",
    )
    assert bar.reason == "Sanction decision 深福民罚〔2026〕1号"
    assert bar.reference == f"inspections.Sanction:{s.pk}"
    assert s.bar == bar
    warning = sanction(w, decision)
    appeal = services.lodge_appeal(
        w["admin_futian"],
        Appeal,
        {"decision": decision, "lodged_on": date(2026, 3, 10), "grounds": "资金已按约使用"},
    )
    # the official who decided may not decide the appeal
    with pytest.raises(PermissionDenied) as exc:
        services.decide_appeal(w["officer"], appeal, "upheld", "证据不足", on=date(2026, 4, 1))
    assert str(exc.value) == (
        "You made the decision under appeal; another official decides the appeal."
    )
    services.decide_appeal(w["city_officer"], appeal, "upheld", "证据不足", on=date(2026, 4, 1))
    bar.refresh_from_db()
    assert (bar.lifted_on, bar.lifted_reason) == (date(2026, 4, 1), "证据不足")
    assert list(bars.bars_in_force(w["org_futian"], w["tree"]["futian"], date(2026, 3, 31)))
    assert not bars.bars_in_force(w["org_futian"], w["tree"]["futian"], date(2026, 4, 1))
    for one in (s, warning):
        one.refresh_from_db()
        assert one.lifted_on == date(2026, 4, 1)
        assert rules.in_force(one, date(2026, 3, 31)) is True
        assert rules.in_force(one, date(2026, 4, 1)) is False
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(w["city_officer"], appeal, "dismissed", "再议")
    assert exc.value.messages == [
        "This appeal is upheld: sanctions lifted; it can be dismissed only when it is pending."
    ]


def test_a_suspension_bars_from_every_buyer_to_its_last_day_and_an_upheld_appeal_lifts_it(world):
    w = world
    futian, luohu = w["tree"]["futian"], w["tree"]["luohu"]
    decision = decided(w)
    # the city's suspension (a district officer's closes their district only, ORG-5:
    # procurement/tests/test_bar_scope.py)
    s = sanction(w, decision, actor=w["city_officer"], kind="suspension", ends=date(2026, 5, 31))
    bar = TenderBar.objects.get()
    assert (bar.organisation, bar.buyer, bar.starts, bar.ends, bar.source, s.bar) == (
        w["org_futian"],
        None,
        date(2026, 3, 2),
        date(2026, 5, 31),
        "sanction",
        bar,
    )
    for buyer in (futian, luohu):
        assert not bars.bars_in_force(w["org_futian"], buyer, date(2026, 3, 1))
        assert list(bars.bars_in_force(w["org_futian"], buyer, date(2026, 3, 2))) == [bar]
        assert list(bars.bars_in_force(w["org_futian"], buyer, date(2026, 5, 31))) == [bar]
        assert not bars.bars_in_force(w["org_futian"], buyer, date(2026, 6, 1))
        assert not bars.bars_in_force(w["org_luohu"], buyer, date(2026, 5, 31))
    # a warning bars nobody
    sanction(w, decided(w, "org_luohu", number="深罗民罚〔2026〕9号"), actor=w["luohu_officer"])
    assert TenderBar.objects.count() == 1
    appeal = services.lodge_appeal(
        w["admin_futian"],
        Appeal,
        {"decision": decision, "lodged_on": date(2026, 3, 10), "grounds": "已停业整顿"},
    )
    services.decide_appeal(w["city_officer"], appeal, "upheld", "程序违法", on=date(2026, 4, 1))
    bar.refresh_from_db()
    assert (bar.lifted_on, bar.lifted_reason) == (date(2026, 4, 1), "程序违法")
    assert list(bars.bars_in_force(w["org_futian"], luohu, date(2026, 3, 31))) == [bar]
    assert not bars.bars_in_force(w["org_futian"], luohu, date(2026, 4, 1))


def test_a_dismissed_appeal_leaves_the_sanctions_and_allows_no_second_pending(world):
    w = world
    decision = decided(w)
    s = sanction(w, decision)
    data = {"decision": decision, "lodged_on": date(2026, 3, 10), "grounds": "不服"}
    appeal = services.lodge_appeal(w["admin_futian"], Appeal, data)
    with pytest.raises(ValidationError) as exc:
        services.lodge_appeal(w["admin_futian"], Appeal, data)
    assert exc.value.message_dict == {
        "decision": ["This decision already has an appeal pending or upheld."]
    }
    services.decide_appeal(w["city_officer"], appeal, "dismissed", "事实清楚", on=date(2026, 4, 1))
    s.refresh_from_db()
    assert s.lifted_on is None
    # another organisation may not appeal this decision
    with pytest.raises(PermissionDenied):
        services.lodge_appeal(w["admin_luohu"], Appeal, data)


def test_bad_input_is_refused_with_its_message(world):
    w = world
    with pytest.raises(ValidationError) as exc:
        inspection(w, second_inspector=w["inspector_a"])
    assert exc.value.message_dict == {
        "second_inspector": ["An inspection has two different inspectors."]
    }
    with pytest.raises(ValidationError) as exc:
        inspection(w, origin="complaint")
    assert exc.value.message_dict == {"complaint": ["Describe the complaint that led to it."]}
    i = inspection(w)
    f = finding(w, i)
    with pytest.raises(ValidationError) as exc:
        services.open_case(
            w["officer"],
            Case,
            {
                "organisation": w["org_luohu"],
                "kind": "other",
                "finding": f,
                "opened_on": date(2026, 2, 10),
                "facts": "x",
            },
        )
    assert exc.value.message_dict == {"finding": ["The finding is about another organisation."]}
    with pytest.raises(ValidationError) as exc:
        services.open_case(
            w["officer"],
            Case,
            {
                "organisation": w["org_futian"],
                "kind": "other",
                "opened_on": date(2026, 2, 10),
                "facts": "x",
            },
        )
    assert exc.value.message_dict == {
        "finding": ["A case is opened from a finding or from a complaint."]
    }
    c = case(w, f)
    boss = w["city_officer"]  # the case's opener never decides it (``Case.workflow``)
    with pytest.raises(ValidationError) as exc:
        services.decide(boss, c, number="1", decided_on=date(2026, 2, 9), grounds="x")
    assert exc.value.message_dict == {
        "decided_on": ["A case opened on 2026-02-10 is not decided before."]
    }
    decision = services.decide(boss, c, number="1", decided_on=DECIDED, grounds="x")
    with pytest.raises(ValidationError) as exc:
        services.close_case(w["officer"], c, "无违法事实")
    assert exc.value.messages == [
        "This case is decided; it can be closed only when it is under investigation."
    ]
    cases = [
        (
            {"kind": "warning", "ends": None},
            {"ends": ["Give the last day the sanction is in force."]},
        ),
        ({"kind": "warning", "ends": date(2026, 3, 1)}, None),  # starts before the decision
        (
            {"kind": "suspension", "ends": date(2026, 3, 1), "starts": date(2026, 3, 5)},
            {"ends": ["A sanction ends on or after the day it starts."]},
        ),
        (
            {"kind": "rectification", "ends": None, "requirement": "整改"},
            {"deadline": ["A rectification order has a deadline."]},
        ),
        (
            {"kind": "rectification", "ends": None, "deadline": date(2026, 4, 1)},
            {"requirement": ["Say what the organisation must put right."]},
        ),
        (
            {"kind": "warning", "buyer": w["tree"]["futian"]},
            {"buyer": ["Only a bar from tenders names a buyer district."]},
        ),
        (
            {"kind": "deregistration"},
            {"authority": ["Name the registration authority the recommendation goes to."]},
        ),
    ]
    for fields, expected in cases:
        values = {"starts": DECIDED, "ends": date(2026, 5, 31), **fields}
        if expected is None:
            values["starts"] = date(2026, 3, 1)
            expected = {
                "starts": ["The decision is dated 2026-03-02; its sanctions start on or after it."]
            }
        with pytest.raises(ValidationError) as exc:
            sanction(w, decision, **values)
        assert exc.value.message_dict == expected, fields
    assert Sanction.objects.count() == 0 and TenderBar.objects.count() == 0


def test_inspectors_complete_and_record_findings_only_on_their_inspections(world):
    w = world
    mine = inspection(w)
    with pytest.raises(PermissionDenied):
        finding(w, mine, actor=w["inspector_c"])
    with pytest.raises(PermissionDenied):
        services.complete_inspection(w["inspector_c"], mine, "检查完毕", on=date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.complete_inspection(w["inspector_b"], mine, "检查完毕", on=date(2026, 1, 31))
    assert exc.value.message_dict == {
        "done_on": ["The inspection was set for 2026-02-01; it is not done before."]
    }
    done = services.complete_inspection(w["inspector_b"], mine, "检查完毕", on=date(2026, 2, 1))
    assert (done.status, done.done_on) == ("done", date(2026, 2, 1))
    assert finding(w, mine, actor=w["inspector_b"]).organisation == w["org_futian"]
    # a district officer of another district may not plan an inspection here
    with pytest.raises(PermissionDenied):
        inspection(w, actor=w["luohu_officer"])
    assert Finding.objects.count() == 1


def test_an_association_disciplines_its_members_and_nobody_else_does(world):
    w = world
    worker = wf.person(w["tree"]["futian"], w["org_futian"])
    data = {
        "association": w["association"],
        "member_organisation": w["org_futian"],
        "measure": "criticism",
        "decided_on": date(2026, 6, 1),
        "grounds": "年度自律检查中服务记录不全",
    }
    d = services.record_discipline(w["admin_assoc"], Discipline, data)
    assert d.pk
    with pytest.raises(PermissionDenied):
        services.record_discipline(w["admin_futian"], Discipline, data)
    with pytest.raises(ValidationError) as exc:
        services.record_discipline(
            w["admin_futian"],
            Discipline,
            {**data, "association": w["org_futian"], "member_organisation": w["org_luohu"]},
        )
    assert exc.value.message_dict == {
        "association": ["Only an association records disciplinary measures."]
    }
    with pytest.raises(ValidationError) as exc:
        services.record_discipline(
            w["admin_assoc"], Discipline, {**data, "member_organisation": None}
        )
    assert exc.value.message_dict == {
        "member_organisation": ["Name one member: an organisation or a social worker."]
    }
    on_worker = services.record_discipline(
        w["admin_assoc"],
        Discipline,
        {**data, "member_organisation": None, "member_person": worker, "measure": "admonition"},
    )
    assert on_worker.member_person == worker
    assert Discipline.objects.count() == 2
