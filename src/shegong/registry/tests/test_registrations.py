"""Registration (REG-3, REG-4): applying, deciding, renewing, expiring, suspending, cancelling
(``registry.services.registrations``), with the pages and API actions that call them."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shegong.core.models import AuditRecord
from shegong.core.services import create_record, update_record
from shegong.core.testing import factories
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry.models import (
    Certificate,
    CodeOfConduct,
    RecallRequest,
    Registration,
    RegistrationApplication,
)
from shegong.registry.services import registrations as svc

_seq = count(1)


def make_person(name, area, organisation=None, user=None, email=""):
    first17 = f"440304{19800101 + next(_seq) % 28:08d}{next(_seq) % 1000:03d}"
    return create_record(
        None,
        Person,
        {
            "national_id": first17 + check_digit(first17),
            "name": name,
            "area": area,
            "organisation": organisation,
            "user": user,
            "email": email,
        },
    )


def make_certificate(person, level="assistant", issue_date=None):
    return create_record(
        None,
        Certificate,
        {
            "number": f"A{2020000000 + next(_seq)}",
            "person": person,
            "level": level,
            "issue_date": issue_date or timezone.localdate() - timedelta(days=60),
            "issuing_body": "深圳市人事局",
        },
    )


def code():
    return svc.current_code_of_conduct()


def audited(obj, **kw):
    return AuditRecord.objects.filter(
        model=obj._meta.label_lower, object_id=str(obj.pk), **kw
    ).exists()


@pytest.fixture
def world(tree):
    return build_world(tree)


def build_world(tree) -> dict:
    """Two districts, an organisation in each, registrars, an org admin, and people: a
    certificate holder with an account and an e-mail, a colleague, an outsider, a non-holder."""
    org = factories.organisation(tree["futian"], "福田社工服务中心")
    other_org = factories.organisation(tree["luohu"], "罗湖社工服务中心")
    worker_user = factories.user("worker", role="social_worker", home=tree["futian"])
    w = {
        **tree,
        "org": org,
        "other_org": other_org,
        "registrar": factories.user("registrar", role="city_officer", scope=tree["futian"]),
        "luohu_registrar": factories.user("lh_reg", role="city_officer", scope=tree["luohu"]),
        "admin": factories.user("cityadmin", role="city_admin", scope=tree["city"]),
        "org_admin": factories.user("orgadmin", role="org_admin", scope=org),
        "worker_user": worker_user,
    }
    w["worker"] = make_person("陈一", tree["futian"], org, user=worker_user, email="a@example.cn")
    w["cert"] = make_certificate(w["worker"])
    w["colleague"] = make_person("周二", tree["futian"], org)
    w["colleague_cert"] = make_certificate(w["colleague"])
    w["outsider"] = make_person("吴三", tree["luohu"], other_org)
    w["outsider_cert"] = make_certificate(w["outsider"])
    w["no_cert"] = make_person("郑四", tree["futian"], org)
    return w


def registered(w, person_key="worker", actor_key="registrar"):
    application = svc.apply(
        None, w[person_key], code_of_conduct=code(), accepted=True, organisation=None
    )
    return svc.approve(w[actor_key], application)


def set_until(registration, until):
    return update_record(None, registration, {"valid_until": until})


# --- Applying ------------------------------------------------------------------------------------


def test_person_applies_and_registrar_approves(world):
    application = svc.apply(
        world["worker_user"], world["worker"], code_of_conduct=code(), accepted=True
    )
    assert application.status == "submitted"
    assert application.code_of_conduct == code()
    assert application.conduct_accepted_at is not None
    assert audited(application, action="create", actor=world["worker_user"])
    registration = svc.approve(world["registrar"], application, reason="ok")
    today = timezone.localdate()
    assert registration.register_number == f"SW{today.year}000001"
    assert registration.status == "registered"
    assert registration.valid_from == today
    assert registration.valid_until == svc.period_end(today, 1)
    assert registration.rule.key == "registry.registration_years"
    assert registration.rule.scope == "city"
    application.refresh_from_db()
    assert application.status == "approved" and application.registration == registration
    assert application.decided_by == world["registrar"]
    assert audited(registration, action="create", actor=world["registrar"])
    assert audited(application, action="update", actor=world["registrar"])


def test_register_numbers_are_serial_per_year(world):
    first = registered(world)
    second = registered(world, "colleague")
    year = timezone.localdate().year
    assert (first.register_number, second.register_number) == (
        f"SW{year}000001",
        f"SW{year}000002",
    )


def test_national_rule_gives_three_years(world, settings):
    factories.parameter("registry.rule_scope", "national", date(2000, 1, 2))
    registration = registered(world)
    today = timezone.localdate()
    assert registration.valid_until == svc.add_years(today, 3) - timedelta(days=1)
    assert registration.rule.scope == "national" and registration.rule.value == 3


def test_applying_without_accepting_the_code_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        svc.apply(None, world["worker"], code_of_conduct=code(), accepted=False)
    assert "accept_code_of_conduct" in exc.value.message_dict
    assert "Accept the code of conduct (version 2007.1)" in str(exc.value)
    assert not RegistrationApplication.objects.exists()


def test_an_old_code_version_is_refused(world):
    newer = create_record(
        None,
        CodeOfConduct,
        {
            "version": "2030.1",
            "title": "守则",
            "text": "...",
            "effective_from": timezone.localdate(),
        },
    )
    old = CodeOfConduct.objects.get(version="2007.1")
    with pytest.raises(ValidationError, match="version 2030.1"):
        svc.apply(None, world["worker"], code_of_conduct=old, accepted=True)
    assert svc.apply(None, world["worker"], code_of_conduct=newer, accepted=True).pk


def test_a_person_without_a_certificate_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        svc.apply(None, world["no_cert"], code_of_conduct=code(), accepted=True)
    assert exc.value.message_dict["certificate"] == [
        "郑四 holds no valid professional-level certificate; only certificate holders can register."
    ]


def test_a_recalled_certificate_is_refused(world):
    update_record(None, world["cert"], {"status": "recalled", "recalled_on": date(2025, 3, 1)})
    with pytest.raises(ValidationError, match="only certificate holders can register"):
        svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    with pytest.raises(ValidationError, match="was recalled on 2025-03-01"):
        svc.apply(
            None, world["worker"], code_of_conduct=code(), accepted=True, certificate=world["cert"]
        )


def test_certificate_recalled_before_the_decision_is_refused_on_approval(world):
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    update_record(None, world["cert"], {"status": "recalled"})
    with pytest.raises(ValidationError, match="only the holder of a valid certificate"):
        svc.approve(world["registrar"], application)


def test_a_second_pending_application_is_refused(world):
    svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    with pytest.raises(ValidationError, match="already has an application waiting"):
        svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)


def test_a_registered_person_is_told_to_renew(world):
    registered(world)
    with pytest.raises(ValidationError, match="apply for renewal instead"):
        svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)


def test_a_social_worker_may_not_apply_for_someone_else(world):
    with pytest.raises(PermissionDenied):
        svc.apply(world["worker_user"], world["colleague"], code_of_conduct=code(), accepted=True)
    assert not RegistrationApplication.objects.exists()


# --- Batch applications by an organisation -------------------------------------------------------


def test_org_admin_applies_for_staff_in_a_batch(world):
    apps = svc.apply_batch(
        world["org_admin"],
        world["org"],
        [world["worker"], world["colleague"]],
        code_of_conduct=code(),
        accepted=True,
    )
    assert len(apps) == 2
    assert {a.organisation for a in apps} == {world["org"]}
    assert all(audited(a, action="create", actor=world["org_admin"]) for a in apps)


def test_batch_for_someone_not_on_the_staff_is_refused_entirely(world):
    with pytest.raises(ValidationError) as exc:
        svc.apply_batch(
            world["org_admin"],
            world["org"],
            [world["worker"], world["outsider"]],
            code_of_conduct=code(),
            accepted=True,
        )
    assert "吴三: 吴三 is not on the staff of 福田社工服务中心." in exc.value.messages
    assert not RegistrationApplication.objects.exists()


def test_batch_without_the_code_is_refused(world):
    with pytest.raises(ValidationError, match="Accept the code of conduct"):
        svc.apply_batch(
            world["org_admin"],
            world["org"],
            [world["worker"]],
            code_of_conduct=code(),
            accepted=False,
        )


# --- Deciding ------------------------------------------------------------------------------------


def test_refusal_needs_reasons(world):
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    with pytest.raises(ValidationError) as exc:
        svc.refuse(world["registrar"], application, reasons="  ")
    assert exc.value.message_dict == {"reasons": ["Give the reasons for the refusal."]}
    refused = svc.refuse(world["registrar"], application, reasons="Certificate doubtful")
    assert refused.status == "refused" and refused.decision_reason == "Certificate doubtful"
    assert audited(refused, action="update", reason="Certificate doubtful")


def test_approving_twice_is_refused(world):
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    svc.approve(world["registrar"], application)
    with pytest.raises(ValidationError) as exc:
        svc.approve(world["registrar"], application)
    assert exc.value.messages == [
        "This application is approved; it can be approved only when it is submitted."
    ]
    with pytest.raises(ValidationError, match="This application is approved; it can be refused"):
        svc.refuse(world["registrar"], application, reasons="x")
    with pytest.raises(ValidationError, match="it can be withdrawn only when it is submitted"):
        svc.withdraw(world["worker_user"], application)
    assert Registration.objects.count() == 1


def test_only_a_registrar_in_scope_decides(world):
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    for actor in (world["luohu_registrar"], world["org_admin"]):
        with pytest.raises(PermissionDenied, match="registering authority"):
            svc.approve(actor, application)
    # The person applying is refused first for being the applicant (separation of duties).
    with pytest.raises(PermissionDenied, match="This request is about you"):
        svc.approve(world["worker_user"], application)
    assert svc.approve(world["admin"], application).pk


def test_a_public_holiday_moves_the_decision_deadline_by_a_day(world):
    from shegong.core.models import CalendarDay

    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    submitted = timezone.localdate(application.submitted_at)
    day, n = submitted, 0
    while n < 30:  # the 30th working day, Monday to Friday
        day += timedelta(days=1)
        n += day.weekday() < 5
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += timedelta(days=1)
    assert svc.is_overdue(application, nxt)
    holiday = submitted + timedelta(days=1)
    while holiday.weekday() >= 5:
        holiday += timedelta(days=1)
    create_record(None, CalendarDay, {"date": holiday, "kind": "holiday", "name": "端午节"})
    assert not svc.is_overdue(application, nxt)  # one working day fewer has passed


def test_late_first_registration_is_a_warning_not_a_refusal(world):
    old = make_person("老五", world["futian"], world["org"])
    make_certificate(old, issue_date=timezone.localdate() - timedelta(days=800))
    application = svc.apply(None, old, code_of_conduct=code(), accepted=True)
    warning = svc.late_first_registration_warning(application)
    assert "Late first registration" in warning and "within 1 year(s)" in warning
    assert svc.approve(world["registrar"], application).status == "registered"
    fresh = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    assert svc.late_first_registration_warning(fresh) == ""


def test_working_days_and_overdue(world):
    monday = date(2025, 6, 2)
    assert svc.working_days_between(monday, monday + timedelta(days=4)) == 4  # to Friday
    assert svc.working_days_between(monday, monday + timedelta(days=7)) == 5  # next Monday
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    submitted = timezone.localdate(application.submitted_at)
    # 30 working days later is the last day in time; 31 is overdue.
    day, n = submitted, 0
    while n < 30:
        day += timedelta(days=1)
        n += day.weekday() < 5
    assert not svc.is_overdue(application, day)
    nxt = day + timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += timedelta(days=1)
    assert svc.is_overdue(application, nxt)


# --- Renewal -------------------------------------------------------------------------------------


@pytest.fixture
def today_is(monkeypatch):
    """Make the registration services believe today is ``day`` (a day after the real one, so
    memberships made today are in force)."""

    def _set(day):
        real = timezone.localdate

        class Clock:
            now = staticmethod(timezone.now)

            @staticmethod
            def localdate(value=None):
                return day if value is None else real(value)

        monkeypatch.setattr(svc, "timezone", Clock)
        return day

    return _set


def test_renewal_one_day_before_the_window_is_refused_with_the_date(world, today_is):
    registration = registered(world)
    until = timezone.localdate() + timedelta(days=120)
    registration = set_until(registration, until)
    opens = svc.renewal_window_opens(registration)
    today_is(opens - timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        svc.apply_renewal(None, registration, code_of_conduct=code(), accepted=True)
    assert exc.value.messages == [
        f"The renewal window of {registration.register_number} opens on {opens} (the last 3 "
        f"month(s) before it ends on {until})."
    ]


def test_renewal_on_the_first_day_of_the_window_extends_from_the_old_end(world, today_is):
    registration = registered(world)
    until = timezone.localdate() + timedelta(days=120)
    registration = set_until(registration, until)
    today_is(svc.renewal_window_opens(registration))
    application = svc.apply_renewal(
        world["worker_user"], registration, code_of_conduct=code(), accepted=True
    )
    assert application.kind == "renewal" and application.registration == registration
    renewed = svc.approve(world["registrar"], application)
    assert renewed.pk == registration.pk
    assert renewed.register_number == registration.register_number
    assert renewed.valid_until == svc.period_end(until + timedelta(days=1), 1)
    assert renewed.valid_from == registration.valid_from
    assert renewed.rule.key == "registry.registration_years"


def test_the_window_opens_three_months_before_the_end(db):
    assert svc.renewal_window_opens(Registration(valid_until=date(2026, 12, 31))) == date(
        2026, 10, 1
    )
    assert svc.renewal_window_opens(Registration(valid_until=date(2026, 6, 30))) == date(2026, 4, 1)


def test_renewal_conditions_hook_refuses_with_messages(world, monkeypatch):
    registration = registered(world)
    registration = set_until(registration, timezone.localdate() + timedelta(days=20))
    monkeypatch.setattr(
        svc, "RENEWAL_CONDITIONS", [lambda reg, on: ["15 days of continuing education missing"]]
    )
    with pytest.raises(ValidationError, match="continuing education missing"):
        svc.apply_renewal(None, registration, code_of_conduct=code(), accepted=True)


def test_cancelled_and_expired_registrations_cannot_be_renewed(world):
    registration = registered(world)
    registration = set_until(registration, timezone.localdate() + timedelta(days=10))
    svc.expire_registrations(on=registration.valid_until + timedelta(days=1))
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="Apply for a first registration again"):
        svc.apply_renewal(None, registration, code_of_conduct=code(), accepted=True)
    svc.cancel(world["registrar"], registration, reason="left the profession")
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="a cancelled registration cannot be renewed"):
        svc.apply_renewal(None, registration, code_of_conduct=code(), accepted=True)


def test_an_expired_person_registers_again_under_the_same_number(world):
    registration = registered(world)
    set_until(registration, timezone.localdate() - timedelta(days=1))
    assert svc.expire_registrations() == 1
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    again = svc.approve(world["registrar"], application)
    assert again.pk == registration.pk and again.status == "registered"
    assert again.valid_from == timezone.localdate()


# --- Expiry --------------------------------------------------------------------------------------


def test_registered_on_the_last_day_expired_the_next(world):
    registration = registered(world)
    last_day = registration.valid_until
    assert svc.expire_registrations(on=last_day) == 0
    registration.refresh_from_db()
    assert registration.status == "registered"
    assert svc.expire_registrations(on=last_day + timedelta(days=1)) == 1
    registration.refresh_from_db()
    assert registration.status == "expired"
    assert registration.status_changed_on == last_day + timedelta(days=1)
    record = AuditRecord.objects.filter(
        model="registry.registration", object_id=str(registration.pk)
    ).latest("timestamp")
    assert record.before["status"] == "registered" and record.after["status"] == "expired"
    assert record.actor is None


def test_expire_command_and_task(world):
    registration = registered(world)
    day = (registration.valid_until + timedelta(days=1)).isoformat()
    call_command("expire_registrations", "--on", day)
    registration.refresh_from_db()
    assert registration.status == "expired"
    from shegong.registry.tasks import expire_registrations

    assert expire_registrations() == {"expired": 0, "lifted": 0}


# --- Suspension, reinstatement, cancellation -----------------------------------------------------


def test_suspend_and_reinstate(world):
    registration = registered(world)
    until = timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        svc.suspend(world["registrar"], registration, reason="", until=until)
    assert "reason" in exc.value.message_dict
    suspended = svc.suspend(world["registrar"], registration, reason="inquiry", until=until)
    assert (suspended.status, suspended.suspended_until) == ("suspended", until)
    assert audited(suspended, reason="inquiry")
    with pytest.raises(ValidationError) as exc:
        svc.suspend(world["registrar"], registration, reason="again", until=until)
    assert exc.value.messages == [
        f"Registration {registration} is suspended; it can be suspended only when it is registered."
    ]
    back = svc.reinstate(world["registrar"], registration, reason="cleared")
    assert back.status == "registered" and back.suspended_until is None
    with pytest.raises(ValidationError, match="is registered; it can be reinstated only when"):
        svc.reinstate(world["registrar"], registration)


def test_ended_suspensions_are_lifted_by_the_daily_job(world):
    registration = registered(world)
    until = timezone.localdate() + timedelta(days=3)
    svc.suspend(world["registrar"], registration, reason="inquiry", until=until)
    assert svc.lift_ended_suspensions(on=until) == 0
    assert svc.lift_ended_suspensions(on=until + timedelta(days=1)) == 1
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_cancellation_for_misconduct_opens_a_recall_request(world):
    registration = registered(world)
    cancelled = svc.cancel(world["registrar"], registration, reason="fraud", misconduct=True)
    assert cancelled.status == "cancelled" and cancelled.status_reason == "fraud"
    recall = RecallRequest.objects.get()
    assert (recall.certificate, recall.registration, recall.status) == (
        world["cert"],
        registration,
        "open",
    )
    assert audited(recall, action="create", actor=world["registrar"])
    issuer = factories.user("issuer", role="certificate_issuer", scope=world["futian"])
    assert RecallRequest.objects.restrict(issuer, "view").filter(pk=recall.pk).exists()
    with pytest.raises(ValidationError, match="is cancelled; it can be cancelled only when"):
        svc.cancel(world["registrar"], registration, reason="again")


def test_a_certificate_recalled_directly_cancels_its_registration(world, client):
    """Issue 12, defect 5: a certificate recalled by its issuer (not through a cancellation)
    left the registration resting on it "registered" on the public register. The recall now
    cancels the registration through the register's own ``cancel``, with the recall's reason,
    both changes in the audit trail."""
    from shegong.registry.services import certificates as certificate_service

    registration = registered(world)
    issuer = factories.user("issuer", role="certificate_issuer", scope=world["city"])
    cert = world["cert"]
    certificate_service.recall_certificate(issuer, cert, "以欺骗手段取得证书")

    registration.refresh_from_db()
    assert registration.status == "cancelled"
    expected = f"Certificate {cert.number} recalled: 以欺骗手段取得证书"
    assert registration.status_reason == expected
    assert registration.status_changed_on == timezone.localdate()
    assert audited(cert, action="update", actor=issuer, reason="以欺骗手段取得证书")
    change = AuditRecord.objects.get(
        model="registry.registration",
        object_id=str(registration.pk),
        action="update",
        actor=issuer,
        reason=expected,
    )
    assert change.before["status"] == "registered" and change.after["status"] == "cancelled"
    assert not RecallRequest.objects.exists()  # nothing left to ask the issuer

    page = client.get(f"/verify/{registration.register_number}/", headers={"accept-language": "en"})
    body = page.content.decode()
    assert "Cancelled" in body and "Registered" not in body
    client.force_login(world["admin"])
    data = client.get(f"/api/v1/registrations/{registration.pk}/").json()
    assert data["status"] == "cancelled"


def test_a_recall_leaves_other_registrations_and_ended_ones_alone(world):
    """Only a live registration (registered or suspended) resting on the recalled certificate
    is cancelled; a colleague's stays registered."""
    from shegong.registry.services import certificates as certificate_service

    mine = registered(world)
    svc.suspend(
        world["registrar"], mine, reason="inquiry", until=timezone.localdate() + timedelta(days=9)
    )
    theirs = registered(world, "colleague")
    issuer = factories.user("issuer", role="certificate_issuer", scope=world["city"])
    certificate_service.recall_certificate(issuer, world["cert"], "伪造")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("cancelled", "registered")


