from django.urls import path
from django.utils import timezone
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
from .choices import ReportStatus
from .forms import (
    AnnualReportForm,
    AuditForm,
    FindingForm,
    FormFieldForm,
    FormSectionForm,
    ReportFormForm,
    RequiredActionForm,
)
from .models import AnnualReport, Audit, Finding, FormField, FormSection, ReportForm, RequiredAction

app_name = "audits"


def _draft(report) -> bool:
    return report.status == ReportStatus.DRAFT


REPORT_ACTIONS = (
    Action(_("Fill in"), "audits:annualreport_values", when=_draft),
    Action(_("File the report"), "audits:annualreport_file", when=_draft, style="primary"),
)
REPORT_LIST_ACTIONS = (Action(_("Late reports"), "audits:late_reports", "view"),)
AUDIT_ACTIONS = (
    Action(
        _("Issue the audit report"),
        "audits:audit_issue",
        services.may_record,
        when=lambda audit: audit.reported_on is None,
    ),
)
ACTION_ACTIONS = (
    Action(
        _("Record as done"),
        "audits:requiredaction_done",
        services.may_follow_up,
        when=lambda action: action.done_on is None,
    ),
)


class PrefilledCreateView(RecordCreateView):
    """A create form that takes its first values from the query string (``?audit=3``): the
    page a user came from."""

    prefilled = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.prefilled:
            if name in self.request.GET:
                initial[name] = self.request.GET[name]
        return initial


class ReportCreateView(PrefilledCreateView):
    prefilled = ("organisation", "year")

    def get_initial(self):
        return {"year": timezone.localdate().year - 1, **super().get_initial()}


urlpatterns = [
    path("reports/late/", views.LateReportsView.as_view(), name="late_reports"),
    path("annualreports/<int:pk>/values/", views.ValuesView.as_view(), name="annualreport_values"),
    path("annualreports/<int:pk>/file/", views.FileView.as_view(), name="annualreport_file"),
    path("audits/<int:pk>/report/", views.IssueView.as_view(), name="audit_issue"),
    path("requiredactions/<int:pk>/done/", views.DoneView.as_view(), name="requiredaction_done"),
    *model_urls(
        ReportForm,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": ReportFormForm}),
        edit=(RecordUpdateView, {"form_class": ReportFormForm}),
    ),
    *model_urls(
        FormSection,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": FormSectionForm}),
        edit=(RecordUpdateView, {"form_class": FormSectionForm}),
    ),
    *model_urls(
        FormField,
        list=RecordListView,
        detail=RecordDetailView,
        add=(RecordCreateView, {"form_class": FormFieldForm}),
        edit=(RecordUpdateView, {"form_class": FormFieldForm}),
    ),
    *model_urls(
        AnnualReport,
        list=(RecordListView, {"actions": REPORT_LIST_ACTIONS}),
        detail=(views.AnnualReportDetailView, {"actions": REPORT_ACTIONS}),
        add=(
            ReportCreateView,
            {"form_class": AnnualReportForm, "create_service": services.create_report},
        ),
    ),
    *model_urls(
        Audit,
        list=RecordListView,
        detail=(views.AuditDetailView, {"actions": AUDIT_ACTIONS}),
        add=(RecordCreateView, {"form_class": AuditForm}),
        edit=(RecordUpdateView, {"form_class": AuditForm}),
    ),
    *model_urls(
        Finding,
        list=RecordListView,
        detail=RecordDetailView,
        add=(
            PrefilledCreateView,
            {
                "form_class": FindingForm,
                "create_service": services.add_finding,
                "prefilled": ("audit",),
            },
        ),
    ),
    *model_urls(
        RequiredAction,
        list=RecordListView,
        detail=(views.RequiredActionDetailView, {"actions": ACTION_ACTIONS}),
        add=(
            PrefilledCreateView,
            {
                "form_class": RequiredActionForm,
                "create_service": services.add_action,
                "prefilled": ("finding",),
            },
        ),
    ),
]
