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

from . import services
from .forms import PostForm, PostStandardForm, PostTypeForm, ServiceUnitForm
from .models import (
    ConversionPlan,
    Employment,
    EmploymentGrade,
    Grade,
    InsuranceContribution,
    PayGuidance,
    PayRecord,
    Post,
    PostStandard,
    PostType,
    PromotionApplication,
    PromotionStatus,
    ServiceUnit,
    TechnicianPay,
)
from .views import compliance, imports, pay, posts

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
    Action(
        _("Set the grade and step"),
        "workforce:employment_grade",
        when=lambda employment: employment.end is None,
    ),
    Action(
        _("Apply for a promotion"),
        "workforce:employment_promote",
        permission="view",
        when=lambda employment: employment.end is None,
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

GRADE_FIELDS = ("order", "code", "name", "name_en", "required_level", "min_years", "is_active")
GUIDANCE_FIELDS = ("year", "grade", "step", "base", "post", "performance")
TECHNICIAN_FIELDS = ("year", "grade", "step", "total", "source")
PAY_LIST_ACTIONS = (
    Action(_("Pay below the floor"), "workforce:pay_below_floor", "view"),
    Action(_("Import a file"), "workforce:import_pay", "add"),
)
INSURANCE_LIST_ACTIONS = (
    Action(_("Insurance by organisation"), "workforce:insurance_by_organisation", "view"),
    Action(_("Import a file"), "workforce:import_insurance", "add"),
)
PAY_ACTIONS = (Action(_("Correct"), "workforce:payrecord_correct"),)
INSURANCE_ACTIONS = (Action(_("Record the payment"), "workforce:insurancecontribution_payment"),)
PROMOTION_ACTIONS = (
    Action(
        _("Approve"),
        "workforce:promotionapplication_approve",
        when=lambda a: a.status == PromotionStatus.SUBMITTED and a.eligible,
        style="primary",
        transition="approve",
    ),
    Action(
        _("Refuse"),
        "workforce:promotionapplication_refuse",
        when=lambda a: a.status == PromotionStatus.SUBMITTED,
        style="outline-danger",
        transition="refuse",
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
        list=(RecordListView, {"actions": POST_LIST_ACTIONS, "count": "estimate"}),
        detail=(posts.PostDetailView, {"actions": POST_ACTIONS}),
        add=(RecordCreateView, {"form_class": PostForm}),
        edit=(RecordUpdateView, {"form_class": PostForm}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        Employment,
        # One row per person and post held, a city's tens of thousands: estimated beyond
        # 10,000 (issue 13: the exact count was 51 ms of the page's 98 at 50,000 rows).
        list=(RecordListView, {"actions": EMPLOYMENT_LIST_ACTIONS, "count": "estimate"}),
        detail=(RecordDetailView, {"actions": EMPLOYMENT_ACTIONS}),
    ),
    *model_urls(
        ConversionPlan,
        list=(RecordListView, {"actions": PLAN_LIST_ACTIONS}),
        detail=(posts.ConversionPlanDetailView, {"actions": PLAN_ACTIONS}),
    ),
    path("posts/<int:pk>/hire/", posts.HireView.as_view(), name="post_hire"),
    path("employments/<int:pk>/end/", posts.EndEmploymentView.as_view(), name="employment_end"),
    path(
        "conversionplans/<int:pk>/complete/",
        posts.CompletePlanView.as_view(),
        name="conversionplan_complete",
    ),
    *model_urls(
        Grade,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": GRADE_FIELDS}),
        edit=(RecordUpdateView, {"fields": GRADE_FIELDS}),
    ),
    *model_urls(
        PayGuidance,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": GUIDANCE_FIELDS}),
        edit=(RecordUpdateView, {"fields": GUIDANCE_FIELDS}),
        delete=RecordDeleteView,
    ),
    *model_urls(
        TechnicianPay,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": TECHNICIAN_FIELDS}),
        edit=(RecordUpdateView, {"fields": TECHNICIAN_FIELDS}),
        delete=RecordDeleteView,
    ),
    *model_urls(EmploymentGrade, list=RecordListView, detail=RecordDetailView),
    *model_urls(
        PayRecord,
        # A row per employment and month, only added to: estimated beyond 10,000 (issue 13).
        list=(RecordListView, {"actions": PAY_LIST_ACTIONS, "count": "estimate"}),
        detail=(RecordDetailView, {"actions": PAY_ACTIONS}),
    ),
    *model_urls(
        InsuranceContribution,
        list=(RecordListView, {"actions": INSURANCE_LIST_ACTIONS, "count": "estimate"}),
        detail=(RecordDetailView, {"actions": INSURANCE_ACTIONS}),
    ),
    path("payrecords/<int:pk>/correct/", pay.CorrectPayView.as_view(), name="payrecord_correct"),
    path(
        "insurancecontributions/<int:pk>/payment/",
        pay.RecordPaymentView.as_view(),
        name="insurancecontribution_payment",
    ),
    *model_urls(
        PromotionApplication,
        list=RecordListView,
        detail=(pay.PromotionDetailView, {"actions": PROMOTION_ACTIONS}),
    ),
    path("employments/<int:pk>/grade/", pay.SetGradeView.as_view(), name="employment_grade"),
    path(
        "employments/<int:pk>/promote/",
        pay.ApplyView.as_view(),
        name="employment_promote",
    ),
    path(
        "promotionapplications/<int:pk>/approve/",
        pay.ApproveView.as_view(),
        name="promotionapplication_approve",
    ),
    path(
        "promotionapplications/<int:pk>/refuse/",
        pay.RefuseView.as_view(),
        name="promotionapplication_refuse",
    ),
    path("pay-below-floor/", pay.below_floor, name="pay_below_floor"),
    path(
        "insurance-by-organisation/",
        pay.insurance_by_organisation,
        name="insurance_by_organisation",
    ),
    path("payrecords/import/", imports.PAGES["pay"].as_view(), name="import_pay"),
    path(
        "insurancecontributions/import/",
        imports.PAGES["insurance"].as_view(),
        name="import_insurance",
    ),
    path("compliance/", compliance.dashboard, name="compliance_dashboard"),
    path("compliance/export/", compliance.export, name="compliance_export"),
    path("gap/", posts.staffing_gap, name="staffing_gap"),
    path("gap/export/", posts.staffing_gap_export, name="staffing_gap_export"),
    path("flags/", posts.credential_flags, name="credential_flags"),
    path("overdue-plans/", posts.overdue_plans, name="overdue_plans"),
]