def test_cancellation_without_misconduct_opens_no_recall(world):
    registration = registered(world)
    with pytest.raises(ValidationError) as exc:
        svc.cancel(world["registrar"], registration, reason="")
    assert "reason" in exc.value.message_dict
    svc.cancel(world["registrar"], registration, reason="asked to leave the register")
    assert not RecallRequest.objects.exists()


def test_registration_changes_need_a_registrar_in_scope(world):
    registration = registered(world)
    until = timezone.localdate() + timedelta(days=5)
    for actor in (world["luohu_registrar"], world["org_admin"]):
        with pytest.raises(PermissionDenied):
            svc.suspend(actor, registration, reason="x", until=until)
    registration.refresh_from_db()
    assert registration.status == "registered"


# --- Pages ---------------------------------------------------------------------------------------


def test_self_service_apply_page(world, client):
    client.force_login(world["worker_user"])
    url = reverse("registry:registration_apply")
    page = client.get(url)
    assert page.status_code == 200
    assert "2007.1" in page.content.decode()
    response = client.post(url, {"code_of_conduct": code().pk})
    assert response.status_code == 200
    assert "Accept the code of conduct" in response.content.decode()
    response = client.post(url, {"code_of_conduct": code().pk, "accept_code_of_conduct": "on"})
    assert response.status_code == 302
    assert RegistrationApplication.objects.get().person == world["worker"]


