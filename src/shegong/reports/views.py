"""The leadership's pages (GOV-1): the overview (a chart and its table per figure, each with
an XLSX download) and the statistical reports (start one, list the past ones)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shegong.core.jobs import start_job
from shegong.core.models import Job

from . import money, oversight
from .exports import figure_workbook, report_title
from .figures import FIGURES, Scope, may_view
from .forms import MoneyScopeForm, OversightScopeForm, ReportForm, ScopeForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request) -> tuple[ScopeForm, Scope]:
    if not may_view(request.user):
        raise PermissionDenied(_("Only officials and auditors see the statistics."))
    form = ScopeForm(request.GET or None, user=request.user)
    area = form.chosen()
    return form, Scope.of(request.user, area)


@login_required
def overview(request):
    """Every figure of ``figures.FIGURES``: title, chart, table, XLSX download."""
    form, scope = _scope(request)
    shown = []
    for figure in FIGURES.values():
        table = figure.compute(scope)
        shown.append(
            {
                "figure": figure,
                "table": table,
                "chart": table.chart_data(figure.chart),
                "chart_id": f"chart-data-{figure.key}",
            }
        )
    return render(
        request,
        "reports/overview.html",
        {
            "title": _("Statistics overview"),
            "form": form,
            "scope": scope,
            "figures": shown,
        },
    )


@login_required
def figure_xlsx(request, key: str):
    """One figure's table as an XLSX file (the same numbers as the page)."""
    figure = FIGURES.get(key)
    if figure is None:
        raise Http404(_("There is no such figure."))
    _form, scope = _scope(request)
    response = HttpResponse(figure_workbook(figure, scope), content_type=XLSX)
    name = f"{key}-{scope.area.code}-{scope.on.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def reports(request):
    """Start a monthly or annual report (an XLSX and a PDF job); the past reports below."""
    if not may_view(request.user):
        raise PermissionDenied(_("Only officials and auditors see the statistics."))
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        month = data["month"] if data["period"] == ReportForm.MONTHLY else None
        scope = Scope.for_period(request.user, data["area"], data["year"], month)
        title = report_title(scope, month)
        params = {"area": data["area"].pk, "year": data["year"], "month": month}
        for kind, label in (("xlsx", "XLSX"), ("pdf", "PDF")):
            start_job(
                "statistics_report",
                request.user,
                {**params, "format": kind},
                f"{title} ({label})",
            )
        return redirect("reports:reports")
    jobs = Job.objects.filter(kind="statistics_report", created_by=request.user)[:50]
    return render(
        request,
        "reports/reports.html",
        {
            "title": _("Statistical reports"),
            "form": form,
            "jobs": jobs,
            "making": any(not job.finished for job in jobs),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _money_scope(request, data) -> tuple[MoneyScopeForm, money.Scope]:
    if not money.may_view(request.user):
        raise PermissionDenied(_("Only the officials who keep the money see this dashboard."))
    form = MoneyScopeForm(data or None, user=request.user)
    area = form.chosen()
    if area is None:
        raise PermissionDenied(_("Only the officials who keep the money see this dashboard."))
    return form, money.Scope(request.user, area, form.chosen_year())


@login_required
def money_dashboard(request):
    """Issue 14 (FIN-2, FIN-4, GOV-1): the purchased-services dashboard of the city or a
    district, for a year; each figure links to its records, each table is an XLSX download."""
    form, scope = _money_scope(request, request.GET)
    return render(
        request,
        "reports/money.html",
        {
            "title": _("Purchased services dashboard"),
            "form": form,
            "scope": scope,
            "tables": money.dashboard(scope),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def money_export(request, key: str):
    """One table of the dashboard as XLSX, made by a background job (progress, download)."""
    if key not in money.TABLES:
        raise Http404(_("There is no such table."))
    form, scope = _money_scope(request, request.POST)
    if not form.is_valid():  # another district, a year out of range: said on the page, no job
        context = {
            "title": _("Purchased services dashboard"),
            "form": form,
            "scope": scope,
            "tables": money.dashboard(scope),
        }
        return render(request, "reports/money.html", context, status=400)
    params = {"table": key, "area": scope.area.pk, "year": scope.year}
    title = _("Purchased services dashboard: %(area)s, %(year)s (XLSX)") % {
        "area": scope.area.name,
        "year": scope.year,
    }
    row = start_job("money_table", request.user, params, title)
    return redirect("core:job_detail", pk=row.pk)


def _oversight_scope(request, data) -> tuple[OversightScopeForm, oversight.Scope]:
    if not oversight.may_view(request.user):
        raise PermissionDenied(_("Only officials and auditors see the oversight dashboard."))
    form = OversightScopeForm(data or None, user=request.user)
    area = form.chosen()
    if area is None:
        raise PermissionDenied(_("Only officials and auditors see the oversight dashboard."))
    scope = oversight.Scope(
        request.user, area, form.chosen_year(), service_field=form.chosen_field()
    )
    return form, scope


def _oversight_page(request, form, scope):
    return render(
        request,
        "reports/oversight.html",
        {
            "title": _("Oversight dashboard"),
            "form": form,
            "scope": scope,
            "tables": oversight.dashboard(scope),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def oversight_dashboard(request):
    """Issue 15, point 7 (FIN-5, ORG-3, ORG-5): the oversight dashboard of the city or a
    district, for a year; each figure links to its records, each table is an XLSX download."""
    form, scope = _oversight_scope(request, request.GET)
    return _oversight_page(request, form, scope)


@login_required
@require_POST
def oversight_export(request, key: str):
    """One table of the oversight dashboard as XLSX, made by a background job."""
    if key not in oversight.TABLES:
        raise Http404(_("There is no such table."))
    form, scope = _oversight_scope(request, request.POST)
    if not form.is_valid():  # another district, a year out of range: said on the page, no job
        return _oversight_page(request, form, scope)
    params = {"table": key, "area": scope.area.pk, "year": scope.year, "field": scope.field_pk}
    title = _("Oversight dashboard: %(area)s, %(year)s (XLSX)") % {
        "area": scope.area.name,
        "year": scope.year,
    }
    row = start_job("oversight_table", request.user, params, title)
    return redirect("core:job_detail", pk=row.pk)
