"""Reports of the register (issue 3, point 7): registrations by district, level, status and
year; certificates issued per examination session; registrations expiring within N days.

Each report is one aggregated query over ``restrict(user, "view")`` (``"export"`` for the
XLSX), so an official sees the numbers of their own scope only. ``?format=xlsx`` downloads
the same table. The list of people whose registration expires soon is the Registration
list filtered by ``expires_within`` (exportable there, like every list).
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from shegong.areas.models import Area
from shegong.core import audit
from shegong.core.permissions import can_any, restrict
from shegong.core.spreadsheets import xlsx_row

from ..choices import Level, RegistrationStatus
from ..models import Certificate, Registration

EXPIRING_DEFAULT_DAYS = 90


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _districts() -> list[tuple[str, str]]:
    """(path, name) of every district, longest paths first for prefix matching."""
    rows = Area.objects.filter(level="district").values_list("path", "name")
    return sorted(rows, key=lambda r: -len(r[0]))


def _district_of(path: str, districts: list[tuple[str, str]]) -> str:
    for prefix, name in districts:
        if path and path.startswith(prefix):
            return name
    return _("(no district)")


def registrations_by_district(queryset) -> list[list]:
    """Rows [district, level, status, year, count], one aggregated query (plus the districts)."""
    rows = (
        queryset.order_by()
        .values("person__area__path", "level", "status", year=ExtractYear("valid_from"))
        .annotate(n=Count("id"))
    )
    districts = _districts()
    totals: dict[tuple, int] = defaultdict(int)
    for row in rows:
        district = _district_of(row["person__area__path"], districts)
        totals[(district, row["level"], row["status"], row["year"])] += row["n"]
    return [
        [district, _label(Level, level), _label(RegistrationStatus, status), year, n]
        for (district, level, status, year), n in sorted(
            totals.items(), key=lambda i: (i[0][0], i[0][3] or 0, i[0][1], i[0][2])
        )
    ]


def certificates_by_session(queryset) -> list[list]:
    """Rows [year, level, count] of certificates issued per examination session."""
    rows = (
        queryset.order_by()
        .values("exam_result__session__year", "exam_result__session__level")
        .annotate(n=Count("id"))
        .order_by("-exam_result__session__year", "exam_result__session__level")
    )
    return [
        [
            r["exam_result__session__year"] or _("(no session)"),
            _label(Level, r["exam_result__session__level"])
            if r["exam_result__session__level"]
            else "",
            r["n"],
        ]
        for r in rows
    ]


def expiring_by_district(queryset, days: int) -> list[list]:
    """Rows [district, level, count] of live registrations that expire within ``days``."""
    today = timezone.localdate()
    rows = (
        queryset.filter(
            status=RegistrationStatus.REGISTERED,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=days),
        )
        .order_by()
        .values("person__area__path", "level")
        .annotate(n=Count("id"))
    )
    districts = _districts()
    totals: dict[tuple, int] = defaultdict(int)
    for row in rows:
        totals[(_district_of(row["person__area__path"], districts), row["level"])] += row["n"]
    return [[d, _label(Level, level), n] for (d, level), n in sorted(totals.items())]


def _xlsx(name: str, header: list, rows: list[list]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append(xlsx_row(sheet, [str(h) for h in header]))
    for row in rows:
        sheet.append(xlsx_row(sheet, [v if isinstance(v, int) else str(v) for v in row]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="report-{stamp}.xlsx"'
    return response


def _report(request, model, build, title, header, params=None, extra=None):
    """Check permissions, build the rows over the user's scope, answer HTML or XLSX."""
    user = request.user
    export = request.GET.get("format") == "xlsx"
    action = "export" if export else "view"
    if not can_any(user, action, model):
        raise PermissionDenied
    rows = build(restrict(model._default_manager.all(), user, action))
    if export:
        audit.record_export(user, model, len(rows), {"report": title, **(params or {})})
        return _xlsx(title, header, rows)
    context = {
        "title": title,
        "header": header,
        "rows": rows,
        "total": sum(r[-1] for r in rows),
        "can_export": can_any(user, "export", model),
        "reports": report_links(),
        **(extra or {}),
    }
    return render(request, "registry/report.html", context)


def report_links() -> list[tuple[str, str]]:
    return [
        (
            _("Registrations by district, level, status and year"),
            reverse("registry:report_registrations"),
        ),
        (_("Certificates issued per examination session"), reverse("registry:report_certificates")),
        (_("Registrations expiring soon"), reverse("registry:report_expiring")),
    ]


@login_required
def registrations_report(request):
    return _report(
        request,
        Registration,
        registrations_by_district,
        _("Registrations by district, level, status and year"),
        [
            _("District"),
            pgettext("qualification", "Level"),
            _("Status"),
            _("Year registered"),
            _("Registrations"),
        ],
    )


@login_required
def certificates_report(request):
    return _report(
        request,
        Certificate,
        certificates_by_session,
        _("Certificates issued per examination session"),
        [_("Exam year"), pgettext("qualification", "Level"), _("Certificates")],
    )


@login_required
def expiring_report(request):
    try:
        days = max(0, min(int(request.GET.get("days", EXPIRING_DEFAULT_DAYS)), 3650))
    except ValueError:
        days = EXPIRING_DEFAULT_DAYS
    list_url = reverse("registry:registration_list") + f"?expires_within={days}"
    return _report(
        request,
        Registration,
        lambda qs: expiring_by_district(qs, days),
        _("Registrations expiring within %(days)d days") % {"days": days},
        [_("District"), pgettext("qualification", "Level"), _("Registrations")],
        params={"days": days},
        extra={"days": days, "list_url": list_url, "expiring": True},
    )


urlpatterns = [
    path("reports/", registrations_report, name="reports"),
    path("reports/registrations/", registrations_report, name="report_registrations"),
    path("reports/certificates/", certificates_report, name="report_certificates"),
    path("reports/expiring/", expiring_report, name="report_expiring"),
]
