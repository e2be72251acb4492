"""Renewal refused for missing continuing education, then accepted; claims approved or refused
(one function per state change); reminders before the year ends; the training plan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from shegong.core import audit
from shegong.core.models import PolicyParameter
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.core.testing.clock import frozen_clock
from shegong.education import rules, services
from shegong.education.models import CpdReminder, TrainingTarget
from shegong.registry.models import RegistrationApplication
from shegong.registry.services import registrations
from shegong.workforce import services as workforce
from shegong.workforce.tests import data as wdata

from . import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(tree):
    """On 1 June 2026 (a frozen clock), a registration ending on 30 June 2026 (inside the
    renewal window); the year its renewal checks is 2025, the last full calendar year."""
    with frozen_clock(date(2026, 6, 1)):
        who = data.person(tree["futian"])
        cert = data.certificate(who, issued=date(2015, 1, 1))
        reg = data.registration(
            who, cert, valid_from=date(2025, 7, 1), valid_until=date(2026, 6, 30)
        )
        yield who, reg, 2025


def apply(reg):
    return registrations.apply_renewal(
        None, reg, code_of_conduct=registrations.current_code_of_conduct(), accepted=True
    )


def test_renewal_is_refused_for_missing_days_then_accepted(renewal):
    who, reg, year = renewal
    data.record(who, date(year, 3, 1), days="12.5")
    with pytest.raises(ValidationError) as refused:
        apply(reg)
    assert (
        f"Continuing education (深圳市继续教育（每年不少于15天）): 12.5 of 15 days in {year}: "
        "2.5 days missing." in refused.value.messages
    )
    assert not RegistrationApplication.objects.exists()
    data.record(who, date(year, 12, 31), days="2.5")
    application = apply(reg)
    renewed = registrations.approve(None, application)
    assert renewed.valid_until > reg.valid_until


def test_renewal_checks_the_national_rule_when_the_register_uses_it(renewal, settings):
    factories.parameter("registry.rule_scope", "national", date(2000, 1, 2))
    who, reg, _year = renewal
    data.record(who, reg.valid_from, hours=71)
    with pytest.raises(ValidationError) as refused:
        apply(reg)
    assert "71 of 72 hours in the registration period" in refused.value.messages[0]
    assert "1 hours missing" in refused.value.messages[0]
    data.record(who, reg.valid_until, hours=1)
    assert apply(reg).kind == "renewal"


def test_approval_checks_again(renewal):
    who, reg, year = renewal
    record = data.record(who, date(year, 5, 1), days=15)
    application = apply(reg)
    services.revoke(None, record, "证明材料不实")  # found to be false after approval
    with pytest.raises(ValidationError, match="0 of 15 days"):
        registrations.approve(None, application)


@pytest.fixture
def claim_world(tree):
    org = factories.organisation(tree["futian"])
    user = factories.user(role="social_worker", home=tree["futian"])
    who = data.person(tree["futian"], org, user=user)
    return {
        "who": who,
        "user": user,
        "officer": factories.user(role="district_officer", scope=tree["futian"]),
        "org_admin": factories.user(role="org_admin", scope=org),
    }


def test_claim_approve_and_the_state_machine(claim_world):
    w = claim_world
    record = services.claim(
        w["user"],
        w["who"],
        {"title": "督导培训", "kind": "course", "completed_on": data.today(), "hours": 8},
    )
    assert record.status == "claimed" and record.source == "claim"
    with pytest.raises(PermissionDenied):
        services.approve(w["user"], record)  # nobody approves their own claim
    with pytest.raises(PermissionDenied):
        services.approve(w["org_admin"], record)
    approved = services.approve(w["officer"], record, "证书核实")
    assert approved.status == "approved" and approved.decided_by == w["officer"]
    with pytest.raises(ValidationError) as again:
        services.refuse(w["officer"], approved, "重复")
    assert "it is Approved, and only a claim awaiting approval can be" in again.value.messages[0]


def test_refusal_needs_a_reason_and_future_dates_are_refused(claim_world):
    w = claim_world
    record = services.claim(
        w["user"],
        w["who"],
        {"title": "x", "kind": "online", "completed_on": data.today(), "days": 1},
    )
    with pytest.raises(ValidationError, match="Give the reason"):
        services.refuse(w["officer"], record, " ")
    assert services.refuse(w["officer"], record, "无证明").status == "refused"
    with pytest.raises(ValidationError, match="in the future"):
        services.claim(
            w["user"],
            w["who"],
            {
                "title": "x",
                "kind": "online",
                "completed_on": data.today() + timedelta(days=1),
                "days": 1,
            },
        )


def test_claim_of_a_session_takes_the_course_details(claim_world):
    w = claim_world
    session = data.session(
        data.course(data.provider(), hours="12", days="1.5"), date(2025, 3, 1), date(2025, 3, 2)
    )
    record = services.claim(w["user"], w["who"], {"session": session})
    assert (record.title, record.hours, record.days, record.completed_on) == (
        session.course.title,
        Decimal("12.0"),
        Decimal("1.5"),
        date(2025, 3, 2),
    )
    with pytest.raises(ValidationError, match="already has a record of this session"):
        services.claim(w["user"], w["who"], {"session": session})


def test_the_claimant_withdraws_a_claim_nobody_has_decided(claim_world, tree):
    w = claim_world
    rule = data.rule()
    data.certificate(w["who"], issued=date(2015, 1, 1))

    def claim(days=15):
        return services.claim(
            w["user"],
            w["who"],
            {"title": "培训", "kind": "course", "completed_on": data.today(), "days": days},
        )

    record = claim()
    stranger = factories.user(role="social_worker", home=tree["futian"])
    for who in (w["officer"], stranger):  # officials refuse instead; others may not
        with pytest.raises(PermissionDenied):
            services.withdraw(who, record)
    done = services.withdraw(w["user"], record, "报错课程")
    assert (done.status, done.decision_reason) == ("withdrawn", "报错课程")
    assert done.decided_by == w["user"]
    window = rules.Window(year=data.today().year)
    assert rules.person_progress(rule, w["who"], window).credited == 0  # never counts
    for step in (services.withdraw, services.approve):
        with pytest.raises(ValidationError, match="it is Withdrawn by the claimant"):
            step(w["user"] if step is services.withdraw else w["officer"], done)
    # the person's organisation may withdraw too; an approved record is no longer a claim
    assert services.withdraw(w["org_admin"], claim()).status == "withdrawn"
    approved = services.approve(w["officer"], claim())
    with pytest.raises(ValidationError, match="it is Approved"):
        services.withdraw(w["user"], approved)


def test_a_withdrawn_session_claim_may_be_claimed_again_a_refused_one_not(claim_world):
    w = claim_world
    session = data.session(data.course(data.provider()), date(2025, 3, 1))
    services.withdraw(w["user"], services.claim(w["user"], w["who"], {"session": session}))
    again = services.claim(w["user"], w["who"], {"session": session})
    assert again.status == "claimed"
    services.refuse(w["officer"], again, "无签到记录")
    with pytest.raises(ValidationError, match="already has a record of this session"):
        services.claim(w["user"], w["who"], {"session": session})


def test_an_approval_is_withdrawn_with_a_reason_and_stops_counting(claim_world):
    w = claim_world
    year = data.today().year
    data.certificate(w["who"], issued=date(2015, 1, 1))
    rule = data.rule(from_year=year)
    record = data.record(w["who"], data.today(), days=15)  # imported: approved at once
    assert rules.person_progress(rule, w["who"], rules.Window(year=year)).met
    with pytest.raises(ValidationError, match="reason for withdrawing the approval"):
        services.revoke(w["officer"], record, "  ")
    for who in (w["user"], w["org_admin"]):
        with pytest.raises(PermissionDenied):
            services.revoke(who, record, "不实")
    revoked = services.revoke(w["officer"], record, "培训机构名单有误")
    assert (revoked.status, revoked.decision_reason) == ("revoked", "培训机构名单有误")
    progress = rules.person_progress(rule, w["who"], rules.Window(year=year))
    assert progress.credited == 0 and not progress.met
    with pytest.raises(ValidationError, match="this one is Approval withdrawn"):
        services.revoke(w["officer"], revoked, "再次")
    trail = audit.history_entries(revoked)
    assert [r.action for r in trail][0] == "update" and trail[0].reason == "培训机构名单有误"
    assert trail[0].before["status"] == "approved" and trail[0].after["status"] == "revoked"


def test_reminders_before_the_year_ends_once_per_person(tree):
    short = data.person(tree["futian"])
    data.certificate(short, issued=date(2020, 1, 1))
    done = data.person(tree["futian"])
    data.certificate(done, issued=date(2020, 1, 1))
    data.record(done, date(2025, 2, 1), days=15)
    data.record(short, date(2025, 2, 1), days=3)
    assert services.create_reminders(date(2025, 10, 31)) == 0  # 61 days before 31 Dec: early
    assert services.create_reminders(date(2025, 11, 1)) == 1  # exactly 60 days before
    reminder = CpdReminder.objects.get()
    assert reminder.person == short and reminder.year == 2025
    assert "3 of 15 days in 2025: 12 days missing" in reminder.message
    assert services.create_reminders(date(2025, 12, 1)) == 0  # once per person, rule, year
    PolicyParameter.objects.create(
        key="education.reminder_days_before_year_end",
        scope="city",
        value=90,
        valid_from=date(2024, 1, 1),
    )
    assert services.reminders_due(date(2025, 10, 2))
    call_command("cpd_reminders", "--on", "2026-01-05", "--force")
    assert CpdReminder.objects.filter(year=2026).count() == 2


def test_the_person_sees_their_reminder(client, tree):
    user = factories.user(role="social_worker", home=tree["futian"])
    who = data.person(tree["futian"], user=user)
    data.certificate(who, issued=date(2020, 1, 1))
    services.create_reminders(date(2025, 12, 30))
    client.force_login(user)
    body = client.get("/education/cpdreminders/").content.decode()
    assert "2025" in body and who.name in body


def test_training_plan_actuals_include_conversion_batches(tree, client):
    org = factories.organisation(tree["futian"])
    ptype = wdata.post_type(level="assistant", field_code="01")
    year = data.today().year
    trained = data.person(tree["futian"], org)
    data.certificate(trained, issued=date(2020, 1, 1))
    workforce_post = wdata.post(org, ptype, designated=False)
    workforce.hire(None, trained, workforce_post, date(year, 1, 1), "new_hire")
    data.record(trained, date(year, 1, 2), hours=20)
    data.record(trained, date(year, 1, 3), days=2)
    converting = data.person(tree["futian"], org)
    workforce.hire(
        None,
        converting,
        wdata.post(org, ptype),
        date(year, 1, 1),
        "conversion",
        training_batch="2026第一期",
        exam_year=year,
        deadline=date(year + 1, 12, 31),
    )
    target = create_record(
        None,
        TrainingTarget,
        {
            "year": year,
            "area": tree["city"],
            "level": "assistant",
            "field": wdata.field("01"),
            "people": 10,
            "days": 100,
        },
    )
    actual = services.plan_actuals(target)
    assert actual == {"people": 1, "days": Decimal("4.5"), "conversion": 1, "people_total": 2}
    client.force_login(factories.user(role="city_officer", scope=tree["city"]))
    page = client.get(f"/education/plan/?year={year}").content.decode()
    assert 'id="training-plan"' in page and "4.5" in page
