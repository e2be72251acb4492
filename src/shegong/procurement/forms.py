from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm
from shegong.core.limits import MaxUploadSize
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from .models import Procurement


class ProcurementForm(RecordForm):
    """A draft procurement: the bid deadline is checked as if published today
    (``services.create_procurement``), and again on publication (``services.publish``)."""

    class Meta:
        model = Procurement
        fields = [
            "plan_item",
            "method",
            "title",
            "description",
            "minimum_grade",
            "minimum_credentialed_staff",
            "bid_deadline",
            "opening_time",
            "single_source_reason",
            "proposed_supplier",
        ]
        widgets = {
            "bid_deadline": DateInput,
            "opening_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "single_source_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "minimum_credentialed_staff": _(
                "Besides: a registered, active organisation with no sanction in force."
            ),
            "single_source_reason": _("Single source only: why only this supplier can serve."),
        }


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )


class CancelForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ClarificationForm(StyledForm):
    text = forms.CharField(
        label=_("Clarification"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    changes_documents = forms.BooleanField(
        label=_("Changes the tender documents"),
        required=False,
        help_text=_(
            "A change that may affect bids, made less than 15 days before the deadline, moves "
            "the deadline."
        ),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ObjectionForm(StyledForm):
    organisation = forms.ModelChoiceField(label=_("Objector"), queryset=Organisation.objects.none())
    text = forms.CharField(
        label=_("Objection"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            only = list(organisations[:2])
            if len(only) == 1:  # the one organisation the user administers
                self.fields["organisation"].initial = only[0].pk


class BidForm(StyledForm):
    """FIN-3: a bid's content; the staff are people of the organisation (search as you type).
    The service checks that they hold its posts (``services.bids``)."""

    organisation = forms.ModelChoiceField(label=_("Bidder"), queryset=Organisation.objects.none())
    price = forms.DecimalField(
        label=_("Price (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    proposal = forms.FileField(
        label=_("Proposal"), validators=[MaxUploadSize("procurement")], required=False
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff for the posts"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, organisations=None, people=None, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:
            del self.fields["organisation"]
            self.fields["proposal"].help_text = _("Leave empty to keep the proposal.")
        else:
            self.fields["organisation"].queryset = organisations
            only = list(organisations[:2])
            if len(only) == 1:  # the one organisation the user administers
                self.fields["organisation"].initial = only[0].pk
            self.fields["proposal"].required = True
        self.fields["staff"].queryset = people
