from django.urls import path
from django.utils.translation import gettext_lazy as _

from shegong.core.views import (
    Action,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    model_urls,
)

from . import views
from .choices import AppealStatus, ApplicationStatus
from .forms import GradingCycleForm, IndicatorForm, IndicatorGroupForm, IndicatorSystemForm
from .models import (
    Appeal,
    Application,
    Assignment,
    Claim,
    GradingCycle,
    Indicator,
    IndicatorGroup,
    IndicatorSystem,
    OrganisationGrade,
    Score,
)

app_name = "grading"

S = ApplicationStatus


def _org_admin(user, application) -> bool:
    return views.administered(user).filter(pk=application.organisation_id).exists()


CYCLE_ACTIONS = (Action(_("Apply for grading"), "grading:cycle_apply", views.may_apply),)
APPLICATION_ACTIONS = (
    Action(
        _("Self-assessment"),
        "grading:application_self_assess",
        _org_admin,
        when=lambda a: a.status == S.SELF_ASSESSMENT,
        style="primary",
    ),
    Action(
        _("Submit the self-assessment"),
        "grading:application_submit",
        _org_admin,
        when=lambda a: a.status == S.SELF_ASSESSMENT,
    ),
    Action(
        _("Assign evaluators"),
        "grading:application_assign",
        "decide",
        when=lambda a: a.status in (S.SUBMITTED, S.EVALUATION),
        style="primary",
    ),
    Action(
        _("Publish the grade"),
        "grading:application_publish",
        "decide",
        when=lambda a: a.status == S.EVALUATION,
        style="success",
    ),
    Action(
        _("Appeal the grade"),
        "grading:application_appeal",
        views.can_appeal,
        when=lambda a: a.status == S.PUBLISHED,
    ),
)
APPEAL_ACTIONS = (
    Action(
        _("Decide the appeal"),
        "grading:appeal_decide",
        "decide",
        when=lambda a: a.status == AppealStatus.LODGED,
        style="primary",
        transition="uphold",
    ),
)
GRADE_ACTIONS = (
    Action(
        _("Downgrade"),
        "grading:organisationgrade_downgrade",
        "decide",
        when=lambda g: not g.revoked_on,
        style="outline-warning",
    ),
    Action(
        _("Revoke the grade"),
        "grading:organisationgrade_revoke",
        "decide",
        when=lambda g: not g.revoked_on,
        style="outline-danger",
    ),
)


urlpatterns = [
    path("cycles/<int:pk>/apply/", views.ApplyView.as_view(), name="cycle_apply"),
    path(
        "applications/<int:pk>/self-assessment/",
        views.SelfAssessView.as_view(),
        name="application_self_assess",
    ),
    path("applications/<int:pk>/submit/", views.SubmitView.as_view(), name="application_submit"),
    path("applications/<int:pk>/assign/", views.AssignView.as_view(), name="application_assign"),
    path("applications/<int:pk>/publish/", views.PublishView.as_view(), name="application_publish"),
    path("applications/<int:pk>/appeal/", views.AppealView.as_view(), name="application_appeal"),
    path("assignments/<int:pk>/score/", views.ScoreView.as_view(), name="assignment_score"),
    path("assignments/<int:pk>/recuse/", views.RecuseView.as_view(), name="assignment_recuse"),
    path("appeals/<int:pk>/decide/", views.DecideAppealView.as_view(), name="appeal_decide"),
    path(
        "grades/<int:pk>/downgrade/",
        views.DowngradeView.as_view(),
        name="organisationgrade_downgrade",
    ),
    path("grades/<int:pk>/revoke/", views.RevokeView.as_view(), name="organisationgrade_revoke"),
    *model_urls(
        IndicatorSystem,
        list=RecordListView,
        detail=views.IndicatorSystemDetailView,
        add=(RecordCreateView, {"form_class": IndicatorSystemForm}),
        edit=(RecordUpdateView, {"form_class": IndicatorSystemForm}),
    ),
    *model_urls(
        IndicatorGroup,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": IndicatorGroupForm}),
        edit=(RecordUpdateView, {"form_class": IndicatorGroupForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        Indicator,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": IndicatorForm}),
        edit=(RecordUpdateView, {"form_class": IndicatorForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        GradingCycle,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": CYCLE_ACTIONS}),
        add=(RecordCreateView, {"form_class": GradingCycleForm}),
        edit=(RecordUpdateView, {"form_class": GradingCycleForm}),
    ),
    *model_urls(
        Application,
        list=RecordListView,
        detail=(views.ApplicationDetailView, {"actions": APPLICATION_ACTIONS}),
    ),
    *model_urls(Claim, list=RecordListView, detail=RecordDetailView),
    *model_urls(Assignment, list=RecordListView, detail=RecordDetailView),
    *model_urls(Score, list=RecordListView, detail=RecordDetailView),
    *model_urls(
        OrganisationGrade,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": GRADE_ACTIONS}),
    ),
    *model_urls(
        Appeal, list=RecordListView, detail=(RecordDetailView, {"actions": APPEAL_ACTIONS})
    ),
]
