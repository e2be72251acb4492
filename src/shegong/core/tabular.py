"""Reading uploaded spreadsheets: the one reader every bulk import uses.

:func:`read_table` reads XLSX (openpyxl, read-only) or CSV (UTF-8 with or without a
byte-order mark, then GB18030/GBK, the encodings Chinese offices export; UTF-16 "Unicode
text" from Excel too), and refuses anything else with a :class:`FileProblem` whose message
says what the file is (empty, an old .xls, a PDF, a Word document, damaged). Row numbers are
the ones the user sees in the file, so errors can name them. :func:`header_key` and
:func:`clean_text` normalise header names and cell values (full-width characters, stray
spaces). What the columns mean is each importer's business.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, not a spreadsheet, damaged)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A sheet: the header row (as written) and the data rows with their numbers in the file."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]
    #: Data rows in the file (an estimate for XLSX before reading: the sheet's dimension).
    size_hint: int = 0


def read_table(data: bytes, filename: str = "") -> Table:
    """The first sheet of an XLSX file or the rows of a CSV file; :class:`FileProblem` if the
    file is empty or not a spreadsheet."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileProblem(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "This is an old Excel (.xls) or Word (.doc) file, which cannot be read. "
                "Save it as .xlsx or as CSV and upload it again."
            )
        )
    if data.startswith(b"%PDF"):
        raise FileProblem(
            _("This is a PDF document, not a spreadsheet. Upload an XLSX or CSV file.")
        )
    return _read_csv(_decode(data))


def _not_a_spreadsheet() -> FileProblem:
    return FileProblem(
        _("This file is not a spreadsheet. Upload an XLSX file or a CSV file (UTF-8 or GB18030).")
    )


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    else:
        if b"\x00" in data[:65536]:
            raise _not_a_spreadsheet()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise _not_a_spreadsheet()
    sample = text[:65536]
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n\x0c" for c in sample):
        raise _not_a_spreadsheet()
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    return text


def _read_csv(text: str) -> Table:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered = enumerate(reader, 1)
    try:
        header_row, header = _first_nonblank(numbered)
    except csv.Error:
        raise _not_a_spreadsheet() from None
    if header is None:
        raise FileProblem(_("The file is empty."))
    size_hint = text.count("\n")
    return Table(header, header_row, _csv_rows(numbered), size_hint)


def _csv_rows(numbered) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from numbered
    except csv.Error:
        raise _not_a_spreadsheet() from None


def _first_nonblank(numbered) -> tuple[int, list[str] | None]:
    for number, values in numbered:
        if any(str(v).strip() for v in values):
            return number, [str(v) if v is not None else "" for v in values]
    return 0, None


def _cell(value) -> str:
    """An XLSX cell as the text the user sees (whole numbers without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 - only XLSX uploads need it

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_spreadsheet() from None
    if "word/document.xml" in names:
        raise FileProblem(
            _("This is a Word document, not a spreadsheet. Upload an XLSX or CSV file.")
        )
    if not any(n.startswith("xl/") for n in names):
        raise _not_a_spreadsheet()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        size_hint = max((sheet.max_row or 0) - 1, 0)
        numbered = (
            (i, [_cell(v) for v in values])
            for i, values in enumerate(sheet.iter_rows(values_only=True), 1)
        )
        header_row, header = _first_nonblank(numbered)
    except FileProblem:
        raise
    except Exception:  # noqa: BLE001 - any damage inside the archive is the same to the user
        raise FileProblem(
            _("The XLSX file could not be read; it may be damaged. Open and save it again.")
        ) from None
    if header is None:
        raise FileProblem(_("The file is empty."))
    return Table(header, header_row, _xlsx_rows(numbered), size_hint)


def _xlsx_rows(numbered) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from numbered
    except Exception:  # noqa: BLE001
        raise FileProblem(
            _("The XLSX file could not be read; it may be damaged. Open and save it again.")
        ) from None


def header_key(text: str) -> str:
    """A header name compared after NFKC, without spaces, in lower case, ``*`` trimmed."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower().strip("*")


def clean_text(value: str) -> str:
    """Full-width to half-width, every run of spaces one space, trimmed."""
    if value.isascii():
        return " ".join(value.split())
    return " ".join(unicodedata.normalize("NFKC", value).split())
