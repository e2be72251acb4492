from django.urls import path
from django.utils.translation import gettext_lazy as _

from shegong.core.permissions import can
from shegong.core.views import Action, RecordDetailView, RecordListView, model_urls

from . import services, views
from .choices import AppealOutcome, CaseStatus, InspectionStatus, SanctionKind
from .forms import DisciplineForm
from .models import Appeal, Case, Decision, Discipline, Finding, Inspection, Sanction

app_name = "inspections"

INSPECTION_FIELDS = (
    "organisation",
    "origin",
    "complaint",
    "complainant",
    "scheduled_on",
    "scope",
    "lead_inspector",
    "second_inspector",
)
CASE_FIELDS = ("organisation", "kind", "finding", "complaint", "complainant", "opened_on", "facts")
SANCTION_FIELDS = (
    "decision",
    "kind",
    "starts",
    "ends",
    "deadline",
    "requirement",
    "buyer",
    "authority",
)


def _may_complete(user, inspection) -> bool:
    return inspection.status == InspectionStatus.PLANNED and (
        can(user, "change", inspection) or services._is_inspector(user, inspection)
    )


INSPECTION_ACTIONS = (
    Action(_("Complete the inspection"), "inspections:inspection_complete", _may_complete),
)
CASE_ACTIONS = (
    Action(
        _("Add investigation notes"),
        "inspections:case_notes",
        when=lambda c: c.status == CaseStatus.INVESTIGATING,
    ),
    Action(
        _("Decide the case"),
        "inspections:case_decide",
        when=lambda c: c.status == CaseStatus.INVESTIGATING,
        style="primary",
        transition="decide",
    ),
    Action(
        _("Close without a sanction"),
        "inspections:case_close",
        when=lambda c: c.status == CaseStatus.INVESTIGATING,
        style="outline-secondary",
    ),
)
SANCTION_ACTIONS = (
    Action(
        _("Record the rectification"),
        "inspections:sanction_rectify",
        when=lambda s: (
            s.kind == SanctionKind.RECTIFICATION and not s.rectified_on and not s.lifted_on
        ),
    ),
)
APPEAL_ACTIONS = (
    Action(
        _("Decide the appeal"),
        "inspections:appeal_decide",
        when=lambda a: a.outcome == AppealOutcome.PENDING,
        style="primary",
        transition="uphold",
    ),
)

urlpatterns = [
    path(
        "inspections/<int:pk>/complete/",
        views.CompleteView.as_view(),
        name="inspection_complete",
    ),
    path("cases/<int:pk>/notes/", views.NotesView.as_view(), name="case_notes"),
    path("cases/<int:pk>/close/", views.CloseCaseView.as_view(), name="case_close"),
    path("cases/<int:pk>/decide/", views.DecideView.as_view(), name="case_decide"),
    path("sanctions/<int:pk>/rectify/", views.RectifyView.as_view(), name="sanction_rectify"),
    path("appeals/<int:pk>/decide/", views.DecideAppealView.as_view(), name="appeal_decide"),
    *model_urls(
        Inspection,
        list=RecordListView,
        detail=(views.InspectionDetailView, {"actions": INSPECTION_ACTIONS}),
        add=(
            views.RecordCreateView,
            {"fields": INSPECTION_FIELDS, "create_service": services.plan_inspection},
        ),
    ),
    *model_urls(
        Finding,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.FromParentCreateView,
            {
                "fields": ("inspection", "text", "is_violation"),
                "parent": "inspection",
                "create_service": services.add_finding,
            },
        ),
    ),
    *model_urls(
        Case,
        list=RecordListView,
        detail=(views.CaseDetailView, {"actions": CASE_ACTIONS}),
        add=(
            views.FromParentCreateView,
            {
                "fields": CASE_FIELDS,
                "parent": "finding",
                "copies": {"organisation": "organisation_id"},
                "create_service": services.open_case,
            },
        ),
    ),
    *model_urls(Decision, list=RecordListView, detail=views.DecisionDetailView),
    *model_urls(
        Sanction,
        list=RecordListView,
        detail=(views.SanctionDetailView, {"actions": SANCTION_ACTIONS}),
        add=(
            views.FromParentCreateView,
            {
                "fields": SANCTION_FIELDS,
                "parent": "decision",
                "create_service": services.add_sanction,
            },
        ),
    ),
    *model_urls(
        Appeal,
        list=RecordListView,
        detail=(RecordDetailView, {"actions": APPEAL_ACTIONS}),
        add=(
            views.FromParentCreateView,
            {
                "fields": ("decision", "lodged_on", "grounds"),
                "parent": "decision",
                "create_service": services.lodge_appeal,
            },
        ),
    ),
    *model_urls(
        Discipline,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            views.DisciplineCreateView,
            {"form_class": DisciplineForm, "create_service": services.record_discipline},
        ),
    ),
]
