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

from . import services, views
from .forms import PostForm, PostStandardForm, PostTypeForm, ServiceUnitForm
from .models import ConversionPlan, Employment, Post, PostStandard, PostType, ServiceUnit

app_name = "workforce"

POST_LIST_ACTIONS = (
    Action(_("Staffing gap"), "workforce:staffing_gap", "view"),
    Action(_("Credential flags"), "workforce:credential_flags", "view"),
)
POST_ACTIONS = (
    Action(
        _("Hire into this post"),
        "workforce:post_hire",
        when=lambda post: post.is_active and services.current_employment(post) is None,
        style="primary",
    ),
)
EMPLOYMENT_LIST_ACTIONS = (
    Action(_("Credential flags"), "workforce:credential_flags", "view"),
    Action(_("Overdue conversion plans"), "workforce:overdue_plans", "view"),
)
EMPLOYMENT_ACTIONS = (
    Action(
        _("End employment"),
        "workforce:employment_end",
        when=lambda employment: employment.end is None,
        style="outline-danger",
    ),
)
PLAN_LIST_ACTIONS = (Action(_("Overdue conversion plans"), "workforce:overdue_plans", "view"),)
PLAN_ACTIONS = (
    Action(
        _("Record plan completion"),
        "workforce:conversionplan_complete",
        when=lambda plan: plan.completed_on is None,
        style="primary",
    ),
)

urlpatterns = [
    *model_urls(
        PostType,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": PostTypeForm}),
        edit=(RecordUpdateView, {"form_class": PostTypeForm}),
    ),
    *model_urls(
        PostStandard,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": PostStandardForm}),
        edit=(RecordUpdateView, {"form_class": PostStandardForm}),
    ),
    *model_urls(
        ServiceUnit,
        list=(RecordListView, {"actions": (POST_LIST_ACTIONS[0],)}),
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": ServiceUnitForm}),
        edit=(RecordUpdateView, {"form_class": ServiceUnitForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        Post,
        list=(RecordListView, {"actions": POST_LIST_ACTIONS}),
        detail=(views.PostDetailView, {"actions": POST_ACTIONS}),
        add=(RecordCreateView, {"form_class": PostForm}),
        edit=(RecordUpdateView, {"form_class": PostForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        Employment,
        list=(RecordListView, {"actions": EMPLOYMENT_LIST_ACTIONS}),
        detail=(RecordDetailView, {"actions": EMPLOYMENT_ACTIONS}),
    ),
    *model_urls(
        ConversionPlan,
        list=(RecordListView, {"actions": PLAN_LIST_ACTIONS}),
        detail=(views.ConversionPlanDetailView, {"actions": PLAN_ACTIONS}),
    ),
    path("posts/<int:pk>/hire/", views.HireView.as_view(), name="post_hire"),
    path("employments/<int:pk>/end/", views.EndEmploymentView.as_view(), name="employment_end"),
    path(
        "conversionplans/<int:pk>/complete/",
        views.CompletePlanView.as_view(),
        name="conversionplan_complete",
    ),
    path("gap/", views.staffing_gap, name="staffing_gap"),
    path("flags/", views.credential_flags, name="credential_flags"),
    path("overdue-plans/", views.overdue_plans, name="overdue_plans"),
]
