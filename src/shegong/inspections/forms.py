from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, StyledForm

from .choices import AppealOutcome


def _text(label, help_text="", required=True, rows=3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class CompleteForm(StyledForm):
    """ORG-5: the inspection done, and what it found in short."""

    done_on = forms.DateField(label=_("Done on"), widget=DateInput)
    summary = _text(_("Summary"), _("Record each finding separately on the inspection's page."))


class NotesForm(StyledForm):
    notes = _text(_("Investigation notes"), _("What the investigation established, and how."))


class ReasonRequiredForm(StyledForm):
    reason = _text(_("Reason"), _("Kept in the audit trail."), rows=2)


class DecideForm(StyledForm):
    """ORG-5: the decision on a case; its sanctions are added on the decision's page."""

    number = forms.CharField(label=_("Decision number"), max_length=50)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    grounds = _text(_("Grounds"), _("The facts established and the rules applied."), rows=4)


class RectifyForm(StyledForm):
    rectified_on = forms.DateField(label=_("Rectified on"), widget=DateInput)
    evidence = _text(
        _("Evidence"), _("What shows it was put right: documents, a follow-up visit, its date.")
    )


class AppealDecisionForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (AppealOutcome.UPHELD, AppealOutcome.UPHELD.label),
            (AppealOutcome.DISMISSED, AppealOutcome.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    reason = _text(_("Reasons of the outcome"), rows=3)
