"""The ORG-5 pages: generic lists and details of inspections, findings, cases, decisions,
sanctions, appeals and disciplinary measures; forms that create a record from its parent
(``?inspection=``, ``?finding=``, ``?decision=``); the acts, each one service call:
complete an inspection, add investigation notes, close or decide a case, record a
rectification, decide an appeal. Every write goes through ``inspections.services``."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.permissions import can, grants_of, restrict
from shegong.core.roles import Role
from shegong.core.views import RecordActionView, RecordCreateView, RecordDetailView
from shegong.organisations.choices import OrganisationKind
from shegong.organisations.models import Organisation

from . import rules, services
from .choices import AppealOutcome
from .forms import (
    AppealDecisionForm,
    CompleteForm,
    DecideForm,
    NotesForm,
    ReasonRequiredForm,
    RectifyForm,
)
from .models import Appeal, Case, Decision, Inspection, Sanction


class FromParentCreateView(RecordCreateView):
    """A record made from its parent named in the query (``parent``: the field, e.g.
    ``?decision=12``); back to the parent's page when saved. Also fills ``copies``: fields
    copied from the parent (a case's organisation from its finding)."""

    parent = ""
    copies: dict[str, str] = {}

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get(self.parent)
        if pk and pk.isdigit():
            initial[self.parent] = pk
            model = self.model._meta.get_field(self.parent).related_model
            found = restrict(model.objects.filter(pk=pk), self.request.user).first()
            for name, source in self.copies.items():
                if found is not None:
                    initial[name] = getattr(found, source)
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)
        parent = getattr(getattr(self, "object", None), self.parent, None)
        if isinstance(response, HttpResponseRedirect) and parent is not None:
            return HttpResponseRedirect(parent.get_absolute_url())
        return response


class DisciplineCreateView(RecordCreateView):
    """ORG-5 (self-regulation): an association's administrator finds its association filled
    in."""

    def get_initial(self):
        initial = super().get_initial()
        mine = [g.organisation_id for g in grants_of(self.request.user) if g.organisation_id]
        found = Organisation.objects.filter(pk__in=mine, kind=OrganisationKind.ASSOCIATION)
        if len(found) == 1:
            initial["association"] = found[0].pk
        return initial


class InspectionDetailView(RecordDetailView):
    template_name = "inspections/inspection_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        ctx["findings"] = restrict(obj.findings.all(), user)
        ctx["may_add_finding"] = can(user, "change", obj) or services._is_inspector(user, obj)
        ctx["may_open_case"] = can(user, "change", obj)
        return ctx


class CaseDetailView(RecordDetailView):
    template_name = "inspections/case_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["decision"] = restrict(
            Decision.objects.filter(case=self.object), self.request.user
        ).first()
        return ctx


class DecisionDetailView(RecordDetailView):
    template_name = "inspections/decision_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        today = timezone.localdate()
        sanctions = list(restrict(obj.sanctions.select_related("buyer"), user))
        for s in sanctions:
            s.now_in_force = rules.in_force(s, today)
            s.now_overdue = rules.is_overdue(s, today)
        ctx.update(
            sanctions=sanctions,
            appeals=restrict(obj.appeals.all(), user),
            may_add_sanction=can(user, "change", obj),
            may_appeal=_may_lodge(user, obj)
            and not obj.appeals.exclude(outcome=AppealOutcome.DISMISSED).exists(),
        )
        return ctx


def _may_lodge(user, decision) -> bool:
    """ORG-5: authority officers of the organisation's area and its own administrator lodge an
    appeal (``Appeal.access``); the service checks it again on the new row."""
    if can(user, "change", decision):
        return True
    return any(
        g.role == Role.ORG_ADMIN and g.organisation_id == decision.organisation_id
        for g in grants_of(user)
    )


class SanctionDetailView(RecordDetailView):
    template_name = "inspections/sanction_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        ctx["in_force"] = rules.in_force(self.object, today)
        ctx["overdue"] = rules.is_overdue(self.object, today)
        return ctx


class CompleteView(RecordActionView):
    """ORG-5: the inspection done (an authority officer or one of its inspectors)."""

    model = Inspection
    action = "view"
    form_class = CompleteForm
    title = gettext_lazy("Complete the inspection")
    submit_label = gettext_lazy("Record as done")
    success_message = gettext_lazy("Inspection done: %(name)s")

    def get_initial(self):
        return {"done_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.complete_inspection(
            self.request.user, self.object, data["summary"], on=data["done_on"]
        )


class NotesView(RecordActionView):
    model = Case
    form_class = NotesForm
    title = gettext_lazy("Add investigation notes")
    success_message = gettext_lazy("Notes added: %(name)s")

    def perform(self, form):
        return services.record_investigation(
            self.request.user, self.object, form.cleaned_data["notes"]
        )


class CloseCaseView(RecordActionView):
    model = Case
    form_class = ReasonRequiredForm
    title = gettext_lazy("Close the case without a sanction")
    submit_label = gettext_lazy("Close the case")
    success_message = gettext_lazy("Case closed: %(name)s")

    def perform(self, form):
        return services.close_case(self.request.user, self.object, form.cleaned_data["reason"])


class DecideView(RecordActionView):
    model = Case
    transition = "decide"
    form_class = DecideForm
    title = gettext_lazy("Decide the case")
    submit_label = gettext_lazy("Save the decision")
    success_message = gettext_lazy("Decision saved: %(name)s")

    def get_initial(self):
        return {"decided_on": timezone.localdate()}

    def notes(self):
        return [_("Add the sanctions on the decision's page once it is saved.")]

    def perform(self, form):
        data = form.cleaned_data
        return services.decide(
            self.request.user,
            self.object,
            number=data["number"],
            decided_on=data["decided_on"],
            grounds=data["grounds"],
        )


class RectifyView(RecordActionView):
    model = Sanction
    form_class = RectifyForm
    title = gettext_lazy("Record the rectification")
    success_message = gettext_lazy("Rectification recorded: %(name)s")

    def get_initial(self):
        return {"rectified_on": timezone.localdate()}

    def notes(self):
        s = self.object
        return [_("Required: %(text)s") % {"text": s.requirement}] if s.requirement else []

    def perform(self, form):
        data = form.cleaned_data
        return services.record_rectification(
            self.request.user, self.object, data["rectified_on"], data["evidence"]
        )


class DecideAppealView(RecordActionView):
    model = Appeal
    #: Separation of duties (``Appeal.workflow``): both outcomes have the same parties.
    transition = "uphold"
    form_class = AppealDecisionForm
    title = gettext_lazy("Decide the appeal")
    success_message = gettext_lazy("Appeal decided: %(name)s")

    def get_initial(self):
        return {"decided_on": timezone.localdate()}

    def notes(self):
        return [
            _(
                "Upheld: every sanction of the decision is lifted from that day, bars from "
                "tenders too."
            )
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.decide_appeal(
            self.request.user, self.object, data["outcome"], data["reason"], on=data["decided_on"]
        )
