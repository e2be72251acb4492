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
from .choices import AssessmentStatus, EvaluationStatus, VisitStatus
from .forms import ComplaintForm, EvaluationForm, QualityStandardForm, VisitForm
from .models import (
    Complaint,
    DrawEntry,
    Evaluation,
    EvaluatorAssignment,
    QualityStandard,
    SelfAssessment,
    SelfAssessmentItem,
    StatisticsReturn,
    Visit,
    VisitDraw,
)

app_name = "oversight"

ASSESSMENT_LIST = (
    Action(_("Open the year's self-assessment"), "oversight:selfassessment_open", "add"),
)
ASSESSMENT_ACTIONS = (
    Action(
        _("Submit"),
        "oversight:selfassessment_submit",
        when=lambda a: a.status == AssessmentStatus.DRAFT,
        style="primary",
    ),
)
ITEM_ACTIONS = (
    Action(
        _("Assess"),
        "oversight:selfassessmentitem_assess",
        when=lambda i: i.assessment.status == AssessmentStatus.DRAFT,
    ),
)
RETURN_LIST = (Action(_("Schedule returns"), "oversight:statisticsreturn_schedule", "add"),)
RETURN_ACTIONS = (
    Action(
        _("Submit"),
        "oversight:statisticsreturn_submit",
        when=lambda r: r.submitted_on is None,
        style="primary",
    ),
)
DRAW_LIST = (Action(_("Draw the year's sample"), "oversight:visitdraw_draw", "add"),)
VISIT_ACTIONS = (
    Action(
        _("Record the visit"),
        "oversight:visit_record",
        when=lambda v: v.status == VisitStatus.PLANNED,
        style="primary",
    ),
)
EVALUATION_ACTIONS = (
    Action(
        _("Rate"),
        "oversight:evaluation_rate",
        when=lambda e: e.status == EvaluationStatus.PLANNED,
        style="primary",
    ),
)
ASSIGNMENT_ACTIONS = (
    Action(
        _("Score"), "oversight:evaluatorassignment_score", views.is_the_evaluator, style="primary"
    ),
    Action(_("Declare a recusal"), "oversight:evaluatorassignment_recuse", views.is_the_evaluator),
)

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "selfassessments/open/",
        views.OpenSelfAssessmentView.as_view(),
        name="selfassessment_open",
    ),
    path(
        "selfassessments/<int:pk>/submit/",
        views.SubmitSelfAssessmentView.as_view(),
        name="selfassessment_submit",
    ),
    path(
        "selfassessmentitems/<int:pk>/assess/",
        views.AssessView.as_view(),
        name="selfassessmentitem_assess",
    ),
    path(
        "statisticsreturns/schedule/",
        views.ScheduleReturnsView.as_view(),
        name="statisticsreturn_schedule",
    ),
    path(
        "statisticsreturns/<int:pk>/submit/",
        views.SubmitReturnView.as_view(),
        name="statisticsreturn_submit",
    ),
    path("visitdraws/draw/", views.DrawView.as_view(), name="visitdraw_draw"),
    path("visits/<int:pk>/record/", views.RecordVisitView.as_view(), name="visit_record"),
    path("evaluations/<int:pk>/rate/", views.RateView.as_view(), name="evaluation_rate"),
    path(
        "evaluatorassignments/<int:pk>/score/",
        views.ScoreView.as_view(),
        name="evaluatorassignment_score",
    ),
    path(
        "evaluatorassignments/<int:pk>/recuse/",
        views.RecusalView.as_view(),
        name="evaluatorassignment_recuse",
    ),
    *model_urls(
        QualityStandard,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": QualityStandardForm}),
        edit=(RecordUpdateView, {"form_class": QualityStandardForm}),
    ),
    *model_urls(
        SelfAssessment,
        list=(RecordListView, {"actions": ASSESSMENT_LIST}),
        detail=(views.SelfAssessmentDetailView, {"actions": ASSESSMENT_ACTIONS}),
    ),
    *model_urls(
        SelfAssessmentItem,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": ITEM_ACTIONS}),
    ),
    *model_urls(
        StatisticsReturn,
        list=(RecordListView, {"actions": RETURN_LIST}),
        detail=(views.StatisticsReturnDetailView, {"actions": RETURN_ACTIONS}),
    ),
    *model_urls(
        Complaint,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": ComplaintForm}),
    ),
    *model_urls(
        VisitDraw,
        list=(RecordListView, {"actions": DRAW_LIST}),
        detail=views.VisitDrawDetailView,
    ),
    *model_urls(DrawEntry, list=RecordListView, detail=RecordDetailView),
    *model_urls(
        Visit,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": VISIT_ACTIONS}),
        add=(RecordCreateView, {"form_class": VisitForm, "create_service": services.plan_visit}),
    ),
    *model_urls(
        Evaluation,
        list=RecordListView,
        detail=(views.EvaluationDetailView, {"actions": EVALUATION_ACTIONS}),
        add=(
            RecordCreateView,
            {"form_class": EvaluationForm, "create_service": services.plan_evaluation},
        ),
    ),
    *model_urls(
        EvaluatorAssignment,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": ASSIGNMENT_ACTIONS}),
    ),
]
