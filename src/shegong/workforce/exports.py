"""Background jobs of the workforce module: the compliance dashboard and the staffing gap as
XLSX files."""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shegong.areas.models import Area
from shegong.core import audit
from shegong.core.jobs import job
from shegong.core.spreadsheets import xlsx_row
from shegong.organisations.models import Organisation

from . import compliance, services
from .choices import GapGrouping
from .models import Employment, ServiceUnit


def _date(value):
    return date.fromisoformat(value) if value else None


@job("compliance_dashboard")
def export_dashboard(
    runner,
    grouping: str = compliance.Grouping.DISTRICT,
    district: int | None = None,
    organisation: int | None = None,
    on: str | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
):
    """Issue 4, point 6: every figure of the dashboard, one row per district or organisation
    and the total, for the records the job's owner may view."""
    district_area = Area.objects.filter(pk=district).first() if district else None
    org = Organisation.objects.filter(pk=organisation).first() if organisation else None
    board = compliance.dashboard(
        runner.user,
        grouping,
        on=_date(on),
        month_from=_date(month_from),
        month_to=_date(month_to),
        district=district_area,
        organisation=org,
    )
    runner.progress(0, len(board.rows) + 1, force=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Compliance")[:31])
    scope = org or district_area
    sheet.append(xlsx_row(sheet, [str(_("Compliance dashboard")), str(scope) if scope else ""]))
    sheet.append(
        xlsx_row(
            sheet,
            [
                str(_("On")),
                board.on.isoformat(),
                str(_("Pay and insurance months")),
                f"{board.month_from:%Y-%m} – {board.month_to:%Y-%m}",
            ],
        )
    )
    group = dict(compliance.Grouping.CHOICES)[board.grouping]
    sheet.append(
        xlsx_row(sheet, [str(group), *(str(label) for _name, label in compliance.FIGURES)])
    )
    names = [name for name, _label in compliance.FIGURES]
    for i, row in enumerate([*board.rows, board.total], 1):
        values = [row.get(name) for name in names]
        sheet.append(
            xlsx_row(
                sheet,
                [
                    str(row.label),
                    *(float(v) if v is not None and not isinstance(v, int) else v for v in values),
                ],
            )
        )
        runner.progress(i)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record_export(
        runner.user,
        Employment,
        len(board.rows),
        {
            "report": "compliance_dashboard",
            "grouping": board.grouping,
            "district": district,
            "organisation": organisation,
            "on": board.on.isoformat(),
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"compliance-{stamp}.xlsx", buffer.getvalue()


@job("staffing_gap")
def export_staffing_gap(runner, by: str = GapGrouping.DISTRICT, on: str | None = None):
    """POST-1: the staffing gap page as an XLSX file."""
    rows = services.staffing_gap(runner.user, by=by, on=_date(on))
    runner.progress(0, len(rows), force=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Staffing gap")[:31])
    sheet.append(
        xlsx_row(sheet, [str(_("Staffing gap")), (_date(on) or timezone.localdate()).isoformat()])
    )
    sheet.append(
        xlsx_row(
            sheet,
            [
                str(GapGrouping(by).label),
                str(_("Posts required")),
                str(_("Posts")),
                str(_("Filled")),
                str(_("Gap")),
            ],
        )
    )
    for i, row in enumerate(rows, 1):
        sheet.append(
            xlsx_row(
                sheet,
                [
                    str(row["label"] or "—"),
                    row["required"],
                    row["posts"],
                    row["filled"],
                    row["gap"],
                ],
            )
        )
        runner.progress(i)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record_export(runner.user, ServiceUnit, len(rows), {"report": "staffing_gap", "by": by})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"staffing-gap-{stamp}.xlsx", buffer.getvalue()
