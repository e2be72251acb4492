from django.urls import path
from django.utils.translation import gettext_lazy as _

from shegong.core.views import (
    Action,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

from . import services, views
from .choices import AppealStatus, CycleStatus, Rating
from .forms import AssessmentCycleForm, AssessmentFormForm
from .models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet

app_name = "assessment"


def _at(*stages):
    return lambda cycle: cycle.status in stages


CYCLE_ACTIONS = (
    Action(
        _("Open scoring"),
        "assessment:assessmentcycle_open",
        when=_at(CycleStatus.DRAFT),
        style="primary",
    ),
    Action(
        _("Close scoring"),
        "assessment:assessmentcycle_close_scoring",
        when=_at(CycleStatus.SCORING_OPEN),
        style="primary",
    ),
    Action(
        _("Compute the results again"),
        "assessment:assessmentcycle_compute",
        when=_at(CycleStatus.SCORING_CLOSED),
    ),
    Action(
        _("Publish the results"),
        "assessment:assessmentcycle_publish",
        when=_at(CycleStatus.SCORING_CLOSED),
        style="primary",
    ),
    Action(
        _("Close the cycle"),
        "assessment:assessmentcycle_close",
        when=_at(CycleStatus.PUBLISHED),
        style="outline-danger",
    ),
)
ASSESSMENT_ACTIONS = (
    Action(
        _("Set the served unit"),
        "assessment:assessment_served_unit",
        when=lambda a: a.cycle.status == CycleStatus.SCORING_OPEN,
    ),
    Action(
        _("Award excellent"),
        "assessment:assessment_award",
        when=lambda a: (
            a.cycle.status == CycleStatus.SCORING_CLOSED
            and a.cap_demoted
            and a.rating != Rating.EXCELLENT
        ),
    ),
    Action(
        _("Appeal"),
        "assessment:assessment_appeal",
        permission="view",
        when=lambda a: a.cycle.status == CycleStatus.PUBLISHED and not hasattr(a, "appeal"),
        style="primary",
    ),
)
SHEET_ACTIONS = (
    Action(
        _("Give scores"),
        "assessment:scoresheet_score",
        when=lambda s: s.assessment.cycle.status == CycleStatus.SCORING_OPEN,
        style="primary",
    ),
)
APPEAL_ACTIONS = (
    Action(
        _("Hear the appeal"),
        "assessment:appeal_decide",
        when=lambda a: a.status == AppealStatus.LODGED,
        style="primary",
        transition="decide_appeal",
    ),
)

urlpatterns = [
    *model_urls(
        AssessmentCycle,
        list=RecordListView,
        detail=(views.CycleDetailView, {"actions": CYCLE_ACTIONS}),
        add=(RecordCreateView, {"form_class": AssessmentCycleForm}),
        edit=(
            RecordUpdateView,
            {
                "form_class": AssessmentCycleForm,
                "update_service": services.update_cycle,
            },
        ),
    ),
    path(
        "assessmentcycles/<int:pk>/open/",
        views.OpenScoringView.as_view(),
        name="assessmentcycle_open",
    ),
    path(
        "assessmentcycles/<int:pk>/close-scoring/",
        views.CloseScoringView.as_view(),
        name="assessmentcycle_close_scoring",
    ),
    path(
        "assessmentcycles/<int:pk>/compute/",
        views.ComputeResultsView.as_view(),
        name="assessmentcycle_compute",
    ),
    path(
        "assessmentcycles/<int:pk>/publish/",
        views.PublishView.as_view(),
        name="assessmentcycle_publish",
    ),
    path(
        "assessmentcycles/<int:pk>/close/",
        views.CloseCycleView.as_view(),
        name="assessmentcycle_close",
    ),
    *model_urls(
        AssessmentForm,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": AssessmentFormForm}),
        edit=(RecordUpdateView, {"form_class": AssessmentFormForm}),
    ),
    *model_urls(
        Assessment,
        list=RecordListView,
        detail=(views.AssessmentDetailView, {"actions": ASSESSMENT_ACTIONS}),
    ),
    path(
        "assessments/<int:pk>/served-unit/",
        views.ServedUnitView.as_view(),
        name="assessment_served_unit",
    ),
    path(
        "assessments/<int:pk>/award/", views.AwardExcellentView.as_view(), name="assessment_award"
    ),
    path("assessments/<int:pk>/appeal/", views.LodgeAppealView.as_view(), name="assessment_appeal"),
    *model_urls(
        ScoreSheet,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": SHEET_ACTIONS}),
    ),
    path("scoresheets/<int:pk>/score/", views.ScoreView.as_view(), name="scoresheet_score"),
    *model_urls(
        Appeal,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": APPEAL_ACTIONS}),
    ),
    path("appeals/<int:pk>/decide/", views.DecideAppealView.as_view(), name="appeal_decide"),
]
