"""The oversight pages (FIN-5): generic lists and details, and the forms that call
``oversight.services``: open and fill a self-assessment, schedule and submit statistics
returns, draw the year's visit sample, plan and record visits, plan evaluations, score or
recuse, rate; and the dashboard of the visits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from shegong.core import parameters
from shegong.core.permissions import can, can_any, restrict
from shegong.core.views import RecordActionView, RecordDetailView
from shegong.core.views.generic import apply_validation_error

from . import queries, rules, services
from .choices import AssessmentStatus, EvaluationStatus, Rating
from .forms import (
    AssessForm,
    ContractChoiceForm,
    DrawForm,
    OpenSelfAssessmentForm,
    RateForm,
    ReasonForm,
    RecordVisitForm,
    RecusalForm,
    ReturnForm,
    ScoreForm,
    YearForm,
)
from .models import (
    Evaluation,
    EvaluatorAssignment,
    SelfAssessment,
    SelfAssessmentItem,
    StatisticsReturn,
    Visit,
    VisitDraw,
)
from .parameters import FINAL_MONTHS_BEFORE_END, PASS_RATING, RATING_BANDS, VISIT_SHARE


class ServicePageView(LoginRequiredMixin, generic.FormView):
    """A form that is about no one record yet (open, schedule, draw): the user needs ``add`` on
    ``model`` somewhere; ``perform`` calls the service and returns the record to show."""

    template_name = "core/record_action_form.html"
    model = None
    title = ""
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("Saved: %(name)s")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_any(request.user, "add", self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def notes(self) -> list[str]:
        return []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=self.title, submit_label=self.submit_label, notes=self.notes())
        return ctx

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not make this change."))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": result})
        return HttpResponseRedirect(result.get_absolute_url())

    def perform(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


# --- Self-assessments -------------------------------------------------------------------------


class OpenSelfAssessmentView(ServicePageView):
    model = SelfAssessment
    form_class = OpenSelfAssessmentForm
    title = gettext_lazy("Open the year's self-assessment")
    submit_label = gettext_lazy("Open")
    success_message = gettext_lazy("Self-assessment opened: %(name)s. Assess each standard.")

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def notes(self):
        return [
            _(
                "The supplier assesses the contract once a year against every service quality "
                "standard in force: met, partly met or not met, with the evidence."
            )
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.open_self_assessment(self.request.user, data["contract"], data["year"])


class SelfAssessmentDetailView(RecordDetailView):
    template_name = "oversight/selfassessment_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        items = list(obj.items.select_related("standard"))
        ctx.update(
            items=items,
            can_change=False,
            editable=obj.status == AssessmentStatus.DRAFT and can(self.request.user, "change", obj),
            assessed=sum(1 for i in items if i.result),
        )
        return ctx


class AssessView(RecordActionView):
    model = SelfAssessmentItem
    form_class = AssessForm
    title = gettext_lazy("Assess the standard")
    success_message = gettext_lazy("Assessed: %(name)s")

    def get_initial(self):
        return {"result": self.object.result, "evidence": self.object.evidence}

    def notes(self):
        standard = self.object.standard
        return [f"{standard}：{standard.description}" if standard.description else str(standard)]

    def perform(self, form):
        data = form.cleaned_data
        services.assess(self.request.user, self.object, data["result"], data["evidence"])
        return self.object.assessment


class SubmitSelfAssessmentView(RecordActionView):
    model = SelfAssessment
    form_class = ReasonForm
    title = gettext_lazy("Submit the self-assessment")
    submit_label = gettext_lazy("Submit")
    success_message = gettext_lazy("Submitted: %(name)s")

    def perform(self, form):
        return services.submit_self_assessment(
            self.request.user, self.object, form.cleaned_data["reason"]
        )


# --- Statistics returns --------------------------------------------------------------------


class ScheduleReturnsView(ServicePageView):
    model = StatisticsReturn
    form_class = ContractChoiceForm
    title = gettext_lazy("Schedule the statistics returns of a contract")
    submit_label = gettext_lazy("Schedule")
    success_message = gettext_lazy("Returns scheduled for %(name)s")

    def notes(self):
        today = timezone.localdate()
        months = parameters.value(rules.keys.RETURN_PERIOD_MONTHS, on=today)
        days = parameters.value(rules.keys.RETURN_DUE_DAYS, on=today)
        return [
            _(
                "One return for every %(months)s months of the contract's term, each due "
                "%(days)s days after its period ends. A return submitted after that is late."
            )
            % {"months": months, "days": days}
        ]

    def perform(self, form):
        contract = form.cleaned_data["contract"]
        services.schedule_returns(self.request.user, contract)
        return _ReturnsOf(contract)


class _ReturnsOf:
    """Where to go after scheduling: the returns of the contract."""

    def __init__(self, contract):
        self.contract = contract

    def __str__(self) -> str:
        return str(self.contract)

    def get_absolute_url(self) -> str:
        return f"{reverse('oversight:statisticsreturn_list')}?contract={self.contract.pk}"


class SubmitReturnView(RecordActionView):
    model = StatisticsReturn
    form_class = ReturnForm
    title = gettext_lazy("Submit the statistics return")
    submit_label = gettext_lazy("Submit")
    success_message = gettext_lazy("Return submitted: %(name)s")

    def notes(self):
        return [
            _("Due on %(due)s. A return submitted after that day is kept and flagged late.")
            % {"due": self.object.due_on.isoformat()}
        ]

    def perform(self, form):
        return services.submit_return(self.request.user, self.object, form.cleaned_data)


class StatisticsReturnDetailView(RecordDetailView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        if rules.return_is_late(obj.due_on, obj.submitted_on, timezone.localdate()):
            messages.warning(
                self.request,
                _("This return is late (due %(due)s).") % {"due": obj.due_on.isoformat()},
            )
        return ctx


# --- The visit draw ----------------------------------------------------------------------------


class DrawView(ServicePageView):
    model = VisitDraw
    form_class = DrawForm
    title = gettext_lazy("Draw the year's visit sample")
    submit_label = gettext_lazy("Draw")
    success_message = gettext_lazy("Sample drawn: %(name)s")

    def notes(self):
        today = timezone.localdate()
        return [
            _(
                "At least %(share)s of each district's contracts running a year or more are "
                "drawn (rounded up to a whole contract), at random weighted by risk: a standard "
                "not met or partly met, a late return, a complaint, a lapsed credential on a "
                "contracted post. The seed and the weights are kept."
            )
            % {"share": f"{rules.share_percent(today)} %"},
            _("Source: %(source)s")
            % {"source": parameters.get(VISIT_SHARE, on=today).get_source_display()},
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.draw_visits(self.request.user, data["area"], data["year"], data["seed"])


class VisitDrawDetailView(RecordDetailView):
    template_name = "oversight/visitdraw_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        draw = self.object
        chosen = list(
            restrict(draw.entries.filter(chosen=True), self.request.user, "view")
            .select_related("contract", "contract__supplier", "district")
            .order_by("district__code", "-weight", "contract_id")
        )
        visited = set(Visit.objects.filter(draw=draw).values_list("contract_id", flat=True))
        ctx.update(can_change=False, chosen=chosen, visited=visited)
        return ctx


# --- Visits ----------------------------------------------------------------------------------


class RecordVisitView(RecordActionView):
    model = Visit
    form_class = RecordVisitForm
    title = gettext_lazy("Record the visit")
    success_message = gettext_lazy("Visit recorded: %(name)s")

    def get_initial(self):
        return {"visited_on": min(self.object.planned_on, timezone.localdate())}

    def perform(self, form):
        data = form.cleaned_data
        return services.record_visit(
            self.request.user, self.object, data["visited_on"], data["findings"], data["notes"]
        )


# --- Evaluations -----------------------------------------------------------------------------


class EvaluationDetailView(RecordDetailView):
    template_name = "oversight/evaluation_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        assignments = list(
            restrict(self.object.assignments.all(), self.request.user, "view").select_related(
                "evaluator"
            )
        )
        ctx.update(can_change=False, assignments=assignments)
        return ctx


class EvaluationNotes:
    def notes(self):
        today = timezone.localdate()
        bands = parameters.get(RATING_BANDS, on=today)
        return [
            _(
                "Ratings by the mean score out of 100: excellent from %(excellent)s, good from "
                "%(good)s, competent from %(competent)s, basically competent from %(basic)s, "
                "below that not competent (%(source)s)."
            )
            % {
                "excellent": bands.value["excellent"],
                "good": bands.value["good"],
                "competent": bands.value["competent"],
                "basic": bands.value["basically_competent"],
                "source": bands.get_source_display(),
            },
            _(
                "A rating of %(pass)s or better meets the instalment's evaluation condition; not "
                "competent bars the supplier from this buyer's tenders for the next year. The "
                "final evaluation is held at least %(months)s month(s) before the contract ends."
            )
            % {
                "pass": _rating_label(parameters.value(PASS_RATING, on=today)),
                "months": parameters.value(FINAL_MONTHS_BEFORE_END, on=today),
            },
        ]


def _rating_label(value: str) -> str:
    return str(Rating(value).label)


class RateView(EvaluationNotes, RecordActionView):
    model = Evaluation
    form_class = RateForm
    title = gettext_lazy("Rate the evaluation")
    submit_label = gettext_lazy("Rate")
    success_message = gettext_lazy("Rated: %(name)s")

    def get_initial(self):
        return {"rated_on": max(self.object.held_on, timezone.localdate())}

    def perform(self, form):
        data = form.cleaned_data
        return services.rate(
            self.request.user, self.object, reason=data["reason"], on=data["rated_on"]
        )


def is_the_evaluator(user, assignment) -> bool:
    """Only the evaluator scores or declares a recusal, while the evaluation is open."""
    return (
        assignment.evaluator_id == user.pk
        and assignment.evaluation.status == EvaluationStatus.PLANNED
        and not assignment.recused
    )


class ScoreView(RecordActionView):
    model = EvaluatorAssignment
    form_class = ScoreForm
    title = gettext_lazy("Score the evaluation")
    success_message = gettext_lazy("Scored: %(name)s")

    def get_object(self):
        obj = super().get_object()
        if obj.evaluator_id != self.request.user.pk:
            raise PermissionDenied(_("Only the evaluator scores."))
        return obj

    def get_initial(self):
        return {"score": self.object.score, "notes": self.object.notes}

    def perform(self, form):
        data = form.cleaned_data
        services.score(self.request.user, self.object, data["score"], data["notes"])
        return self.object


class RecusalView(RecordActionView):
    model = EvaluatorAssignment
    form_class = RecusalForm
    title = gettext_lazy("Declare a recusal")
    submit_label = gettext_lazy("Declare")
    success_message = gettext_lazy("Recusal kept: %(name)s")

    def perform(self, form):
        services.declare_recusal(self.request.user, self.object, form.cleaned_data["reason"])
        return self.object


# --- Dashboard ---------------------------------------------------------------------------------


class DashboardView(LoginRequiredMixin, generic.TemplateView):
    """FIN-5: visits against the 30 % rule and the ratings, per district and for the city."""

    template_name = "oversight/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not queries.may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = YearForm(self.request.GET or {"year": today.year})
        year = form.cleaned_data["year"] if form.is_valid() else today.year
        with parameters.memoised():
            ctx["board"] = queries.board(self.request.user, year, today)
        ctx.update(title=_("Evaluation visits"), form=form, year=year, ratings=Rating.choices)
        return ctx
