"""Separation of duties (issue 10) in the register: whoever filed a registration application and
the person applying never decide it; whoever opened a conduct case and the person concerned
never decide it or its appeal; whoever asked for a certificate's recall and its holder never
decide the recall. Through the services, the pages and the API; another registrar of the same
district does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.registry.models import ConductCase, RecallRequest, RegistrationApplication
from shegong.registry.services import certificates, conduct
from shegong.registry.services import registrations as svc

from .test_registrations import build_world, code, make_certificate, make_person

pytestmark = pytest.mark.django_db

MAKER = "You made this request, so someone else must decide it."
SUBJECT = "This request is about you, so someone else must decide it."
CASE_MAKER = "You opened this case, so someone else must decide it."
CASE_SUBJECT = "This case is about you, so someone else must decide it."


@pytest.fixture
def world(tree):
    w = build_world(tree)
    w["second"] = factories.user("second", role="city_officer", scope=tree["futian"])
    # A registrar of Futian who is a certificate holder of Futian too.
    w["own"] = factories.user("ownreg", role="city_officer", scope=tree["futian"])
    w["own_person"] = make_person("林五", tree["futian"], w["org"], user=w["own"])
    make_certificate(w["own_person"])
    return w


def apply(actor, person):
    return svc.apply(actor, person, code_of_conduct=code(), accepted=True)


def decide(transition, actor, application):
    if transition == "approve":
        return svc.approve(actor, application, reason="ok")
    return svc.refuse(actor, application, reasons="材料不全")


# --- Registration applications ------------------------------------------------------------------


@pytest.mark.parametrize("transition", ["approve", "refuse"])
def test_the_registrar_who_filed_an_application_may_not_decide_it(world, transition):
    application = apply(world["registrar"], world["colleague"])
    trail = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        decide(transition, world["registrar"], application)
    assert str(refused.value) == MAKER
    application.refresh_from_db()
    assert application.status == "submitted" and application.decided_by is None
    assert AuditRecord.objects.count() == trail
    decide(transition, world["second"], application)
    application.refresh_from_db()
    assert application.status == {"approve": "approved", "refuse": "refused"}[transition]
    assert application.decided_by == world["second"]


@pytest.mark.parametrize("transition", ["approve", "refuse"])
def test_a_registrar_may_not_decide_their_own_application(world, transition):
    application = apply(None, world["own_person"])  # filed by nobody in particular
    with pytest.raises(PermissionDenied) as refused:
        decide(transition, world["own"], application)
    assert str(refused.value) == SUBJECT
    assert RegistrationApplication.objects.get(pk=application.pk).status == "submitted"
    decide(transition, world["second"], application)
    assert RegistrationApplication.objects.get(pk=application.pk).decided_by == world["second"]


def test_the_review_queue_leaves_out_what_the_registrar_may_not_decide(world):
    mine = apply(world["registrar"], world["colleague"])
    theirs = apply(world["second"], world["worker"])
    assert list(svc.decidable(world["registrar"])) == [theirs]
    assert list(svc.decidable(world["second"])) == [mine]
    assert set(svc.in_registrar_scope(world["registrar"])) == {mine, theirs}


def test_pages_hide_the_decision_and_refuse_with_the_reason(world, client):
    application = apply(world["registrar"], world["colleague"])
    url = reverse("registry:registrationapplication_decide", args=[application.pk])
    detail = reverse("registry:registrationapplication_detail", args=[application.pk])
    client.force_login(world["registrar"])
    assert client.get(reverse("registry:registration_review")).context["rows"] == []
    assert url not in client.get(detail).content.decode()
    response = client.get(url)
    assert response.status_code == 403 and MAKER in response.content.decode()
    response = client.post(url, {"decision": "approve", "reasons": "ok"})
    assert response.status_code == 403 and MAKER in response.content.decode()
    assert RegistrationApplication.objects.get(pk=application.pk).status == "submitted"
    client.force_login(world["second"])
    rows = client.get(reverse("registry:registration_review")).context["rows"]
    assert [r["application"] for r in rows] == [application]
    assert url in client.get(detail).content.decode()
    assert client.post(url, {"decision": "approve", "reasons": "ok"}).status_code == 302
    assert RegistrationApplication.objects.get(pk=application.pk).status == "approved"


def test_api_refuses_the_maker_with_the_reason(world, client):
    application = apply(world["registrar"], world["colleague"])
    decide_url = f"/api/v1/registration-applications/{application.pk}/decide/"
    client.force_login(world["registrar"])
    response = client.post(decide_url, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == MAKER
    client.force_login(world["second"])
    response = client.post(decide_url, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 200


# --- Conduct cases ------------------------------------------------------------------------------


def at_hearing(world, opener, person):
    case = conduct.open_case(opener, person, source="staff", summary="收受服务对象礼金")
    conduct.start_investigation(world["second"], case)
    return conduct.schedule_hearing(
        world["second"], case, hearing_date=timezone.localdate() + timedelta(days=7)
    )


def test_the_official_who_opened_a_case_may_not_decide_it_nor_its_appeal(world):
    svc.approve(world["second"], apply(None, world["worker"]))
    case = at_hearing(world, world["registrar"], world["worker"])
    with pytest.raises(PermissionDenied) as refused:
        conduct.decide(world["registrar"], case, decision="警告", sanction="warning")
    assert str(refused.value) == CASE_MAKER
    assert ConductCase.objects.get(pk=case.pk).stage == "hearing"
    case = conduct.decide(world["second"], case, decision="警告", sanction="warning")
    case = conduct.lodge_appeal(world["second"], case, grounds="事实不清")
    with pytest.raises(PermissionDenied) as refused:
        conduct.decide_appeal(world["registrar"], case, outcome="upheld", reason="维持")
    assert str(refused.value) == CASE_MAKER
    done = conduct.decide_appeal(world["second"], case, outcome="upheld", reason="维持")
    assert done.appeal_outcome == "upheld"


def test_the_person_concerned_may_not_decide_their_own_case(world):
    case = at_hearing(world, world["admin"], world["own_person"])
    with pytest.raises(PermissionDenied) as refused:
        conduct.decide(world["own"], case, decision="不予处分", sanction="none")
    assert str(refused.value) == CASE_SUBJECT
    assert ConductCase.objects.get(pk=case.pk).stage == "hearing"


def test_case_pages_and_api_refuse_the_opener(world, client):
    case = at_hearing(world, world["registrar"], world["worker"])
    decide_url = reverse("registry:conductcase_decide", args=[case.pk])
    client.force_login(world["registrar"])
    body = client.get(reverse("registry:conductcase_detail", args=[case.pk])).content.decode()
    assert decide_url not in body
    response = client.post(decide_url, {"decision": "警告", "sanction": "warning"})
    assert response.status_code == 403 and CASE_MAKER in response.content.decode()
    response = client.post(
        f"/api/v1/conduct-cases/{case.pk}/decide/",
        {"decision": "警告", "sanction": "warning"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["detail"] == CASE_MAKER
    assert ConductCase.objects.get(pk=case.pk).stage == "hearing"
    client.force_login(world["second"])
    body = client.get(reverse("registry:conductcase_detail", args=[case.pk])).content.decode()
    assert decide_url in body


# --- Recall requests ----------------------------------------------------------------------------


def test_who_asked_for_a_recall_may_not_decide_it(world, client):
    """The city administrator is a registrar and an issuer: cancelling for misconduct, they ask
    for the recall, so another issuer decides it."""
    registration = svc.approve(world["second"], apply(None, world["worker"]))
    svc.cancel(world["admin"], registration, reason="伪造材料", misconduct=True)
    request = RecallRequest.objects.get()
    with pytest.raises(PermissionDenied) as refused:
        certificates.reject_recall_request(world["admin"], request, "证据不足")
    assert str(refused.value) == MAKER
    with pytest.raises(PermissionDenied) as refused:
        certificates.recall_on_request(world["admin"], request, "伪造材料")
    assert str(refused.value) == MAKER
    with pytest.raises(PermissionDenied):  # nor by recalling the certificate directly
        certificates.recall_certificate(world["admin"], request.certificate, "伪造材料")
    assert RecallRequest.objects.get().status == "open"
    client.force_login(world["admin"])
    url = reverse("registry:recallrequest_decide", args=[request.pk])
    response = client.get(url)
    assert response.status_code == 403 and MAKER in response.content.decode()
    response = client.post(
        f"/api/v1/recall-requests/{request.pk}/decide/",
        {"decision": "reject", "note": "证据不足"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["detail"] == MAKER
    issuer = factories.user("issuer", role="certificate_issuer", scope=world["city"])
    certificates.recall_on_request(issuer, request, "伪造材料")
    assert RecallRequest.objects.get().status == "recalled"
