"""The filters of the funding lists (UI and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset

from .choices import FundingSource
from .models import BudgetLine, CatalogueItem, LedgerEntry


@register_filterset
class CatalogueItemFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "description")

    class Meta:
        model = CatalogueItem
        fields = ["service_field", "mode", "level", "is_active", "code"]


@register_filterset
class BudgetLineFilterSet(RecordFilterSet):
    search_fields = ("name", "note", "recipient__name")
    year = YearFilter(label=_("Year"))
    payer = django_filters.ModelChoiceFilter(
        label=_("Payer"), queryset=Area.objects.filter(level__in=["city", "district"])
    )

    class Meta:
        model = BudgetLine
        fields = ["year", "payer", "source", "purpose", "recipient"]


@register_filterset
class LedgerEntryFilterSet(RecordFilterSet):
    search_fields = ("reason", "reference", "line__name")
    year = YearFilter(field_name="line__year", label=_("Year"))
    payer = django_filters.ModelChoiceFilter(
        label=_("Payer"),
        field_name="line__payer",
        queryset=Area.objects.filter(level__in=["city", "district"]),
    )
    booked_from = django_filters.DateFilter(
        label=_("From"), field_name="booked_on", lookup_expr="gte"
    )
    booked_until = django_filters.DateFilter(
        label=_("Until"), field_name="booked_on", lookup_expr="lte"
    )
    source = django_filters.ChoiceFilter(
        label=pgettext_lazy("money", "source"),
        field_name="line__source",
        choices=FundingSource.choices,
    )

    class Meta:
        model = LedgerEntry
        fields = ["line", "kind", "year", "payer", "commitment", "reference"]
