"""Education pages: generic lists, details and forms for every record (writes through
``services``), the workflow buttons (approve or refuse a claim, end a supervision), the
attendance import (upload → preview → confirm; large files in the background), the
compliance list (EDU-2) with its CSV export, and the training plan (EDU-1)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.areas.models import Area
from shegong.core import audit
from shegong.core.forms import confirm_form
from shegong.core.permissions import can_any, restrict
from shegong.core.spreadsheets import csv_writer
from shegong.core.views import RecordActionView, RecordCreateView, RecordDetailView
from shegong.core.views.imports import ImportPage, list_of_batch
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from . import imports, rules, services
from . import years as cpd_year
from .choices import RuleBasis
from .forms import ComplianceForm, CpdClaimForm, DecisionForm, EndSupervisionForm, UploadForm
from .models import CpdRecord, CpdRule, Supervision, TrainingTarget

# --- Claims and decisions ---------------------------------------------------------------------


class CpdClaimView(RecordCreateView):
    form_class = CpdClaimForm
    create_service = staticmethod(services.create_cpd_record)

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("person")
        if pk and pk.isdigit():
            initial["person"] = pk
        return initial


class CpdRecordDetailView(RecordDetailView):
    pass


class ApproveView(RecordActionView):
    model = CpdRecord
    transition = "approve"
    form_class = DecisionForm
    title = gettext_lazy("Approve the claim")
    submit_label = gettext_lazy("Approve")
    success_message = gettext_lazy("Approved: %(name)s")

    def perform(self, form):
        return services.approve(self.request.user, self.object, form.cleaned_data["reason"])


class RefuseView(ApproveView):
    transition = "refuse"
    title = gettext_lazy("Refuse the claim")
    submit_label = gettext_lazy("Refuse")
    success_message = gettext_lazy("Refused: %(name)s")

    def perform(self, form):
        return services.refuse(self.request.user, self.object, form.cleaned_data["reason"])


class WithdrawView(ApproveView):
    """The claimant (the person, their organisation's administrator) takes back a claim."""

    action = "withdraw"
    transition = ""
    title = gettext_lazy("Withdraw the claim")
    submit_label = gettext_lazy("Withdraw")
    success_message = gettext_lazy("Withdrawn: %(name)s")

    def perform(self, form):
        return services.withdraw(self.request.user, self.object, form.cleaned_data["reason"])


class RevokeView(ApproveView):
    transition = ""  # not a decision on a request (see ``services.revoke``)
    title = gettext_lazy("Withdraw the approval")
    submit_label = gettext_lazy("Withdraw the approval")
    success_message = gettext_lazy("Approval withdrawn: %(name)s")

    def perform(self, form):
        return services.revoke(self.request.user, self.object, form.cleaned_data["reason"])

    def notes(self):
        return [_("The record stops counting from now on; a renewal already granted stands.")]


class EndSupervisionView(RecordActionView):
    model = Supervision
    form_class = EndSupervisionForm
    title = gettext_lazy("End the supervision")
    submit_label = gettext_lazy("End the supervision")

    def get_initial(self):
        return {"ends_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.end_supervision(
            self.request.user, self.object, data["ends_on"], data["reason"]
        )


# --- The attendance import ---------------------------------------------------------------------

SESSION_KEY = "education.attendance_import"


ConfirmForm = confirm_form()


#: EDU-4: upload → preview (dry run) → confirm → import (inline, or a background job).
IMPORT_PAGE = ImportPage.of(
    imports.ATTENDANCE_IMPORT,
    session_key=SESSION_KEY,
    template="education/import.html",
    title=gettext_lazy("Import attendance"),
    url_name="education:cpdrecord_import",
    upload_form=UploadForm,
    confirm_form=ConfirmForm,
    done=list_of_batch(
        "education:cpdrecord_list",
        lambda report: _("Recorded %(count)d attendances.") % {"count": report.created},
    ),
)
import_attendance = IMPORT_PAGE.as_view()


# --- Compliance (EDU-2) ------------------------------------------------------------------------


def compliance_rows(request):
    """The compliance query for the page's filters, restricted to the people the user sees."""
    user = request.user
    form = ComplianceForm(request.GET or None)
    form.fields["rule"].queryset = CpdRule.objects.filter(is_active=True)
    form.fields["area"].queryset = restrict(
        Area.objects.filter(level__in=["city", "district"]), user
    )
    form.fields["organisation"].queryset = restrict(Organisation.objects.all(), user)
    today = timezone.localdate()
    this_year = cpd_year.year_of(today)
    in_force = rules.rules_in_force(this_year)
    rule, year, area, organisation = (in_force[0] if in_force else None), this_year, None, None
    if form.is_valid():
        rule = form.cleaned_data["rule"] or rule
        year = form.cleaned_data["year"] or year
        area = form.cleaned_data["area"]
        organisation = form.cleaned_data["organisation"]
    if rule is None:
        return form, None, None, Person.objects.none()
    window = rules.Window(year=year) if rule.basis == RuleBasis.YEAR else rules.Window(on=today)
    people = restrict(Person.objects.all(), user)
    rows = rules.compliance(rule, window, people, area=area, organisation=organisation)
    return form, rule, window, rows


@login_required
def compliance(request):
    """Everyone short of a rule, by district and organisation; ``?format=csv`` exports."""
    user = request.user
    if not can_any(user, "export", CpdRecord):
        raise PermissionDenied
    form, rule, window, rows = compliance_rows(request)
    if request.GET.get("format") == "csv":
        return _compliance_csv(request, window, rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    ids = [r["pk"] for r in page.object_list]
    organisations = rules.organisations_of(ids)
    levels = rules.levels_of(ids, rules.window_end(window))
    shown = [
        {**r, "organisation": organisations.get(r["pk"], ""), "level": levels.get(r["pk"], "")}
        for r in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "education/compliance.html",
        {
            "title": _("Continuing-education compliance"),
            "form": form,
            "rule": rule,
            "window": window,
            "page": page,
            "rows": shown,
            "querystring": query.urlencode(),
        },
    )


def _compliance_csv(request, window, rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            _("person"),
            _("district"),
            _("organisation"),
            _("level"),
            _("credited"),
            _("required"),
            _("missing"),
        ]
    )
    rows = list(rows)
    organisations = rules.organisations_of([r["pk"] for r in rows])
    levels = rules.levels_of([r["pk"] for r in rows], rules.window_end(window)) if window else {}
    for r in rows:
        writer.writerow(
            [
                r["name"],
                r["area__name"] or "",
                organisations.get(r["pk"], ""),
                levels.get(r["pk"], ""),
                rules.number(r["credited"]),
                rules.number(r["required"]),
                rules.number(r["missing"]),
            ]
        )
    audit.record_export(
        request.user, CpdRecord, len(rows), {"q": request.GET.urlencode(), "format": "csv"}
    )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="cpd-compliance-{stamp}.csv"'
    return response


# --- Training plan (EDU-1) ---------------------------------------------------------------------


@login_required
def training_plan(request):
    """Targets per year, level and field with what was done next to them."""
    if not can_any(request.user, "view", TrainingTarget):
        raise PermissionDenied
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    rows = services.plan(request.user, year)
    return render(
        request,
        "education/training_plan.html",
        {"title": _("Training plan"), "rows": rows, "year": year or ""},
    )
