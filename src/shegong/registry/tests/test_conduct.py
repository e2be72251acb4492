"""Conduct cases (REG-4): complaint → investigation → hearing → decision → sanction → appeal
(``registry.services.conduct``), the sanction's days on the public register, and the pages and
API actions that call the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from shegong.core.models import AuditRecord
from shegong.core.testing import factories
from shegong.registry.models import ConductCase, RecallRequest
from shegong.registry.queries import sanction_in_force_q
from shegong.registry.services import conduct as svc

from .test_registrations import build_world, registered


@pytest.fixture
def world(tree):
    return build_world(tree)


TODAY = timezone.localdate


def in_force(case, day):
    return ConductCase.objects.filter(sanction_in_force_q(day), pk=case.pk).exists()


@pytest.fixture
def case(world):
    world["registration"] = registered(world)
    return svc.open_case(world["admin"], world["worker"], source="staff", summary="Took a gift")


def to_hearing(world, case):
    svc.start_investigation(world["registrar"], case)
    return svc.schedule_hearing(
        world["registrar"], case, hearing_date=TODAY() + timedelta(days=7), findings="true"
    )


def decided(world, case, sanction, **kw):
    to_hearing(world, case)
    return svc.decide(world["registrar"], case, decision="Found in breach", sanction=sanction, **kw)


def audits(case):
    return AuditRecord.objects.filter(model="registry.conductcase", object_id=str(case.pk))


def test_case_number_and_registration(world, case):
    assert case.number == f"CC{TODAY().year}00001"
    assert case.stage == "intake" and case.registration == world["registration"]
    assert audits(case).filter(action="create", actor=world["admin"]).exists()


def test_hearing_needs_a_date_and_notifies_by_email(world, case):
    svc.start_investigation(world["registrar"], case)
    with pytest.raises(ValidationError) as exc:
        svc.schedule_hearing(world["registrar"], case, hearing_date=None)
    assert "hearing_date" in exc.value.message_dict
    hearing = svc.schedule_hearing(
        world["registrar"], case, hearing_date=TODAY() + timedelta(days=7)
    )
    assert hearing.stage == "hearing" and hearing.hearing_notice_sent_on == TODAY()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@example.cn"]
    assert case.number in mail.outbox[0].subject
    assert audits(case).filter(reason__contains="Hearing notice sent by e-mail").exists()


def test_hearing_without_email_is_noted(world):
    registered(world, "colleague")
    case = svc.open_case(world["admin"], world["colleague"], source="staff", summary="x")
    hearing = to_hearing(world, case)
    assert hearing.hearing_notice_sent_on is None and not mail.outbox
    assert audits(case).filter(reason__contains="notify the person by post").exists()


@pytest.mark.parametrize(
    "stage, call",
    [
        ("intake", lambda w, c: svc.schedule_hearing(w["registrar"], c, hearing_date=TODAY())),
        ("intake", lambda w, c: svc.decide(w["registrar"], c, decision="x", sanction="warning")),
        ("intake", lambda w, c: svc.lodge_appeal(w["registrar"], c, grounds="x")),
        ("intake", lambda w, c: svc.decide_appeal(w["registrar"], c, outcome="upheld", reason="x")),
    ],
)
def test_transitions_from_the_wrong_stage_are_refused(world, case, stage, call):
    with pytest.raises(ValidationError) as exc:
        call(world, case)
    assert f"Case {case.number} is at the stage “Intake”" in exc.value.messages[0]


def test_every_wrong_transition_names_the_stage(world, case):
    svc.start_investigation(world["registrar"], case)
    with pytest.raises(
        ValidationError, match="at the stage “Investigation”; it can be investigated"
    ):
        svc.start_investigation(world["registrar"], case)
    to = TODAY() + timedelta(days=3)
    svc.schedule_hearing(world["registrar"], case, hearing_date=to)
    with pytest.raises(ValidationError, match="stage “Hearing”; it can be appealed only at"):
        svc.lodge_appeal(world["registrar"], case, grounds="x")
    with pytest.raises(ValidationError, match="stage “Hearing”; it can be closed only at"):
        svc.close(world["registrar"], case, reason="x")
    svc.decide(world["registrar"], case, decision="d", sanction="warning")
    with pytest.raises(ValidationError, match="stage “Decided”; it can be decided only at"):
        svc.decide(world["registrar"], case, decision="d", sanction="warning")
    with pytest.raises(ValidationError, match="The appeal window is open until"):
        svc.close(world["registrar"], case)
    svc.lodge_appeal(world["registrar"], case, grounds="unfair")
    with pytest.raises(ValidationError, match="is not decided yet"):
        svc.close(world["registrar"], case)
    svc.decide_appeal(world["registrar"], case, outcome="upheld", reason="fair")
    with pytest.raises(ValidationError, match="was already decided"):
        svc.decide_appeal(world["registrar"], case, outcome="upheld", reason="fair")
    closed = svc.close(world["registrar"], case)
    assert closed.stage == "closed"
    with pytest.raises(ValidationError, match="stage “Closed”"):
        svc.close(world["registrar"], case)
    assert audits(case).filter(action="update").count() == 6


def test_dismissal_at_intake_needs_a_reason(world, case):
    with pytest.raises(ValidationError) as exc:
        svc.close(world["registrar"], case)
    assert "reason" in exc.value.message_dict
    assert svc.close(world["registrar"], case, reason="no case to answer").stage == "closed"


def test_warning_is_in_force_on_its_days_only(world, case):
    start = TODAY() - timedelta(days=2)
    until = TODAY() + timedelta(days=5)
    decided(world, case, "warning", sanction_from=start, sanction_until=until)
    assert not in_force(case, start - timedelta(days=1))
    assert in_force(case, start) and in_force(case, until)
    assert not in_force(case, until + timedelta(days=1))


def test_conditions_need_text(world, case):
    with pytest.raises(ValidationError) as exc:
        decided(world, case, "conditions")
    assert "conditions" in exc.value.message_dict


def test_suspension_suspends_and_overturned_appeal_lifts_it(world, case):
    until = TODAY() + timedelta(days=60)
    with pytest.raises(ValidationError) as exc:
        decided(world, case, "suspension")
    assert "sanction_until" in exc.value.message_dict
    case.refresh_from_db()
    result = svc.decide(
        world["registrar"], case, decision="Suspended", sanction="suspension", sanction_until=until
    )
    registration = world["registration"]
    registration.refresh_from_db()
    assert (registration.status, registration.suspended_until) == ("suspended", until)
    assert in_force(result, TODAY())
    svc.lodge_appeal(world["registrar"], case, grounds="too harsh")
    assert in_force(case, TODAY())  # under appeal, still in force
    svc.decide_appeal(world["registrar"], case, outcome="overturned", reason="no evidence")
    assert not in_force(case, TODAY())
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_varied_appeal_moves_the_suspension_end(world, case):
    until = TODAY() + timedelta(days=60)
    decided(world, case, "suspension", sanction_until=until)
    svc.lodge_appeal(world["registrar"], case, grounds="too long")
    shorter = TODAY() + timedelta(days=10)
    svc.decide_appeal(
        world["registrar"], case, outcome="varied", reason="shorter", sanction_until=shorter
    )
    world["registration"].refresh_from_db()
    assert world["registration"].suspended_until == shorter
    assert in_force(case, shorter) and not in_force(case, shorter + timedelta(days=1))


def test_cancellation_cancels_and_asks_for_a_recall(world, case):
    decided(world, case, "cancellation")
    world["registration"].refresh_from_db()
    assert world["registration"].status == "cancelled"
    recall = RecallRequest.objects.get()
    assert recall.conduct_case == case and recall.status == "open"
    assert in_force(case, TODAY())
    svc.lodge_appeal(world["registrar"], case, grounds="x")
    svc.decide_appeal(world["registrar"], case, outcome="overturned", reason="y")
    assert not in_force(case, TODAY())
    world["registration"].refresh_from_db()
    assert world["registration"].status == "cancelled"  # nothing reinstated automatically


def test_appeal_window_edges(world, case):
    decided_on = TODAY() - timedelta(days=30)
    to_hearing(world, case)
    svc.decide(world["registrar"], case, decision="d", sanction="warning", decision_date=decided_on)
    assert svc.lodge_appeal(world["registrar"], case, grounds="x").stage == "appeal"
    other = svc.open_case(world["admin"], world["worker"], source="staff", summary="again")
    to_hearing(world, other)
    svc.decide(
        world["registrar"],
        other,
        decision="d",
        sanction="warning",
        decision_date=decided_on - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        svc.lodge_appeal(world["registrar"], other, grounds="x")
    assert exc.value.message_dict["lodged_on"] == [
        f"The appeal window of 30 days after the decision of {decided_on - timedelta(days=1)} "
        f"closed on {TODAY() - timedelta(days=1)}."
    ]
    assert svc.close(world["registrar"], other).stage == "closed"


def test_district_officer_may_not_suspend(world, case):
    officer = factories.user("dofficer", role="district_officer", scope=world["futian"])
    svc.start_investigation(officer, case)
    svc.schedule_hearing(officer, case, hearing_date=TODAY())
    with pytest.raises(PermissionDenied):
        svc.decide(
            officer,
            case,
            decision="d",
            sanction="suspension",
            sanction_until=TODAY() + timedelta(days=3),
        )
    case.refresh_from_db()
    assert case.stage == "hearing"


def test_out_of_scope_officer_may_not_act(world, case):
    with pytest.raises(PermissionDenied):
        svc.start_investigation(world["luohu_registrar"], case)


def test_suspension_without_registration_is_refused(world):
    case = svc.open_case(world["admin"], world["colleague"], source="staff", summary="x")
    to_hearing(world, case)
    with pytest.raises(ValidationError) as exc:
        svc.decide(
            world["registrar"],
            case,
            decision="d",
            sanction="suspension",
            sanction_until=TODAY() + timedelta(days=3),
        )
    assert "no registration to suspend or cancel" in str(exc.value)


# --- Pages and API -------------------------------------------------------------------------------


def test_pages_walk_a_case(world, client):
    registered(world)
    client.force_login(world["admin"])  # opens the case; the registrar decides it (issue 10)
    response = client.post(
        reverse("registry:conductcase_open"),
        {"person": world["worker"].pk, "source": "staff", "summary": "complaint"},
    )
    assert response.status_code == 302
    case = ConductCase.objects.get()
    client.force_login(world["registrar"])
    url = reverse("registry:conductcase_hearing", args=[case.pk])
    response = client.post(url, {"hearing_date": TODAY().isoformat()})
    assert response.status_code == 200
    assert "at the stage “Intake”" in response.content.decode()
    assert (
        client.post(reverse("registry:conductcase_investigate", args=[case.pk])).status_code == 302
    )
    assert client.post(url, {"hearing_date": TODAY().isoformat()}).status_code == 302
    response = client.post(
        reverse("registry:conductcase_decide", args=[case.pk]),
        {"decision": "warned", "sanction": "warning"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "decided" and case.sanction_from == TODAY()
    client.force_login(world["luohu_registrar"])
    assert client.get(reverse("registry:conductcase_close", args=[case.pk])).status_code == 404


def test_api_walks_a_case(world, client):
    registered(world)
    client.force_login(world["admin"])  # opens the case; the registrar decides it (issue 10)
    response = client.post(
        "/api/v1/conduct-cases/open/",
        {"person": world["worker"].pk, "source": "staff", "summary": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and "summary" in response.json()
    response = client.post(
        "/api/v1/conduct-cases/open/",
        {"person": world["worker"].pk, "source": "staff", "summary": "s"},
        content_type="application/json",
    )
    assert response.status_code == 201
    base = f"/api/v1/conduct-cases/{response.json()['id']}"
    client.force_login(world["registrar"])
    response = client.post(f"{base}/hearing/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "Intake" in str(response.json())
    assert client.post(f"{base}/investigate/", {}).status_code == 200
    response = client.post(f"{base}/hearing/", {}, content_type="application/json")
    assert response.status_code == 400 and "hearing_date" in response.json()
    response = client.post(
        f"{base}/hearing/", {"hearing_date": TODAY().isoformat()}, content_type="application/json"
    )
    assert response.json()["stage"] == "hearing"
    response = client.post(
        f"{base}/decide/",
        {"decision": "d", "sanction": "suspension", "sanction_until": str(TODAY())},
        content_type="application/json",
    )
    assert response.json()["stage"] == "decided"
    response = client.post(f"{base}/appeal/", {"grounds": "g"}, content_type="application/json")
    assert response.json()["stage"] == "appeal"
    response = client.post(
        f"{base}/appeal-decision/",
        {"outcome": "overturned", "reason": "r"},
        content_type="application/json",
    )
    assert response.json()["appeal_outcome"] == "overturned"
    assert client.post(f"{base}/close/", {}).json()["stage"] == "closed"
    client.force_login(world["luohu_registrar"])
    assert client.post(f"{base}/close/", {}).status_code == 404


def _buttons(client, case):
    body = client.get(reverse("registry:conductcase_detail", args=[case.pk])).content.decode()
    names = ["investigate", "hearing", "decide", "appeal", "appeal-decision", "close"]
    return {n for n in names if f"/conductcases/{case.pk}/{n}/" in body}


def test_case_page_offers_the_next_steps_of_its_stage_to_those_who_may_take_them(
    world, case, client
):
    client.force_login(world["registrar"])
    assert _buttons(client, case) == {"investigate", "close"}
    to_hearing(world, case)
    assert _buttons(client, case) == {"decide"}
    auditor = factories.user("aud", role="auditor", scope=world["futian"])
    client.force_login(auditor)
    assert _buttons(client, case) == set()  # read-only: sees the case, no workflow buttons
