"""Reading uploaded spreadsheets: the one reader every bulk import uses.

:func:`read_table` reads XLSX (openpyxl, read-only) or CSV (UTF-8 with or without a
byte-order mark, then GB18030/GBK, the encodings Chinese offices export; UTF-16 "Unicode
text" from Excel too), and refuses anything else with a :class:`FileProblem` whose message
says what the file is (empty, an old .xls, a PDF, a Word document, damaged). Row numbers are
the ones the user sees in the file, so errors can name them. :func:`header_key` and
:func:`clean_text` normalise header names and cell values (full-width characters, stray
spaces). What the columns mean is each importer's business.

Limits (issue 10): an XLSX file is read in streaming mode, never loaded whole; before openpyxl
opens it, the sizes its zip members unpack to are added up and a file that would unpack to more
than ``settings.SHEGONG_MAX_XLSX_UNPACKED_MB`` (or, past 10 MB, more than
:data:`MAX_PACK_RATIO` times its own size: a "zip bomb") is refused. ``max_rows`` stops the
reading at the first row past the limit (:class:`TooManyRows`); a sheet without a declared
size is not parsed whole when the workbook opens (:func:`_size_from_the_sheets_start`).
openpyxl parses the XML with defusedxml (a dependency), so entity declarations ("billion
laughs") are refused too.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from .limits import MB, megabytes

#: An XLSX file unpacking past 10 MB to more than this many times its size is refused.
MAX_PACK_RATIO = 100


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, not a spreadsheet, damaged)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TooManyRows(FileProblem):
    """The file has more data rows than the reader was allowed to take (``max_rows``)."""

    def __init__(self, max_rows: int):
        super().__init__(
            _("The file has more than %(max)d rows; at most %(max)d can be read at once.")
            % {"max": max_rows}
        )
        self.max_rows = max_rows


@dataclass
class Table:
    """A sheet: the header row (as written) and the data rows with their numbers in the file."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]
    #: Data rows in the file (an estimate for XLSX before reading: the sheet's dimension).
    size_hint: int = 0


def read_table(data: bytes, filename: str = "", max_rows: int | None = None) -> Table:
    """The first sheet of an XLSX file or the rows of a CSV file; :class:`FileProblem` if the
    file is empty or not a spreadsheet. With ``max_rows``, iterating the rows raises
    :class:`TooManyRows` at the first data row past ``max_rows`` (blank rows count too:
    the limit bounds the work, not the result)."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileProblem(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _limited(_read_xlsx(data), max_rows)
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
    return _limited(_read_csv(_decode(data)), max_rows)


def _limited(table: Table, max_rows: int | None) -> Table:
    if max_rows is not None:
        table.rows = _at_most(table.rows, max_rows)
    return table


def _at_most(rows, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    for count, row in enumerate(rows, 1):
        if count > max_rows:
            raise TooManyRows(max_rows)
        yield row


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


def _size_from_the_sheets_start(self) -> None:
    """``ReadOnlyWorksheet._get_size`` reading only the start of the sheet.

    openpyxl looks for the sheet's ``<dimension>`` with ``end`` events, so for a sheet that
    has none (some generators omit it) it parses the whole sheet when the workbook is opened,
    before a single row is handed over: seconds of CPU for an anonymous upload whatever
    ``max_rows`` says (issue 10). The dimension, when there is one, comes before
    ``<sheetData>``; ``start`` events see it (with its attributes) and stop at ``<sheetData>``.
    """
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG  # noqa: PLC0415
    from openpyxl.worksheet.dimensions import SheetDimension  # noqa: PLC0415
    from openpyxl.xml.functions import iterparse  # noqa: PLC0415 - defusedxml's when installed

    source = self._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                if element.get("ref"):
                    bounds = SheetDimension(ref=element.get("ref")).boundaries
                    if bounds is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = bounds
                return
            if element.tag == DATA_TAG:
                return
    finally:
        source.close()


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 - only XLSX uploads need it
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet  # noqa: PLC0415

    ReadOnlyWorksheet._get_size = _size_from_the_sheets_start

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
    _check_unpacked_size(archive, len(data))
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
    except Exception as exc:  # noqa: BLE001 - any damage inside the archive is the same
        raise _damaged(exc) from None
    if header is None:
        raise FileProblem(_("The file is empty."))
    return Table(header, header_row, _xlsx_rows(numbered), size_hint)


def _check_unpacked_size(archive: zipfile.ZipFile, packed: int) -> None:
    """Refuse an XLSX file that would unpack to too much, before any of it is unpacked.

    The sizes are the ones the archive declares; zipfile never unpacks a member past its
    declared size (and fails on a mismatch), so they bound what openpyxl can read."""
    unpacked = sum(info.file_size for info in archive.infolist())
    limit = settings.SHEGONG_MAX_XLSX_UNPACKED_MB * MB
    if unpacked > limit or (unpacked > 10 * MB and unpacked > MAX_PACK_RATIO * packed):
        raise FileProblem(
            _(
                "The XLSX file unpacks to %(size)s MB, more than can be read (at most "
                "%(limit)s MB, and at most %(ratio)d times the file's size). Save it as CSV, "
                "or split it."
            )
            % {
                "size": megabytes(unpacked),
                "limit": f"{settings.SHEGONG_MAX_XLSX_UNPACKED_MB:g}",
                "ratio": MAX_PACK_RATIO,
            }
        )


def _xlsx_rows(numbered) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from numbered
    except Exception as exc:  # noqa: BLE001
        raise _damaged(exc) from None


def _damaged(exc: Exception) -> FileProblem:
    from defusedxml import DefusedXmlException  # noqa: PLC0415 - only XLSX uploads need it

    cause = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps it in a ValueError
    if cause is not None:
        return FileProblem(
            _(
                "The XLSX file declares XML entities or a document type, which are refused "
                "for safety. Open it in a spreadsheet program, save it again and upload it."
            )
        )
    return FileProblem(
        _("The XLSX file could not be read; it may be damaged. Open and save it again.")
    )


def header_key(text: str) -> str:
    """A header name compared after NFKC, without spaces, in lower case, ``*`` trimmed."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower().strip("*")


def clean_text(value: str) -> str:
    """Full-width to half-width, every run of spaces one space, trimmed."""
    if value.isascii():
        return " ".join(value.split())
    return " ".join(unicodedata.normalize("NFKC", value).split())
