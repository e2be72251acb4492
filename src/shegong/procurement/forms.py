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
            # A text field of 24-hour time: Chromium's time picker shows "09:30 AM" in an
            # English browser whatever the page's language.
            "opening_time": forms.TimeInput(
                format="%H:%M",
                attrs={
                    "inputmode": "numeric",
                    "pattern": r"([01][0-9]|2[0-3]):[0-5][0-9]",
                    "placeholder": "09:30",
                    "maxlength": 5,
                    "autocomplete": "off",
                },
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
            "single_source_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "minimum_credentialed_staff": _(
                "Besides: a registered, active organisation with no sanction in force."
            ),
            "single_source_reason": _("Single source only: why only this supplier can serve."),
            "opening_time": _(
                "24-hour time, hours and minutes (for example 09:30 or 14:00), on the bid "
                "deadline: bids close and are opened at that moment."
            ),
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


class FundingLineForm(StyledForm):
    """FIN-2, FIN-6: one budget line funding the contract, and its amount."""

    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    amount = _money(_("Amount (yuan)"))

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["line"].queryset = lines


class BaseFundingLineFormSet(forms.BaseFormSet):
    """The contract's funding lines: at least one, each budget line once (the service checks
    the money: ``services.create_contract``)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            line = form.cleaned_data.get("line")
            if line is None:
                continue
            if line.pk in seen:
                form.add_error("line", _("Each budget line funds a contract once."))
            seen.add(line.pk)

    def funding_lines(self) -> list:
        return [
            (form.cleaned_data["line"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data.get("line")
        ]


#: FIN-6: as many funding lines as the contract needs ("Add a funding line" adds one).
FundingLineFormSet = forms.formset_factory(
    FundingLineForm,
    formset=BaseFundingLineFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=20,
    validate_max=True,
)


class ContractForm(StyledForm):
    """FIN-6: the contract of an awarded procurement; its funding lines are the formset
    :data:`FundingLineFormSet` beside it; the service checks the rest
    (``services.create_contract``)."""

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

    def __init__(self, *args, organisations=None, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["supplier"].queryset = organisations
        if posts is not None:
            self.fields["posts"].queryset = posts


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
