"""PAY-1 and PAY-2: pay below the floor at its edges, the pay import (all or nothing, errors by
row and column, dry run), who sees pay, and promotion eligibility and decisions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from shegong.core import importing
from shegong.core.models import AuditRecord, Job
from shegong.core.testing import factories
from shegong.workforce import pay
from shegong.workforce.imports import import_pay_file
from shegong.workforce.models import EmploymentGrade, PayRecord, PromotionStatus

from . import data
from .paydata import MONTH, csv_bytes, employed, grade, guidance, technician

pytestmark = pytest.mark.django_db

HEADER = "身份证号,月份,基本工资,岗位工资,绩效工资,应发合计"


@pytest.fixture
def world(tree):
    org = factories.organisation(tree["futian"])
    g1 = grade(1)
    guidance(g1)  # total 5000.00
    technician(g1, "4800.00")
    e = employed(tree["futian"], org, g1)
    return {
        "tree": tree,
        "org": org,
        "g1": g1,
        "e": e,
        "admin": factories.user(role="org_admin", scope=org),
    }


def _pay(world, base, post="1500.00", performance="500.00", month=MONTH):
    nid = world["e"].person.national_id
    report = import_pay_file(
        world["admin"], csv_bytes(HEADER, f"{nid},{month:%Y-%m},{base},{post},{performance},")
    )
    assert report.written, report.errors
    return PayRecord.objects.get(employment=world["e"], month=month)


def test_pay_exactly_at_the_guidance_is_not_flagged_one_cent_below_is(world):
    at = _pay(world, "3000.00")
    below = _pay(world, "2999.99", month=date(2026, 4, 1))
    flags = {r.pk: r for r in pay.pay_flags()}
    assert flags[at.pk].guidance_total == Decimal("5000.00")
    assert not flags[at.pk].below_floor
    assert flags[below.pk].below_guidance and flags[below.pk].below_floor
    assert list(pay.pay_below_floor().values_list("pk", flat=True)) == [below.pk]


def test_pay_below_the_technician_total_is_flagged(tree):
    org = factories.organisation(tree["futian"])
    g = grade(1)
    guidance(g, base="1000.00", post="0", performance="0")
    technician(g, "4800.00")
    e = employed(tree["futian"], org, g)
    admin = factories.user(role="org_admin", scope=org)
    nid = e.person.national_id
    rows = [f"{nid},2026-03,4800.00,0,0,", f"{nid},2026-04,4799.99,0,0,"]
    assert import_pay_file(admin, csv_bytes(HEADER, *rows)).written
    flagged = pay.pay_flags().get(month=date(2026, 4, 1))
    assert flagged.below_technician and not flagged.below_guidance
    assert not pay.pay_flags().get(month=date(2026, 3, 1)).below_floor


def test_no_table_for_the_year_is_not_compared(world):
    record = _pay(world, "1.00", month=date(2025, 6, 1))
    assert not pay.pay_flags().get(pk=record.pk).below_floor


def test_import_is_all_or_nothing_with_row_and_column_errors(world):
    nid = world["e"].person.national_id
    body = csv_bytes(
        HEADER,
        f"{nid},2026-01,3000.00,1500.00,500.00,5000.00",
        f"{nid},2026-13,3000.00,abc,500.00,",
        "110101199001011234,2026-02,3000,1500,500,",
        f"{nid},2026-01,3000.00,1500.00,500.00,4000.00",
    )
    report = import_pay_file(world["admin"], body)
    assert not report.written
    got = [(e.row, e.column) for e in report.errors]
    assert (3, "月份") in got and (3, "岗位工资") in got
    assert (4, "身份证号") in got
    assert (5, "月份") in got  # repeats row 2
    assert (5, "应发合计") in got  # total is not the sum
    assert PayRecord.objects.count() == 0


def test_english_headers_and_dry_run_writes_nothing(world):
    nid = world["e"].person.national_id
    body = csv_bytes("national_id,month,base,post,performance", f"{nid},2026年3月,3000,1500,500")
    audits = AuditRecord.objects.count()
    report = import_pay_file(world["admin"], body, dry_run=True)
    assert report.ok and not report.written and report.total_rows == 1
    assert PayRecord.objects.count() == 0 and AuditRecord.objects.count() == audits
    report = import_pay_file(world["admin"], body)
    assert report.written and report.created == 1
    again = import_pay_file(world["admin"], body)
    assert [(e.row, e.column) for e in again.errors] == [(2, "month")]


def test_missing_column_and_no_grade_are_errors(world, tree):
    assert "绩效工资" in str(
        import_pay_file(
            world["admin"], csv_bytes("身份证号,月份,基本工资,岗位工资", "x,y,1,2")
        ).errors[0]
    )
    nid = world["e"].person.national_id
    report = import_pay_file(world["admin"], csv_bytes(HEADER, f"{nid},2024-12,1,1,1,"))
    assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号")]  # not employed yet


def test_org_admin_imports_only_for_their_own_staff(world, tree):
    other_org = factories.organisation(tree["luohu"])
    other = employed(tree["luohu"], other_org, world["g1"])
    report = import_pay_file(
        world["admin"], csv_bytes(HEADER, f"{other.person.national_id},2026-03,1,1,1,")
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号")]


def test_command_imports_and_refuses(world, tmp_path, capsys):
    nid = world["e"].person.national_id
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(HEADER, f"{nid},2026-03,x,1,1,"))
    with pytest.raises(CommandError):
        call_command("import_pay_records", str(bad))
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(HEADER, f"{nid},2026-03,3000,1500,500,"))
    call_command("import_pay_records", str(good), "--dry-run")
    assert PayRecord.objects.count() == 0
    call_command("import_pay_records", str(good), "--as", world["admin"].username)
    assert PayRecord.objects.get().created_by == world["admin"]


def test_pay_is_private_to_the_organisation_district_city_and_person(client, world, tree):
    record = _pay(world, "3000.00")
    url = f"/api/v1/pay-records/{record.pk}/"
    page = f"/workforce/payrecords/{record.pk}/"
    expected = {
        ("org_admin", world["org"]): 200,
        ("district_officer", tree["futian"]): 200,
        ("city_officer", tree["city"]): 200,
        ("auditor", tree["futian"]): 200,
        ("district_officer", tree["luohu"]): 404,
        ("field_officer", tree["futian"]): 404,
        ("volunteer_federation", tree["futian"]): 404,
    }
    other = factories.organisation(tree["futian"])
    expected[("org_admin", other)] = 404
    for (role, scope), code in expected.items():
        client.force_login(factories.user(role=role, scope=scope))
        assert client.get(url).status_code == code, (role, scope)
        assert client.get(page).status_code == code, (role, scope)
    client.force_login(factories.user(role="field_officer", scope=tree["futian"]))
    assert client.get("/api/v1/pay-records/").json()["count"] == 0
    listing = client.get("/workforce/payrecords/")
    assert listing.status_code == 403 or page not in listing.content.decode()
    upload = client.post(
        "/api/v1/pay-records/import/", {"file": _file(csv_bytes(HEADER)), "dry_run": True}
    )
    assert upload.status_code == 403
    person_user = factories.user(scope=None)
    person = world["e"].person
    person.user = person_user
    person.save(update_fields=["user"])
    client.force_login(person_user)
    assert client.get(url).status_code == 200


def _file(body, name="pay.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, body, content_type="text/csv")


def test_api_import_reports_errors_and_writes(client, world):
    client.force_login(world["admin"])
    nid = world["e"].person.national_id
    bad = client.post(
        "/api/v1/pay-records/import/", {"file": _file(csv_bytes(HEADER, f"{nid},2026-03,x,1,1,"))}
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"row": 2, "column": "基本工资", "message": bad.json()["errors"][0]["message"]}
    ]
    good = client.post(
        "/api/v1/pay-records/import/",
        {"file": _file(csv_bytes(HEADER, f"{nid},2026-03,2999.99,1500,500,"))},
    )
    assert good.status_code == 200 and good.json()["created"] == 1
    listed = client.get("/api/v1/pay-records/?below_floor=true").json()
    assert listed["count"] == 1 and listed["results"][0]["below_guidance"] is True


def test_api_import_of_a_large_file_is_a_background_job(client, world, monkeypatch):
    """Issue 11: the pay API goes the way of the page and the other imports' APIs: a file of
    more rows than ``INLINE_ROWS`` answers 202 with its job, which imports it."""
    monkeypatch.setattr(importing, "INLINE_ROWS", 1)
    client.force_login(world["admin"])
    nid = world["e"].person.national_id
    rows = [f"{nid},2026-0{m},3000.00,1500.00,500.00," for m in (3, 4)]
    response = client.post(
        "/api/v1/pay-records/import/", {"file": _file(csv_bytes(HEADER, *rows)), "reason": "工资"}
    )
    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json() == {
        "job": job.pk,
        "status": "done",  # tests run jobs at once
        "url": f"http://testserver/api/v1/jobs/{job.pk}/",
    }
    assert response["Location"] == f"http://testserver/api/v1/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.kind == "import_pay_file" and job.status == "done", job.errors
    assert PayRecord.objects.filter(employment=world["e"]).count() == 2
    # a dry run of the same file is answered at once, and writes nothing more
    dry = client.post(
        "/api/v1/pay-records/import/",
        {"file": _file(csv_bytes(HEADER, *rows)), "dry_run": True},
    )
    assert dry.status_code == 400 and Job.objects.count() == 1


# --- PAY-2: promotion ---------------------------------------------------------------------------


@pytest.fixture
def ladder(tree):
    org = factories.organisation(tree["futian"])
    g1, g2 = grade(1), grade(2, level="intermediate", min_years=2)
    start = data.today() - timedelta(days=800)
    return {
        "org": org,
        "g1": g1,
        "g2": g2,
        "start": start,
        "officer": factories.user(role="district_officer", scope=tree["futian"]),
        "admin": factories.user(role="org_admin", scope=org),
        "tree": tree,
    }


def test_eligible_application_is_approved_and_the_grade_holds_from_the_date(ladder):
    e = employed(
        ladder["tree"]["futian"], ladder["org"], ladder["g1"], ladder["start"], level="intermediate"
    )
    application = pay.submit_promotion(ladder["admin"], e, ladder["g2"])
    assert application.eligible
    assert [r["rule"] for r in application.reasons] == ["level", "years", "assessment"]
    # no assessment result yet (the assessment module's condition): not checked, not blocking
    assert application.reasons[-1]["met"] is None
    with pytest.raises(ValidationError):
        pay.submit_promotion(ladder["admin"], e, ladder["g2"])  # one waiting at a time
    with pytest.raises(Exception):  # noqa: B017 - the org admin may not decide
        pay.approve(ladder["admin"], application, data.today())
    effective = data.today() + timedelta(days=10)
    done = pay.approve(ladder["officer"], application, effective)
    assert done.status == PromotionStatus.APPROVED and done.decided_by == ladder["officer"]
    assert pay.grade_on(e, effective).grade == ladder["g2"]
    assert pay.grade_on(e, effective - timedelta(days=1)).grade == ladder["g1"]


def test_ineligible_reasons_are_shown_and_approval_is_refused(ladder):
    recent = data.today() - timedelta(days=365 * 2 - 2)  # one day short of two full years
    e = employed(ladder["tree"]["futian"], ladder["org"], ladder["g1"], recent)
    application = pay.submit_promotion(ladder["admin"], e, ladder["g2"])
    assert not application.eligible
    unmet = {r["rule"]: r["message"] for r in application.reasons if r["met"] is False}
    assert set(unmet) == {"level", "years"}
    assert "below the required" in unmet["level"] and "2 required" in unmet["years"]
    with pytest.raises(ValidationError):
        pay.approve(ladder["officer"], application, data.today())
    refused = pay.refuse(ladder["officer"], application, reason="条件不足")
    assert refused.status == PromotionStatus.REFUSED
    assert EmploymentGrade.objects.filter(employment=e).count() == 1


def test_exactly_the_minimum_years_is_eligible(ladder):
    on = data.today()
    start = (
        on.replace(year=on.year - 2)
        if not (on.month == 2 and on.day == 29)
        else on - timedelta(days=731)
    )
    e = employed(ladder["tree"]["futian"], ladder["org"], ladder["g1"], start, level="senior")
    reasons = pay.eligibility(e, ladder["g2"], on)
    assert pay.is_eligible(reasons)
    assert not pay.is_eligible(pay.eligibility(e, ladder["g2"], on - timedelta(days=1)))


def test_promotion_pages_and_api(client, ladder):
    e = employed(
        ladder["tree"]["futian"], ladder["org"], ladder["g1"], ladder["start"], level="intermediate"
    )
    client.force_login(ladder["admin"])
    response = client.post(f"/workforce/employments/{e.pk}/promote/", {"to_grade": ladder["g2"].pk})
    assert response.status_code == 302
    application = e.promotion_applications.get()
    page = client.get(application.get_absolute_url())
    assert escape(application.reasons[-1]["message"]) in page.content.decode()
    assert (
        client.get(f"/workforce/promotionapplications/{application.pk}/approve/").status_code == 403
    )
    client.force_login(ladder["officer"])
    response = client.post(
        f"/api/v1/promotion-applications/{application.pk}/approve/",
        {"effective_from": str(data.today())},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    field = factories.user(role="field_officer", scope=ladder["tree"]["futian"])
    client.force_login(field)
    assert client.get(f"/api/v1/promotion-applications/{application.pk}/").status_code == 404
    assert (
        client.post(
            "/api/v1/promotion-applications/",
            {"employment": e.pk, "to_grade": ladder["g2"].pk},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_promotion_conditions_of_other_modules_are_checked(ladder, monkeypatch):
    """The extension point: each registered condition adds its reasons; an unmet one makes
    the application ineligible; with none registered, assessment is listed as not checked."""
    e = employed(
        ladder["tree"]["futian"], ladder["org"], ladder["g1"], ladder["start"], level="intermediate"
    )
    seen = []

    def unmet(employment, to_grade, on):
        seen.append((employment, to_grade, on))
        return [{"rule": "assessment", "met": False, "message": "不合格 (2025)"}]

    monkeypatch.setattr(pay, "PROMOTION_CONDITIONS", [unmet])
    reasons = pay.eligibility(e, ladder["g2"], data.today())
    assert seen == [(e, ladder["g2"], data.today())]
    assert not pay.is_eligible(reasons) and reasons[-1]["message"] == "不合格 (2025)"
    monkeypatch.setattr(pay, "PROMOTION_CONDITIONS", [])
    reasons = pay.eligibility(e, ladder["g2"], data.today())
    assert pay.is_eligible(reasons)
    assert "no assessment module yet" in reasons[-1]["message"]
