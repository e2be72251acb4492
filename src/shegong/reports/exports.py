"""The statistical report (GOV-1): every figure of :data:`figures.FIGURES` for a month or a
year and an area, as an XLSX workbook (one sheet a figure) or a PDF, made by a background
job; and one figure's table as an XLSX file (the overview's download)."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from shegong.areas.models import Area
from shegong.core.jobs import job
from shegong.core.spreadsheets import xlsx_row
from shegong.funding.models import MONEY_KEEPERS
from shegong.organisations.models import ServiceField

from . import money, oversight, pdf
from .figures import FIGURES, Figure, Scope, Table, areas_for
from .oversight import OVERSIGHT_READERS

#: Characters a sheet title may not contain.
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(figure: Figure) -> str:
    return str(figure.title).translate(_SHEET_FORBIDDEN)[:31]


def scope_line(scope: Scope) -> list:
    return [
        _("Area"),
        scope.area.name,
        _("On"),
        scope.on,
        _("Pay and insurance months"),
        f"{scope.month_from:%Y-%m} – {scope.month_to:%Y-%m}",
    ]


def write_table(sheet, figure: Figure, table: Table, scope: Scope) -> None:
    sheet.append(xlsx_row(sheet, [str(figure.title)]))
    sheet.append(xlsx_row(sheet, scope_line(scope)))
    sheet.append(xlsx_row(sheet, [str(figure.note)]))
    sheet.append(xlsx_row(sheet, []))
    sheet.append(xlsx_row(sheet, [table.label, *table.columns]))
    for label, values in table.rows:
        sheet.append(xlsx_row(sheet, [label, *values]))
    if table.total is not None:
        sheet.append(xlsx_row(sheet, [_("Total"), *table.total]))


def figure_workbook(figure: Figure, scope: Scope) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(figure))
    write_table(sheet, figure, figure.compute(scope), scope)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_title(scope: Scope, month: int | None) -> str:
    if month:
        return _("Statistical report of %(area)s, %(year)s-%(month)02d") % {
            "area": scope.area.name,
            "year": scope.month_from.year,
            "month": month,
        }
    return _("Annual statistical report of %(area)s, %(year)s") % {
        "area": scope.area.name,
        "year": scope.month_from.year,
    }


def report_file_name(scope: Scope, month: int | None, extension: str) -> str:
    period = f"{scope.month_from:%Y-%m}" if month else f"{scope.month_from:%Y}"
    return f"statistics-{scope.area.code}-{period}.{extension}"


@job("statistics_report")
def statistical_report(
    runner, area: int, year: int, month: int | None = None, format: str = "xlsx"
):
    """GOV-1: the monthly (``month``) or annual report of ``area``, counted over the records
    the job's owner may see, as ``format`` (``xlsx`` or ``pdf``)."""
    found = Area.objects.filter(pk=area).first()
    if found is None or found not in areas_for(runner.user):
        raise PermissionDenied(_("You may not see the statistics of this area."))
    scope = Scope.for_period(runner.user, found, year, month)
    figures = list(FIGURES.values())
    runner.progress(0, len(figures) + 1, force=True)
    tables = []
    for done, figure in enumerate(figures, start=1):
        tables.append((figure, figure.compute(scope)))
        runner.progress(done)
    title = report_title(scope, month)
    if format == "pdf":
        content = pdf.report(title, scope, tables, timezone.localdate())
    else:
        workbook = Workbook(write_only=True)
        for figure, table in tables:
            write_table(workbook.create_sheet(sheet_title(figure)), figure, table, scope)
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    runner.progress(len(figures) + 1, force=True)
    return report_file_name(scope, month, format), content


@job("money_table")
def money_table(runner, table: str, area: int, year: int):
    """Issue 14: one table of the purchased-services dashboard of ``area`` and ``year`` as
    XLSX, counted over the records the job's owner may see (the page's figures, unformatted:
    money as numbers with two decimals)."""
    found = Area.objects.filter(pk=area).first()
    if not money.may_view(runner.user) or found is None:
        raise PermissionDenied(_("You may not see this dashboard."))
    if found not in areas_for(runner.user, MONEY_KEEPERS):
        raise PermissionDenied(_("You may not see the statistics of this area."))
    runner.progress(0, 2, force=True)
    scope = money.Scope(runner.user, found, year)
    shown = money.TABLES[table](scope)
    runner.progress(1, force=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(shown.title).translate(_SHEET_FORBIDDEN)[:31])
    sheet.append(xlsx_row(sheet, [str(shown.title)]))
    sheet.append(xlsx_row(sheet, [_("Area"), found.name, _("Year"), year, _("On"), scope.on]))
    sheet.append(xlsx_row(sheet, [str(shown.note)]))
    sheet.append(xlsx_row(sheet, []))
    sheet.append(xlsx_row(sheet, [shown.label, *shown.columns]))

    def cells_of(label, cells):
        row = xlsx_row(sheet, [label])
        for cell in cells:
            written = WriteOnlyCell(sheet, cell.value)
            if cell.kind == money.MONEY:
                written.number_format = "#,##0.00"
            row.append(written)
        return row

    for label, cells in shown.rows:
        sheet.append(cells_of(label, cells))
    if shown.total is not None:
        sheet.append(cells_of(_("Total"), shown.total))
    buffer = io.BytesIO()
    workbook.save(buffer)
    runner.progress(2, force=True)
    return f"purchasing-{table}-{found.code}-{year}.xlsx", buffer.getvalue()


@job("oversight_table")
def oversight_table(runner, table: str, area: int, year: int, field: int | None = None):
    """Issue 15, point 7: one table of the oversight dashboard of ``area`` and ``year`` as
    XLSX, counted over the records the job's owner may see (the page's figures)."""
    found = Area.objects.filter(pk=area).first()
    if not oversight.may_view(runner.user) or found is None or table not in oversight.TABLES:
        raise PermissionDenied(_("You may not see this dashboard."))
    if found not in areas_for(runner.user, OVERSIGHT_READERS):
        raise PermissionDenied(_("You may not see the statistics of this area."))
    runner.progress(0, 2, force=True)
    service_field = ServiceField.objects.filter(pk=field).first() if field else None
    scope = oversight.Scope(runner.user, found, year, service_field=service_field)
    shown = oversight.TABLES[table](scope)
    runner.progress(1, force=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(shown.title).translate(_SHEET_FORBIDDEN)[:31])
    sheet.append(xlsx_row(sheet, [str(shown.title)]))
    where = [_("Area"), found.name, _("Year"), year, _("On"), scope.on]
    if service_field is not None:
        where += [_("Service field"), service_field.name]
    sheet.append(xlsx_row(sheet, where))
    sheet.append(xlsx_row(sheet, [str(shown.note)]))
    sheet.append(xlsx_row(sheet, []))
    sheet.append(xlsx_row(sheet, [shown.label, *shown.columns]))
    for label, cells in shown.rows:
        sheet.append(xlsx_row(sheet, [label, *(cell.value for cell in cells)]))
    if shown.total is not None:
        sheet.append(xlsx_row(sheet, [_("Total"), *(cell.value for cell in shown.total)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    runner.progress(2, force=True)
    return f"oversight-{table}-{found.code}-{year}.xlsx", buffer.getvalue()
