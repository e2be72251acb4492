"""Writing cells of exported spreadsheets (CSV and XLSX) so that no value is ever a formula.

Issue 10 (formula injection): a name or a title that starts with ``=``, ``+``, ``-`` or ``@``
used to reach a CSV file unchanged and an XLSX file as a live formula, which a spreadsheet
program runs when the official opens the file. Every export writer in the project writes its
rows through this module:

- :func:`csv_writer` (a ``csv.writer`` whose rows go through :func:`csv_cell`): a text that
  would start a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
  apostrophe, as OWASP recommends. Numbers (``int``, ``float``, ``Decimal``) stay numbers, and
  so does a text that is a plain number (``-12`` or ``-3.5``): no program reads it as a
  formula, and a prefix would turn a figure into text.
- :func:`xlsx_row` (for ``sheet.append``): every text is written as a string cell (type
  ``s``), never a formula, whatever it starts with; numbers, dates and booleans keep their type.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell

#: The first characters that make a spreadsheet program read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_cell(value):
    """A value for a CSV cell: ``None`` empty, numbers as they are, texts defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Writer:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(buffer, **kwargs) -> _Writer:
    """``csv.writer(buffer, **kwargs)`` whose every cell goes through :func:`csv_cell`."""
    return _Writer(csv.writer(buffer, **kwargs))


def xlsx_cell(sheet, value):
    """A cell for ``sheet.append`` (write-only or normal sheet): a text is a string cell."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime | time):
        return value
    cell = WriteOnlyCell(sheet, str(value))
    cell.data_type = "s"  # never "f": a leading "=" stays text
    return cell


def xlsx_row(sheet, values) -> list:
    """The cells of one row for ``sheet.append(xlsx_row(sheet, values))``."""
    return [xlsx_cell(sheet, v) for v in values]
