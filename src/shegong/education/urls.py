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
from .choices import CpdStatus
from .forms import CpdRuleForm, SupervisionForm, SupervisionSessionForm, SupervisorForm
from .models import (
    Course,
    CourseSession,
    CpdRecord,
    CpdReminder,
    CpdRule,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingProvider,
    TrainingTarget,
)

app_name = "education"

PROVIDER_FIELDS = ("name", "kind", "organisation", "area", "address", "note", "is_active")
COURSE_FIELDS = (
    "provider",
    "code",
    "title",
    "kind",
    "topic",
    "level",
    "hours",
    "days",
    "accreditation",
    "is_active",
)
SESSION_FIELDS = ("course", "code", "starts_on", "ends_on", "place")
TARGET_FIELDS = ("year", "area", "level", "field", "people", "days", "note")

CPD_LIST_ACTIONS = (
    Action(_("Import attendance"), "education:cpdrecord_import", "add"),
    Action(_("Compliance"), "education:compliance", "export"),
)
CPD_ACTIONS = (
    Action(
        _("Approve"),
        "education:cpdrecord_approve",
        when=lambda r: r.status == CpdStatus.CLAIMED,
        style="success",
        transition="approve",
    ),
    Action(
        _("Refuse"),
        "education:cpdrecord_refuse",
        when=lambda r: r.status == CpdStatus.CLAIMED,
        style="outline-danger",
        transition="refuse",
    ),
    Action(
        _("Withdraw the claim"),
        "education:cpdrecord_withdraw",
        "withdraw",
        when=lambda r: r.status == CpdStatus.CLAIMED,
        style="outline-secondary",
    ),
    Action(
        _("Withdraw the approval"),
        "education:cpdrecord_revoke",
        when=lambda r: r.status == CpdStatus.APPROVED,
        style="outline-danger",
    ),
)
SUPERVISION_ACTIONS = (
    Action(
        _("End the supervision"),
        "education:supervision_end",
        when=lambda s: s.ends_on is None,
        style="outline-danger",
    ),
)
TARGET_LIST_ACTIONS = (Action(_("Training plan"), "education:training_plan", "view"),)

urlpatterns = [
    path("cpdrecords/import/", views.import_attendance, name="cpdrecord_import"),
    path("cpdrecords/<int:pk>/approve/", views.ApproveView.as_view(), name="cpdrecord_approve"),
    path("cpdrecords/<int:pk>/refuse/", views.RefuseView.as_view(), name="cpdrecord_refuse"),
    path("cpdrecords/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="cpdrecord_withdraw"),
    path("cpdrecords/<int:pk>/revoke/", views.RevokeView.as_view(), name="cpdrecord_revoke"),
    path("compliance/", views.compliance, name="compliance"),
    path("plan/", views.training_plan, name="training_plan"),
    path("supervisions/<int:pk>/end/", views.EndSupervisionView.as_view(), name="supervision_end"),
    *model_urls(
        TrainingProvider,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": PROVIDER_FIELDS}),
        edit=(RecordUpdateView, {"fields": PROVIDER_FIELDS}),
    ),
    *model_urls(
        Course,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": COURSE_FIELDS, "create_service": services.create_course}),
        edit=(
            RecordUpdateView,
            {"fields": COURSE_FIELDS, "update_service": services.update_course},
        ),
    ),
    *model_urls(
        CourseSession,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": SESSION_FIELDS}),
        edit=(RecordUpdateView, {"fields": SESSION_FIELDS}),
    ),
    *model_urls(
        CpdRecord,
        list=(RecordListView, {"actions": CPD_LIST_ACTIONS}),
        detail=(views.CpdRecordDetailView, {"actions": CPD_ACTIONS}),
        add=views.CpdClaimView,
    ),
    *model_urls(
        CpdRule,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": CpdRuleForm}),
        edit=(RecordUpdateView, {"form_class": CpdRuleForm}),
    ),
    *model_urls(CpdReminder, list=RecordListView, detail=RecordDetailView),
    *model_urls(
        Supervisor,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            RecordCreateView,
            {"form_class": SupervisorForm, "create_service": services.appoint_supervisor},
        ),
    ),
    *model_urls(
        Supervision,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": SUPERVISION_ACTIONS}),
        add=(
            RecordCreateView,
            {"form_class": SupervisionForm, "create_service": services.start_supervision},
        ),
    ),
    *model_urls(
        SupervisionSession,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            RecordCreateView,
            {"form_class": SupervisionSessionForm, "create_service": services.record_session},
        ),
    ),
    *model_urls(
        TrainingTarget,
        list=(RecordListView, {"actions": TARGET_LIST_ACTIONS}),
        detail=RecordDetailView,
        add=(RecordCreateView, {"fields": TARGET_FIELDS}),
        edit=(RecordUpdateView, {"fields": TARGET_FIELDS}),
        delete=RecordDeleteView,
    ),
]
