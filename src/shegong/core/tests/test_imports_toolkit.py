"""The import toolkit (issue 11, point 1): the cell readers at their edges, the header and row
reading with problems by row and column, the report, the management command base (a dry run
writes nothing) and the API upload (inline up to ``INLINE_ROWS`` rows, a job above)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import translation
from rest_framework import viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from shegong.core import importing
from shegong.core.importing import Column, Importer, ImportReport, Problem, read_rows
from shegong.core.importing.api import ImportUploadMixin
from shegong.core.importing.command import ImportCommand
from shegong.core.importing.readers import (
    CellProblem,
    choice_reader,
    decimal_reader,
    read_bool,
    read_date,
    read_money,
    read_month,
)
from shegong.core.tabular import read_table
from shegong.core.testing import factories

pytestmark = pytest.mark.usefixtures("english")


# --- Readers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-07",
        "2026/12/07",
        "2026.12.07",
        "2026年12月7日",
        "2026年12月07日",
        "2026-12-7",
        "2026-12-07T00:00:00",
        "2026-12-07 08:30:00",
        "46363",  # an Excel serial day number
        "46363.0",
    ],
)
def test_read_date_accepts_every_written_form(text):
    assert read_date(text) == date(2026, 12, 7)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "07/12/2026", "2026-12", "tomorrow", "2026", "123456"]
)
def test_read_date_refuses_what_is_not_a_day(text):
    with pytest.raises(CellProblem) as refused:
        read_date(text)
    assert refused.value.message == f"{text} is not a date: write it as 2026-01-15."


def test_read_month_is_the_first_day():
    assert read_month("2026-12") == date(2026, 12, 1)
    assert read_month("2026年12月") == date(2026, 12, 1)
    assert read_month("2026-12-01") == date(2026, 12, 1)
    with pytest.raises(CellProblem, match="2026-13 is not a month"):
        read_month("2026-13")


def test_read_money_keeps_two_places_and_never_a_float():
    assert read_money("5000") == Decimal("5000.00")
    assert str(read_money("5000")) == "5000.00"
    assert read_money("1,234.50") == Decimal("1234.50")
    assert read_money("¥0.01") == Decimal("0.01")
    assert read_money("9999999999.99") == Decimal("9999999999.99")
    with pytest.raises(CellProblem) as refused:
        read_money("0.005")
    assert refused.value.message == "The amount 0.005 has more than two decimal places."
    with pytest.raises(CellProblem, match="The amount -1 is out of range"):
        read_money("-1")
    with pytest.raises(CellProblem, match="The amount 10000000000.00 is out of range"):
        read_money("10000000000.00")
    with pytest.raises(CellProblem, match="abc is not an amount"):
        read_money("abc")


def test_decimal_reader_at_its_bounds_and_places():
    read_hours = decimal_reader(places=1, minimum=0, maximum=9999)
    assert read_hours("0") == Decimal("0")
    assert read_hours("9999") == Decimal("9999")
    assert read_hours("7.5") == Decimal("7.5")
    with pytest.raises(CellProblem) as refused:
        read_hours("10000")
    assert refused.value.message == "10000 is out of range (0 to 9999)."
    with pytest.raises(CellProblem) as refused:
        read_hours("7.25")
    assert refused.value.message == "7.25 has more decimal places than the 1 allowed."
    with pytest.raises(CellProblem, match="x is not a number"):
        read_hours("x")


class Colour(models.TextChoices):
    RED = "red", translation.gettext_lazy("Approved")  # a label with a Chinese translation
    BLUE = "blue", "Blue"


def test_choice_reader_takes_values_and_labels_in_chinese_and_english():
    read_colour = choice_reader(Colour, aliases={"蓝色": Colour.BLUE})
    assert read_colour("red") == "red"
    assert read_colour("Approved") == "red"
    assert read_colour("已批准") == "red"  # the label in Chinese (zh-hans catalogue)
    assert read_colour("BLUE") == "blue"
    assert read_colour("蓝色") == "blue"
    with pytest.raises(CellProblem) as refused:
        read_colour("green")
    assert refused.value.message == "green is not one of: 已批准 (Approved), Blue (Blue)."


@pytest.mark.parametrize(
    ("text", "value"),
    [("是", True), ("否", False), ("yes", True), ("No", False), ("TRUE", True)]
    + [("false", False), ("1", True), ("0", False)],
)
def test_read_bool_in_chinese_and_english(text, value):
    assert read_bool(text) is value


def test_read_bool_refuses_anything_else():
    with pytest.raises(CellProblem) as refused:
        read_bool("也许")
    assert refused.value.message == (
        "也许 is not yes or no: write one of 是/否, yes/no, true/false, 1/0."
    )


# --- Header and rows ---------------------------------------------------------------------------

COLUMNS = (
    Column("code", ("编号", "code")),
    Column("day", ("日期", "day"), read_date),
    Column("amount", ("金额", "amount"), read_money, required=False),
)


def _read(text: str):
    report = ImportReport()
    rows, heads = read_rows(read_table(text.encode("utf-8")), COLUMNS, report)
    return rows, heads, report


def test_rows_are_read_with_problems_by_row_and_column_as_in_the_file():
    rows, heads, report = _read(
        "编号,日期,金额,备注\nA1,2026年12月7日,12.5,ok\nA2,2026-02-30,1.005,\n,2026-12-07,,\n"
    )
    assert rows == [(2, {"code": "A1", "day": date(2026, 12, 7), "amount": Decimal("12.50")})]
    assert heads == {"code": "编号", "day": "日期", "amount": "金额"}
    assert report.total_rows == 3
    assert [str(e) for e in report.errors] == [
        "row 3, 日期: 2026-02-30 is not a date: write it as 2026-01-15.",
        "row 3, 金额: The amount 1.005 has more than two decimal places.",
        "row 4, 编号: This value is empty.",
    ]
    assert not report.ok


def test_english_headers_and_an_absent_optional_column():
    rows, _heads, report = _read("Code, DAY\nA1,2026/12/07\n")
    assert report.ok and rows == [(2, {"code": "A1", "day": date(2026, 12, 7), "amount": None})]


def test_missing_and_repeated_columns_are_problems_of_the_header():
    _rows, _heads, report = _read("编号,code,金额\nA1,A1,1\n")
    assert [e.as_dict() for e in report.errors] == [
        {
            "row": 1,
            "column": "code",
            "message": "This column appears twice; keep only one of them.",
        },
        {"row": 1, "column": "", "message": "Required column(s) missing: 日期 / day."},
    ]


def test_a_header_without_rows_is_a_problem():
    _rows, _heads, report = _read("编号,日期\n\n")
    assert [str(e) for e in report.errors] == [
        "row 1: The file has a header row but no rows below it."
    ]


def test_the_report():
    report = ImportReport(dry_run=True, total_rows=2, created=0, batch="b1")
    assert report.ok and not report.written
    assert report.as_dict() == {
        "dry_run": True,
        "written": False,
        "total_rows": 2,
        "created": 0,
        "batch": "",
        "errors": [],
    }
    report.problem(0, "", "The file is empty.")
    assert report.as_dict()["errors"] == [
        {"row": None, "column": "", "message": "The file is empty."}
    ]
    assert str(Problem(0, "", "The file is empty.")) == "The file is empty."
    assert str(Problem(5, "金额", "bad")) == "row 5, 金额: bad"


# --- A declared import: command and API ----------------------------------------------------------

WRITTEN: list[dict] = []


def _run(actor, data, filename="", *, dry_run=False, reason=""):
    report = ImportReport(dry_run=dry_run)
    rows, _heads = read_rows(read_table(data, filename), COLUMNS, report)
    if report.ok and not dry_run:
        WRITTEN.extend({**row, "reason": reason} for _n, row in rows)
        report.created = len(rows)
        report.batch = "batch-1"
    return report


@dataclass
class Allowed:
    allowed: bool = True

    def __call__(self, user) -> bool:
        return self.allowed


TEST_IMPORT = Importer(
    name="test", run=_run, may_import=Allowed(), job_kind="test_import", job_title="Test %(name)s"
)


class CodesCommand(ImportCommand):
    importer = TEST_IMPORT


@pytest.fixture
def written():
    WRITTEN.clear()
    yield WRITTEN
    WRITTEN.clear()


@pytest.mark.django_db
def test_the_command_base_dry_run_writes_nothing_then_imports(tmp_path, written, capsys):
    path = tmp_path / "codes.csv"
    path.write_text("编号,日期\nA1,2026-12-07\nA2,2026-12-08\n", encoding="utf-8")
    call_command(CodesCommand(), str(path), "--dry-run")
    assert written == []
    assert "Dry run, nothing written. Would import: rows: 2" in capsys.readouterr().out
    call_command(CodesCommand(), str(path), "--reason", "名单")
    assert [row["code"] for row in written] == ["A1", "A2"]
    assert written[0]["reason"] == "名单"
    assert "Imported (batch batch-1): rows: 2" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_base_prints_every_problem_and_fails(tmp_path, written, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("编号,日期\nA1,someday\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        call_command(CodesCommand(), str(path))
    assert "row 2, 日期: someday is not a date" in capsys.readouterr().err
    assert written == []
    with pytest.raises(CommandError, match="No such file"):
        call_command(CodesCommand(), str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command(CodesCommand(), str(path), "--as", "nobody")


class CodesImportViewSet(ImportUploadMixin, viewsets.ViewSet):
    importer = TEST_IMPORT


def _post(user, rows: int, dry_run=False):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "编号,日期\n" + "".join(f"A{i},2026-12-07\n" for i in range(rows))
    request = APIRequestFactory().post(
        "/api/v1/test/import/",
        {"file": SimpleUploadedFile("codes.csv", body.encode()), "dry_run": dry_run},
        format="multipart",
    )
    force_authenticate(request, user)
    return CodesImportViewSet.as_view({"post": "create"})(request)


@pytest.fixture
def jobs(monkeypatch):
    started = []

    @dataclass
    class FakeJob:
        pk: int
        status: str = "pending"

    def start_job(kind, user, params, title):
        started.append((kind, params["filename"], params["reason"], title))
        return FakeJob(pk=len(started))

    monkeypatch.setattr(importing.api, "start_job", start_job)
    return started


@pytest.mark.django_db
def test_the_api_imports_inline_up_to_the_limit_and_as_a_job_above(monkeypatch, written, jobs):
    monkeypatch.setattr(importing, "INLINE_ROWS", 3)
    user = factories.user()
    at_the_limit = _post(user, 3)
    assert at_the_limit.status_code == 200
    assert at_the_limit.data["created"] == 3 and jobs == []
    one_more = _post(user, 4)
    assert one_more.status_code == 202
    assert one_more.data == {
        "job": 1,
        "status": "pending",
        "url": "http://testserver/api/v1/jobs/1/",
    }
    assert one_more["Location"] == "http://testserver/api/v1/jobs/1/"
    assert jobs == [("test_import", "codes.csv", "import of codes.csv", "Test codes.csv")]
    assert len(written) == 3  # the job, not the request, imports the large file
    dry_run = _post(user, 4, dry_run=True)  # a check is always answered at once
    assert dry_run.status_code == 200 and dry_run.data["dry_run"] is True and len(jobs) == 1


@pytest.mark.django_db
def test_the_api_refuses_callers_who_may_not_import(monkeypatch, written, jobs):
    monkeypatch.setattr(TEST_IMPORT.may_import, "allowed", False)
    assert _post(factories.user(), 1).status_code == 403
    assert written == [] and jobs == []
