"""EDU-4: a provider's attendance file, imported all or nothing (command, API, upload page,
background job), with problems by row and column."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from shegong.core import audit, importing
from shegong.core.audit import verify_chain
from shegong.core.models import AuditRecord, Job
from shegong.core.testing import factories
from shegong.education import imports, services
from shegong.education.models import CpdRecord

from . import data

pytestmark = pytest.mark.django_db

D1, D2 = date(2025, 5, 10), date(2025, 5, 11)


@pytest.fixture
def world(tree):
    provider_org = factories.organisation(tree["futian"], name="深圳社工学院")
    provider = data.provider(provider_org)
    course = data.course(provider, hours="16", days="2")
    other = data.course(data.provider(factories.organisation(tree["luohu"])))
    pending = data.course(provider, accreditation="pending")
    people = [data.person(tree["futian"]) for _ in range(3)]
    return {
        "admin": factories.user(role="org_admin", scope=provider_org),
        "session": data.session(course, D1, D2, code="S2025-01"),
        "other": data.session(other, D1, D2, code="S2025-OTHER"),
        "pending": data.session(pending, D1, D2, code="S2025-PENDING"),
        "people": people,
    }


def csv_bytes(rows, header="身份证号,姓名,班次编号,学时,天数,完成日期", encoding="utf-8-sig"):
    text = "\n".join([header, *(",".join(r) for r in rows)]) + "\n"
    return text.encode(encoding)


def good_rows(world):
    return [[p.national_id, p.name, "S2025-01", "", "", ""] for p in world["people"]]


def test_a_clean_file_is_recorded_approved_with_the_course_duration(world):
    report = imports.import_attendance(world["admin"], csv_bytes(good_rows(world)), "a.csv")
    assert report.ok and report.created == 3
    record = CpdRecord.objects.get(person=world["people"][0])
    assert (record.status, record.source, record.hours, record.days, record.completed_on) == (
        "approved",
        "provider",
        16,
        2,
        D2,
    )
    (batch,) = AuditRecord.objects.filter(model="education.cpdrecord", action="create")
    assert batch.bulk_count == 3 and batch.actor == world["admin"]
    (created,) = audit.history_entries(record)  # the record's own history shows its creation
    assert created.action == "create" and created.after["completed_on"] == str(D2)
    assert list(verify_chain()) == []


def test_all_or_nothing_with_every_problem_by_row_and_column(world):
    p = world["people"]
    rows = [
        [p[0].national_id, p[0].name, "S2025-01", "", "", ""],  # fine
        ["110101199003071234", "", "S2025-01", "", "", ""],  # bad check digit
        [p[1].national_id, "李四", "S2025-01", "", "", ""],  # wrong name
        [p[2].national_id, "", "NOPE", "", "", ""],  # unknown session
        [p[2].national_id, "", "S2025-OTHER", "", "", ""],  # another provider's session
        [p[2].national_id, "", "S2025-PENDING", "", "", ""],  # not accredited
        [p[0].national_id, "", "S2025-01", "", "", ""],  # repeats row 2
        [p[2].national_id, "", "S2025-01", "abc", "", "2025-06-01"],  # bad hours, date outside
    ]
    report = imports.import_attendance(world["admin"], csv_bytes(rows), "bad.csv")
    got = [(e.row, e.column, e.message) for e in report.errors]
    assert got[0][:2] == (3, "身份证号")
    assert (4, "姓名", "The register has another name for this ID number.") in got
    assert (5, "班次编号", "No course session has the code NOPE.") in got
    assert (6, "班次编号", "You may not record attendance for session S2025-OTHER.") in got
    assert (7, "班次编号", "The course of session S2025-PENDING is not accredited.") in got
    assert (8, "身份证号", "This row repeats row 2: the same person and session.") in got
    assert (9, "学时", "abc is not a number.") in got
    assert not CpdRecord.objects.exists()
    assert [e.row for e in report.errors] == sorted(e.row for e in report.errors)


def test_date_outside_the_session_and_already_recorded(world):
    p = world["people"]
    imports.import_attendance(world["admin"], csv_bytes(good_rows(world)[:1]), "a.csv")
    rows = [
        [p[0].national_id, "", "S2025-01", "", "", ""],
        [p[1].national_id, "", "S2025-01", "8", "", "2025-05-12"],
    ]
    report = imports.import_attendance(world["admin"], csv_bytes(rows), "b.csv")
    assert [(e.row, e.column) for e in report.errors] == [(2, "身份证号"), (3, "完成日期")]
    assert "already recorded" in report.errors[0].message
    assert "outside the session (2025-05-10 – 2025-05-11)" in report.errors[1].message
    assert CpdRecord.objects.count() == 1


def test_a_withdrawn_claim_of_the_session_does_not_block_the_providers_record(world):
    p = world["people"]
    claimed = services.claim(None, p[0], {"session": world["session"]})
    report = imports.import_attendance(world["admin"], csv_bytes(good_rows(world)[:1]), "a.csv")
    assert "already recorded" in report.errors[0].message  # the claim awaits a decision
    services.withdraw(None, claimed)
    report = imports.import_attendance(world["admin"], csv_bytes(good_rows(world)[:1]), "a.csv")
    assert not report.errors and report.created == 1
    assert set(CpdRecord.objects.filter(person=p[0]).values_list("status", flat=True)) == {
        "withdrawn",
        "approved",
    }


def test_english_headers_gb18030_and_dry_run(world):
    rows = [[p.national_id, "S2025-01", "7.5", "2025-05-10"] for p in world["people"]]
    body = csv_bytes(rows, header="national_id,session,hours,completed_on", encoding="gb18030")
    report = imports.import_attendance(world["admin"], body, "en.csv", dry_run=True)
    assert report.ok and not report.written and report.total_rows == 3
    assert report.preview[0]["hours"] == 7.5 and report.preview[0]["days"] is None
    assert not CpdRecord.objects.exists()
    assert imports.import_attendance(world["admin"], body, "en.csv").created == 3


def test_xlsx_and_missing_columns(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["身份证号", "班次编号"])
    for p in world["people"]:
        sheet.append([p.national_id, "S2025-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert imports.import_attendance(world["admin"], buffer.getvalue(), "a.xlsx").created == 3
    report = imports.import_attendance(world["admin"], csv_bytes([["x"]], header="姓名"), "c.csv")
    assert report.errors[0].message.startswith("Required column(s) missing: 身份证号 / national_id")
    report = imports.import_attendance(world["admin"], b"%PDF-1.4", "c.pdf")
    assert "PDF" in report.errors[0].message


def test_who_may_import(world, tree):
    worker = factories.user(role="social_worker", home=tree["futian"])
    with pytest.raises(Exception, match="You may not record attendance"):
        imports.import_attendance(worker, csv_bytes(good_rows(world)), "a.csv")
    city = factories.user(role="city_officer", scope=tree["city"])
    rows = [[world["people"][0].national_id, "", "S2025-OTHER", "", "", ""]]
    assert imports.import_attendance(city, csv_bytes(rows), "a.csv").created == 1


def test_command(world, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(good_rows(world)))
    call_command("import_attendance", str(path), "--dry-run")
    assert "Dry run, nothing written. Would record 3" in capsys.readouterr().out
    assert not CpdRecord.objects.exists()
    call_command("import_attendance", str(path), "--as", world["admin"].username)
    assert CpdRecord.objects.count() == 3
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_attendance", str(path))


def test_api(client, world):
    client.force_login(world["admin"])
    bad = io.BytesIO(csv_bytes([["1", "", "S2025-01", "", "", ""]]))
    bad.name = "bad.csv"
    response = client.post("/api/v1/cpd-records/import/", {"file": bad})
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 2 and not CpdRecord.objects.exists()
    good = io.BytesIO(csv_bytes(good_rows(world)))
    good.name = "good.csv"
    response = client.post("/api/v1/cpd-records/import/", {"file": good, "reason": "结业名单"})
    assert response.status_code == 200 and response.json()["created"] == 3


def test_upload_page_preview_then_confirm(client, world):
    client.force_login(world["admin"])
    upload = io.BytesIO(csv_bytes(good_rows(world)))
    upload.name = "good.csv"
    page = client.post("/education/cpdrecords/import/", {"file": upload})
    body = page.content.decode()
    assert 'id="import-preview"' in body and 'id="confirm-form"' in body
    assert not CpdRecord.objects.exists()
    token = client.session["education.attendance_import"]["token"]
    done = client.post("/education/cpdrecords/import/", {"token": token, "reason": "名单"})
    assert done.status_code == 302 and CpdRecord.objects.count() == 3


def test_large_files_run_as_a_background_job(client, world, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_ROWS", 1)
    client.force_login(world["admin"])
    upload = io.BytesIO(csv_bytes(good_rows(world)))
    upload.name = "big.csv"
    response = client.post("/api/v1/cpd-records/import/", {"file": upload})
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == "done" and CpdRecord.objects.count() == 3
