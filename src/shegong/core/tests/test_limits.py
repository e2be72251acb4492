"""Issue 10: limits checked before the work — rows while reading, the unpacked size of an XLSX
file, XML entities (defusedxml), the size of uploads, the nesting of JSON bodies."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from shegong.core.tabular import FileProblem, TooManyRows, read_table


@pytest.fixture(autouse=True)
def _english_messages(english):
    pass


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The XLSX ``data`` with one member replaced by ``content``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = content if info.filename == name else source.read(info)
            target.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sheet_member(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return next(n for n in archive.namelist() if n.startswith("xl/worksheets/"))


# --- Rows: counted while reading ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rows_past_max_rows_stop_the_reading(kind):
    rows = [["number"], *([f"SZ{i:010d}"] for i in range(10))]
    data = "\n".join(r[0] for r in rows).encode() if kind == "csv" else xlsx_bytes(rows)
    table = read_table(data, f"numbers.{kind}", max_rows=4)
    read = []
    with pytest.raises(TooManyRows) as refused:
        for number, _values in table.rows:
            read.append(number)
    assert read == [2, 3, 4, 5]  # four data rows, then the refusal at the fifth
    assert refused.value.message == "The file has more than 4 rows; at most 4 can be read at once."


def test_rows_up_to_max_rows_are_read():
    table = read_table(b"number\nA1\nA2\nA3\n", "n.csv", max_rows=3)
    assert [values for _n, values in table.rows] == [["A1"], ["A2"], ["A3"]]


def test_a_sheet_without_dimension_is_not_parsed_whole_before_the_rows_are_counted():
    """openpyxl parses an unsized sheet to its end when the workbook opens (seconds of CPU on
    an anonymous upload); here the sheet's end is broken XML, so a whole parse would fail as
    a damaged file instead of stopping at the row limit."""
    base = xlsx_bytes([["number"], ["SZ1"]])
    rows = b"".join(
        b'<row><c t="inlineStr"><is><t>SZ%010d</t></is></c></row>' % i for i in range(5000)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"<row><c><broken"
    )
    table = read_table(with_member(base, sheet_member(base), sheet), "n.xlsx", max_rows=10)
    with pytest.raises(TooManyRows):
        list(table.rows)


# --- The unpacked size of an XLSX file ------------------------------------------------------------


def _bomb(megabytes: int) -> bytes:
    """An XLSX file whose sheet unpacks to ``megabytes`` MB of rows (a few hundred KB packed)."""
    base = xlsx_bytes([["number"], ["SZ0000000001"]])
    row = b'<row><c t="inlineStr"><is><t>SZ0000000001</t></is></c></row>'
    body = row * (megabytes * 2**20 // len(row))
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + body + b"</sheetData></worksheet>"
    )
    return with_member(base, sheet_member(base), sheet)


def test_xlsx_unpacking_past_the_setting_is_refused_before_reading(settings):
    settings.SHEGONG_MAX_XLSX_UNPACKED_MB = 5
    data = _bomb(6)  # 6 MB of rows and the workbook's other parts
    assert len(data) < 200_000
    with pytest.raises(FileProblem) as refused:
        read_table(data, "bomb.xlsx")
    assert refused.value.message.startswith(
        "The XLSX file unpacks to 6.1 MB, more than can be read"
    )
    assert "at most 5 MB" in refused.value.message


def test_xlsx_unpacking_to_a_hundred_times_its_size_is_refused():
    data = _bomb(12)  # under the 100 MB default, but 12 MB from a file of a few dozen KB
    with pytest.raises(FileProblem) as refused:
        read_table(data, "bomb.xlsx")
    assert "at most 100 times the file's size" in refused.value.message


def test_ordinary_xlsx_is_read(settings):
    settings.SHEGONG_MAX_XLSX_UNPACKED_MB = 1
    table = read_table(xlsx_bytes([["number"], ["SZ1"], ["SZ2"]]), "n.xlsx")
    assert [values for _n, values in table.rows] == [["SZ1"], ["SZ2"]]


# --- XML entities: defusedxml ---------------------------------------------------------------------


def test_openpyxl_parses_xml_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_billion_laughs_xlsx_is_refused():
    base = xlsx_bytes([["number"], ["SZ1"]])
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row><c t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData>'
        "</worksheet>"
    ).encode()
    with pytest.raises(FileProblem) as refused:
        table = read_table(with_member(base, sheet_member(base), sheet), "laughs.xlsx")
        list(table.rows)
    assert refused.value.message.startswith(
        "The XLSX file declares XML entities or a document type, which are refused for safety."
    )


# --- Upload sizes, checked before the file is read ------------------------------------------------


@pytest.fixture
def issuer(tree):
    from shegong.core.testing import factories  # noqa: PLC0415

    return factories.user("issuer", role="certificate_issuer", scope=tree["city"])


@pytest.fixture
def small_imports(settings):
    settings.SHEGONG_MAX_UPLOAD_MB = {**settings.SHEGONG_MAX_UPLOAD_MB, "import": 1}


def _big_csv() -> SimpleUploadedFile:
    return SimpleUploadedFile("results.csv", b"x" * (3 * 2**19))  # 1.5 MB


def test_import_page_refuses_a_file_over_the_limit_unread(client, issuer, small_imports):
    client.force_login(issuer)
    with mock.patch("shegong.registry.imports.read_table") as reader:
        response = client.post("/register/examresults/import/", {"file": _big_csv()})
    assert response.status_code == 200
    assert "The file is 1.5 MB; at most 1 MB can be uploaded here." in response.content.decode()
    reader.assert_not_called()


def test_import_api_refuses_a_file_over_the_limit(client, issuer, small_imports):
    client.force_login(issuer)
    response = client.post("/api/v1/exam-results/import/", {"file": _big_csv()})
    assert response.status_code == 400
    assert response.json()["file"] == ["The file is 1.5 MB; at most 1 MB can be uploaded here."]


# --- JSON nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [33, 50_000])
def test_deeply_nested_json_is_a_400_that_says_so(client, db, depth):
    body = "[" * depth + "]" * depth
    response = client.post("/api/v1/public/verify/", body.encode(), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The JSON body is nested too deeply: lists and objects may nest at most "
        "32 levels."
    }


def test_json_nested_up_to_the_limit_is_parsed(client, db):
    body = '{"numbers": ["SZ1"], "x": ' + "[" * 30 + "]" * 30 + "}"
    response = client.post("/api/v1/public/verify/", body.encode(), content_type="application/json")
    assert response.status_code == 200
    assert response.json()[0]["number"] == "SZ1"


def _api_views():
    from django.urls import URLPattern, URLResolver, get_resolver  # noqa: PLC0415

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "cls", None)
                if view is not None and hasattr(view, "parser_classes"):
                    actions = getattr(p.callback, "actions", None) or {}
                    handlers = [getattr(view, a, None) for a in actions.values()]
                    yield p, view, handlers

    return list(walk(get_resolver().url_patterns))


def test_every_api_view_parses_json_with_the_bounded_parser():
    """A view (or an action) naming its own parsers must name core.api.parsers.JSONParser."""
    from rest_framework.parsers import JSONParser as DRFJSONParser  # noqa: PLC0415

    from shegong.core.api.parsers import JSONParser  # noqa: PLC0415

    offenders = []
    views = _api_views()
    assert len(views) > 50
    for pattern, view, handlers in views:
        parsers = list(view.parser_classes)
        for handler in handlers:
            parsers += list(getattr(handler, "kwargs", {}).get("parser_classes", ()))
        json_parsers = [p for p in parsers if issubclass(p, DRFJSONParser)]
        if any(p is not JSONParser for p in json_parsers):
            offenders.append(str(pattern.pattern))
    assert offenders == []


def test_a_request_body_over_data_upload_max_memory_size_is_refused(client, db, settings):
    """The API reads its JSON through Django's bound too (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"numbers": ["SZ1"], "pad": "' + "x" * 5000 + '"}'
    response = client.post("/api/v1/public/verify/", body, content_type="application/json")
    assert response.status_code == 400
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post("/api/v1/public/verify/", body, content_type="application/json")
    assert response.status_code == 200


def test_a_file_just_over_the_limit_never_reads_as_the_limit(settings):
    from shegong.core.limits import upload_size_problem  # noqa: PLC0415

    settings.SHEGONG_MAX_UPLOAD_MB = {"import": 10}
    assert upload_size_problem(10 * 2**20, "import") is None
    assert upload_size_problem(10 * 2**20 + 1, "import") == (
        "The file is 10.1 MB; at most 10 MB can be uploaded here."
    )
