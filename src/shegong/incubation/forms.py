"""The incubation forms. No rules here: the services check everything (ORG-4)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm

from .choices import Outcome
from .models import Application, Base, Call, Milestone, Place, PriorityRule


class BaseForm(RecordForm):
    class Meta:
        model = Base
        fields = ["name", "area", "operator", "address", "opened_on", "note", "is_active"]


class PlaceForm(RecordForm):
    class Meta:
        model = Place
        fields = ["base", "code", "kind", "capacity", "note", "is_active"]


class PriorityRuleForm(RecordForm):
    class Meta:
        model = PriorityRule
        fields = ["base", "name", "condition", "years", "field", "points", "is_active"]


class CallForm(RecordForm):
    class Meta:
        model = Call
        fields = [
            "base",
            "title",
            "opens_on",
            "closes_on",
            "places_offered",
            "incubation_starts_on",
            "description",
        ]


class ApplicationForm(RecordForm):
    class Meta:
        model = Application
        fields = [
            "call",
            "organisation",
            "applicant_name",
            "contact_person",
            "contact_phone",
            "contact_email",
            "service_fields",
            "plan",
        ]
        widgets = {"service_fields": forms.CheckboxSelectMultiple}


class MilestoneForm(RecordForm):
    class Meta:
        model = Milestone
        fields = ["occupancy", "title", "due_on"]


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown to the applicant and kept in the audit trail."),
    )


class WithdrawForm(StyledForm):
    """ORG-4: the confirmation of a withdrawal, with an optional note."""

    reason = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Kept in the audit trail with the withdrawal."),
    )


class DecideForm(StyledForm):
    reason = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Kept in the audit trail with the decision."),
    )


class OccupyForm(StyledForm):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DateInput)

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is not None:
            self.fields["place"].queryset = places


class EndForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    on = forms.DateField(label=_("Last day at the base"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MeetForm(StyledForm):
    """ORG-4: a milestone met, with the evidence: a description, a file, or both."""

    on = forms.DateField(label=_("Met on"), widget=DateInput)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the request's language, with the size limit in force.
        self.fields["evidence_file"].help_text = gettext(
            "PDF, image, Word or Excel, at most %(size)s MB."
        ) % {"size": f"{settings.SHEGONG_MAX_UPLOAD_MB['evidence']:g}"}
