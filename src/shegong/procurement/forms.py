from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.core.forms import DateInput, RecordForm, StyledForm
from shegong.core.limits import MaxUploadSize
from shegong.funding.models import BudgetLine
from shegong.organisations.models import Organisation
from shegong.people.models import Person
from shegong.workforce.models import Post

from .choices import UpheldOutcome
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


# --- Contracts (FIN-6, FIN-2) ---------------------------------------------------------------------


def _money(label, required=True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=14, decimal_places=2, min_value=0
    )


class ContractForm(StyledForm):
    """FIN-6: the contract of an awarded procurement, with up to two funding lines (more by an
    amendment); the service checks the rest (``services.create_contract``)."""

    supplier = forms.ModelChoiceField(
        label=_("Supplier"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Empty: the supplier the award names."),
    )
    number = forms.CharField(label=_("Contract number"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    line_1 = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    amount_1 = _money(_("Amount (yuan)"))
    line_2 = forms.ModelChoiceField(
        label=_("Second budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    amount_2 = _money(_("Amount from the second line (yuan)"), required=False)
    posts = forms.ModelMultipleChoiceField(
        label=_("Posts funded"),
        queryset=Post.objects.none(),
        required=False,
        help_text=_("Purchases of posts: the supplier's posts the contract funds."),
    )
    outputs = forms.CharField(
        label=_("Outputs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome_targets = forms.CharField(
        label=_("Outcome targets"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisations=None, lines=None, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["supplier"].queryset = organisations
        if lines is not None:
            self.fields["line_1"].queryset = lines
            self.fields["line_2"].queryset = lines
        if posts is not None:
            self.fields["posts"].queryset = posts

    def clean(self):
        data = super().clean()
        if data.get("line_2") and not data.get("amount_2"):
            self.add_error("amount_2", _("Give the amount from the second line."))
        return data

    def funding_lines(self) -> list:
        data = self.cleaned_data
        pairs = [(data["line_1"], data["amount_1"])]
        if data.get("line_2"):
            pairs.append((data["line_2"], data["amount_2"]))
        return pairs


class ConditionForm(StyledForm):
    met = forms.BooleanField(label=_("The condition is met"), required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: the evaluation report, its date, who accepted it."),
    )


class AmendmentForm(StyledForm):
    """FIN-6: a new end date and/or a funding line's new amount (a new line is added)."""

    ends_on = forms.DateField(label=_("New end date"), required=False, widget=DateInput)
    line = forms.ModelChoiceField(
        label=_("Budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    amount = _money(_("New amount from this line (yuan)"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["line"].queryset = lines

    def clean(self):
        data = super().clean()
        if data.get("line") and data.get("amount") is None:
            self.add_error("amount", _("Give the line's new amount."))
        return data


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


# --- Evaluation (FIN-3) ------------------------------------------------------------------------


class PanelForm(StyledForm):
    """FIN-3: the panel's size, its experts drawn at random and the buyer's representatives;
    the service checks the rule (``rules.panel_problem``) and draws."""

    size = forms.IntegerField(label=_("Members"), min_value=1, max_value=99, initial=5)
    expert_seats = forms.IntegerField(
        label=_("Experts drawn at random"),
        min_value=0,
        max_value=99,
        initial=4,
        help_text=_("At least two thirds of the members."),
    )
    representatives = forms.CharField(
        label=_("The buyer's representatives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line: as many as the members less the experts."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class RecusalForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the recusal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: worked for a bidder in the last three years; a relative works there."
        ),
    )
    replacement = forms.CharField(
        label=_("Replaced by (a representative)"),
        required=False,
        max_length=100,
        help_text=_("Only for a representative of the buyer; an expert is replaced by a new draw."),
    )


class ScoreSheetForm(StyledForm):
    """FIN-3: one field a valid bid and non-price criterion, from 0 to the criterion's
    weight."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, bids=(), criteria=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.cells = []
        for bid in bids:
            for criterion in criteria:
                name = f"s_{bid.pk}_{criterion.pk}"
                self.fields[name] = forms.DecimalField(
                    label=f"{bid.organisation} · {criterion.name}",
                    max_digits=5,
                    decimal_places=2,
                    min_value=0,
                    max_value=criterion.weight,
                    initial=current.get((bid.pk, criterion.pk)),
                    help_text=_("From 0 to %(weight)s points.")
                    % {"weight": f"{criterion.weight.normalize():f}"},
                )
                self.cells.append((name, bid.pk, criterion.pk))
        self.order_fields([name for name, _b, _c in self.cells] + ["reason"])

    def points(self) -> dict:
        return {(b, c): self.cleaned_data[name] for name, b, c in self.cells}


class ChallengeForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Challenger"), queryset=Organisation.objects.none()
    )
    text = forms.CharField(
        label=_("Challenge and its grounds"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            only = list(organisations[:2])
            if len(only) == 1:
                self.fields["organisation"].initial = only[0].pk


class ChallengeAnswerForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("dismiss", _("Dismiss the challenge")), ("uphold", _("Uphold the challenge"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("If upheld"),
        required=False,
        choices=[("", "—"), *UpheldOutcome.choices],
        help_text=_(
            "The award is revoked; the panel evaluates the bids again, or the procurement fails."
        ),
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
