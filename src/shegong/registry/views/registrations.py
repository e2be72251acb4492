"""Registration pages (REG-3, REG-4): apply (self-service, by a registrar on a person's behalf,
and an organisation's batch), the review queue with its decision form, renewal, suspension,
reinstatement and cancellation. Each page is a small form that calls one function of
``registry.services.registrations``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import parameters, workflow
from shegong.core.permissions import grants_of
from shegong.core.roles import Role
from shegong.core.views import RecordActionView
from shegong.core.views.generic import apply_validation_error, get_restricted_or_404
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from ..choices import ApplicationStatus
from ..forms.registrations import (
    BatchApplyForm,
    CancelForm,
    ConductAcceptanceForm,
    DecisionForm,
    OnBehalfApplyForm,
    ReasonForm,
    SuspendForm,
)
from ..models import Registration, RegistrationApplication
from ..services import registrations as svc
from .lists import is_registrar

# --- Applying ------------------------------------------------------------------------------------


def org_admin_organisations(user):
    ids = [g.organisation_id for g in grants_of(user) if g.role == Role.ORG_ADMIN]
    return Organisation.objects.filter(pk__in=ids)


def _apply_on_behalf(request):
    """A registrar (city admin, city officer) applies on behalf of a person in their scope."""
    initial = {"person": request.GET.get("person")} if request.GET.get("person") else None
    form = OnBehalfApplyForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data["person"]
        reason = _(
            "Application by the registering authority on behalf of %(person)s; the applicant's "
            "signed acceptance of the code of conduct, version %(version)s, was confirmed: "
            "%(signed)s"
        ) % {
            "person": person,
            "version": data["code_of_conduct"].version,
            "signed": data["signed_acceptance"],
        }
        try:
            application = svc.apply(
                request.user,
                person,
                code_of_conduct=data["code_of_conduct"],
                accepted=data["accept_code_of_conduct"],
                reason=reason,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not apply for this person."))
        else:
            messages.success(
                request, _("The application for %(person)s was submitted.") % {"person": person}
            )
            return HttpResponseRedirect(application.get_absolute_url())
    return render(
        request,
        "registry/registrations/apply.html",
        {
            "title": _("Apply for registration on a person's behalf"),
            "form": form,
            "person": None,
            "on_behalf": True,
            "code": form.code,
        },
    )


@login_required
def apply(request):
    """Self-service: the signed-in person applies for their own first registration. A
    registrar gets the form to apply on a person's behalf instead."""
    if is_registrar(request.user):
        return _apply_on_behalf(request)
    person = Person.objects.filter(user=request.user).first()
    form = ConductAcceptanceForm(request.POST or None)
    if person is not None and request.method == "POST" and form.is_valid():
        try:
            application = svc.apply(
                request.user,
                person,
                code_of_conduct=form.cleaned_data["code_of_conduct"],
                accepted=form.cleaned_data["accept_code_of_conduct"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your application was submitted."))
            return HttpResponseRedirect(application.get_absolute_url())
    return render(
        request,
        "registry/registrations/apply.html",
        {"title": _("Apply for registration"), "form": form, "person": person, "code": form.code},
    )


@login_required
def apply_batch(request):
    """An organisation's administrator applies for several of its staff at once."""
    organisations = org_admin_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(
            _(
                "Only an organisation's administrator may apply for the registration of its "
                "staff. To apply for yourself, use “Apply to register”."
            )
        )
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if organisations.count() == 1:  # the only choice: not asked
            data.setdefault("organisation", str(organisations.first().pk))
    form = BatchApplyForm(data, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            created = svc.apply_batch(
                request.user,
                form.cleaned_data["organisation"],
                form.cleaned_data["people"],
                code_of_conduct=form.cleaned_data["code_of_conduct"],
                accepted=form.cleaned_data["accept_code_of_conduct"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(n)d application(s) submitted.") % {"n": len(created)})
            return HttpResponseRedirect(reverse("registry:registrationapplication_list"))
    return render(
        request,
        "registry/registrations/apply.html",
        {
            "title": _("Apply for registration of staff"),
            "form": form,
            "person": None,
            "batch": True,
            "code": form.code,
        },
    )


# --- Review and decision -------------------------------------------------------------------------


@login_required
def review(request):
    """Applications waiting for a decision that the user may decide, oldest first."""
    queryset = svc.decidable(
        request.user,
        RegistrationApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("person", "organisation", "certificate__exam_result__session")
        .order_by("submitted_at"),
    )
    with parameters.memoised():  # the rules' parameters read once, not once per row
        rows = [
            {
                "application": a,
                "overdue": svc.is_overdue(a),
                "warning": svc.late_first_registration_warning(a),
            }
            for a in queryset[:500]
        ]
    return render(
        request,
        "registry/registrations/review.html",
        {"title": _("Applications to decide"), "rows": rows},
    )


class DecideView(RecordActionView):
    model = RegistrationApplication
    action = None
    form_class = DecisionForm
    title = gettext_lazy("Decide the application")
    submit_label = gettext_lazy("Record the decision")

    def get_object(self):
        if not hasattr(self, "_object"):
            user = self.request.user
            self._object = get_restricted_or_404(
                RegistrationApplication, user, "view", self.kwargs["pk"]
            )
            # Seen but not the registrar's to decide (e.g. one's own application): a 403 that
            # says who decides, not a 404 (issue 12, defect 2).
            if not svc.in_registrar_scope(user).filter(pk=self._object.pk).exists():
                raise PermissionDenied(
                    _(
                        "Only the registering authority may decide this application: the city "
                        "authority, or a city officer it has delegated for the person's district."
                    )
                )
            # One's own application, or one filed oneself: 403 with the reason.
            workflow.guard(self.request.user, self._object, "approve")
        return self._object

    def notes(self):
        a = self.object
        notes = [
            _("%(person)s · %(kind)s · certificate %(certificate)s (%(level)s) · %(status)s")
            % {
                "person": a.person,
                "kind": a.get_kind_display(),
                "certificate": a.certificate,
                "level": a.certificate.get_level_display(),
                "status": a.get_status_display(),
            },
            _("Code of conduct version %(version)s accepted at %(at)s.")
            % {"version": a.code_of_conduct.version, "at": a.conduct_accepted_at},
        ]
        if svc.is_overdue(a):
            notes.append(_("Overdue: waiting longer than the decision period."))
        warning = svc.late_first_registration_warning(a)
        if warning:
            notes.append(warning)
        return notes

    def perform(self, form):
        data = form.cleaned_data
        if data["decision"] == "approve":
            svc.approve(self.request.user, self.object, reason=data["reasons"])
        else:
            svc.refuse(self.request.user, self.object, reasons=data["reasons"])
        self.object.refresh_from_db()
        return self.object


class WithdrawView(RecordActionView):
    model = RegistrationApplication
    form_class = ReasonForm
    title = gettext_lazy("Withdraw the application")
    submit_label = gettext_lazy("Withdraw")

    def perform(self, form):
        return svc.withdraw(self.request.user, self.object, reason=form.cleaned_data["reason"])


# --- Renewal, suspension, reinstatement, cancellation --------------------------------------------


class RenewView(RecordActionView):
    model = Registration
    action = None  # the person, their organisation or a registrar; the service checks
    form_class = ConductAcceptanceForm
    template_name = "registry/registrations/apply.html"
    title = gettext_lazy("Apply for renewal")
    submit_label = gettext_lazy("Apply for renewal")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["code"] = ctx["form"].code
        ctx["person"] = self.object.person
        return ctx

    def notes(self):
        problems = svc.renewal_problems(self.object)
        return problems or [
            _("The renewal window is open until %(until)s.") % {"until": self.object.valid_until}
        ]

    def perform(self, form):
        person = self.object.person
        acting_for = org_admin_organisations(self.request.user).filter(pk=person.organisation_id)
        return svc.apply_renewal(
            self.request.user,
            self.object,
            code_of_conduct=form.cleaned_data["code_of_conduct"],
            accepted=form.cleaned_data["accept_code_of_conduct"],
            organisation=acting_for.first(),
        )


class SuspendView(RecordActionView):
    model = Registration
    form_class = SuspendForm
    title = gettext_lazy("Suspend the registration")
    submit_label = gettext_lazy("Suspend")

    def perform(self, form):
        return svc.suspend(self.request.user, self.object, **form.cleaned_data)


class ReinstateView(RecordActionView):
    model = Registration
    form_class = ReasonForm
    title = gettext_lazy("Lift the suspension")
    submit_label = gettext_lazy("Reinstate")

    def perform(self, form):
        return svc.reinstate(self.request.user, self.object, reason=form.cleaned_data["reason"])


class CancelView(RecordActionView):
    model = Registration
    form_class = CancelForm
    title = gettext_lazy("Cancel the registration")
    submit_label = gettext_lazy("Cancel the registration")

    def perform(self, form):
        return svc.cancel(self.request.user, self.object, **form.cleaned_data)


urlpatterns = [
    path("registrations/apply/", apply, name="registration_apply"),
    path("registrations/apply/batch/", apply_batch, name="registration_apply_batch"),
    path("registrations/review/", review, name="registration_review"),
    path(
        "registrationapplications/<int:pk>/decide/",
        DecideView.as_view(),
        name="registrationapplication_decide",
    ),
    path(
        "registrationapplications/<int:pk>/withdraw/",
        WithdrawView.as_view(),
        name="registrationapplication_withdraw",
    ),
    path("registrations/<int:pk>/renew/", RenewView.as_view(), name="registration_renew"),
    path("registrations/<int:pk>/suspend/", SuspendView.as_view(), name="registration_suspend"),
    path(
        "registrations/<int:pk>/reinstate/", ReinstateView.as_view(), name="registration_reinstate"
    ),
    path("registrations/<int:pk>/cancel/", CancelView.as_view(), name="registration_cancel"),
]
