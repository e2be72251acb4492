"""Workforce pages: lists and details through the generic views, with workflow buttons that
lead to the hire, end-of-employment and plan-completion forms (each calls one service), and
the staffing-gap page. The credential flags and overdue plans are filtered lists
(``?flagged=true``, ``?overdue=true``), so the generic export exports them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shegong.core.jobs import start_job
from shegong.core.permissions import can_any
from shegong.core.views import RecordActionView, RecordDetailView

from .. import services
from ..choices import GapGrouping
from ..forms import CompletionForm, EndForm, GapForm, HireForm
from ..models import ConversionPlan, Employment, Post, ServiceUnit
from ..post_notes import notes_for


class HireView(RecordActionView):
    model = Post
    form_class = HireForm
    title = gettext_lazy("Hire into the post")
    submit_label = gettext_lazy("Hire")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"start": timezone.localdate(), "person": self.request.GET.get("person")}

    def perform(self, form):
        data = form.cleaned_data
        return services.hire(
            self.request.user,
            data["person"],
            self.object,
            data["start"],
            data["kind"],
            reason=data["reason"],
            training_batch=data["training_batch"],
            exam_year=data["exam_year"],
            deadline=data["deadline"],
        )


class EndEmploymentView(RecordActionView):
    model = Employment
    form_class = EndForm
    title = gettext_lazy("End the employment")
    submit_label = gettext_lazy("End the employment")

    def perform(self, form):
        data = form.cleaned_data
        return services.end_employment(
            self.request.user, self.object, data["end"], reason=data["reason"]
        )


class CompletePlanView(RecordActionView):
    model = ConversionPlan
    form_class = CompletionForm
    title = gettext_lazy("Record completion of the plan")
    submit_label = gettext_lazy("Record completion")

    def get_initial(self):
        return {"completed_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.complete_plan(
            self.request.user, self.object, data["completed_on"], reason=data["reason"]
        )


@login_required
@require_POST
def staffing_gap_export(request):
    """POST-1: the staffing gap as an XLSX file, made by a background job."""
    if not can_any(request.user, "view", ServiceUnit):
        raise PermissionDenied
    form = GapForm(request.POST)
    by, on = GapGrouping.DISTRICT, None
    if form.is_valid():
        by = form.cleaned_data["by"] or by
        on = form.cleaned_data["on"]
    params = {"by": by, "on": on.isoformat() if on else None}
    row = start_job("staffing_gap", request.user, params, _("Staffing gap (XLSX)"))
    return redirect("core:job_detail", pk=row.pk)


@login_required
def staffing_gap(request):
    """POST-1: required posts by the standards in force against the posts that exist."""
    if not can_any(request.user, "view", ServiceUnit):
        raise PermissionDenied
    form = GapForm(request.GET or None)
    by, on = GapGrouping.DISTRICT, timezone.localdate()
    if form.is_valid():
        by = form.cleaned_data["by"] or by
        on = form.cleaned_data["on"] or on
    rows = services.staffing_gap(request.user, by=by, on=on)
    totals = {k: sum(r[k] for r in rows) for k in ("required", "posts", "filled", "gap")}
    return render(
        request,
        "workforce/staffing_gap.html",
        {
            "title": _("Staffing gap"),
            "form": form,
            "rows": rows,
            "totals": totals,
            "by_label": GapGrouping(by).label,
            "by": by,
            "on": on,
        },
    )


class PostDetailView(RecordDetailView):
    """A post's page also says who holds it today (vacant or filled)."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        holder = services.current_employment(self.object)
        ctx["rows"].insert(0, (_("held by"), holder.person if holder is not None else _("Vacant")))
        ctx["rows"][1:1] = notes_for(self.request, self.object)  # modules above (post_notes)
        return ctx


class ConversionPlanDetailView(RecordDetailView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.object.is_overdue():
            ctx["rows"].insert(0, (_("overdue"), _("Overdue: the deadline has passed.")))
        return ctx


@login_required
def credential_flags(request):
    """POST-3: the employment list filtered to posts whose holder's registration is no
    longer valid (exportable like any list)."""
    return HttpResponseRedirect(reverse("workforce:employment_list") + "?flagged=true")


@login_required
def overdue_plans(request):
    """POST-3: the conversion plans past their deadline (exportable like any list)."""
    return HttpResponseRedirect(reverse("workforce:conversionplan_list") + "?overdue=true")
