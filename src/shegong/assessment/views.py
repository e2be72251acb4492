"""Assessment pages (REG-6): lists and details through the generic views, and one form per
workflow step, each calling one function of ``services.py``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.core.permissions import restrict
from shegong.core.views import RecordActionView, RecordDetailView

from . import services
from .choices import AppealStatus, Rating, SheetStatus
from .forms import (
    AppealForm,
    DecideAppealForm,
    ReasonForm,
    RequiredReasonForm,
    ScoreForm,
    ServedUnitForm,
)
from .models import Appeal, Assessment, AssessmentCycle, ScoreSheet

# --- Cycles ------------------------------------------------------------------------------------


class CycleDetailView(RecordDetailView):
    """The cycle's page adds, for the viewer's scope: people assessed, sheets waiting, the
    ratings, and the appeal deadline."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cycle, user = self.object, self.request.user
        assessments = restrict(Assessment.objects.filter(cycle=cycle), user, "view")
        sheets = restrict(ScoreSheet.objects.filter(assessment__cycle=cycle), user, "view")
        rows = [
            (_("People assessed (that you may see)"), assessments.count()),
            (
                _("Score sheets waiting for scores"),
                sheets.filter(status=SheetStatus.PENDING).count(),
            ),
        ]
        if cycle.results_computed_at:
            for rating in Rating:
                rows.append((rating.label, assessments.filter(rating=rating).count()))
        deadline = services.appeal_deadline(cycle)
        if deadline:
            rows.append((_("Appeals may be lodged until"), deadline))
        ctx["rows"] = rows + ctx["rows"]
        return ctx


class CycleStepView(RecordActionView):
    """One step of the cycle (``step``: a function of ``services``; ``background``: the name
    of a step that runs as a background job for a large cycle, ``services.start_step``)."""

    model = AssessmentCycle
    form_class = ReasonForm
    step = None
    background = ""

    def perform(self, form):
        reason = form.cleaned_data["reason"]
        if not self.background:
            return type(self).step(self.request.user, self.object, reason=reason)
        cycle, job = services.start_step(self.request.user, self.object, self.background, reason)
        if job is not None:
            self.success_message = _("Started in the background: %(name)s")
            return job
        return cycle

    def notes(self):
        if not self.background:
            return []
        return [
            _(
                "For more than %(limit)s people this step runs in the background, with a "
                "progress bar and the list of assessments to download."
            )
            % {"limit": services.steps.INLINE_LIMIT}
        ]


class OpenScoringView(CycleStepView):
    step = staticmethod(services.open_scoring)
    background = "open_scoring"
    title = gettext_lazy("Open scoring")
    submit_label = gettext_lazy("Open scoring")

    def notes(self):
        return [
            _(
                "One assessment is created for each person employed in the area on the "
                "reference date."
            ),
            *super().notes(),
        ]


class CloseScoringView(CycleStepView):
    step = staticmethod(services.close_scoring)
    background = "close_scoring"
    title = gettext_lazy("Close scoring and compute the results")
    submit_label = gettext_lazy("Close scoring")


class ComputeResultsView(CycleStepView):
    step = staticmethod(services.compute_results)
    background = "compute_results"
    title = gettext_lazy("Compute the results again")
    submit_label = gettext_lazy("Compute")

    def notes(self):
        return [
            _("Excellent ratings awarded by officers are cleared by a new computation."),
            *super().notes(),
        ]


class PublishView(CycleStepView):
    step = staticmethod(services.publish)
    title = gettext_lazy("Publish the results")
    submit_label = gettext_lazy("Publish")

    def notes(self):
        return [_("From now on each person sees their result and may appeal.")]


class CloseCycleView(CycleStepView):
    step = staticmethod(services.close_cycle)
    title = gettext_lazy("Close the cycle")
    submit_label = gettext_lazy("Close the cycle")


# --- Assessments -------------------------------------------------------------------------------


class AssessmentDetailView(RecordDetailView):
    """The assessment's page: the appeal button only for the person assessed."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj, user = self.object, self.request.user
        if not services.may_appeal(user, obj):
            ctx["workflow_actions"] = [
                (a, url) for a, url in ctx["workflow_actions"] if not a.url_name.endswith("_appeal")
            ]
        sheets = restrict(obj.sheets.all(), user, "view").select_related("scoring_organisation")
        for sheet in sheets:
            ctx["rows"].append(
                (
                    sheet.get_side_display(),
                    f"{sheet.total if sheet.total is not None else '—'}"
                    f" ({sheet.get_status_display()}, {sheet.scoring_organisation})",
                )
            )
        deadline = services.appeal_deadline(obj.cycle)
        if deadline:
            ctx["rows"].append((_("Appeals may be lodged until"), deadline))
        return ctx


class ServedUnitView(RecordActionView):
    model = Assessment
    form_class = ServedUnitForm
    title = gettext_lazy("Set the served unit")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"served_unit": self.object.served_unit_id}

    def perform(self, form):
        data = form.cleaned_data
        return services.set_served_unit(
            self.request.user, self.object, data["served_unit"], reason=data["reason"]
        )


class AwardExcellentView(RecordActionView):
    model = Assessment
    form_class = RequiredReasonForm
    title = gettext_lazy("Award excellent within the hard cap")
    submit_label = gettext_lazy("Award excellent")

    def notes(self):
        return [self.object.rating_note] if self.object.rating_note else []

    def perform(self, form):
        return services.award_excellent(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


class LodgeAppealView(RecordActionView):
    model = Assessment
    action = "view"
    form_class = AppealForm
    title = gettext_lazy("Appeal against the result")
    submit_label = gettext_lazy("Lodge the appeal")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_appeal(
            request.user, self.get_object()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def notes(self):
        deadline = services.appeal_deadline(self.object.cycle)
        return [_("Appeals may be lodged until %(date)s.") % {"date": deadline}] if deadline else []

    def perform(self, form):
        return services.lodge_appeal(
            self.request.user, self.object, grounds=form.cleaned_data["grounds"]
        )


# --- Score sheets and appeals ------------------------------------------------------------------


class ScoreView(RecordActionView):
    model = ScoreSheet
    form_class = ScoreForm
    title = gettext_lazy("Scores")
    submit_label = gettext_lazy("Submit the scores")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "weights": self.object.assessment.weights}

    def get_initial(self):
        sheet = self.object
        return {
            **{f"score_{c}": v for c, v in sheet.scores().items() if v is not None},
            "comment": sheet.comment,
        }

    def notes(self):
        guidance = self.object.assessment.form.guidance
        return [guidance] if guidance else []

    def perform(self, form):
        data = form.cleaned_data
        scores = {
            name.removeprefix("score_"): v for name, v in data.items() if name.startswith("score_")
        }
        return services.submit_scores(
            self.request.user, self.object, scores, comment=data["comment"], reason=data["reason"]
        )


class DecideAppealView(RecordActionView):
    model = Appeal
    transition = "decide_appeal"
    form_class = DecideAppealForm
    title = gettext_lazy("Hear the appeal")
    submit_label = gettext_lazy("Record the decision")

    def notes(self):
        appeal = self.object
        return [
            _("Rating appealed: %(rating)s (combined score %(score)s).")
            % {"rating": appeal.get_previous_rating_display(), "score": appeal.previous_score},
            appeal.grounds,
        ]

    def perform(self, form):
        data = form.cleaned_data
        return services.decide_appeal(
            self.request.user,
            self.object,
            upheld=data["outcome"] == AppealStatus.UPHELD,
            reasons=data["reasons"],
            new_rating=data["new_rating"],
            new_score=data["new_score"],
        )
