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
from .forms import (
    ApplicationForm,
    BaseForm,
    CallForm,
    MilestoneForm,
    PlaceForm,
    PriorityRuleForm,
)
from .models import Application, Base, Call, Milestone, Occupancy, Place, PriorityRule

app_name = "incubation"

CALL_ACTIONS = (
    Action(
        _("Decide the call"),
        "incubation:call_decide",
        "decide",
        when=views.decidable,
        transition="decide",
    ),
)
APPLICATION_ACTIONS = (
    Action(
        _("Refuse"),
        "incubation:application_refuse",
        "decide",
        when=views.waiting,
        style="outline-danger",
        transition="refuse",
    ),
    Action(
        _("Withdraw the application"),
        "incubation:application_withdraw",
        views.may_withdraw,
        style="outline-danger",
    ),
    Action(
        _("Give a place"),
        "incubation:application_occupy",
        "decide",
        when=views.admitted_without_place,
    ),
)
OCCUPANCY_ACTIONS = (
    Action(
        _("Graduation or exit"),
        "incubation:occupancy_end",
        when=lambda occupancy: occupancy.ends_on is None,
    ),
)
MILESTONE_ACTIONS = (
    Action(
        _("Record as met"),
        "incubation:milestone_meet",
        when=lambda milestone: milestone.met_on is None,
    ),
)

urlpatterns = [
    path("calls/<int:pk>/decide/", views.DecideView.as_view(), name="call_decide"),
    path("applications/<int:pk>/refuse/", views.RefuseView.as_view(), name="application_refuse"),
    path(
        "applications/<int:pk>/withdraw/",
        views.WithdrawView.as_view(),
        name="application_withdraw",
    ),
    path("applications/<int:pk>/place/", views.OccupyView.as_view(), name="application_occupy"),
    path("occupancys/<int:pk>/end/", views.EndView.as_view(), name="occupancy_end"),
    path("milestones/<int:pk>/meet/", views.MeetView.as_view(), name="milestone_meet"),
    path("milestones/<int:pk>/evidence/", views.milestone_evidence, name="milestone_evidence"),
    *model_urls(
        Base,
        list=RecordListView,
        detail=views.BaseDetailView,
        add=(RecordCreateView, {"form_class": BaseForm}),
        edit=(RecordUpdateView, {"form_class": BaseForm}),
    ),
    *model_urls(
        Place,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": PlaceForm}),
        edit=(RecordUpdateView, {"form_class": PlaceForm}),
    ),
    *model_urls(
        PriorityRule,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": PriorityRuleForm}),
        edit=(RecordUpdateView, {"form_class": PriorityRuleForm}),
    ),
    *model_urls(
        Call,
        list=RecordListView,
        detail=(views.CallDetailView, {"actions": CALL_ACTIONS}),
        add=(RecordCreateView, {"form_class": CallForm}),
        edit=(RecordUpdateView, {"form_class": CallForm}),
    ),
    *model_urls(
        Application,
        list=RecordListView,
        detail=(views.ApplicationDetailView, {"actions": APPLICATION_ACTIONS}),
        add=(
            RecordCreateView,
            {"form_class": ApplicationForm, "create_service": services.create_application},
        ),
    ),
    *model_urls(
        Occupancy,
        list=RecordListView,
        detail=(views.OccupancyDetailView, {"actions": OCCUPANCY_ACTIONS}),
    ),
    *model_urls(
        Milestone,
        list=RecordListView,
        detail=(views.MilestoneDetailView, {"actions": MILESTONE_ACTIONS}),
        add=(views.MilestoneCreateView, {"form_class": MilestoneForm}),
    ),
]
