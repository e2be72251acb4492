"""The audits lists, with the flags of FIN-5 (late report, overdue action)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from . import rules
from .models import AnnualReport, Audit, Finding, FormField, FormSection, ReportForm, RequiredAction


@register_table
class ReportFormTable(RecordTable):
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = ReportForm
        fields = ("year", "title")


@register_table
class FormSectionTable(RecordTable):
    related = ("form",)
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = FormSection
        fields = ("form", "order", "code", "title")


@register_table
class FormFieldTable(RecordTable):
    related = ("section__form",)
    label = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = FormField
        fields = ("section", "order", "code", "label", "kind", "required", "prefill")


@register_table
class AnnualReportTable(RecordTable):
    related = ("organisation",)
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = AnnualReport
        fields = ("year", "organisation", "status", "filed_on", "deadline", "is_late")


@register_table
class AuditTable(RecordTable):
    related = ("contract", "auditor")
    contract = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Audit
        fields = ("contract", "kind", "conducted_by", "auditor", "starts_on", "reported_on")


@register_table
class FindingTable(RecordTable):
    related = ("audit__contract",)
    text = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Finding
        fields = ("audit", "number", "severity", "text")


@register_table
class RequiredActionTable(RecordTable):
    related = ("finding",)
    text = tables.Column(linkify=True)
    overdue = tables.Column(_("Overdue"), empty_values=(), orderable=False)

    class Meta(RecordTable.Meta):
        model = RequiredAction
        fields = ("text", "party", "owner", "due_on", "done_on")
        sequence = ("text", "party", "owner", "due_on", "done_on", "overdue")

    def render_overdue(self, record):
        overdue = rules.is_overdue(record.due_on, record.done_on, timezone.localdate())
        return _("Overdue") if overdue else "—"

    def value_overdue(self, record):
        overdue = rules.is_overdue(record.due_on, record.done_on, timezone.localdate())
        return str(_("Yes") if overdue else _("No"))
