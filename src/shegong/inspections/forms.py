from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm
from shegong.organisations.models import Organisation
from shegong.registry.models import Registration

from .choices import AppealOutcome
from .models import Discipline


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


class DisciplineForm(RecordForm):
    """ORG-5 (self-regulation): the member is named by what the public register shows: an
    organisation's unified social credit code or a social worker's register number (an
    association does not see the members' records themselves)."""

    member_credit_code = forms.CharField(
        label=_("Member organisation's unified social credit code"),
        required=False,
        max_length=18,
        help_text=_("Fill in this or the register number below, not both."),
    )
    member_register_number = forms.CharField(
        label=_("Member social worker's register number"), required=False, max_length=20
    )

    class Meta:
        model = Discipline
        fields = [
            "association",
            "member_credit_code",
            "member_register_number",
            "measure",
            "decided_on",
            "grounds",
        ]

    def clean(self):
        data = super().clean()
        code = (data.get("member_credit_code") or "").strip().upper()
        number = (data.get("member_register_number") or "").strip()
        self._members = {"member_organisation": None, "member_person": None}
        if bool(code) == bool(number):
            raise forms.ValidationError(
                _(
                    "Give one member: an organisation's credit code or a social worker's register "
                    "number."
                )
            )
        if code:
            found = Organisation.objects.filter(credit_code=code).first()
            if found is None:
                self.add_error(
                    "member_credit_code", _("No registered organisation has this credit code.")
                )
            self._members["member_organisation"] = found
        else:
            entry = Registration.objects.filter(register_number=number).first()
            if entry is None:
                self.add_error(
                    "member_register_number", _("No social worker has this register number.")
                )
            else:
                self._members["member_person"] = entry.person
        for name, value in self._members.items():
            setattr(self.instance, name, value)
        return data

    def _update_errors(self, errors):
        """The model's errors about the member belong to the fields that name it."""
        if hasattr(errors, "error_dict"):
            moved = {}
            for key, value in errors.error_dict.items():
                target = {
                    "member_organisation": "member_credit_code",
                    "member_person": "member_register_number",
                }.get(key, key)
                moved.setdefault(target, []).extend(value)
            errors = forms.ValidationError(moved)
        super()._update_errors(errors)

    def changed_data_dict(self) -> dict:
        data = {
            k: v
            for k, v in super().changed_data_dict().items()
            if k not in ("member_credit_code", "member_register_number")
        }
        data.update(self._members)
        return data
