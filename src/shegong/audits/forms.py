"""The audits forms. No rules here: the services check everything (FIN-5). The values form of
an annual work report is built from the year's form definition (data)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm, style_widgets

from .choices import FieldKind, Prefill
from .models import AnnualReport, Audit, Finding, FormField, FormSection, ReportForm, RequiredAction


class ReportFormForm(RecordForm):
    class Meta:
        model = ReportForm
        fields = ["year", "title", "title_en"]


class FormSectionForm(RecordForm):
    class Meta:
        model = FormSection
        fields = ["form", "code", "title", "title_en", "order"]


class FormFieldForm(RecordForm):
    class Meta:
        model = FormField
        fields = ["section", "code", "label", "label_en", "kind", "required", "prefill", "order"]


class AnnualReportForm(RecordForm):
    class Meta:
        model = AnnualReport
        fields = ["organisation", "year"]


class AuditForm(RecordForm):
    class Meta:
        model = Audit
        fields = [
            "contract",
            "kind",
            "conducted_by",
            "auditor",
            "scope",
            "period_from",
            "period_to",
            "starts_on",
        ]


class FindingForm(RecordForm):
    class Meta:
        model = Finding
        fields = ["audit", "number", "severity", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Empty: the next number.")


class RequiredActionForm(RecordForm):
    class Meta:
        model = RequiredAction
        fields = ["finding", "text", "party", "owner", "due_on"]


def value_field(field: FormField) -> forms.Field:
    """A form field of the type of a report's field (all optional while drafting)."""
    label = str(field)
    help_text = _("Required to file the report.") if field.required else ""
    if field.kind == FieldKind.MONEY:
        notes = [_("Yuan, with at most two decimals."), help_text]
        if field.prefill == Prefill.GOVERNMENT_PURCHASE:
            notes.append(_("Prefilled from the payments in the funding ledger: check it."))
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=Decimal("0"),
            max_digits=14,
            decimal_places=2,
            localize=False,
            help_text=" ".join(str(note) for note in notes if note),
        )
    if field.kind == FieldKind.INTEGER:
        return forms.IntegerField(label=label, required=False, min_value=0, help_text=help_text)
    if field.kind == FieldKind.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[("", _("Choose…")), ("yes", _("Yes")), ("no", _("No"))],
            help_text=help_text,
        )
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class ValuesForm(StyledForm):
    """FIN-5: the values of a report, one form field per field of the year's form."""

    def __init__(self, *args, report_fields=(), **kwargs):
        self.report_fields = list(report_fields)
        super().__init__(*args, **kwargs)
        for field in self.report_fields:
            self.fields[field.code] = value_field(field)
        style_widgets(self)

    def sections(self):
        """``[(section, [bound fields])]`` in the form's order."""
        grouped, seen = [], {}
        for field in self.report_fields:
            if field.section_id not in seen:
                seen[field.section_id] = []
                grouped.append((field.section, seen[field.section_id]))
            seen[field.section_id].append(self[field.code])
        return grouped


class ConfirmForm(StyledForm):
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)


class DoneForm(StyledForm):
    on = forms.DateField(label=_("Done on"), widget=DateInput)
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class IssueForm(StyledForm):
    on = forms.DateField(label=_("Report issued on"), widget=DateInput)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
