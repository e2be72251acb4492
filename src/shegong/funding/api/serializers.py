"""Serializers of the funding API: no rules (those are in ``funding.services``); money as
decimal strings, never floats."""

from decimal import Decimal

from rest_framework import serializers

from shegong.areas.models import Area
from shegong.core.api.serializers import RecordSerializer, RestrictedRelatedField

from ..models import BudgetLine, CatalogueItem, LedgerEntry


def money():
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=True
    )


class CatalogueItemSerializer(RecordSerializer):
    class Meta:
        model = CatalogueItem
        fields = [
            "id",
            "code",
            "name",
            "service_field",
            "mode",
            "level",
            "description",
            "outputs",
            "outcomes",
            "is_active",
            "version",
        ]


class BudgetLineSerializer(RecordSerializer):
    """A budget line with its balances (summed by the database, ``funding.queries``)."""

    allocated = money()
    transferred = money()
    committed = money()
    paid = money()
    available = money()

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "year",
            "payer",
            "source",
            "purpose",
            "name",
            "recipient",
            "note",
            "allocated",
            "transferred",
            "committed",
            "paid",
            "available",
            "version",
        ]


class LedgerEntrySerializer(RecordSerializer):
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=True
    )
    newly_added = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, coerce_to_string=True, allow_null=True
    )

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "line",
            "kind",
            "amount",
            "booked_on",
            "reason",
            "commitment",
            "counterpart",
            "source_model",
            "source_id",
            "reference",
            "newly_added",
            "rule",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


def amount_input(help_text: str):
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        coerce_to_string=True,
        help_text=help_text,
    )


class AllocateInput(serializers.Serializer):
    """FIN-2: money put on a line (``funding.services.allocate``)."""

    amount = amount_input("Yuan, above zero, at most two decimals.")
    booked_on = serializers.DateField(required=False, help_text="Default: today.")
    reason = serializers.CharField(max_length=500, help_text="For example the budget decision.")


class TransferInput(serializers.Serializer):
    """FIN-2: the city's special subsidy to a district (``services.transfer_city_subsidy``)."""

    district = RestrictedRelatedField(queryset=Area.objects.filter(level="district"))
    newly_added = amount_input("The district's newly added purchases, yuan.")
    booked_on = serializers.DateField(
        required=False, help_text="Default: today; the share in force on it applies."
    )
    reason = serializers.CharField(max_length=500)
