"""ORG-5 pages and API in two districts with two organisations: who sees which inspection,
finding, decision and sanction (inspectors only theirs, an organisation only its own, a
complainant's name to supervisors only); the acts on the pages (plan, add a finding, open a
case, decide, add a bar, record a rectification, appeal) with their messages; the portal's
public notice of sanctions in force to the last day, Asia/Shanghai, and gone the next."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.inspections import services
from shegong.inspections.models import Appeal, Case, Decision, Discipline, Finding, Sanction
from shegong.procurement.models import TenderBar

from .data import DECIDED, case, decided, finding, inspection, sanction, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


def url(name, obj=None):
    return reverse(f"inspections:{name}", args=[obj.pk] if obj else [])


@pytest.fixture
def two(world):
    w = world
    w["i_futian"] = inspection(
        w, origin="complaint", complaint="服务对象反映服务未按约提供", complainant="王小明"
    )
    w["i_luohu"] = inspection(
        w, "org_luohu", lead_inspector=w["inspector_c"], second_inspector=w["inspector_b"]
    )
    w["f_futian"] = finding(w, w["i_futian"], "台账记载服务与实际不符")
    w["f_luohu"] = finding(w, w["i_luohu"], "资金专账缺失", actor=w["luohu_officer"])
    w["d_futian"] = services.decide(
        w["officer"],
        case(w, w["f_futian"], actor=w["city_officer"]),
        number="深福民罚〔2026〕1号",
        decided_on=DECIDED,
        grounds="虚假报告",
    )
    w["d_luohu"] = services.decide(
        w["luohu_officer"],
        case(w, w["f_luohu"], actor=w["city_officer"]),
        number="深罗民罚〔2026〕1号",
        decided_on=DECIDED,
        grounds="挪用资金",
    )
    w["s_futian"] = sanction(w, w["d_futian"])
    w["s_luohu"] = sanction(w, w["d_luohu"], actor=w["luohu_officer"])
    return w


# Columns: inspections listed (API), Futian's inspection page, Luohu's, findings (API),
# decisions (API), Futian's decision page, sanctions (API).
EXPECTED = {
    "officer": (1, 200, 404, 1, 1, 200, 1),
    "luohu_officer": (1, 404, 200, 1, 1, 404, 1),
    "city_officer": (2, 200, 200, 2, 2, 200, 2),
    "inspector_a": (1, 200, 404, 1, 0, 404, 0),  # assigned to Futian's only
    "inspector_b": (2, 200, 200, 2, 0, 404, 0),  # assigned to both
    "inspector_c": (1, 404, 200, 1, 0, 404, 0),  # assigned to Luohu's only
    "admin_futian": (0, 404, 404, 1, 1, 200, 1),  # its own findings and decisions
    "admin_luohu": (0, 404, 404, 1, 1, 404, 1),
    "admin_assoc": (0, 404, 404, 0, 0, 404, 0),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_who_sees_what(client, two, who):
    inspections, futian, luohu, findings, decisions, decision_page, sanctions = EXPECTED[who]
    client.force_login(two[who])
    assert client.get("/api/v1/inspections/").json()["count"] == inspections
    assert client.get(url("inspection_detail", two["i_futian"])).status_code == futian
    assert client.get(url("inspection_detail", two["i_luohu"])).status_code == luohu
    assert client.get("/api/v1/inspection-findings/").json()["count"] == findings
    assert client.get("/api/v1/sanction-decisions/").json()["count"] == decisions
    assert client.get(url("decision_detail", two["d_futian"])).status_code == decision_page
    assert client.get("/api/v1/sanctions/").json()["count"] == sanctions
    for name in ("inspection_list", "finding_list", "decision_list", "sanction_list"):
        assert client.get(url(name)).status_code == 200


def test_the_complainant_is_named_to_authority_officers_only(client, two):
    pk = two["i_futian"].pk
    client.force_login(two["officer"])
    assert client.get(f"/api/v1/inspections/{pk}/").json()["complainant"] == "王小明"
    assert "王小明" in client.get(url("inspection_detail", two["i_futian"])).content.decode()
    client.force_login(two["inspector_a"])
    assert client.get(f"/api/v1/inspections/{pk}/").json()["complainant"] != "王小明"
    assert "王小明" not in client.get(url("inspection_detail", two["i_futian"])).content.decode()


def test_plan_inspect_decide_bar_and_appeal_on_the_pages(client, world):
    w = world
    client.force_login(w["officer"])
    form = {
        "organisation": w["org_futian"].pk,
        "origin": "planned",
        "scheduled_on": "2026-02-01",
        "scope": "服务台账",
        "lead_inspector": w["inspector_a"].pk,
        "second_inspector": w["inspector_a"].pk,
    }
    refused = client.post(url("inspection_add"), form)
    assert refused.status_code == 200
    assert "An inspection has two different inspectors." in refused.content.decode()
    form["second_inspector"] = w["inspector_b"].pk
    assert client.post(url("inspection_add"), form).status_code == 302
    i = w["org_futian"].inspections.get()
    # the inspector records a finding and completes the inspection
    client.force_login(w["inspector_a"])
    page = client.get(url("inspection_detail", i)).content.decode()
    assert f"{url('finding_add')}?inspection={i.pk}" in page
    assert url("inspection_complete", i) in page
    done = client.post(
        url("finding_add") + f"?inspection={i.pk}",
        {"inspection": i.pk, "text": "服务记录造假", "is_violation": "on"},
    )
    assert done.status_code == 302 and done["Location"] == i.get_absolute_url()
    assert (
        client.post(
            url("inspection_complete", i), {"done_on": "2026-02-01", "summary": "发现一项违规"}
        ).status_code
        == 302
    )
    f = Finding.objects.get()
    # the supervisor opens a case from the finding; the city decides it and bars the
    # organisation
    client.force_login(w["officer"])
    opened = client.post(
        url("case_add") + f"?finding={f.pk}",
        {
            "organisation": w["org_futian"].pk,
            "kind": "false_reports",
            "finding": f.pk,
            "opened_on": "2026-02-10",
            "facts": "服务记录造假",
        },
    )
    assert opened.status_code == 302
    c = Case.objects.get()
    # who opened the case never decides it: no button, 403 with the reason
    assert url("case_decide", c) not in client.get(url("case_detail", c)).content.decode()
    denied = client.get(url("case_decide", c))
    assert denied.status_code == 403
    client.force_login(w["city_officer"])
    too_early = client.post(
        url("case_decide", c),
        {"number": "深福民罚〔2026〕9号", "decided_on": "2026-02-09", "grounds": "虚假报告"},
    )
    assert "A case opened on 2026-02-10 is not decided before." in too_early.content.decode()
    assert (
        client.post(
            url("case_decide", c),
            {"number": "深福民罚〔2026〕9号", "decided_on": "2026-03-02", "grounds": "虚假报告"},
        ).status_code
        == 302
    )
    d = Decision.objects.get()
    client.force_login(w["officer"])
    page = client.get(url("decision_detail", d)).content.decode()
    assert f"{url('sanction_add')}?decision={d.pk}" in page
    added = client.post(
        url("sanction_add") + f"?decision={d.pk}",
        {"decision": d.pk, "kind": "tender_bar", "starts": "2026-03-02", "ends": "2027-03-01"},
    )
    assert added.status_code == 302 and added["Location"] == d.get_absolute_url()
    assert TenderBar.objects.get().ends == date(2027, 3, 1)
    # its administrator reads the decision and lodges an appeal; the district decides it
    client.force_login(w["admin_futian"])
    page = client.get(url("decision_detail", d)).content.decode()
    assert "虚假报告" in page and f"{url('appeal_add')}?decision={d.pk}" in page
    assert f"{url('sanction_add')}?decision={d.pk}" not in page
    assert (
        client.post(
            url("appeal_add") + f"?decision={d.pk}",
            {"decision": d.pk, "lodged_on": "2026-03-10", "grounds": "记录系录入错误"},
        ).status_code
        == 302
    )
    appeal = Appeal.objects.get()
    client.force_login(w["city_officer"])  # made the decision under appeal
    refused = client.post(
        url("appeal_decide", appeal),
        {"outcome": "upheld", "decided_on": "2026-04-01", "reason": "证据不足"},
    )
    assert "another official decides the appeal" in refused.content.decode()
    client.force_login(w["officer"])
    assert (
        client.post(
            url("appeal_decide", appeal),
            {"outcome": "upheld", "decided_on": "2026-04-01", "reason": "证据不足"},
        ).status_code
        == 302
    )
    assert TenderBar.objects.get().lifted_on == date(2026, 4, 1)
    assert Sanction.objects.get().lifted_on == date(2026, 4, 1)


def test_an_overdue_rectification_order_is_flagged_and_recorded(client, world):
    w = world
    order = sanction(
        w,
        decided(w),
        kind="rectification",
        ends=None,
        deadline=date(2026, 4, 30),
        requirement="建立资金专账",
    )
    client.force_login(w["officer"])
    page = client.get(url("sanction_detail", order)).content.decode()
    assert "Overdue" in page and "The deadline was 2026-04-30" in page
    bad = client.post(
        url("sanction_rectify", order), {"rectified_on": "2026-05-20", "evidence": " "}
    )
    assert "This field is required." in bad.content.decode()
    assert (
        client.post(
            url("sanction_rectify", order),
            {"rectified_on": "2026-05-20", "evidence": "专账已建立，附开户证明"},
        ).status_code
        == 302
    )
    page = client.get(url("sanction_detail", order)).content.decode()
    assert "Rectified on 2026-05-20" in page and "Overdue" not in page
    client.force_login(w["admin_futian"])  # the organisation reads, does not record
    assert client.get(url("sanction_rectify", order)).status_code == 403


def test_disciplinary_measures_are_seen_by_the_association_and_officials(client, world):
    w = world
    client.force_login(w["admin_assoc"])
    form = client.get(url("discipline_add")).context["form"]
    assert form.initial["association"] == w["association"].pk
    done = client.post(
        url("discipline_add"),
        {
            "association": w["association"].pk,
            "member_credit_code": w["org_futian"].credit_code,
            "measure": "censure",
            "decided_on": "2026-06-01",
            "grounds": "违反行业自律公约",
        },
    )
    assert done.status_code == 302
    d = Discipline.objects.get()
    assert d.member_organisation == w["org_futian"]
    unknown = client.post(
        url("discipline_add"),
        {
            "association": w["association"].pk,
            "member_credit_code": "91440300MA5XXXXXXX",
            "measure": "censure",
            "decided_on": "2026-06-01",
            "grounds": "x",
        },
    )
    assert "No registered organisation has this credit code." in unknown.content.decode()
    both = client.post(
        url("discipline_add"),
        {
            "association": w["association"].pk,
            "measure": "censure",
            "decided_on": "2026-06-01",
            "grounds": "x",
        },
    )
    assert "Give one member" in both.content.decode()
    assert Discipline.objects.count() == 1
    for who, status in (
        ("admin_assoc", 200),
        ("officer", 200),
        ("city_officer", 200),
        ("luohu_officer", 404),
        ("admin_futian", 404),
        ("admin_luohu", 404),
    ):
        client.force_login(w[who])
        assert client.get(url("discipline_detail", d)).status_code == status, who
        assert client.get("/api/v1/disciplinary-measures/").json()["count"] == (
            1 if status == 200 else 0
        )


def _at(monkeypatch, utc: datetime):
    monkeypatch.setattr(timezone, "now", lambda: utc)


def test_the_public_notice_shows_a_sanction_to_its_last_day_shanghai_time(
    client, world, monkeypatch
):
    w = world
    bar = sanction(w, decided(w), kind="tender_bar", ends=date(2026, 5, 31))
    order = sanction(
        w,
        decided(w, "org_luohu", number="深罗民罚〔2026〕2号"),
        actor=w["luohu_officer"],
        kind="rectification",
        ends=None,
        deadline=date(2026, 4, 30),
        requirement="补交台账",
    )
    services.record_rectification(w["luohu_officer"], order, date(2026, 6, 2), "已补交")
    # 23:59 on 31 May in Shanghai is 15:59 UTC; midnight is 16:00 UTC
    _at(monkeypatch, datetime(2026, 5, 31, 15, 59, tzinfo=UTC))
    page = client.get(reverse("portal:sanctions")).content.decode()
    assert "福田社工服务中心" in page and "罗湖社工服务中心" in page
    assert "2026-03-02 – 2026-05-31" in page and "深福民罚〔2026〕1号" in page
    assert "虚假" not in page and "违反购买服务合同约定" not in page  # no grounds
    _at(monkeypatch, datetime(2026, 5, 31, 16, 0, tzinfo=UTC))
    page = client.get(reverse("portal:sanctions")).content.decode()
    assert "福田社工服务中心" not in page and "罗湖社工服务中心" in page
    assert bar.organisation.name not in page
    page = client.get(reverse("portal:sanctions")).content.decode()
    assert "罗湖社工服务中心" in page  # rectified on 2 June: in force on 1 June
    _at(monkeypatch, datetime(2026, 6, 1, 16, 0, tzinfo=UTC))
    page = client.get(reverse("portal:sanctions")).content.decode()
    assert "No sanction is in force today." in page
