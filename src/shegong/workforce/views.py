"""Workforce pages: lists and details through the generic views, with workflow buttons that
lead to the hire, end-of-employment and plan-completion forms (each calls one service), and
the staffing-gap page. The credential flags and overdue plans are filtered lists
(``?flagged=true``, ``?overdue=true``), so the generic export exports them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from shegong.core.permissions import can, can_any
from shegong.core.views import RecordDetailView
from shegong.core.views.generic import apply_validation_error, get_restricted_or_404

from . import services
from .choices import GapGrouping
from .forms import CompletionForm, EndForm, GapForm, HireForm
from .models import ConversionPlan, Employment, Post, ServiceUnit


class ActionView(LoginRequiredMixin, generic.FormView):
    """A form about one record that calls one service function (``perform``): 404 when the
    record is out of the user's view, 403 when they see it but may not ``action`` it."""

    model = None
    action = "change"
    template_name = "workforce/action_form.html"
    title = ""
    submit_label = gettext_lazy("Save")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            obj = get_restricted_or_404(self.model, request.user, "view", kwargs["pk"])
            if not can(request.user, self.action, obj):
                raise PermissionDenied
            self.object = obj
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=self.title,
            object=self.object,
            submit_label=self.submit_label,
            back_url=self.object.get_absolute_url(),
        )
        return ctx

    def form_valid(self, form):
        try:
            result = self.perform(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not make this change."))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s") % {"name": result})
        return HttpResponseRedirect(result.get_absolute_url())

    def perform(self, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class HireView(ActionView):
    model = Post
    form_class = HireForm
    title = gettext_lazy("Hire into the post")
    submit_label = gettext_lazy("Hire")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"start": timezone.localdate(), "person": self.request.GET.get("person")}

    def perform(self, data):
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


class EndEmploymentView(ActionView):
    model = Employment
    form_class = EndForm
    title = gettext_lazy("End the employment")
    submit_label = gettext_lazy("End the employment")

    def perform(self, data):
        return services.end_employment(
            self.request.user, self.object, data["end"], reason=data["reason"]
        )


class CompletePlanView(ActionView):
    model = ConversionPlan
    form_class = CompletionForm
    title = gettext_lazy("Record completion of the plan")
    submit_label = gettext_lazy("Record completion")

    def get_initial(self):
        return {"completed_on": timezone.localdate()}

    def perform(self, data):
        return services.complete_plan(
            self.request.user, self.object, data["completed_on"], reason=data["reason"]
        )


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
            "on": on,
        },
    )


class PostDetailView(RecordDetailView):
    """A post's page also says who holds it today (vacant or filled)."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        holder = services.current_employment(self.object)
        ctx["rows"].insert(0, (_("held by"), holder.person if holder is not None else _("Vacant")))
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