def test_apply_page_without_a_person_record(world, client):
    client.force_login(factories.user("nobody", role="social_worker", home=world["futian"]))
    response = client.get(reverse("registry:registration_apply"))
    assert response.status_code == 200
    assert "no person record" in response.content.decode()


def test_registrar_applies_on_a_persons_behalf(world, client):
    client.force_login(world["registrar"])
    url = reverse("registry:registration_apply")
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'id="on-behalf-note"' in body
    assert "no person record" not in body
    # The person is searched as the registrar types (issue 13): the page lists nobody; the
    # form accepts only people of the registrar's district with a valid certificate (below).
    assert 'data-autocomplete="/platform/lookup/people.person/"' in body
    assert "陈一" not in body and "吴三" not in body
    data = {
        "person": world["colleague"].pk,
        "code_of_conduct": code().pk,
        "accept_code_of_conduct": "on",
        "signed_acceptance": "签署件 2024-113 号",
    }
    response = client.post(url, {**data, "signed_acceptance": ""})
    assert "signed_acceptance" in response.context["form"].errors
    response = client.post(url, {**data, "accept_code_of_conduct": ""})
    assert "Accept the code of conduct" in response.content.decode()
    response = client.post(url, {**data, "person": world["outsider"].pk})
    assert "person" in response.context["form"].errors
    assert not RegistrationApplication.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    application = RegistrationApplication.objects.get()
    assert (application.person, application.created_by) == (world["colleague"], world["registrar"])
    assert application.code_of_conduct == code() and application.organisation is None
    record = AuditRecord.objects.get(
        model="registry.registrationapplication", object_id=str(application.pk)
    )
    assert "signed acceptance of the code of conduct, version 2007.1" in record.reason
    assert "签署件 2024-113 号" in record.reason
    # Someone with an application waiting is no longer offered.
    offered = client.get(url).context["form"].fields["person"].queryset
    assert set(offered) == {world["worker"]}
    # The city administrator may apply for anyone in the city.
    client.force_login(world["admin"])
    body = client.get(url + f"?person={world['outsider'].pk}").content.decode()
    assert "吴三" in body
    response = client.post(url, {**data, "person": world["outsider"].pk})
    assert response.status_code == 302
    # An organisation administrator still has the batch page, not this one.
    client.force_login(world["org_admin"])
    assert 'id="on-behalf-note"' not in client.get(url).content.decode()


