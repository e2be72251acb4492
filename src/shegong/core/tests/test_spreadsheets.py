"""Issue 10: exported spreadsheets never carry a formula (CSV and XLSX), read back from the
file as a spreadsheet program would."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from shegong.core.spreadsheets import csv_writer, xlsx_row
from shegong.core.testing import factories

from .test_jobs import download, export

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _csv_cells(values) -> list[str]:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(values)
    return next(csv.reader(io.StringIO(buffer.getvalue())))


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_cell_that_would_start_a_formula_gets_an_apostrophe(value):
    assert _csv_cells([value]) == ["'" + value]


def test_csv_numbers_and_plain_texts_are_unchanged():
    assert _csv_cells([-5, 2.5, "-12", "-3.5", "张三", "a=b", None]) == [
        "-5",
        "2.5",
        "-12",
        "-3.5",
        "张三",
        "a=b",
        "",
    ]


@pytest.mark.parametrize("value", DANGEROUS[:5])  # XML reads a lone carriage return as \\n
def test_xlsx_cell_that_would_start_a_formula_is_text(value):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    sheet.append(xlsx_row(sheet, [value, -5, 2.5]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
    assert (cells[0].value, cells[0].data_type) == (value, "s")
    assert [(c.value, c.data_type) for c in cells[1:]] == [(-5, "n"), (2.5, "n")]


@pytest.fixture
def formula_organisation(tree):
    return factories.organisation(tree["futian"], '=HYPERLINK("http://evil","机构")')


def test_list_export_csv_writes_a_formula_name_as_text(admin_client, formula_organisation):
    row = export(admin_client, "organisations.organisation", "csv")
    content = download(admin_client, row).decode("utf-8-sig")
    cells = [c for line in csv.reader(io.StringIO(content)) for c in line]
    assert '\'=HYPERLINK("http://evil","机构")' in cells
    assert '=HYPERLINK("http://evil","机构")' not in cells


def test_list_export_xlsx_writes_a_formula_name_as_text(admin_client, formula_organisation):
    row = export(admin_client, "organisations.organisation", "xlsx")
    sheet = load_workbook(io.BytesIO(download(admin_client, row))).worksheets[0]
    cells = [c for line in sheet.iter_rows() for c in line]
    named = [c for c in cells if c.value == '=HYPERLINK("http://evil","机构")']
    assert len(named) == 1
    assert named[0].data_type == "s"
    assert not [c for c in cells if c.data_type == "f"]


def test_every_export_writer_goes_through_core_spreadsheets():
    """A new writer must use ``csv_writer`` / ``xlsx_row``: a bare ``csv.writer(`` or a
    ``sheet.append([`` is found here."""
    src = Path(__file__).resolve().parents[2]
    offenders = []
    for path in src.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheets.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "csv.writer(" in text or re.search(r"\.append\(\s*\[", text) and "Workbook" in text:
            offenders.append(str(path.relative_to(src)))
    assert offenders == []
