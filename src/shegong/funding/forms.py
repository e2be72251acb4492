"""The funding forms. No rules here: the services check everything (FIN-1, FIN-2, FIN-4)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.forms import DateInput, RecordForm, StyledForm

from .models import BudgetLine, CatalogueItem


class CatalogueItemForm(RecordForm):
    class Meta:
        model = CatalogueItem
        fields = [
            "code",
            "name",
            "service_field",
            "mode",
            "level",
            "description",
            "outputs",
            "outcomes",
            "is_active",
        ]


class BudgetLineForm(RecordForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "payer", "source", "purpose", "name", "recipient", "note"]


def amount_field(label):
    return forms.DecimalField(
        label=label, min_value=Decimal("0.01"), max_digits=14, decimal_places=2, localize=False
    )


class AllocateForm(StyledForm):
    amount = amount_field(_("Amount (yuan)"))
    booked_on = forms.DateField(label=_("Date"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("For example the budget decision. Kept in the ledger and the audit trail."),
    )


class TransferForm(StyledForm):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=Area.objects.filter(level="district", is_active=True)
    )
    newly_added = amount_field(_("Newly added purchases of the district (yuan)"))
    booked_on = forms.DateField(label=_("Date"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("For example the transfer decision. Kept in the ledger and the audit trail."),
    )
