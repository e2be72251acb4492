"""PAY-3: late and short social insurance contributions at their edges, per employee and per
organisation; the insurance import (all or nothing, errors by row and column, dry run); who
sees contributions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from shegong.core.testing import factories
from shegong.workforce import pay
from shegong.workforce.imports import import_insurance_file
from shegong.workforce.models import InsuranceContribution

from .paydata import csv_bytes, employed, grade

pytestmark = pytest.mark.django_db

HEADER = "身份证号,月份,缴费基数,单位缴纳,个人缴纳,应缴日期,实缴日期,实缴金额"
DUE = date(2026, 3, 15)


@pytest.fixture
def world(tree):
    org = factories.organisation(tree["futian"])
    g = grade(1)
    return {
        "tree": tree,
        "org": org,
        "g": g,
        "e": employed(tree["futian"], org, g),
        "e2": employed(tree["futian"], org, g),
        "admin": factories.user(role="org_admin", scope=org),
    }


def _row(
    e, month="2026-03", paid_on="2026-03-15", paid="1000.30", employer="700.20", employee="300.10"
):
    return f"{e.person.national_id},{month},5000,{employer},{employee},{DUE},{paid_on},{paid}"


def _flags(world, *rows, on=date(2026, 6, 1)):
    report = import_insurance_file(world["admin"], csv_bytes(HEADER, *rows))
    assert report.written, report.errors
    return {(c.employment_id, c.month): c for c in pay.insurance_flags(on=on)}


def test_paid_on_the_due_date_is_not_late_a_day_after_is(world):
    flags = _flags(
        world,
        _row(world["e"], "2026-03", paid_on="2026-03-15"),
        _row(world["e"], "2026-04", paid_on="2026-03-16"),
    )
    assert not flags[(world["e"].pk, date(2026, 3, 1))].late
    assert flags[(world["e"].pk, date(2026, 4, 1))].late


def test_unpaid_is_late_only_after_the_due_date(world):
    import_insurance_file(world["admin"], csv_bytes(HEADER, _row(world["e"], paid_on="", paid="")))
    c = InsuranceContribution.objects.get()
    assert c.amount_paid == Decimal("0.00") and c.amount_due == Decimal("1000.30")
    assert not pay.insurance_flags(on=DUE).get().late
    assert pay.insurance_flags(on=date(2026, 3, 16)).get().late


def test_short_by_one_cent_is_short_in_full_is_not(world):
    flags = _flags(
        world,
        _row(world["e"], "2026-03", paid="1000.30"),
        _row(world["e"], "2026-04", paid="1000.29"),
    )
    full = flags[(world["e"].pk, date(2026, 3, 1))]
    short = flags[(world["e"].pk, date(2026, 4, 1))]
    assert not full.short and short.short
    assert short.shortfall_cents == 1 and full.shortfall_cents == 0


def test_flags_per_organisation(world, tree):
    _flags(
        world,
        _row(world["e"], "2026-03", paid_on="2026-03-20"),
        _row(world["e"], "2026-04", paid="1000.00"),
        _row(world["e2"], "2026-03"),
    )
    rows = pay.insurance_by_organisation(InsuranceContribution.objects.all(), on=date(2026, 6, 1))
    assert rows == [
        {
            "organisation": world["org"].pk,
            "name": world["org"].name,
            "contributions": 3,
            "late": 1,
            "short": 1,
            "employees": 1,
            "shortfall": Decimal("0.30"),
        }
    ]


def test_import_is_all_or_nothing_with_row_and_column_errors(world):
    report = import_insurance_file(
        world["admin"],
        csv_bytes(
            HEADER,
            _row(world["e"]),
            _row(world["e2"], paid_on="2026-02-30"),
            _row(world["e2"], "2026-04", employer="-1"),
            f"{world['e'].person.national_id},2026-05,5000,1,1,,,",
        ),
    )
    assert not report.written
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "实缴日期"),
        (4, "单位缴纳"),
        (5, "应缴日期"),
    ]
    assert InsuranceContribution.objects.count() == 0


def test_dry_run_writes_nothing_and_english_headers(world):
    body = csv_bytes(
        "national_id,month,base,employer_share,employee_share,due_date",
        f"{world['e'].person.national_id},2026-03,5000,700,300,2026/03/15",
    )
    report = import_insurance_file(world["admin"], body, dry_run=True)
    assert report.ok and not report.written
    assert InsuranceContribution.objects.count() == 0
    assert import_insurance_file(world["admin"], body).created == 1


def test_command(world, tmp_path):
    path = tmp_path / "si.csv"
    path.write_bytes(csv_bytes(HEADER, _row(world["e"], paid="x")))
    with pytest.raises(CommandError):
        call_command("import_insurance", str(path))
    path.write_bytes(csv_bytes(HEADER, _row(world["e"])))
    call_command("import_insurance", str(path), "--as", world["admin"].username)
    assert InsuranceContribution.objects.count() == 1


def test_insurance_is_private(client, world, tree):
    _flags(world, _row(world["e"]))
    c = InsuranceContribution.objects.get()
    for role, scope, code in (
        ("org_admin", world["org"], 200),
        ("org_admin", factories.organisation(tree["luohu"]), 404),
        ("district_officer", tree["futian"], 200),
        ("city_admin", tree["city"], 200),
        ("field_officer", tree["futian"], 404),
        ("certificate_issuer", tree["futian"], 404),
    ):
        client.force_login(factories.user(role=role, scope=scope))
        assert client.get(f"/api/v1/insurance-contributions/{c.pk}/").status_code == code
        assert client.get(f"/workforce/insurancecontributions/{c.pk}/").status_code == code
    client.force_login(factories.user(role="field_officer", scope=tree["futian"]))
    assert client.get("/api/v1/insurance-contributions/by-organisation/").json() == []
    upload = client.post(
        "/api/v1/insurance-contributions/import/",
        {"file": SimpleUploadedFile("si.csv", csv_bytes(HEADER, _row(world["e"])))},
    )
    assert upload.status_code == 403
    client.force_login(world["admin"])
    summary = client.get("/api/v1/insurance-contributions/by-organisation/").json()
    assert summary[0]["contributions"] == 1
    page = client.get("/workforce/insurance-by-organisation/")
    assert page.status_code == 200 and world["org"].name in page.content.decode()


def test_by_organisation_shortfall_is_a_decimal_string_as_documented(client, world):
    """Issue 10: the schema declares ``shortfall`` a decimal string (as every other amount);
    the answer gave a JSON number (``50.0``)."""
    _flags(world, _row(world["e"], paid="950.30"))
    client.force_login(world["admin"])
    (row,) = client.get("/api/v1/insurance-contributions/by-organisation/").json()
    assert row["short"] == 1
    assert row["shortfall"] == "50.00"
