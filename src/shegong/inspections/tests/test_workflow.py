"""ORG-5 (issue 15) on the shared workflow mechanism: a case (``Case.workflow``) and an appeal
(``Appeal.workflow``) move by their transitions, each by the role allowed and refused to a
wrong role or from a wrong state with its message; separation of duties (ADR 0030): the
official who opened a case never decides it, the one who made a decision never hears its
appeal, and an association's member never records a measure on itself; two districts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.inspections import services
from shegong.inspections.models import Appeal, Case, Decision, Discipline

from .data import DECIDED, case, decided, finding, inspection, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]


def opened(w, actor=None, org_key="org_futian") -> Case:
    district = w["officer"] if org_key == "org_futian" else w["luohu_officer"]
    return case(w, finding(w, inspection(w, org_key), actor=district), actor=actor or district)


def decide(actor, the_case, number="深福民罚〔2026〕9号"):
    return services.decide(actor, the_case, number=number, decided_on=DECIDED, grounds="虚假报告")


def test_the_opener_of_a_case_never_decides_it(client, world):
    w = world
    c = opened(w)  # opened by the Futian officer
    with pytest.raises(PermissionDenied) as own:
        decide(w["officer"], c)
    assert str(own.value) == "You opened this case, so another official must decide it."
    client.force_login(w["officer"])
    page = client.get(reverse("inspections:case_detail", args=[c.pk])).content.decode()
    assert reverse("inspections:case_decide", args=[c.pk]) not in page
    assert client.get(reverse("inspections:case_decide", args=[c.pk])).status_code == 403
    assert not Decision.objects.exists()
    decision = decide(w["city_officer"], c)
    assert Case.objects.get(pk=c.pk).status == "decided"
    assert decision.created_by == w["city_officer"]
    record = AuditRecord.objects.filter(
        model="inspections.case", object_id=str(c.pk), action="update"
    ).latest("pk")
    assert (record.before["status"], record.after["status"]) == ("investigating", "decided")


def test_a_case_of_another_district_and_a_wrong_state_are_refused(world):
    w = world
    c = opened(w, org_key="org_luohu")
    with pytest.raises(PermissionDenied):
        decide(w["officer"], c)  # a Futian officer, a Luohu case
    with pytest.raises(PermissionDenied):
        services.close_case(w["officer"], c, "无违法事实")
    closed = services.close_case(w["luohu_officer"], c, "无违法事实")
    assert (closed.status, closed.closed_reason) == ("closed", "无违法事实")
    with pytest.raises(ValidationError) as late:
        decide(w["city_officer"], c)
    assert late.value.messages == [
        "This case is closed without a sanction; it can be decided only when it is under "
        "investigation."
    ]
    with pytest.raises(ValidationError) as notes:
        services.record_investigation(w["luohu_officer"], c, "补充询问")
    assert notes.value.messages == [
        "This case is closed without a sanction; it can be investigated only when it is under "
        "investigation."
    ]


def test_closing_needs_the_reason_and_notes_only_while_investigating(world):
    w = world
    c = opened(w)
    with pytest.raises(ValidationError) as blank:
        services.close_case(w["officer"], c, " ")
    assert blank.value.message_dict == {"reason": ["Give the reason for closing the case."]}
    noted = services.record_investigation(w["officer"], c, "询问负责人", on=date(2026, 2, 12))
    assert noted.investigation == "2026-02-12 询问负责人"
    assert noted.status == "investigating"


def test_the_appeal_is_heard_by_another_official_and_decided_once(client, world):
    w = world
    decision = decided(w)  # decided by the Futian officer
    appeal = services.lodge_appeal(
        w["admin_futian"],
        Appeal,
        {"decision": decision, "lodged_on": date(2026, 3, 10), "grounds": "不服"},
    )
    for who, message in (
        ("officer", "You made the decision under appeal; another official decides the appeal."),
    ):
        with pytest.raises(PermissionDenied) as refused:
            services.decide_appeal(w[who], appeal, "dismissed", "事实清楚")
        assert str(refused.value) == message
    with pytest.raises(PermissionDenied):
        services.decide_appeal(w["luohu_officer"], appeal, "dismissed", "事实清楚")
    with pytest.raises(PermissionDenied):
        services.decide_appeal(w["admin_futian"], appeal, "upheld", "事实不清")
    client.force_login(w["officer"])
    assert client.get(reverse("inspections:appeal_decide", args=[appeal.pk])).status_code == 403
    with pytest.raises(ValidationError) as blank:
        services.decide_appeal(w["city_officer"], appeal, "dismissed", " ")
    assert blank.value.message_dict == {"reason": ["Give the reasons of the outcome."]}
    done = services.decide_appeal(
        w["city_officer"], appeal, "dismissed", "事实清楚", on=date(2026, 4, 1)
    )
    assert (done.outcome, done.decided_on, done.outcome_reason) == (
        "dismissed",
        date(2026, 4, 1),
        "事实清楚",
    )
    with pytest.raises(ValidationError) as twice:
        services.decide_appeal(w["city_officer"], appeal, "upheld", "再议")
    assert twice.value.messages == [
        "This appeal is dismissed: decision stands; it can be upheld only when it is pending."
    ]


def test_the_official_who_lodged_an_appeal_never_hears_it(world):
    w = world
    decision = decided(w)
    appeal = services.lodge_appeal(
        w["city_officer"],
        Appeal,
        {"decision": decision, "lodged_on": date(2026, 3, 10), "grounds": "代为提出"},
    )
    with pytest.raises(PermissionDenied) as own:
        services.decide_appeal(w["city_officer"], appeal, "upheld", "证据不足")
    assert str(own.value) == "You made this request, so someone else must decide it."
    other = factories.user(role="city_admin", scope=w["tree"]["city"])
    assert services.decide_appeal(other, appeal, "upheld", "证据不足").outcome == "upheld"


def test_a_member_of_the_association_never_records_a_measure_on_itself(world):
    w = world
    # The association's administrator whose home organisation is the member organisation.
    insider = factories.user(role="org_admin", scope=w["association"], organisation=w["org_futian"])
    values = {
        "association": w["association"],
        "member_organisation": w["org_futian"],
        "measure": "criticism",
        "decided_on": date(2026, 6, 1),
        "grounds": "服务记录不全",
    }
    with pytest.raises(PermissionDenied) as own:
        services.record_discipline(insider, Discipline, values)
    assert str(own.value) == (
        "This measure is about you or your organisation, so someone else of the association "
        "must record it."
    )
    assert not Discipline.objects.exists()
    assert services.record_discipline(w["admin_assoc"], Discipline, values).pk
    other = {**values, "member_organisation": w["org_luohu"]}
    assert services.record_discipline(insider, Discipline, other).pk  # another member: fine
