"""Conduct case pages (REG-4): open a case, then one small form per step, each calling one
function of ``registry.services.conduct``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.permissions import can_any
from shegong.core.views import RecordActionView
from shegong.core.views.generic import apply_validation_error

from ..forms.conduct import AppealDecisionForm, AppealForm, DecideForm, HearingForm, OpenCaseForm
from ..forms.registrations import ReasonForm
from ..models import ConductCase
from ..services import conduct as svc


@login_required
def open_case(request):
    if not can_any(request.user, "add", ConductCase):
        raise PermissionDenied
    form = OpenCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = svc.open_case(request.user, data.pop("person"), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not make this change."))
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return HttpResponseRedirect(case.get_absolute_url())
    return render(
        request,
        "registry/conduct/action_form.html",
        {
            "title": _("Open a conduct case"),
            "form": form,
            "submit_label": _("Open the case"),
        },
    )


class CaseView(RecordActionView):
    model = ConductCase
    template_name = "registry/conduct/action_form.html"

    def notes(self):
        case = self.object
        return [
            _("%(number)s · %(person)s · stage: %(stage)s")
            % {"number": case.number, "person": case.person, "stage": case.get_stage_display()}
        ]


class InvestigateView(CaseView):
    form_class = ReasonForm
    title = gettext_lazy("Start the investigation")
    submit_label = gettext_lazy("Start the investigation")

    def perform(self, form):
        return svc.start_investigation(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


class HearingView(CaseView):
    form_class = HearingForm
    title = gettext_lazy("Set the hearing")
    submit_label = gettext_lazy("Set the hearing and notify the person")

    def perform(self, form):
        return svc.schedule_hearing(self.request.user, self.object, **form.cleaned_data)


class DecideView(CaseView):
    transition = "decide"
    form_class = DecideForm
    title = gettext_lazy("Record the decision")
    submit_label = gettext_lazy("Record the decision")

    def perform(self, form):
        return svc.decide(self.request.user, self.object, **form.cleaned_data)


class AppealView(CaseView):
    form_class = AppealForm
    title = gettext_lazy("Lodge an appeal")
    submit_label = gettext_lazy("Lodge the appeal")

    def notes(self):
        deadline = svc.appeal_deadline(self.object)
        notes = super().notes()
        if deadline:
            notes.append(_("Appeals are accepted until %(date)s.") % {"date": deadline})
        return notes

    def perform(self, form):
        return svc.lodge_appeal(self.request.user, self.object, **form.cleaned_data)


class AppealDecisionView(CaseView):
    transition = "decide_appeal"
    form_class = AppealDecisionForm
    title = gettext_lazy("Decide the appeal")
    submit_label = gettext_lazy("Record the appeal decision")

    def perform(self, form):
        return svc.decide_appeal(self.request.user, self.object, **form.cleaned_data)


class CloseView(CaseView):
    form_class = ReasonForm
    title = gettext_lazy("Close the case")
    submit_label = gettext_lazy("Close the case")

    def perform(self, form):
        return svc.close(self.request.user, self.object, reason=form.cleaned_data["reason"])


urlpatterns = [
    path("conductcases/new/", open_case, name="conductcase_open"),
    path(
        "conductcases/<int:pk>/investigate/",
        InvestigateView.as_view(),
        name="conductcase_investigate",
    ),
    path("conductcases/<int:pk>/hearing/", HearingView.as_view(), name="conductcase_hearing"),
    path("conductcases/<int:pk>/decide/", DecideView.as_view(), name="conductcase_decide"),
    path("conductcases/<int:pk>/appeal/", AppealView.as_view(), name="conductcase_appeal"),
    path(
        "conductcases/<int:pk>/appeal-decision/",
        AppealDecisionView.as_view(),
        name="conductcase_appeal_decision",
    ),
    path("conductcases/<int:pk>/close/", CloseView.as_view(), name="conductcase_close"),
]
