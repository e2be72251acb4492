import django_filters
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import (
    Bid,
    BidOpening,
    Clarification,
    Criterion,
    Objection,
    PlanItem,
    Procurement,
    PurchasePlan,
    TenderDocument,
)

DISTRICTS = Area.objects.filter(level="district")


@register_filterset
class PurchasePlanFilterSet(RecordFilterSet):
    search_fields = ("title", "note")
    area = django_filters.ModelChoiceFilter(label=_("District"), queryset=DISTRICTS)

    class Meta:
        model = PurchasePlan
        fields = ["year", "area"]


@register_filterset
class PlanItemFilterSet(RecordFilterSet):
    search_fields = ("project", "note", "plan__title")
    year = django_filters.NumberFilter(label=_("Year"), field_name="plan__year")

    class Meta:
        model = PlanItem
        fields = ["plan", "year", "field", "kind", "method"]


@register_filterset
class ProcurementFilterSet(RecordFilterSet):
    search_fields = ("title", "description")
    buyer = django_filters.ModelChoiceFilter(label=_("Buyer district"), queryset=DISTRICTS)

    class Meta:
        model = Procurement
        fields = ["status", "method", "buyer", "plan_item", "published_on", "bid_deadline"]


@register_filterset
class CriterionFilterSet(RecordFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Criterion
        fields = ["procurement", "is_price"]


@register_filterset
class TenderDocumentFilterSet(RecordFilterSet):
    search_fields = ("title",)

    class Meta:
        model = TenderDocument
        fields = ["procurement"]


@register_filterset
class ClarificationFilterSet(RecordFilterSet):
    search_fields = ("text", "procurement__title")

    class Meta:
        model = Clarification
        fields = ["procurement", "changes_documents", "made_on"]


@register_filterset
class ObjectionFilterSet(RecordFilterSet):
    search_fields = ("text", "organisation__name")

    class Meta:
        model = Objection
        fields = ["procurement", "organisation", "lodged_on"]


@register_filterset
class BidFilterSet(RecordFilterSet):
    """No filter, sort or search on the sealed content (price, proposal, staff)."""

    search_fields = ("organisation__name", "procurement__title")

    class Meta:
        model = Bid
        fields = ["procurement", "organisation", "status"]


@register_filterset
class BidOpeningFilterSet(RecordFilterSet):
    search_fields = ("procurement__title",)

    class Meta:
        model = BidOpening
        fields = ["procurement", "failed"]
