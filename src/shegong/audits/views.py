"""The audits pages (FIN-5): generic lists, details and forms; a report's page with its values
by section and its lateness; the values form built from the year's form; filing; the late
reports of a year; an audit's page with its findings, actions and their flags; the report,
follow-up forms. Every write goes through ``audits.services``."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from shegong.areas.models import Area
from shegong.core.permissions import restrict
from shegong.core.views import RecordActionView, RecordDetailView
from shegong.organisations.models import Organisation

from . import queries, rules, services
from .choices import ReportStatus
from .forms import ConfirmForm, DoneForm, IssueForm, ValuesForm
from .models import AnnualReport, Audit, RequiredAction

#: Rows shown in a section of a record's page.
ON_PAGE = 50


def report_late(report: AnnualReport, today) -> bool:
    """FIN-5: the report is (or was) late today."""
    if report.status == ReportStatus.FILED:
        return report.is_late
    deadline, _rule = rules.report_deadline(report.year)
    return rules.is_late(deadline, None, today)


class AnnualReportDetailView(RecordDetailView):
    """FIN-5: a report's values by section, its deadline and whether it is late."""

    template_name = "audits/annualreport_detail.html"
    detail_fields = (
        "organisation",
        "year",
        "form",
        "status",
        "filed_on",
        "deadline",
        "deadline_rule",
        "is_late",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report, today = self.object, timezone.localdate()
        ctx["sections"] = services.rows(report)
        deadline, rule = rules.report_deadline(report.year)
        ctx["due"] = deadline
        ctx["late"] = report_late(report, today)
        ctx["rule"] = rule
        return ctx


class ValuesView(RecordActionView):
    """FIN-5: fill in a draft report, field by field of the year's form."""

    model = AnnualReport
    form_class = ValuesForm
    template_name = "audits/report_values.html"
    title = gettext_lazy("Fill in the report")
    submit_label = gettext_lazy("Save the draft")
    success_message = gettext_lazy("Saved: %(name)s")

    def report_fields(self):
        if not hasattr(self, "_fields"):
            self._fields = services.fields_of(self.object.form)
        return self._fields

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report_fields": self.report_fields()}

    def get_initial(self):
        return dict(self.object.values)

    def notes(self):
        deadline, _rule = rules.report_deadline(self.object.year)
        return [
            _(
                "Save the draft as often as you like; file it when every required field has "
                "a value. The deadline is %(day)s (filed on that day is on time)."
            )
            % {"day": deadline.isoformat()}
        ]

    def perform(self, form):
        raw = {}
        for code, value in form.cleaned_data.items():
            raw[code] = "" if value is None else str(value)
        return services.save_values(self.object, raw, actor=self.request.user)


class FileView(RecordActionView):
    """FIN-5: file the report."""

    model = AnnualReport
    form_class = ConfirmForm
    title = gettext_lazy("File the report")
    submit_label = gettext_lazy("File")
    success_message = gettext_lazy("Filed: %(name)s")

    def notes(self):
        deadline, _rule = rules.report_deadline(self.object.year)
        today = timezone.localdate()
        note = _("The deadline is %(day)s.") % {"day": deadline.isoformat()}
        if today > deadline:
            note += " " + _("Filed today, the report will be marked late.")
        return [note]

    def perform(self, form):
        return services.file_report(
            self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )


class LateReportsView(LoginRequiredMixin, TemplateView):
    """FIN-5: the organisations whose annual work report of a year is late today (filed after
    the deadline, or not filed after it), among those the user may see; 50 a page."""

    template_name = "audits/late_reports.html"

    def year(self) -> int:
        default = timezone.localdate().year - 1
        try:
            year = int(self.request.GET.get("year", default))
        except ValueError:
            return default
        return year if 2000 <= year <= 2100 else default

    def _narrowed(self):
        """The oversight dashboard's figure (FIN-5): ``on`` a day (today by default), ``area``
        a district (its organisations and those below it), ``field`` a service field; a value
        that is not one is left out."""
        get = self.request.GET
        try:
            today = date.fromisoformat(get.get("on", ""))
        except ValueError:
            today = timezone.localdate()
        area = field = None
        if get.get("area", "").isdigit():
            area = Area.objects.filter(pk=get["area"], level__in=["city", "district"]).first()
        if get.get("field", "").isdigit():
            field = get["field"]
        return today, area, field

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = self.year()
        today, within, field = self._narrowed()
        late = Organisation.objects.none()
        for area in Area.objects.filter(level="city"):
            late = late | queries.late_reports(area, year, today)
        if within is not None:
            late = late.filter(area__path__startswith=within.path)
        if field is not None:
            late = late.filter(service_fields=field)
        late = restrict(late, self.request.user, "view").select_related("area").order_by("name")
        page = Paginator(late, ON_PAGE).get_page(self.request.GET.get("page"))
        filed = {
            report.organisation_id: report
            for report in AnnualReport.objects.filter(
                year=year, organisation__in=[o.pk for o in page.object_list]
            )
        }
        ctx.update(
            year=year,
            page_obj=page,
            rows=[(o, filed.get(o.pk)) for o in page.object_list],
            deadline=rules.report_deadline(year)[0],
            title=_("Late annual work reports"),
            narrowed={
                k: v for k, v in self.request.GET.items() if k in ("on", "area", "field") and v
            },
            counted_on=today,
        )
        return ctx


class AuditDetailView(RecordDetailView):
    """FIN-5: an audit with its findings and required actions, overdue ones flagged."""

    template_name = "audits/audit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        actions = list(
            restrict(
                RequiredAction.objects.filter(finding__audit=self.object),
                self.request.user,
                "view",
            ).select_related("finding")[:ON_PAGE]
        )
        ctx["actions"] = [
            (action, rules.is_overdue(action.due_on, action.done_on, today)) for action in actions
        ]
        ctx["findings"] = list(self.object.findings.all()[:ON_PAGE])
        ctx["may_record"] = services.may_record(self.request.user, self.object)
        return ctx


class RequiredActionDetailView(RecordDetailView):
    template_name = "audits/requiredaction_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        action = self.object
        ctx["overdue"] = rules.is_overdue(action.due_on, action.done_on, timezone.localdate())
        return ctx


class IssueView(RecordActionView):
    """FIN-5: the audit report issued, with its summary."""

    model = Audit
    action = ""
    form_class = IssueForm
    title = gettext_lazy("Issue the audit report")
    submit_label = gettext_lazy("Record")
    success_message = gettext_lazy("Saved: %(name)s")

    def get_object(self):
        obj = super().get_object()
        if not services.may_record(self.request.user, obj):
            raise PermissionDenied
        return obj

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.issue_report(
            self.object, on=data["on"], summary=data["summary"], actor=self.request.user
        )


class DoneView(RecordActionView):
    """FIN-5: the follow-up of a required action: done on a day, with the evidence."""

    model = RequiredAction
    action = ""
    form_class = DoneForm
    title = gettext_lazy("Record the action as done")
    submit_label = gettext_lazy("Record")
    success_message = gettext_lazy("Done: %(name)s")

    def get_object(self):
        obj = super().get_object()
        if not services.may_follow_up(self.request.user, obj):
            raise PermissionDenied
        return obj

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.complete_action(
            self.object, on=data["on"], evidence=data["evidence"], actor=self.request.user
        )