def test_batch_page_offers_only_own_staff_and_404s_others(world, client):
    client.force_login(world["org_admin"])
    url = reverse("registry:registration_apply_batch")
    page = client.get(url)
    body = page.content.decode()
    # Searched as the administrator types (issue 13); only own staff are accepted (below).
    assert 'name="people"' in body and "data-autocomplete-multiple" in body
    assert "陈一" not in body and "吴三" not in body
    response = client.post(
        url,
        {
            "people": [world["outsider"].pk],
            "code_of_conduct": code().pk,
            "accept_code_of_conduct": "on",
        },
    )
    assert response.status_code == 200
    assert "people" in response.context["form"].errors
    response = client.post(
        url,
        {
            "people": [world["worker"].pk, world["colleague"].pk],
            "code_of_conduct": code().pk,
            "accept_code_of_conduct": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert RegistrationApplication.objects.filter(organisation=world["org"]).count() == 2


def test_review_queue_and_decision_pages(world, client):
    application = svc.apply(None, world["worker"], code_of_conduct=code(), accepted=True)
    client.force_login(world["registrar"])
    queue = client.get(reverse("registry:registration_review"))
    assert queue.status_code == 200 and "陈一" in queue.content.decode()
    url = reverse("registry:registrationapplication_decide", args=[application.pk])
    response = client.post(url, {"decision": "refuse", "reasons": ""})
    assert response.status_code == 200
    assert "Give the reasons for the refusal." in response.content.decode()
    response = client.post(url, {"decision": "approve", "reasons": "fine"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    response = client.post(url, {"decision": "approve", "reasons": "fine"})
    assert "it can be approved only when it is submitted" in response.content.decode()
    client.force_login(world["luohu_registrar"])
    assert client.get(reverse("registry:registration_review")).context["rows"] == []
    assert client.get(url).status_code == 404


def test_suspend_and_cancel_pages(world, client):
    registration = registered(world)
    client.force_login(world["registrar"])
    until = (timezone.localdate() + timedelta(days=9)).isoformat()
    response = client.post(
        reverse("registry:registration_suspend", args=[registration.pk]),
        {"reason": "inquiry", "until": until},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("registry:registration_reinstate", args=[registration.pk]), {"reason": "ok"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("registry:registration_cancel", args=[registration.pk]),
        {"reason": "misconduct", "misconduct": "on"},
    )
    assert response.status_code == 302
    assert RecallRequest.objects.count() == 1
    client.force_login(world["luohu_registrar"])
    url = reverse("registry:registration_suspend", args=[registration.pk])
    assert client.get(url).status_code == 404


# --- API -----------------------------------------------------------------------------------------


def test_api_apply_decide_and_errors_per_field(world, client):
    client.force_login(world["worker_user"])
    url = "/api/v1/registration-applications/apply/"
    response = client.post(
        url,
        {"person": world["worker"].pk, "code_of_conduct": code().pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "accept_code_of_conduct" in response.json()
    response = client.post(
        url,
        {
            "person": world["worker"].pk,
            "code_of_conduct": code().pk,
            "accept_code_of_conduct": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    client.force_login(world["registrar"])
    decide = f"/api/v1/registration-applications/{pk}/decide/"
    response = client.post(decide, {"decision": "refuse"}, content_type="application/json")
    assert response.status_code == 400 and "reasons" in response.json()
    response = client.post(decide, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 200, response.content
    reg_id = response.json()["id"]
    response = client.post(decide, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 400
    assert "only when it is submitted" in str(response.json())
    base = f"/api/v1/registrations/{reg_id}"
    until = (timezone.localdate() + timedelta(days=9)).isoformat()
    response = client.post(
        f"{base}/suspend/", {"reason": "x", "until": until}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    response = client.post(f"{base}/reinstate/", {}, content_type="application/json")
    assert response.json()["status"] == "registered"
    response = client.post(f"{base}/renew/", {}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(
        f"{base}/cancel/", {"reason": "fraud", "misconduct": True}, content_type="application/json"
    )
    assert response.json()["status"] == "cancelled"
    assert RecallRequest.objects.count() == 1
    client.force_login(world["luohu_registrar"])
    assert client.post(f"{base}/reinstate/", {}).status_code == 404
