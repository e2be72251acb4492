"""The grading forms (no rules: those are in ``grading.services``). The self-assessment and
score forms have one row of fields per indicator of the cycle's indicator system."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import User
from shegong.core.forms import RecordForm, StyledForm, style_widgets
from shegong.governance.models import Committee
from shegong.organisations.models import Organisation

from .choices import AppealStatus, GradeValue
from .models import GradingCycle, Indicator, IndicatorGroup, IndicatorSystem


def _reason(required=False):
    return forms.CharField(
        label=_("Reason"),
        required=required,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )


class IndicatorSystemForm(RecordForm):
    class Meta:
        model = IndicatorSystem
        fields = ["name", "total", "note"]


class IndicatorGroupForm(RecordForm):
    class Meta:
        model = IndicatorGroup
        fields = ["system", "code", "name", "order"]


class IndicatorForm(RecordForm):
    class Meta:
        model = Indicator
        fields = ["group", "code", "name", "max_points", "guidance", "order"]


class GradingCycleForm(RecordForm):
    class Meta:
        model = GradingCycle
        fields = ["year", "opens_on", "closes_on", "system", "note"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ApplyForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    reason = _reason()

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class IndicatorRowsForm(StyledForm):
    """One row of fields per indicator: ``points_<id>`` and a text (and a file)."""

    text_label = _("Evidence")
    with_file = True

    def __init__(self, *args, indicators=(), initial_rows=None, claimed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        initial_rows = initial_rows or {}
        claimed = claimed or {}
        for indicator in self.indicators:
            points, text = initial_rows.get(indicator.pk, (None, ""))
            helps = _("0 to %(max)d points") % {"max": indicator.max_points}
            if indicator.pk in claimed:
                helps = _("0 to %(max)d points; the organisation claims %(claimed)s") % {
                    "max": indicator.max_points,
                    "claimed": claimed[indicator.pk],
                }
            self.fields[f"points_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.code} {indicator.name}",
                min_value=0,
                max_value=indicator.max_points,
                decimal_places=1,
                required=False,
                initial=points,
                help_text=helps,
            )
            self.fields[f"text_{indicator.pk}"] = forms.CharField(
                label=self.text_label,
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if self.with_file:
                self.fields[f"file_{indicator.pk}"] = forms.FileField(
                    label=_("Evidence file"), required=False
                )
        style_widgets(self)

    def rows(self) -> dict:
        """The indicators given points, with ``(points, text[, file])``."""
        data = self.cleaned_data
        found = {}
        for indicator in self.indicators:
            points = data.get(f"points_{indicator.pk}")
            if points is None:
                continue
            text = data.get(f"text_{indicator.pk}", "")
            if self.with_file:
                found[indicator] = (points, text, data.get(f"file_{indicator.pk}"))
            else:
                found[indicator] = (points, text)
        return found


class ClaimsForm(IndicatorRowsForm):
    pass


class ScoresForm(IndicatorRowsForm):
    text_label = _("Note (private)")
    with_file = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final"] = forms.BooleanField(
            label=_("Submit my scores (they can no longer change)"), required=False
        )


class AssignForm(StyledForm):
    committee = forms.ModelChoiceField(
        label=_("Coordinating committee (evaluator body)"),
        queryset=Committee.objects.none(),
        required=False,
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators named"),
        queryset=User.objects.none(),
        required=False,
    )
    reason = _reason()

    def __init__(self, *args, committees=None, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committees is not None:
            self.fields["committee"].queryset = committees
        if users is not None:
            self.fields["evaluators"].queryset = users


class ReasonForm(StyledForm):
    reason = _reason()


class RequiredReasonForm(StyledForm):
    reason = _reason(required=True)


class AppealForm(StyledForm):
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class DecideAppealForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(AppealStatus.UPHELD, AppealStatus.UPHELD.label)]
        + [(AppealStatus.DISMISSED, AppealStatus.DISMISSED.label)],
    )
    decision = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    revised_grade = forms.ChoiceField(
        label=_("Revised grade"),
        choices=[("", "—"), *GradeValue.choices],
        required=False,
    )


class DowngradeForm(StyledForm):
    to = forms.ChoiceField(label=_("New grade"), choices=GradeValue.choices)
    reason = _reason(required=True)
