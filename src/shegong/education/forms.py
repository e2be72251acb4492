from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.forms import DateInput, RecordForm, StyledForm
from shegong.organisations.models import Organisation

from . import imports
from .models import CpdRecord, CpdRule, Supervision, SupervisionSession, Supervisor


class CpdClaimForm(RecordForm):
    """A claim with evidence; a claim for a session takes the course's details when left
    empty (``services.claim``)."""

    class Meta:
        model = CpdRecord
        fields = ["person", "session", "title", "kind", "completed_on", "hours", "days", "evidence"]
        widgets = {"completed_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "kind", "completed_on"):
            self.fields[name].required = False
        self.fields["title"].help_text = _("Empty for a course session: the course's title.")


class DecisionForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit trail; the person sees it."),
    )


class EndSupervisionForm(StyledForm):
    ends_on = forms.DateField(label=_("Until"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CpdRuleForm(RecordForm):
    class Meta:
        model = CpdRule
        fields = [
            "code",
            "name",
            "name_en",
            "scope",
            "basis",
            "unit",
            "required_assistant",
            "required_intermediate",
            "required_senior",
            "hours_per_day",
            "weights",
            "caps",
            "from_year",
            "checked_at_renewal",
            "source",
            "sort_order",
            "is_active",
        ]


class SupervisorForm(RecordForm):
    class Meta:
        model = Supervisor
        fields = ["person", "appointed_on"]
        widgets = {"appointed_on": DateInput}


class SupervisionForm(RecordForm):
    class Meta:
        model = Supervision
        fields = ["supervisor", "supervisee", "assistant", "starts_on"]
        widgets = {"starts_on": DateInput}


class SupervisionSessionForm(RecordForm):
    class Meta:
        model = SupervisionSession
        fields = ["supervision", "held_on", "hours", "topic", "notes"]
        widgets = {"held_on": DateInput}


class ComplianceForm(StyledForm):
    rule = forms.ModelChoiceField(label=_("Rule"), queryset=CpdRule.objects.none(), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    # The page narrows both to the user's scope (education.views.compliance); declared on
    # their tables so that the organisation is a search-as-you-type field (ADR 0044).
    area = forms.ModelChoiceField(label=_("District"), queryset=Area.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Attendance file (XLSX or CSV)"), help_text=imports.TEMPLATE_HELP
    )
