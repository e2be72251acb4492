"""Pages of grades, pay, promotion and insurance (PAY-1 to PAY-3): lists and details through
the generic views; the promotion forms (apply, approve, refuse), each calling one function of
``pay.py``; the insurance summary per organisation. The flag pages are filtered lists
(``?below_floor=true``, ``?late=true``, ``?short=true``), so the generic export exports them.
Imports of files: ``views.imports`` (upload pages), the API and the management commands.
Corrections of imported records: the pay correction and the insurance payment forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.permissions import can_any, restrict
from shegong.core.views import RecordActionView, RecordDetailView

from .. import pay
from ..forms import ApplyForm, ApproveForm, CorrectPayForm, PaymentForm, RefuseForm, SetGradeForm
from ..models import Employment, InsuranceContribution, PayRecord, PromotionApplication


class ApplyView(RecordActionView):
    """PAY-2: apply for a promotion of an employment (eligibility computed and stored)."""

    model = Employment
    action = "view"
    form_class = ApplyForm
    title = gettext_lazy("Apply for a promotion")
    submit_label = gettext_lazy("Submit the application")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_any(request.user, "add", PromotionApplication):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return pay.submit_promotion(
            self.request.user, self.object, data["to_grade"], reason=data["reason"]
        )


class ApproveView(RecordActionView):
    model = PromotionApplication
    transition = "approve"
    form_class = ApproveForm
    title = gettext_lazy("Approve the promotion")
    submit_label = gettext_lazy("Approve")

    def get_initial(self):
        return {"effective_from": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return pay.approve(
            self.request.user, self.object, data["effective_from"], reason=data["reason"]
        )


class RefuseView(RecordActionView):
    model = PromotionApplication
    transition = "refuse"
    form_class = RefuseForm
    title = gettext_lazy("Refuse the promotion")
    submit_label = gettext_lazy("Refuse")

    def perform(self, form):
        data = form.cleaned_data
        return pay.refuse(self.request.user, self.object, reason=data["reason"])


class PromotionDetailView(RecordDetailView):
    """The application's page lists each eligibility condition, met or not."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        marks = {True: _("met"), False: _("not met"), None: _("not checked")}
        for reason in reversed(self.object.reasons or []):
            ctx["rows"].insert(0, (marks[reason["met"]], reason["message"]))
        return ctx


@login_required
def below_floor(request):
    """PAY-1: pay records below the guidance or the technician pay."""
    return HttpResponseRedirect(reverse("workforce:payrecord_list") + "?below_floor=true")


@login_required
def insurance_by_organisation(request):
    """PAY-3: late and short contributions per organisation, in the viewer's scope."""
    if not can_any(request.user, "view", InsuranceContribution):
        raise PermissionDenied
    visible = restrict(InsuranceContribution.objects.all(), request.user, "view")
    return render(
        request,
        "workforce/insurance_by_organisation.html",
        {
            "title": _("Social insurance by organisation"),
            "rows": pay.insurance_by_organisation(visible),
        },
    )


class CorrectPayView(RecordActionView):
    """PAY-1: correct an imported pay record, with a reason."""

    model = PayRecord
    form_class = CorrectPayForm
    title = gettext_lazy("Correct the pay record")
    submit_label = gettext_lazy("Save the correction")

    def get_initial(self):
        r = self.object
        return {"version": r.version, "base": r.base, "post": r.post, "performance": r.performance}

    def notes(self):
        return [
            _("Stored total %(total)s (import batch %(batch)s).")
            % {"total": self.object.total, "batch": self.object.import_batch or "—"}
        ]

    def perform(self, form):
        data = form.cleaned_data
        return pay.correct_pay(
            self.request.user,
            self.object,
            base=data["base"],
            post=data["post"],
            performance=data["performance"],
            reason=data["reason"],
            expected_version=data["version"],
        )


class RecordPaymentView(RecordActionView):
    """PAY-3: record what was paid of a contribution and when, with a reason."""

    model = InsuranceContribution
    form_class = PaymentForm
    title = gettext_lazy("Record the payment")
    submit_label = gettext_lazy("Save the payment")

    def get_initial(self):
        c = self.object
        return {"version": c.version, "paid_on": c.paid_on, "amount_paid": c.amount_paid}

    def notes(self):
        return [
            _("Amount due %(due)s by %(date)s.")
            % {"due": self.object.amount_due, "date": self.object.due_date}
        ]

    def perform(self, form):
        data = form.cleaned_data
        return pay.record_insurance_payment(
            self.request.user,
            self.object,
            paid_on=data["paid_on"],
            amount_paid=data["amount_paid"],
            reason=data["reason"],
            expected_version=data["version"],
        )


class SetGradeView(RecordActionView):
    """PAY-2: the grade and step an employment holds from a date (placement on hiring, or a
    step increase); moving up the ladder goes through a promotion application."""

    model = Employment
    form_class = SetGradeForm
    title = gettext_lazy("Set the grade and step")
    submit_label = gettext_lazy("Save")

    def get_initial(self):
        return {"valid_from": self.object.start, "step": 1}

    def notes(self):
        current = pay.grade_on(self.object)
        if current is None:
            return [_("No grade recorded yet: pay records cannot be imported until one is.")]
        return [
            _("Now: %(grade)s, step %(step)s, from %(date)s.")
            % {"grade": current.grade, "step": current.step, "date": current.valid_from}
        ]

    def perform(self, form):
        data = form.cleaned_data
        pay.set_grade(
            self.request.user,
            self.object,
            data["grade"],
            data["step"],
            data["valid_from"],
            reason=data["reason"],
        )
        return self.object
