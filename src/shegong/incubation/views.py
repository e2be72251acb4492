"""The incubation pages (ORG-4): generic lists, details and forms; a base's page with its
occupancy today, its places and who holds them, and its outcomes per year; a call's page
with the ranking; the decision, refusal, place, end and milestone forms. Every write goes
through ``incubation.services``."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core import workflow
from shegong.core.permissions import can_any, restrict
from shegong.core.views import RecordActionView, RecordCreateView, RecordDetailView
from shegong.core.views.generic import get_restricted_or_404

from . import queries, services
from .choices import ApplicationStatus
from .forms import DecideForm, EndForm, MeetForm, OccupyForm, ReasonForm, WithdrawForm
from .models import Application, Call, Milestone, Occupancy, Place

#: Rows shown in a section of a record's page (the rest: the list, filtered).
ON_PAGE = 50


def percent(rate) -> str:
    return "—" if rate is None else f"{rate} %"


class BaseDetailView(RecordDetailView):
    """ORG-4: a base, how full it is today, who holds which place, and its outcomes."""

    template_name = "incubation/base_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        base, user, today = self.object, self.request.user, timezone.localdate()
        ctx["today"] = today
        figures = queries.occupancy(base, today)
        ctx["figures"] = [
            (_("Capacity (organisations)"), figures["capacity"]),
            (_("Places held today"), figures["occupied"]),
            (_("Places free today"), figures["free"]),
            (_("Occupancy rate"), percent(figures["rate"])),
        ]
        ctx["holders"] = list(
            restrict(
                Occupancy.objects.filter(queries.held_on(today), place__base=base),
                user,
                "view",
            ).select_related("place", "application__organisation")[:ON_PAGE]
        )
        ctx["outcomes"] = queries.outcomes(base)
        ctx["calls"] = list(restrict(Call.objects.filter(base=base), user, "view")[:ON_PAGE])
        return ctx


class CallDetailView(RecordDetailView):
    """ORG-4: a call and its applications, in the order of their rank once decided."""

    template_name = "incubation/call_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["applications"] = list(
            restrict(Application.objects.filter(call=self.object), self.request.user, "view")
            .select_related("organisation")
            .order_by("rank", "submitted_at", "pk")[:ON_PAGE]
        )
        return ctx


class ApplicationDetailView(RecordDetailView):
    """ORG-4: an application with the points each priority rule gave."""

    template_name = "incubation/application_detail.html"
    detail_fields = (
        "call",
        "organisation",
        "applicant_name",
        "contact_person",
        "contact_phone",
        "contact_email",
        "plan",
        "submitted_at",
        "status",
        "score",
        "rank",
        "decision_reason",
        "decided_on",
    )


class MilestoneCreateView(RecordCreateView):
    """ORG-4: plan a milestone, for the occupancy whose page the user came from."""

    def get_initial(self):
        return {**super().get_initial(), "occupancy": self.request.GET.get("occupancy")}


class OccupancyDetailView(RecordDetailView):
    """ORG-4: an occupancy and its milestones."""

    template_name = "incubation/occupancy_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_plan"] = can_any(self.request.user, "add", Milestone)
        ctx["milestones"] = list(
            restrict(Milestone.objects.filter(occupancy=self.object), self.request.user, "view")[
                :ON_PAGE
            ]
        )
        return ctx


class DecideView(RecordActionView):
    """ORG-4: score, rank and admit the applications of a closed call."""

    model = Call
    action = "decide"
    transition = "decide"
    form_class = DecideForm
    title = gettext_lazy("Decide the call")
    submit_label = gettext_lazy("Score and admit")
    success_message = gettext_lazy("Decided: %(name)s")

    def notes(self):
        notes = []
        if timezone.localdate() <= self.object.closes_on:
            notes.append(
                _("The call closes on %(day)s: decide it from the next day.")
                % {"day": self.object.closes_on.isoformat()}
            )
        return notes + [
            _(
                "Every submitted application is scored by the base's active priority rules; "
                "the higher score is admitted first, on equal scores the earlier submission. "
                "Admitted applicants get a place from %(day)s; the others are refused with "
                "their rank."
            )
            % {"day": self.object.incubation_starts_on.isoformat()}
        ]

    def perform(self, form):
        services.decide_call(
            self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        return self.object


class RefuseView(RecordActionView):
    """ORG-4: refuse one application, with the reasons."""

    model = Application
    action = "decide"
    transition = "refuse"
    form_class = ReasonForm
    title = gettext_lazy("Refuse the application")
    submit_label = gettext_lazy("Refuse")
    success_message = gettext_lazy("Refused: %(name)s")

    def perform(self, form):
        return services.refuse_application(
            self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class WithdrawView(RecordActionView):
    """ORG-4 (issue 15): the applicant organisation's administrator confirms the withdrawal of
    its application before the decision."""

    model = Application
    action = "withdraw"
    form_class = WithdrawForm
    title = gettext_lazy("Withdraw the application")
    submit_label = gettext_lazy("Withdraw the application")
    success_message = gettext_lazy("Withdrawn: %(name)s")

    def get_object(self):
        obj = super().get_object()
        if not services.is_applicants_admin(self.request.user, obj):
            raise PermissionDenied(
                _("Only the administrator of the applicant organisation withdraws it.")
            )
        return obj

    def notes(self):
        return [
            _(
                "A withdrawn application is not ranked or admitted, and cannot be taken back. "
                "While the call is open, the organisation may apply again."
            )
        ]

    def perform(self, form):
        return services.withdraw_application(
            self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class OccupyView(RecordActionView):
    """ORG-4: give an admitted applicant a place of the base."""

    model = Application
    action = "decide"
    form_class = OccupyForm
    title = gettext_lazy("Give a place")
    submit_label = gettext_lazy("Give the place")
    success_message = gettext_lazy("Place given: %(name)s")

    def get_form_kwargs(self):
        places = restrict(
            Place.objects.filter(base_id=self.object.call.base_id, is_active=True),
            self.request.user,
            "view",
        )
        return {**super().get_form_kwargs(), "places": places}

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.occupy(
            self.object, data["place"], data["starts_on"], actor=self.request.user
        )


class EndView(RecordActionView):
    """ORG-4: graduation or exit, with the reasons."""

    model = Occupancy
    form_class = EndForm
    title = gettext_lazy("End the incubation")
    submit_label = gettext_lazy("Record the end")
    success_message = gettext_lazy("Ended: %(name)s")

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.end_occupancy(
            self.object,
            data["outcome"],
            on=data["on"],
            actor=self.request.user,
            reason=data["reason"],
        )


class MeetView(RecordActionView):
    """ORG-4: a milestone met, with the evidence."""

    model = Milestone
    form_class = MeetForm
    title = gettext_lazy("Record the milestone as met")
    submit_label = gettext_lazy("Record")
    success_message = gettext_lazy("Met: %(name)s")

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.meet_milestone(
            self.object,
            on=data["on"],
            evidence=data["evidence"],
            evidence_file=data["evidence_file"],
            actor=self.request.user,
        )


class MilestoneDetailView(RecordDetailView):
    """ORG-4: a milestone, with the link to its evidence file."""

    template_name = "incubation/milestone_detail.html"
    detail_fields = ("occupancy", "title", "due_on", "met_on", "evidence")


@login_required
def milestone_evidence(request, pk):
    """ORG-4 (issue 15): a milestone's evidence file, only for who may see the milestone (the
    base's officials in scope, the applicant's and the operator's administrators); 404 for
    everyone else, as for the milestone itself."""
    milestone = get_restricted_or_404(Milestone, request.user, "view", pk)
    if not milestone.evidence_file:
        raise Http404
    try:
        handle = milestone.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePosixPath(milestone.evidence_file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)


def decidable(call) -> bool:
    return call.decided_on is None and timezone.localdate() > call.closes_on


def waiting(application) -> bool:
    return application.status == ApplicationStatus.SUBMITTED


def may_withdraw(user, application) -> bool:
    """ORG-4: the withdraw button, to the applicant's administrator while it is allowed."""
    return services.is_applicants_admin(user, application) and (
        "withdraw" in workflow.allowed_transitions(user, application)
    )


def admitted_without_place(application) -> bool:
    """ORG-4: admitted and never placed (a graduated or exited applicant is not placed again
    from its old application)."""
    return application.status == ApplicationStatus.ADMITTED and not application.occupancies.exists()
