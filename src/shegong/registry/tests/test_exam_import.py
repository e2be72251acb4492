"""Examination results import (issue 3 point 2, REG-1/REG-2): files, rules, all or nothing,
and the same import from the command line, the upload page and the API.

Fixture files are generated here (CSV in several encodings, XLSX with openpyxl, a PDF header,
a .docx-like archive, random bytes); nothing binary is committed.
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from shegong.core import importing, services
from shegong.core import uploads as upload_store
from shegong.core.audit import history_entries, verify_chain
from shegong.core.jobs import start_job
from shegong.core.models import AuditRecord, Job, JobStatus
from shegong.core.testing import factories
from shegong.core.uploads import store_upload
from shegong.people.models import Person
from shegong.people.validators import check_digit
from shegong.registry.imports import import_exam_file
from shegong.registry.models import Certificate, ExamResult, ExamSession
from shegong.registry.services import exams
from shegong.registry.views import exams as exam_views

ZH = ["身份证号", "姓名", "级别", "考试年度", "成绩", "是否合格"]
EN = ["national_id", "name", "level", "exam_year", "score", "passed"]


def nid(seq: int, birth: str = "19900101", region: str = "440304") -> str:
    body = f"{region}{birth}{seq % 1000:03d}"
    return body + check_digit(body)


def csv_bytes(rows, header=ZH, encoding="utf-8-sig", delimiter=",") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=ZH) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    (nid(11), "张伟", "助理社会工作师", 2023, "78.5", "是"),
    (nid(12), "王芳", "社会工作师", 2023, "", "合格"),  # a pass without a score
    (nid(13), "李娜", "高级社会工作师", 2022, "55", "否"),
]


@pytest.fixture
def issuer(tree):
    """A certificate issuer held at city level (home area: the city, not a district)."""
    return factories.user("issuer", role="certificate_issuer", scope=tree["city"])


@pytest.fixture
def district_issuer(tree):
    return factories.user("futianissuer", role="certificate_issuer", scope=tree["futian"])


def run(actor, data: bytes, name: str = "results.csv", **kw):
    return import_exam_file(actor, data, name, **kw)


def messages_of(report) -> list[tuple[int | None, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def nothing_written():
    assert not Person.objects.exists()
    assert not ExamResult.objects.exists()
    assert not ExamSession.objects.exists()


# --- A clean import ---------------------------------------------------------------------------


def test_clean_csv_creates_people_sessions_results_and_their_audit_trail(issuer, tree):
    report = run(issuer, csv_bytes(GOOD), reason="考试院来函")
    assert report.ok and report.written, report.errors
    assert (report.total_rows, report.created_people, report.created_results) == (3, 3, 3)
    assert report.unchanged == 0
    assert len(report.created_sessions) == 3

    zhang = Person.objects.get(national_id=nid(11))
    assert zhang.name == "张伟"
    assert zhang.birth_date.isoformat() == "1990-01-01"
    assert zhang.sex == "male"  # odd 17th digit
    # New people belong to the importer's home area (here the city), so the issuer sees them.
    assert zhang.area == tree["city"]
    assert zhang.created_by == issuer

    result = ExamResult.objects.get(person=zhang)
    assert result.session.year == 2023 and result.session.level == "assistant"
    assert result.score == Decimal("78.5") and result.passed
    assert result.import_batch == report.batch
    wang = ExamResult.objects.get(person__national_id=nid(12))
    assert wang.score is None and wang.passed  # score is optional
    assert not ExamResult.objects.get(person__national_id=nid(13)).passed

    # Each created person and result has its creation in its own history (bulk records).
    for person in Person.objects.all():
        (created,) = history_entries(person)
        assert (created.action, created.actor_id) == ("create", issuer.pk)
        assert created.after["national_id"] == person.national_id
    for each in ExamResult.objects.all():
        assert [r.action for r in history_entries(each)] == ["create"]
    (record,) = history_entries(result)
    assert record.object_id == str(result.pk)
    assert record.actor_id == issuer.pk
    assert record.reason == "考试院来函"
    assert record.after["score"] == "78.5" and record.after["passed"] is True
    assert record.object_repr.startswith("张伟 · 2023")
    assert AuditRecord.objects.filter(model="registry.examsession").count() == 3
    assert list(verify_chain()) == []


def test_a_thousand_rows_imported_twice_are_created_once(issuer):
    """More rows than one lookup query holds on SQLite; the second run writes nothing."""
    rows = [
        (
            nid(i, birth=f"1980{1 + i // 28 % 12:02d}{1 + i % 28:02d}"),
            "张伟",
            "社会工作师",
            2023,
            "",
            "是",
        )
        for i in range(1000)
    ]
    data = csv_bytes(rows)
    first = run(issuer, data)
    assert first.written and (first.created_people, first.created_results) == (1000, 1000)
    audits = AuditRecord.objects.count()
    again = run(issuer, data)
    assert again.ok and again.unchanged == 1000
    assert (again.created_people, again.created_results) == (0, 0)
    assert (Person.objects.count(), ExamResult.objects.count()) == (1000, 1000)
    assert AuditRecord.objects.count() == audits
    assert list(verify_chain()) == []


def test_the_same_wrong_value_in_many_rows_is_reported_on_each(issuer):
    rows = [(nid(11 + i), "张伟", "博士", 2023, "", "是") for i in range(3)]
    report = run(issuer, csv_bytes(rows))
    assert [(e.row, e.column) for e in report.errors] == [(2, "级别"), (3, "级别"), (4, "级别")]
    assert all("Unknown level 博士" in e.message for e in report.errors)
    nothing_written()


def test_history_tabs_of_imported_people_and_results_show_the_import(client, issuer):
    report = run(issuer, csv_bytes(GOOD), reason="考试院来函")
    assert report.written, report.errors
    client.force_login(issuer)
    zhang = Person.objects.get(national_id=nid(11))
    for record in (zhang, ExamResult.objects.get(person=zhang)):
        page = client.get(record.get_absolute_url() + "?tab=history")
        body = page.content.decode()
        assert page.status_code == 200
        assert "Created" in body and "issuer" in body and "考试院来函" in body
        assert "No history yet" not in body
    assert "张伟" in client.get(zhang.get_absolute_url() + "?tab=history").content.decode()


def test_a_failure_while_writing_leaves_nothing_behind(issuer, monkeypatch):
    """All or nothing: people, results, sessions, audit records and index entries."""
    from django.db import IntegrityError

    from shegong.core import audit
    from shegong.core.models import AuditChainHead, AuditIndexEntry

    real = audit.record_bulk_create

    def fail_on_results(actor, model, entries, reason="", **kw):
        if model is ExamResult:
            raise IntegrityError("simulated: another import wrote the same result")
        return real(actor, model, entries, reason, **kw)

    monkeypatch.setattr(audit, "record_bulk_create", fail_on_results)
    audits, heads = AuditRecord.objects.count(), list(AuditChainHead.objects.values_list())
    report = run(issuer, csv_bytes(GOOD))
    assert not report.written and "Nothing was written" in report.errors[0].message
    nothing_written()
    assert AuditRecord.objects.count() == audits
    assert not AuditIndexEntry.objects.exists()
    assert list(AuditChainHead.objects.values_list()) == heads
    assert list(verify_chain()) == []


def test_people_created_by_a_district_importer_belong_to_that_district(district_issuer, tree):
    report = run(district_issuer, csv_bytes(GOOD[:1]))
    assert report.written, report.errors
    person = Person.objects.get()
    assert person.area == tree["futian"]
    record = AuditRecord.objects.get(model="registry.examresult")
    assert record.scope_path == tree["futian"].path


def test_english_headers_gb18030_full_width_digits_and_stray_spaces(issuer):
    full_width_id = nid(21).translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    rows = [
        (f" {full_width_id} ", " 赵  敏 ", " intermediate ", "２０２３", "８１.５", " TRUE "),
        (nid(22).lower(), "钱　多", "Senior", "2021 ", "90", "no"),
    ]
    data = csv_bytes(rows, header=EN, encoding="gb18030")
    report = run(issuer, data)
    assert report.written, report.errors
    zhao = Person.objects.get(national_id=nid(21))
    assert zhao.name == "赵 敏"
    result = zhao.exam_results.get()
    assert result.score == Decimal("81.5") and result.passed
    assert result.session.level == "intermediate" and result.session.year == 2023
    assert Person.objects.get(national_id=nid(22)).name == "钱 多"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_every_encoding_offices_export_is_read(issuer, encoding):
    data = csv_bytes(GOOD, encoding=encoding, delimiter="\t" if encoding == "utf-16" else ",")
    report = run(issuer, data)
    assert report.written, report.errors
    assert set(Person.objects.values_list("name", flat=True)) == {"张伟", "王芳", "李娜"}


def test_xlsx_with_numeric_cells(issuer):
    rows = [
        (nid(31), "孙丽", "助理社会工作师", 2024, 66.5, "是"),
        (nid(32), "周杰", "assistant", 2024, 60, True),
    ]
    report = run(issuer, xlsx_bytes(rows), "results.xlsx")
    assert report.written, report.errors
    assert ExamResult.objects.get(person__national_id=nid(31)).score == Decimal("66.5")
    assert ExamResult.objects.get(person__national_id=nid(32)).passed


def test_passed_values(issuer):
    values = ["是", "否", "合格", "不合格", "true", "FALSE", "1", "0", "Yes", "no"]
    rows = [(nid(40 + i), f"人{i}", "assistant", 2023, "", v) for i, v in enumerate(values)]
    report = run(issuer, csv_bytes(rows))
    assert report.written, report.errors
    passed = dict(ExamResult.objects.values_list("person__national_id", "passed"))
    assert [passed[nid(40 + i)] for i in range(len(values))] == [True, False] * 5


def test_other_columns_are_ignored_and_an_existing_session_is_used(issuer):
    session = services.create_record(None, ExamSession, {"year": 2023, "level": "assistant"})
    header = ["准考证号", *ZH, "备注"]
    rows = [("A001", *GOOD[0], "补考")]
    report = run(issuer, csv_bytes(rows, header=header))
    assert report.written, report.errors
    assert report.created_sessions == []
    assert ExamResult.objects.get().session == session


# --- All or nothing; dry run; idempotent -----------------------------------------------------


def test_dry_run_reports_without_writing(issuer):
    report = run(issuer, csv_bytes(GOOD), dry_run=True)
    assert report.ok and not report.written
    assert (report.created_people, report.created_results) == (3, 3)
    assert len(report.preview) == 3
    assert report.preview[0]["national_id"] != nid(11)  # masked in the preview
    assert report.preview[0]["status"] == "new_person"
    nothing_written()
    assert not AuditRecord.objects.filter(model="registry.examresult").exists()


def test_one_bad_row_means_nothing_is_written_and_every_problem_is_listed(issuer):
    rows = [
        *GOOD,
        (nid(14)[:-1] + ("0" if nid(14)[-1] != "0" else "1"), "错号", "assistant", 2023, "", "是"),
        (nid(15), "", "专家", 2006, "101", "也许"),
    ]
    report = run(issuer, csv_bytes(rows))
    assert not report.ok and not report.written
    found = {(row, column) for row, column, _m in messages_of(report)}
    assert (5, "身份证号") in found
    assert {(6, "姓名"), (6, "级别"), (6, "考试年度"), (6, "成绩"), (6, "是否合格")} <= found
    nothing_written()


def test_importing_the_same_file_twice_creates_nothing_new(issuer):
    data = csv_bytes(GOOD)
    first = run(issuer, data)
    assert first.written
    audit_count = AuditRecord.objects.count()
    second = run(issuer, data)
    assert second.ok, second.errors
    assert (second.created_people, second.created_results, second.unchanged) == (0, 0, 3)
    assert ExamResult.objects.count() == 3 and Person.objects.count() == 3
    assert AuditRecord.objects.count() == audit_count


def test_a_row_repeated_in_a_later_file_with_other_values_is_an_error(issuer):
    assert run(issuer, csv_bytes(GOOD)).written
    changed = [
        GOOD[0][:4] + ("90", "是"),
        GOOD[2][:4] + ("55", "是"),
        (nid(16), "新人", "assistant", 2023, "", "是"),
    ]
    report = run(issuer, csv_bytes(changed))
    assert not report.written
    assert [(r, c) for r, c, _m in messages_of(report)] == [(2, "成绩"), (3, "是否合格")]
    assert "already imported with different values" in report.errors[0].message
    stored = ExamResult.objects.get(person__national_id=nid(11))
    assert "Correct the result" in report.errors[0].message
    assert f"/api/v1/exam-results/{stored.pk}/correct/" in report.errors[0].message
    assert ExamResult.objects.get(person__national_id=nid(11)).score == Decimal("78.5")
    assert not Person.objects.filter(national_id=nid(16)).exists()


def test_a_name_that_does_not_match_the_id_numbers_person_is_an_error(issuer, tree):
    services.create_record(
        None, Person, {"national_id": nid(11), "name": "张伟", "area": tree["futian"]}
    )
    rows = [(nid(11), "张卫", "assistant", 2023, "", "是"), GOOD[1]]
    report = run(issuer, csv_bytes(rows))
    assert messages_of(report) == [
        (
            2,
            "姓名",
            "The register holds this ID number under the name 张伟, not 张卫. Nothing is "
            "overwritten: check the file or the person's record.",
        )
    ]
    assert Person.objects.get().name == "张伟"
    assert not ExamResult.objects.exists()


def test_an_existing_person_with_the_same_name_gets_the_result(issuer, tree):
    person = services.create_record(
        None, Person, {"national_id": nid(11), "name": "张　伟", "area": tree["futian"]}
    )
    report = run(issuer, csv_bytes([(nid(11), "张 伟", "assistant", 2023, "", "是")]))
    assert report.written, report.errors
    assert report.created_people == 0
    assert ExamResult.objects.get().person == person
    assert AuditRecord.objects.get(model="registry.examresult").scope_path == tree["futian"].path


# --- Edge cases the issue names ---------------------------------------------------------------


def single_error(issuer, row, header=ZH, name="results.csv"):
    report = run(issuer, csv_bytes([row], header=header), name)
    assert len(report.errors) == 1, report.errors
    nothing_written()
    return report.errors[0]


def test_wrong_check_digit(issuer):
    good = nid(11)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    error = single_error(issuer, (bad, "张伟", "assistant", 2023, "", "是"))
    assert (error.row, error.column) == (2, "身份证号")
    assert "check digit" in error.message


def test_impossible_birth_date(issuer):
    body = "44030419900230123"  # 30 February
    error = single_error(issuer, (body + check_digit(body), "张伟", "assistant", 2023, "", "是"))
    assert error.column == "身份证号" and "does not exist" in error.message
    future = f"440304{timezone.localdate().year + 1}0101123"
    error = single_error(
        issuer, (future + check_digit(future), "张伟", "assistant", 2023, "", "是")
    )
    assert "impossible" in error.message


def test_old_15_digit_numbers_are_refused_with_a_message_saying_so(issuer):
    error = single_error(issuer, ("440304900101123", "张伟", "assistant", 2023, "", "是"))
    assert error.column == "身份证号"
    assert "15-digit" in error.message


def test_duplicated_rows_inside_one_file_name_the_first_row(issuer):
    rows = [GOOD[0], GOOD[1], GOOD[0], GOOD[0][:4] + ("80", "是")]
    report = run(issuer, csv_bytes(rows))
    assert [(r, c) for r, c, _m in messages_of(report)] == [(4, "身份证号"), (5, "身份证号")]
    assert all("repeats row 2" in e.message for e in report.errors)
    nothing_written()


def test_one_id_number_with_two_names_in_one_file(issuer):
    rows = [GOOD[0], (nid(11), "张三", "intermediate", 2024, "", "是")]
    report = run(issuer, csv_bytes(rows))
    assert [(r, c) for r, c, _m in messages_of(report)] == [(3, "姓名")]
    assert "Row 2" in report.errors[0].message


def test_duplicated_rows_across_files(issuer):
    assert run(issuer, csv_bytes(GOOD[:2])).written
    report = run(issuer, csv_bytes(GOOD[1:]))  # GOOD[1] again, GOOD[2] new
    assert report.written, report.errors
    assert (report.unchanged, report.created_results) == (1, 1)
    assert ExamResult.objects.count() == 3


@pytest.mark.parametrize("level", ["特级社会工作师", "expert", "社工", ""])
def test_unknown_level_names(issuer, level):
    error = single_error(issuer, (nid(11), "张伟", level, 2023, "", "是"))
    assert error.column == "级别"
    assert ("Unknown level" in error.message) if level else ("empty" in error.message)


def test_a_pass_without_a_score_is_accepted(issuer):
    report = run(issuer, csv_bytes([(nid(11), "张伟", "assistant", 2023, "", "是")]))
    assert report.written, report.errors
    result = ExamResult.objects.get()
    assert result.passed and result.score is None
    # ... also when the file has no score column at all
    header = ["身份证号", "姓名", "级别", "考试年度", "是否合格"]
    report = run(issuer, csv_bytes([(nid(12), "王芳", "assistant", 2023, "是")], header=header))
    assert report.written, report.errors
    assert ExamResult.objects.get(person__national_id=nid(12)).score is None


@pytest.mark.parametrize(
    ("score", "words"),
    [("101", "outside"), ("-1", "outside"), ("85.55", "decimal place"), ("八十", "not a score")],
)
def test_bad_scores(issuer, score, words):
    error = single_error(issuer, (nid(11), "张伟", "assistant", 2023, score, "是"))
    assert error.column == "成绩" and words in error.message


@pytest.mark.parametrize(
    ("year", "words"),
    [
        ("2007", "before 2008"),
        (str(timezone.localdate().year + 1), "future"),
        ("23", "four digits"),
    ],
)
def test_bad_years(issuer, year, words):
    error = single_error(issuer, (nid(11), "张伟", "assistant", year, "", "是"))
    assert error.column == "考试年度" and words in error.message


def test_bad_pass_mark(issuer):
    error = single_error(issuer, (nid(11), "张伟", "assistant", 2023, "", "通过了吧"))
    assert error.column == "是否合格" and "not a pass mark" in error.message


def test_a_file_with_a_missing_column_gets_one_error_naming_it(issuer):
    header = ["身份证号", "姓名", "成绩", "是否合格"]
    report = run(
        issuer, csv_bytes([(nid(11), "张伟", "", "是"), ("bad", "", "x", "y")], header=header)
    )
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.row == 1
    assert "级别 / level" in error.message and "考试年度 / exam_year" in error.message
    assert "身份证号" not in error.message
    nothing_written()


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n"],
    ids=["0", "ws", "bom", "lines"],
)
def test_an_empty_file(issuer, data):
    report = run(issuer, data)
    assert [e.message for e in report.errors] == ["The file is empty."]
    assert report.errors[0].as_dict()["row"] is None
    nothing_written()


def test_a_header_without_rows(issuer):
    report = run(issuer, csv_bytes([]))
    assert len(report.errors) == 1 and "no results" in report.errors[0].message


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (random.Random(3).randbytes(4000), "not a spreadsheet"),
        (bytes(range(1, 32)) * 50, "not a spreadsheet"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        (docx_bytes(), "Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".xls"),
        (b"PK\x03\x04 broken zip", "not a spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet"),
    ],
    ids=["garbage", "controls", "pdf", "docx", "xls", "brokenzip", "png"],
)
def test_a_file_that_is_not_a_spreadsheet(issuer, data, words):
    report = run(issuer, data, "upload.bin")
    assert len(report.errors) == 1
    assert words in report.errors[0].message
    nothing_written()


def test_a_damaged_xlsx(issuer):
    data = bytearray(xlsx_bytes(GOOD))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as source, zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            out.writestr(item, content)
    report = run(issuer, buffer.getvalue(), "results.xlsx")
    assert len(report.errors) == 1 and "XLSX" in report.errors[0].message
    nothing_written()


def test_xlsx_row_numbers_are_the_sheets(issuer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["考试成绩 2023"])  # a title row above the header
    sheet.append([])
    sheet.append(ZH)
    sheet.append(list(GOOD[0]))
    sheet.append([])
    sheet.append([nid(11)[:-1], "张三", "assistant", 2023, None, "是"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(issuer, buffer.getvalue(), "r.xlsx")
    # The first non-empty row is taken as the header: a title row is a missing-column error.
    assert len(report.errors) == 1 and report.errors[0].row == 1
    workbook["Sheet"]["A1"].value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(issuer, buffer.getvalue(), "r.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(6, "身份证号")]


# --- Permission --------------------------------------------------------------------------------


def test_only_issuers_may_import(tree):
    officer = factories.user("officer", role="district_officer", scope=tree["futian"])
    with pytest.raises(PermissionDenied):
        run(officer, csv_bytes(GOOD))
    nothing_written()
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    assert run(admin, csv_bytes(GOOD)).written


# --- The command ------------------------------------------------------------------------------


def test_command_imports_and_reports(issuer, tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(GOOD))
    out = io.StringIO()
    call_command("import_exam_results", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    nothing_written()
    call_command("import_exam_results", str(path), "--as", "issuer", stdout=out)
    assert "results created: 3" in out.getvalue()
    assert ExamResult.objects.filter(created_by=issuer).count() == 3


def test_command_prints_every_problem_and_exits_non_zero(db, tmp_path):
    path = tmp_path / "results.csv"
    rows = [GOOD[0], ("440304900101123", "张伟", "expert", 2023, "", "是")]
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_exam_results", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("row 3, 身份证号: ") and "15-digit" in lines[0]
    assert lines[1].startswith("row 3, 级别: ")
    nothing_written()


def test_command_refuses_a_user_without_the_role(tree, tmp_path):
    factories.user("worker", role="social_worker", home=tree["futian"])
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(GOOD))
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_exam_results", str(path), "--as", "worker")
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_exam_results", str(path), "--as", "nobody")
    nothing_written()


# --- The API ----------------------------------------------------------------------------------


API_IMPORT = "/api/v1/exam-results/import/"


def post_file(client, data, name="results.csv", **fields):
    return client.post(API_IMPORT, {"file": SimpleUploadedFile(name, data), **fields})


def test_api_dry_run_then_import(client, issuer):
    client.force_login(issuer)
    response = post_file(client, csv_bytes(GOOD), dry_run="true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["written"] is False
    assert (body["created_people"], body["created_results"], body["unchanged"]) == (3, 3, 0)
    assert body["errors"] == []
    nothing_written()
    response = post_file(client, csv_bytes(GOOD), reason="来函")
    assert response.status_code == 200
    assert response.json()["written"] is True
    assert ExamResult.objects.count() == 3
    again = post_file(client, csv_bytes(GOOD)).json()
    assert (again["created_results"], again["unchanged"]) == (0, 3)


def test_api_returns_400_with_every_error(client, issuer):
    client.force_login(issuer)
    rows = [GOOD[0], (nid(11), "张伟", "assistant", 2023, "", "也许")]
    response = post_file(client, csv_bytes(rows))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "身份证号"), (3, "是否合格")]
    response = post_file(client, b"%PDF-1.4 ...", "x.pdf")
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] is None
    nothing_written()


def test_api_import_is_forbidden_without_the_role(client, tree):
    client.force_login(factories.user("officer", role="district_officer", scope=tree["futian"]))
    assert post_file(client, csv_bytes(GOOD)).status_code == 403
    client.logout()
    assert post_file(client, csv_bytes(GOOD)).status_code in (401, 403)
    nothing_written()


def test_api_exam_sessions(client, issuer, tree):
    client.force_login(issuer)
    response = client.post(
        "/api/v1/exam-sessions/", {"year": 2024, "level": "senior"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    response = client.post(
        "/api/v1/exam-sessions/", {"year": 2001, "level": "senior"}, content_type="application/json"
    )
    assert response.status_code == 400
    listing = client.get("/api/v1/exam-sessions/?year=2024").json()
    assert [s["level"] for s in listing["results"]] == ["senior"]
    client.force_login(factories.user("officer", role="district_officer", scope=tree["futian"]))
    response = client.post(
        "/api/v1/exam-sessions/", {"year": 2023, "level": "senior"}, content_type="application/json"
    )
    assert response.status_code == 403


# --- The upload page ---------------------------------------------------------------------------

PAGE = "/register/examresults/import/"


def upload(client, data, name="results.csv"):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data)})


def test_upload_shows_a_preview_and_confirm_imports(client, issuer):
    client.force_login(issuer)
    assert reverse("registry:examresult_import") == PAGE
    assert client.get(PAGE).status_code == 200
    response = upload(client, csv_bytes(GOOD))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-preview"' in body and "张伟" in body
    assert 'id="confirm-form"' in body and 'id="import-errors"' not in body
    nothing_written()
    token = client.session[exam_views.SESSION_KEY]["token"]
    response = client.post(PAGE, {"token": token, "reason": "来函"})
    assert response.status_code == 302
    batch = ExamResult.objects.values_list("import_batch", flat=True).first()
    assert response["Location"].endswith(f"?import_batch={batch}")
    assert ExamResult.objects.count() == 3
    for result in ExamResult.objects.all():
        assert [r.reason for r in history_entries(result)] == ["来函"]
    # The token is used up: posting it again changes nothing.
    response = client.post(PAGE, {"token": token})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert ExamResult.objects.count() == 3


def test_upload_with_problems_lists_them_and_offers_no_import(client, issuer):
    client.force_login(issuer)
    rows = [GOOD[0], (nid(11), "张伟", "expert", 2023, "", "是")]
    body = upload(client, csv_bytes(rows)).content.decode()
    assert 'id="import-errors"' in body
    assert "Unknown level expert" in body
    assert 'id="confirm-form"' not in body
    assert exam_views.SESSION_KEY not in client.session
    body = upload(client, b"\x00\x01garbage", "x.docx").content.decode()
    assert "not a spreadsheet" in body
    nothing_written()


def test_a_large_upload_runs_as_a_background_job(client, issuer, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_ROWS", 2)
    client.force_login(issuer)
    upload(client, csv_bytes(GOOD))
    token = client.session[exam_views.SESSION_KEY]["token"]
    response = client.post(PAGE, {"token": token})
    job = Job.objects.get(kind="import_exam_results")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE, job.errors
    assert job.done == job.total == 6  # rows read, then rows written
    assert ExamResult.objects.count() == 3
    assert job.result_file.read().decode("utf-8-sig").count("\n") == 6
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page
    assert not list((upload_store.default_storage.listdir(upload_store.UPLOAD_DIR))[1])


def test_a_background_import_that_finds_problems_fails_with_them(issuer, tree):
    path = store_upload(csv_bytes(GOOD), "results.csv")
    services.create_record(
        None, Person, {"national_id": nid(11), "name": "别人", "area": tree["futian"]}
    )
    job = start_job("import_exam_results", issuer, {"path": path, "filename": "r.csv"}, "导入")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors[0].startswith("row 2, 姓名: ")
    assert "1 problem" in job.errors[-1]
    assert not ExamResult.objects.exists()


def test_the_upload_page_is_forbidden_without_the_role(client, tree):
    client.force_login(factories.user("officer", role="district_officer", scope=tree["futian"]))
    assert client.get(PAGE).status_code == 403
    assert upload(client, csv_bytes(GOOD)).status_code == 403
    nothing_written()


def test_exam_session_pages(client, issuer):
    client.force_login(issuer)
    assert client.get(reverse("registry:examsession_list")).status_code == 200
    response = client.post(
        reverse("registry:examsession_add"), {"year": 2024, "level": "assistant", "reason": "x"}
    )
    assert response.status_code == 302
    session = ExamSession.objects.get()
    assert client.get(reverse("registry:examsession_detail", args=[session.pk])).status_code == 200
    response = client.post(
        reverse("registry:examsession_add"), {"year": 2005, "level": "senior", "reason": "x"}
    )
    assert response.status_code == 200
    assert "between 2008" in response.content.decode()
    assert ExamSession.objects.count() == 1


def test_report_as_json_is_what_the_api_sends(issuer):
    report = run(issuer, csv_bytes(GOOD), dry_run=True)
    data = json.loads(json.dumps(report.as_dict()))
    assert set(data) >= {"created_people", "created_results", "unchanged", "errors"}
    assert exams.can_import(None)


def test_a_session_keeps_its_year_and_level_but_its_date_can_be_corrected(client, issuer):
    client.force_login(issuer)
    created = client.post(
        "/api/v1/exam-sessions/", {"year": 2024, "level": "senior"}, content_type="application/json"
    ).json()
    url = f"/api/v1/exam-sessions/{created['id']}/"
    response = client.patch(url, {"year": 2023}, content_type="application/json")
    assert response.status_code == 400
    assert "cannot change" in response.json()["year"][0]
    response = client.patch(url, {"exam_date": "2024-06-15"}, content_type="application/json")
    assert response.status_code == 200, response.content
    session = ExamSession.objects.get(pk=created["id"])
    assert (session.year, session.level, str(session.exam_date)) == (2024, "senior", "2024-06-15")


# --- Correcting a stored result ---------------------------------------------------------------


def imported(issuer) -> ExamResult:
    assert run(issuer, csv_bytes(GOOD)).written
    return ExamResult.objects.get(person__national_id=nid(11))


def certificate_for(result, **fields) -> Certificate:
    return services.create_record(
        None,
        Certificate,
        {
            "number": "A2023000001",
            "person": result.person,
            "level": "assistant",
            "exam_result": result,
            "issue_date": timezone.localdate(),
            "issuing_body": "深圳市人事局",
            **fields,
        },
    )


def test_an_issuer_corrects_a_result_with_a_reason_in_the_audit_trail(issuer):
    result = imported(issuer)
    corrected = exams.correct_result(
        issuer, result, score=Decimal("58"), passed=False, reason="考试院更正函 2024-3"
    )
    assert (corrected.score, corrected.passed, corrected.version) == (
        Decimal("58.0"),
        False,
        result.version + 1,
    )
    record = AuditRecord.objects.filter(
        model="registry.examresult", object_id=str(result.pk), action="update"
    ).get()
    assert record.reason == "考试院更正函 2024-3"
    assert not list(verify_chain())
    # The file with the corrected values now imports as "unchanged".
    rows = [(nid(11), "张伟", "助理社会工作师", 2023, "58", "否"), *GOOD[1:]]
    report = run(issuer, csv_bytes(rows))
    assert report.ok and report.unchanged == 3


def test_a_correction_needs_a_reason_new_values_and_a_sensible_score(issuer):
    result = imported(issuer)
    with pytest.raises(ValidationError) as exc:
        exams.correct_result(issuer, result, score=Decimal("60"), passed=True, reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError, match="nothing to correct"):
        exams.correct_result(issuer, result, score=Decimal("78.5"), passed=True, reason="x")
    for score in (Decimal("101"), Decimal("-1"), Decimal("60.25")):
        with pytest.raises(ValidationError) as exc:
            exams.correct_result(issuer, result, score=score, passed=True, reason="x")
        assert "score" in exc.value.message_dict
    # No score at all is a correction too.
    assert exams.correct_result(issuer, result, score=None, passed=True, reason="x").score is None


def test_a_correction_of_an_outdated_copy_is_refused(issuer):
    result = imported(issuer)
    stale = ExamResult.objects.get(pk=result.pk)
    exams.correct_result(issuer, result, score=Decimal("60"), passed=True, reason="first")
    with pytest.raises(services.ConcurrentEditError):
        exams.correct_result(issuer, stale, score=Decimal("61"), passed=True, reason="second")
    assert ExamResult.objects.get(pk=result.pk).score == Decimal("60")


def test_only_issuers_correct_results(issuer, tree):
    result = imported(issuer)
    for user in (
        factories.user("officer", role="city_officer", scope=tree["city"]),
        factories.user("futianissuer", role="certificate_issuer", scope=tree["futian"]),
    ):
        with pytest.raises(PermissionDenied):
            exams.correct_result(user, result, score=Decimal("1"), passed=False, reason="x")
    admin = factories.user("admin", role="city_admin", scope=tree["city"])
    exams.correct_result(admin, result, score=Decimal("1"), passed=False, reason="x")


def test_a_result_with_a_valid_certificate_is_corrected_only_after_a_recall(issuer):
    result = imported(issuer)
    certificate = certificate_for(result)
    with pytest.raises(ValidationError, match="A2023000001 was issued for this result. Recall"):
        exams.correct_result(issuer, result, score=Decimal("50"), passed=False, reason="x")
    assert ExamResult.objects.get(pk=result.pk).passed
    services.update_record(
        None, certificate, {"status": "recalled", "recalled_on": timezone.localdate()}
    )
    corrected = exams.correct_result(issuer, result, score=Decimal("50"), passed=False, reason="x")
    assert not corrected.passed


def test_correction_page_linked_from_the_result(client, issuer, tree):
    result = imported(issuer)
    detail = reverse("registry:examresult_detail", args=[result.pk])
    url = reverse("registry:examresult_correct", args=[result.pk])
    assert url == f"/register/examresults/{result.pk}/correct/"
    client.force_login(issuer)
    assert url in client.get(detail).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "78.5" in page.content.decode()
    data = {"version": result.version, "score": "80", "passed": "on", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(url, {**data, "reason": "更正函"})
    assert response.status_code == 302 and response["Location"] == detail
    assert ExamResult.objects.get(pk=result.pk).score == Decimal("80")
    # The form of an outdated copy is refused, not applied.
    response = client.post(url, {**data, "score": "81", "reason": "again"})
    assert response.status_code == 200 and "Someone else changed" in response.content.decode()
    # A valid certificate: the page says so and the correction is refused.
    certificate_for(result)
    page = client.get(url).content.decode()
    assert "recall it first" in page
    response = client.post(url, {**data, "version": result.version + 1, "reason": "x"})
    assert response.status_code == 200 and "Recall the certificate first" in (
        response.content.decode()
    )
    officer = factories.user("officer", role="city_officer", scope=tree["city"])
    client.force_login(officer)
    assert url not in client.get(detail).content.decode()
    assert client.get(url).status_code == 403


def test_api_correct(client, issuer, tree):
    result = imported(issuer)
    url = f"/api/v1/exam-results/{result.pk}/correct/"
    client.force_login(issuer)
    response = client.post(url, {"score": "60", "passed": True}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(
        url,
        {"score": "60.5", "passed": False, "reason": "更正函"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{result.version}"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["score"] == "60.5" and response.json()["passed"] is False
    assert response["ETag"] == f'"{result.version + 1}"'
    response = client.post(
        url,
        {"score": "61", "passed": False, "reason": "x"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{result.version}"',
    )
    assert response.status_code == 412
    response = client.post(
        url, {"score": "101", "passed": False, "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and "score" in response.json()
    certificate_for(result)
    response = client.post(
        url, {"score": "62", "passed": True, "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and "recall" in str(response.json()).lower()
    client.force_login(factories.user("officer", role="city_officer", scope=tree["city"]))
    response = client.post(
        url, {"score": "62", "passed": True, "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(factories.user("worker", role="social_worker", home=tree["futian"]))
    response = client.post(
        url, {"score": "62", "passed": True, "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


# --- Abandoned uploads -------------------------------------------------------------------------


def age(path: str, hours: float) -> None:
    when = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(upload_store.default_storage.path(path), (when, when))


def uploads() -> list[str]:
    return sorted(upload_store.default_storage.listdir(upload_store.UPLOAD_DIR)[1])


def test_a_new_upload_deletes_uploads_older_than_a_day(db):
    old = store_upload(csv_bytes(GOOD), "old.csv")
    recent = store_upload(csv_bytes(GOOD), "recent.csv")
    age(old, 25)
    age(recent, 23)
    new = store_upload(csv_bytes(GOOD), "new.csv")
    names = uploads()
    assert old.rsplit("/", 1)[1] not in names
    assert {recent.rsplit("/", 1)[1], new.rsplit("/", 1)[1]} <= set(names)


def test_purge_command(db):
    out = io.StringIO()
    call_command("purge_import_uploads", stdout=out)  # no folder yet
    assert "0 upload(s)" in out.getvalue()
    first = store_upload(csv_bytes(GOOD), "a.csv")
    second = store_upload(csv_bytes(GOOD), "b.csv")
    age(first, 5)
    age(second, 1)
    out = io.StringIO()
    call_command("purge_import_uploads", "--hours", "2", stdout=out)
    assert f"deleted {first}" in out.getvalue() and "1 upload(s)" in out.getvalue()
    assert uploads() == [second.rsplit("/", 1)[1]]
    with pytest.raises(CommandError):
        call_command("purge_import_uploads", "--hours", "-1")


# --- Large files through the API ---------------------------------------------------------------


def test_api_imports_a_large_file_as_a_background_job(client, issuer, tree, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_ROWS", 2)
    client.force_login(issuer)
    # A dry run stays in the request whatever the size.
    response = post_file(client, csv_bytes(GOOD), dry_run="true")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert not Job.objects.exists()
    response = post_file(client, csv_bytes(GOOD), reason="来函")
    assert response.status_code == 202, response.content
    body = response.json()
    job = Job.objects.get(kind="import_exam_results")
    assert body["job"] == job.pk and body["status"] == JobStatus.DONE  # jobs run inline here
    assert body["url"].endswith(f"/api/v1/jobs/{job.pk}/")
    assert ExamResult.objects.count() == 3
    for result in ExamResult.objects.all():
        assert [r.reason for r in history_entries(result)] == ["来函"]
    status = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert (status["status"], status["percent"], status["errors"]) == ("done", 100, [])
    report = client.get(status["result"])
    assert report.status_code == 200
    assert "results created" in b"".join(report.streaming_content).decode("utf-8-sig")
    assert [j["id"] for j in client.get("/api/v1/jobs/").json()["results"]] == [job.pk]
    assert not uploads()
    # A small file is still imported in the request.
    assert post_file(client, csv_bytes(GOOD[:2])).status_code == 200
    # Someone else's job is not found.
    client.force_login(factories.user("admin", role="city_admin", scope=tree["city"]))
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}/result/").status_code == 404
    assert client.get("/api/v1/jobs/").json()["results"] == []
    client.logout()
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code in (401, 403)


def test_api_background_import_with_problems_fails_with_them(client, issuer, tree, monkeypatch):
    monkeypatch.setattr(importing, "INLINE_ROWS", 2)
    services.create_record(
        None, Person, {"national_id": nid(11), "name": "别人", "area": tree["futian"]}
    )
    client.force_login(issuer)
    response = post_file(client, csv_bytes(GOOD))
    assert response.status_code == 202
    status = client.get(response.json()["url"]).json()
    assert status["status"] == "failed" and status["result"] is None
    assert status["errors"][0].startswith("row 2, 姓名: ")
    assert not ExamResult.objects.exists()


def test_an_import_leaves_postgresql_statistics_of_what_it_wrote(
    issuer, django_capture_on_commit_callbacks
):
    """Issue 13: the planner knows an import's rows as soon as it commits (``ANALYZE``), not
    when autovacuum gets round to them. PostgreSQL only: SQLite's planner keeps no such
    statistics between ``ANALYZE`` runs that matter here."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("statistics after an import: PostgreSQL only")

    def reltuples(table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    # A table never analysed has no estimate (-1 since PostgreSQL 14; 0 before).
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_examresult")
        assert cursor.fetchone()[0] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert run(issuer, csv_bytes(GOOD)).written
    assert reltuples("registry_examresult") == 3
    assert reltuples("people_person") == 3


@pytest.mark.django_db
def test_people_and_results_keep_only_the_indexes_a_query_reads():
    """Issue 13: every index costs every row an import writes. Results have no index on the
    session alone (the unique (session, person) index leads with it), people and results none
    on their actors, and no LIKE copies (``varchar_pattern_ops``) on PostgreSQL."""
    from django.db import connection

    def single_column_indexes(table):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        return sorted(
            c["columns"][0]
            for c in found.values()
            if c["index"] and not c["unique"] and not c["primary_key"] and len(c["columns"]) == 1
        )

    assert single_column_indexes("registry_examresult") == ["import_batch", "person_id"]
    assert single_column_indexes("people_person") == ["area_id", "name", "organisation_id"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%varchar_pattern_ops%%'"
                " AND tablename IN ('people_person', 'registry_examresult')"
            )
            assert cursor.fetchall() == []
