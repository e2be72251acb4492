"""The oversight forms. No rules here: ``oversight.services`` checks everything (FIN-5)."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.forms import DateInput, RecordForm, StyledForm, style_widgets
from shegong.core.permissions import restrict
from shegong.procurement.models import Contract

from .choices import StandardResult
from .models import Complaint, DrawEntry, Evaluation, QualityStandard, Visit, VisitDraw


class QualityStandardForm(RecordForm):
    class Meta:
        model = QualityStandard
        fields = [
            "code",
            "name",
            "name_en",
            "description",
            "edition",
            "valid_from",
            "valid_until",
            "source",
            "sort_order",
            "is_active",
        ]


class ContractChoiceForm(StyledForm):
    """A contract the user may see (search as you type)."""

    contract = forms.ModelChoiceField(label=_("Contract"), queryset=Contract.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = restrict(Contract.objects.all(), user, "view")
        style_widgets(self)


class OpenSelfAssessmentForm(ContractChoiceForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AssessForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=StandardResult.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows the result: records, figures, documents."),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ReturnForm(StyledForm):
    people_served = forms.IntegerField(label=_("People served"), min_value=0)
    activities = forms.IntegerField(label=_("Activities held"), min_value=0)
    service_hours = forms.DecimalField(
        label=_("Service hours"), min_value=Decimal("0"), max_digits=9, decimal_places=1
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintForm(RecordForm):
    class Meta:
        model = Complaint
        fields = ["contract", "received_on", "summary"]


class DrawForm(StyledForm):
    area = forms.ModelChoiceField(
        label=_("District or city"), queryset=Area.objects.filter(level__in=["city", "district"])
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    seed = forms.CharField(
        label=_("Seed"),
        required=False,
        max_length=64,
        help_text=_(
            "Empty: a random seed is chosen and kept. The same seed over the same weights draws "
            "the same sample."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = restrict(
            Area.objects.filter(level__in=["city", "district"], is_active=True), user, "view"
        )
        self.fields["year"].initial = timezone.localdate().year


class VisitForm(RecordForm):
    """FIN-5: a visit planned, of a contract drawn in a sample or not. A district officer plans
    the visits of its contracts drawn in the city's sample, a draw it may not open (its
    weights cover every district): the draws offered are those the user sees and those that
    chose a contract of the user's reach (``DrawEntry.access``, by district). The service
    checks that the contract was chosen in the draw."""

    class Meta:
        model = Visit
        fields = ["contract", "draw", "kind", "planned_on", "lead_evaluator", "evaluators"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None:
            seen = restrict(VisitDraw.objects.all(), user, "view").values("pk")
            chosen = restrict(DrawEntry.objects.filter(chosen=True), user, "view").values("draw")
            self.fields["draw"].queryset = VisitDraw.objects.filter(
                Q(pk__in=seen) | Q(pk__in=chosen)
            )


class RecordVisitForm(StyledForm):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput)
    findings = forms.CharField(
        label=_("Findings"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the supplier."),
    )
    notes = forms.CharField(
        label=_("Evaluators' notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Private: seen by the evaluators and the officials, never the supplier."),
    )


class EvaluationForm(RecordForm):
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Anyone tied to the supplier (a role in it, a post at it) is excluded. Optional "
            "when a committee is the evaluator body."
        ),
    )

    #: The evaluators beside the committee, before the reason for the change.
    field_order = ["contract", "stage", "held_on", "committee", "evaluators"]

    class Meta:
        model = Evaluation
        fields = ["contract", "stage", "held_on", "committee"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["evaluators"].queryset = restrict(
            User.objects.filter(is_active=True), user, "view"
        )
        style_widgets(self)

    def m2m_dict(self) -> dict:
        return {"evaluators": list(self.cleaned_data.get("evaluators") or [])}


class ScoreForm(StyledForm):
    score = forms.DecimalField(
        label=_("Score (0-100)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )
    notes = forms.CharField(
        label=_("Evaluator's notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Private: seen by you and the officials, never the supplier."),
    )


class RecusalForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the recusal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a tie to the supplier. Kept with the evaluation."),
    )


class RateForm(StyledForm):
    rated_on = forms.DateField(label=_("Rated on"), widget=DateInput)
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)


class YearForm(StyledForm):
    """The dashboard's year."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
