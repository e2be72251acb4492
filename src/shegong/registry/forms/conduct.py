"""Forms of the conduct case pages (REG-4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from shegong.core.forms import DateInput, StyledForm
from shegong.core.permissions import restrict
from shegong.people.models import Person

from ..choices import AppealOutcome, CaseSource, Sanction


class OpenCaseForm(StyledForm):
    person = forms.ModelChoiceField(label=gettext_lazy("Person concerned"), queryset=None)
    source = forms.ChoiceField(
        label=gettext_lazy("Complaint from"),
        choices=[
            (CaseSource.STAFF, CaseSource.STAFF.label),
            (CaseSource.ORGANISATION, CaseSource.ORGANISATION.label),
        ],
    )
    summary = forms.CharField(label=gettext_lazy("Complaint"), widget=forms.Textarea)
    complainant_name = forms.CharField(label=gettext_lazy("Complainant"), required=False)
    complainant_contact = forms.CharField(label=gettext_lazy("Complainant contact"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = restrict(Person.objects.all(), user, "view")


class HearingForm(StyledForm):
    hearing_date = forms.DateField(label=gettext_lazy("Hearing date"), widget=DateInput)
    findings = forms.CharField(
        label=gettext_lazy("Findings of the investigation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(label=gettext_lazy("Note"), required=False)


class DecideForm(StyledForm):
    decision = forms.CharField(
        label=gettext_lazy("Decision"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Decision date"), required=False, widget=DateInput
    )
    sanction = forms.ChoiceField(label=gettext_lazy("Sanction"), choices=Sanction.choices)
    conditions = forms.CharField(
        label=gettext_lazy("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sanction_from = forms.DateField(
        label=gettext_lazy("Sanction from"), required=False, widget=DateInput
    )
    sanction_until = forms.DateField(
        label=gettext_lazy("Sanction until"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("Empty: until further notice (not for a suspension)."),
    )


class AppealForm(StyledForm):
    lodged_on = forms.DateField(label=gettext_lazy("Lodged on"), required=False, widget=DateInput)
    grounds = forms.CharField(
        label=gettext_lazy("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecisionForm(StyledForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=AppealOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), required=False, widget=DateInput)
    sanction_until = forms.DateField(
        label=gettext_lazy("New end of the sanction (if varied)"),
        required=False,
        widget=DateInput,
    )
