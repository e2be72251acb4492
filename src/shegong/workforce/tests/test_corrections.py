"""Corrections of imported pay records (PAY-1) and the recording of insurance payments made
later (PAY-3): with a reason, in the audit trail, refused when the record changed meanwhile,
and the flags follow at once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shegong.core.models import AuditRecord
from shegong.core.services import create_record
from shegong.core.testing import factories
from shegong.workforce import pay
from shegong.workforce.models import InsuranceContribution, PayRecord

from .paydata import MONTH, employed, grade, guidance

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    org = factories.organisation(tree["futian"])
    g = grade(1)
    guidance(g)  # floor 5,000.00
    e = employed(tree["futian"], org, g)
    record = create_record(
        None,
        PayRecord,
        {
            "employment": e,
            "month": MONTH,
            "grade": g,
            "base": Decimal("2999.99"),
            "post": Decimal("1500.00"),
            "performance": Decimal("500.00"),
        },
    )
    contribution = create_record(
        None,
        InsuranceContribution,
        {
            "employment": e,
            "month": MONTH,
            "base": Decimal("5000"),
            "employer_share": Decimal("700.00"),
            "employee_share": Decimal("300.00"),
            "due_date": date(2026, 3, 15),
        },
    )
    return {
        "tree": tree,
        "record": record,
        "contribution": contribution,
        "admin": factories.user(role="org_admin", scope=org),
    }


def _below(record):
    return pay.pay_flags().get(pk=record.pk).below_floor


def test_a_corrected_pay_record_leaves_the_floor_flag_with_its_reason_in_the_trail(world):
    record = world["record"]
    assert _below(record)
    done = pay.correct_pay(
        world["admin"],
        record,
        base=Decimal("3000.00"),
        post=Decimal("1500.00"),
        performance=Decimal("500.00"),
        reason="payroll error in March",
    )
    assert done.total == Decimal("5000.00")
    assert not _below(done)
    change = AuditRecord.objects.filter(model="workforce.payrecord", object_id=str(record.pk))
    last = change.order_by("-pk").first()
    assert last.reason == "payroll error in March"
    assert last.before["base"] == "2999.99" and last.after["base"] == "3000.00"


def test_a_pay_correction_needs_a_reason_a_change_and_the_current_version(world):
    record = world["record"]
    amounts = {
        "base": Decimal("3000.00"),
        "post": Decimal("1500.00"),
        "performance": Decimal("500.00"),
    }
    with pytest.raises(ValidationError, match="reason"):
        pay.correct_pay(world["admin"], record, **amounts, reason=" ")
    same = {**amounts, "base": Decimal("2999.99")}
    with pytest.raises(ValidationError, match="nothing to correct"):
        pay.correct_pay(world["admin"], record, **same, reason="x")
    pay.correct_pay(world["admin"], record, **amounts, reason="first")
    with pytest.raises(ValidationError, match="Someone else changed"):
        pay.correct_pay(
            world["admin"], record, **{**amounts, "base": Decimal("3100")}, reason="stale"
        )


def test_arrears_paid_later_stay_late_but_are_no_longer_short(world):
    c = world["contribution"]
    on = date(2026, 4, 1)
    flags = pay.insurance_flags(on=on).get(pk=c.pk)
    assert flags.late and flags.short
    pay.record_insurance_payment(
        world["admin"],
        c,
        paid_on=date(2026, 3, 20),
        amount_paid=Decimal("1000.00"),
        reason="paid with the April run",
    )
    flags = pay.insurance_flags(on=on).get(pk=c.pk)
    assert flags.late and not flags.short


def test_a_payment_needs_its_date_and_cannot_be_in_the_future(world):
    c = world["contribution"]
    with pytest.raises(ValidationError) as error:
        pay.record_insurance_payment(
            world["admin"], c, paid_on=None, amount_paid=Decimal("1"), reason="x"
        )
    assert "paid_on" in error.value.error_dict
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        pay.record_insurance_payment(
            world["admin"], c, paid_on=tomorrow, amount_paid=Decimal("1000"), reason="x"
        )
    assert InsuranceContribution.objects.get(pk=c.pk).amount_paid == Decimal("0")


def test_the_pages_correct_and_record_payments_in_scope_only(world, client):
    record, c = world["record"], world["contribution"]
    client.force_login(world["admin"])
    detail = client.get(f"/workforce/payrecords/{record.pk}/").content.decode()
    assert f"/workforce/payrecords/{record.pk}/correct/" in detail
    response = client.post(
        f"/workforce/payrecords/{record.pk}/correct/",
        {
            "version": record.version,
            "base": "3000.00",
            "post": "1500.00",
            "performance": "500.00",
            "reason": "payroll error",
        },
    )
    assert response.status_code == 302
    assert PayRecord.objects.get(pk=record.pk).total == Decimal("5000.00")
    page = client.post(
        f"/workforce/insurancecontributions/{c.pk}/payment/",
        {"version": c.version, "paid_on": "", "amount_paid": "1000.00", "reason": "x"},
    ).content.decode()
    assert "An amount paid needs the date it was paid." in page
    other = factories.user(role="district_officer", scope=world["tree"]["luohu"])
    client.force_login(other)
    assert client.get(f"/workforce/payrecords/{record.pk}/correct/").status_code == 404
    worker = factories.user(role="social_worker")
    client.force_login(worker)
    assert client.get(f"/workforce/insurancecontributions/{c.pk}/payment/").status_code == 404


def test_the_api_records_a_payment_and_refuses_bad_input_per_field(world, client):
    c = world["contribution"]
    client.force_login(world["admin"])
    url = f"/api/v1/insurance-contributions/{c.pk}/record-payment/"
    bad = client.post(
        url, {"paid_on": None, "amount_paid": "-1", "reason": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "amount_paid" in bad.json()
    ok = client.post(
        url,
        {"paid_on": "2026-03-15", "amount_paid": "1000.00", "reason": "bank statement"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["late"] is False and ok.json()["short"] is False
    url = f"/api/v1/pay-records/{world['record'].pk}/correct/"
    stale = client.post(
        url,
        {
            "base": "3000",
            "post": "1500",
            "performance": "500",
            "reason": "x",
            "expected_version": 99,
        },
        content_type="application/json",
    )
    assert stale.status_code == 412  # changed since: the caller reloads it
    assert "Someone else changed" in str(stale.json())


def test_the_grade_and_step_are_set_on_the_employment_page(world, client):
    from shegong.workforce.models import EmploymentGrade

    employment = world["record"].employment
    g2 = grade(2)
    client.force_login(world["admin"])
    page = client.get(f"/workforce/employments/{employment.pk}/").content.decode()
    assert f"/workforce/employments/{employment.pk}/grade/" in page
    early = client.post(
        f"/workforce/employments/{employment.pk}/grade/",
        {"grade": g2.pk, "step": 2, "valid_from": "2000-01-01", "reason": ""},
    )
    assert "The grade cannot start before the employment." in early.content.decode()
    response = client.post(
        f"/workforce/employments/{employment.pk}/grade/",
        {"grade": g2.pk, "step": 2, "valid_from": "2026-05-01", "reason": "annual review"},
    )
    assert response.status_code == 302
    assert pay.grade_on(employment, date(2026, 5, 1)).grade == g2
    assert EmploymentGrade.objects.filter(employment=employment).count() == 2
