"""Forms of the assessment pages. No rules here: the services check everything."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm, style_widgets
from shegong.core.permissions import restrict
from shegong.organisations.models import Organisation

from .choices import Criterion, Rating
from .models import AssessmentCycle, AssessmentForm

SCORE_FIELD = {"min_value": 0, "max_value": 100, "max_digits": 5, "decimal_places": 2}
WEIGHTS = [f"weight_{c}" for c in Criterion.values]


class AssessmentCycleForm(RecordForm):
    class Meta:
        model = AssessmentCycle
        fields = ["year", "area", "reference_date", "opens_on", "closes_on", "note"]
        widgets = {"reference_date": DateInput, "opens_on": DateInput, "closes_on": DateInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(
            level__in=["city", "district"]
        )


class AssessmentFormForm(RecordForm):
    class Meta:
        model = AssessmentForm
        fields = ["post_type", "name", "guidance", *WEIGHTS, "is_active"]


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class RequiredReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ServedUnitForm(StyledForm):
    served_unit = forms.ModelChoiceField(
        label=_("Served unit"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Empty: no served unit scores; the employer's score counts in full."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_unit"].queryset = restrict(
            Organisation.objects.filter(is_active=True), user, "view"
        ).order_by("name")


class ScoreForm(StyledForm):
    """One field per criterion (0 to 100), the comment and the reason."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {}
        for criterion in Criterion:
            weight = (weights or {}).get(criterion.value)
            scores[f"score_{criterion.value}"] = forms.DecimalField(
                label=criterion.label,
                help_text=_("Weight %(weight)s %%") % {"weight": weight} if weight else "",
                **SCORE_FIELD,
            )
        self.fields = {**scores, **self.fields}
        style_widgets(self)


class AppealForm(StyledForm):
    grounds = forms.CharField(label=_("Grounds of the appeal"), widget=forms.Textarea)


class DecideAppealForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("upheld", _("Upheld")), ("dismissed", _("Dismissed"))],
    )
    new_rating = forms.ChoiceField(
        label=_("New rating"),
        required=False,
        choices=[("", "---------"), *Rating.choices],
        help_text=_("When upheld."),
    )
    new_score = forms.DecimalField(
        label=_("New combined score"),
        required=False,
        help_text=_("When upheld and the score changes."),
        **SCORE_FIELD,
    )
    reasons = forms.CharField(label=_("Reasons for the decision"), widget=forms.Textarea)
