"""FIN-5: audits of contracts: internal or by an external auditor organisation; findings and
required actions recorded by the overseeing officials or the auditor, never by the supplier;
follow-up done with evidence; an action overdue the day after its deadline, not on it;
overdue actions per district; each organisation sees its own audits only."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.audits import queries, rules, services
from shegong.core.testing import factories

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(cworld):
    w = cworld
    futian, luohu = data.contract(w, "futian"), data.contract(w, "luohu")
    firm = data.auditor_firm(w["tree"]["futian"])
    w.update(
        futian_contract=futian,
        luohu_contract=luohu,
        firm=firm,
        firm_admin=factories.user("firm_admin", role="org_admin", scope=firm),
        futian_admin=factories.user("futian_admin", role="org_admin", scope=w["org_futian"]),
        futian_audit=data.audit(futian, external=firm),
        luohu_audit=data.audit(luohu),
    )
    return w


def test_overdue_is_the_day_after_the_deadline():
    due = date(2026, 9, 30)
    assert rules.is_overdue(due, None, date(2026, 9, 30)) is False
    assert rules.is_overdue(due, None, date(2026, 10, 1)) is True
    assert rules.is_overdue(due, date(2026, 10, 5), date(2026, 10, 1)) is True  # done later
    assert rules.is_overdue(due, date(2026, 9, 30), date(2026, 10, 1)) is False


def test_overdue_actions_per_district(audited):
    w = audited
    futian_action = data.action(data.finding(w["futian_audit"]), date(2026, 9, 30))
    luohu_action = data.action(data.finding(w["luohu_audit"]), date(2026, 10, 15))
    tree = w["tree"]
    assert list(queries.overdue_actions(tree["futian"], date(2026, 9, 30))) == []
    assert list(queries.overdue_actions(tree["futian"], date(2026, 10, 1))) == [futian_action]
    assert list(queries.overdue_actions(tree["luohu"], date(2026, 10, 1))) == []
    assert list(queries.overdue_actions(tree["luohu"], date(2026, 10, 16))) == [luohu_action]
    assert set(queries.overdue_actions(tree["city"], date(2026, 10, 16))) == {
        futian_action,
        luohu_action,
    }
    services.complete_action(
        futian_action, on=date(2026, 10, 20), evidence="补充凭证12份", actor=w["futian_admin"]
    )
    assert list(queries.overdue_actions(tree["futian"], date(2026, 10, 21))) == []
    # as it stood on 2026-10-19, before it was done, it was overdue
    assert list(queries.overdue_actions(tree["futian"], date(2026, 10, 19))) == [futian_action]


def test_an_external_audit_names_its_auditor_not_the_supplier(audited):
    w = audited
    with pytest.raises(ValidationError) as exc:
        data.audit(w["futian_contract"], external=w["org_futian"])
    assert exc.value.message_dict["auditor"] == ["The supplier cannot audit its own contract."]
    from shegong.audits.models import Audit
    from shegong.core.services import create_record

    with pytest.raises(ValidationError) as exc:
        create_record(
            None,
            Audit,
            {
                "contract": w["futian_contract"],
                "kind": "performance",
                "conducted_by": "external",
                "scope": "绩效",
                "period_from": date(2026, 4, 1),
                "period_to": date(2026, 12, 31),
                "starts_on": date(2026, 6, 1),
            },
        )
    assert exc.value.message_dict["auditor"] == [
        "An external audit names the auditor organisation."
    ]


def test_findings_by_officials_or_the_auditor_never_the_supplier(audited):
    w = audited
    by_firm = data.finding(w["futian_audit"], "专项资金与自有资金混用", actor=w["firm_admin"])
    assert by_firm.number == 1
    by_officer = data.finding(w["futian_audit"], "台账不完整", actor=w["officer"])
    assert by_officer.number == 2
    with pytest.raises(PermissionDenied):
        data.finding(w["futian_audit"], actor=w["futian_admin"])
    with pytest.raises(PermissionDenied):  # the firm does not audit Luohu's contract
        data.finding(w["luohu_audit"], actor=w["firm_admin"])
    with pytest.raises(PermissionDenied):  # nor does Futian's officer oversee it
        data.finding(w["luohu_audit"], actor=w["officer"])


def test_follow_up_needs_evidence_and_the_right_party(audited):
    w = audited
    supplier_action = data.action(data.finding(w["futian_audit"]), date(2026, 9, 30))
    buyer_action = data.action(data.finding(w["futian_audit"]), date(2026, 9, 30), party="buyer")
    with pytest.raises(ValidationError):
        services.complete_action(
            supplier_action, on=date(2026, 9, 1), evidence=" ", actor=w["futian_admin"]
        )
    with pytest.raises(PermissionDenied):
        services.complete_action(
            buyer_action, on=date(2026, 9, 1), evidence="整改报告", actor=w["futian_admin"]
        )
    with pytest.raises(PermissionDenied):
        services.complete_action(
            supplier_action, on=date(2026, 9, 1), evidence="整改报告", actor=w["org_admin"]
        )
    done = services.complete_action(
        supplier_action, on=date(2026, 9, 1), evidence="整改报告及凭证", actor=w["futian_admin"]
    )
    assert (done.done_on, done.evidence) == (date(2026, 9, 1), "整改报告及凭证")


def test_each_organisation_sees_its_own_audits_and_findings(client, audited):
    w = audited
    futian_finding = data.finding(w["futian_audit"], "福田的发现")
    luohu_finding = data.finding(w["luohu_audit"], "罗湖的发现")
    client.force_login(w["org_admin"])  # Luohu's supplier
    assert client.get(reverse("audits:audit_detail", args=[w["luohu_audit"].pk])).status_code == 200
    assert (
        client.get(reverse("audits:audit_detail", args=[w["futian_audit"].pk])).status_code == 404
    )
    assert client.get(reverse("audits:finding_detail", args=[futian_finding.pk])).status_code == 404
    page = client.get(reverse("audits:finding_list")).content.decode()
    assert "罗湖的发现" in page and "福田的发现" not in page
    api = client.get("/api/v1/audits/findings/").json()
    assert [row["id"] for row in api["results"]] == [luohu_finding.pk]
    client.force_login(w["firm_admin"])  # the auditor of Futian's contract only
    assert (
        client.get(reverse("audits:audit_detail", args=[w["futian_audit"].pk])).status_code == 200
    )
    assert client.get(reverse("audits:audit_detail", args=[w["luohu_audit"].pk])).status_code == 404
    client.force_login(w["luohu_officer"])
    assert (
        client.get(reverse("audits:audit_detail", args=[w["futian_audit"].pk])).status_code == 404
    )


def test_the_audit_page_flags_an_overdue_action(client, audited):
    w = audited
    data.action(data.finding(w["futian_audit"]), date(2026, 9, 30))
    client.force_login(w["officer"])
    page = client.get(reverse("audits:audit_detail", args=[w["futian_audit"].pk])).content.decode()
    assert "Overdue" in page  # today (after 2026-09-30) it is overdue


def test_the_auditor_issues_the_report_through_the_page_and_the_api(client, audited):
    w = audited
    client.force_login(w["firm_admin"])
    url = reverse("audits:audit_issue", args=[w["futian_audit"].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"on": "2026-11-30", "summary": "资金使用基本规范"}).status_code == 302
    w["futian_audit"].refresh_from_db()
    assert w["futian_audit"].reported_on == date(2026, 11, 30)
    client.force_login(w["futian_admin"])
    assert client.get(url).status_code == 403
    response = client.post(
        f"/api/v1/audits/audits/{w['futian_audit'].pk}/report/",
        {"on": "2026-11-30", "summary": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_required_actions_api_with_the_overdue_flag_and_follow_up(client, audited):
    w = audited
    action = data.action(data.finding(w["futian_audit"]), date(2026, 9, 30))
    client.force_login(w["futian_admin"])
    rows = client.get("/api/v1/audits/required-actions/").json()["results"]
    assert [(row["id"], row["overdue"]) for row in rows] == [(action.pk, True)]
    bad = client.post(
        f"/api/v1/audits/required-actions/{action.pk}/done/",
        {"on": "2026-10-02", "evidence": ""},
        content_type="application/json",
    )
    assert bad.status_code == 400
    ok = client.post(
        f"/api/v1/audits/required-actions/{action.pk}/done/",
        {"on": "2026-10-02", "evidence": "整改完成报告"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["done_on"] == "2026-10-02" and ok.json()["overdue"] is False
