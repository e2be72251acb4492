from datetime import date

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.calendar import lasting
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset
from shegong.organisations.models import ServiceField

from . import overdue
from .models import (
    Amendment,
    Award,
    Bid,
    BidOpening,
    Challenge,
    Clarification,
    Clause,
    Contract,
    ContractLine,
    Criterion,
    Expert,
    Instalment,
    Objection,
    Panel,
    PanelDraw,
    PanelMember,
    Payment,
    PlanItem,
    Procurement,
    PurchasePlan,
    Result,
    Score,
    TenderDocument,
)

DISTRICTS = Area.objects.filter(level="district")
FIELDS = ServiceField.objects.all()


class OverdueFilter(django_filters.ChoiceFilter):
    """Issue 14 (dashboards): the records whose step ``overdue.STEPS[key]`` is overdue today,
    the same query as the dashboard's figure."""

    def __init__(self, model, *args, **kwargs):
        kwargs.setdefault("label", _("Overdue"))
        super().__init__(*args, choices=overdue.choices_of(model), **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return overdue.find(value, qs, timezone.localdate())


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
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="plan__area", queryset=DISTRICTS
    )

    class Meta:
        model = PlanItem
        fields = ["plan", "year", "field", "kind", "method"]


@register_filterset
class ProcurementFilterSet(RecordFilterSet):
    search_fields = ("title", "description")
    buyer = django_filters.ModelChoiceFilter(label=_("Buyer district"), queryset=DISTRICTS)
    year = YearFilter(label=_("Plan year"), field_name="plan_item__plan__year")
    overdue = OverdueFilter(Procurement)

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
class ContractFilterSet(RecordFilterSet):
    search_fields = ("number", "title", "supplier__name")
    field = django_filters.ModelChoiceFilter(
        label=_("Service field"), field_name="procurement__plan_item__field", queryset=FIELDS
    )
    year = YearFilter(label=_("Plan year"), field_name="procurement__plan_item__plan__year")
    # FIN-5: the oversight dashboard's running contracts (buyer in the district or below it,
    # in force on some day of the year, a term of at least the parameter's months).
    buyer_area = django_filters.ModelChoiceFilter(
        label=_("Bought in the area"),
        queryset=Area.objects.filter(level__in=["city", "district"]),
        method="filter_buyer_area",
    )
    in_force_in = YearFilter(label=_("In force in the year"), method="filter_in_force_in")
    lasting_months = django_filters.NumberFilter(
        label=_("Term of at least (months)"),
        method="filter_lasting",
        min_value=1,
        max_value=600,
    )

    class Meta:
        model = Contract
        fields = ["procurement", "buyer", "supplier", "status", "signed_on"]

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district or the city
    def filter_buyer_area(self, queryset, name, value):
        return queryset.filter(buyer__path__startswith=value.path) if value else queryset

    def filter_in_force_in(self, queryset, name, value):
        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1))

    def filter_lasting(self, queryset, name, value):
        return queryset if value is None else lasting(queryset, "starts_on", "ends_on", int(value))


@register_filterset
class ContractLineFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "line__name")

    class Meta:
        model = ContractLine
        fields = ["contract", "line"]


@register_filterset
class ClauseFilterSet(RecordFilterSet):
    search_fields = ("text", "contract__number")

    class Meta:
        model = Clause
        fields = ["contract", "party"]


@register_filterset
class InstalmentFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "condition_text")
    buyer = django_filters.ModelChoiceFilter(
        label=_("Buyer district"), field_name="contract__buyer", queryset=DISTRICTS
    )
    overdue = OverdueFilter(Instalment)

    class Meta:
        model = Instalment
        fields = ["contract", "condition", "condition_met", "due_on"]


@register_filterset
class PaymentFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__supplier__name")
    buyer = django_filters.ModelChoiceFilter(
        label=_("Buyer district"), field_name="contract__buyer", queryset=DISTRICTS
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Service field"),
        field_name="contract__procurement__plan_item__field",
        queryset=FIELDS,
    )
    year = YearFilter(
        label=_("Plan year"), field_name="contract__procurement__plan_item__plan__year"
    )

    class Meta:
        model = Payment
        fields = ["contract", "paid_on"]


@register_filterset
class AmendmentFilterSet(RecordFilterSet):
    search_fields = ("reason", "contract__number")

    class Meta:
        model = Amendment
        fields = ["contract", "made_on"]


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


@register_filterset
class ExpertFilterSet(RecordFilterSet):
    """FIN-3: the expert pool; no filter or search on the phone (private)."""

    search_fields = ("name", "employer__name")

    class Meta:
        model = Expert
        fields = ["is_active", "fields", "employer"]


@register_filterset
class PanelFilterSet(RecordFilterSet):
    search_fields = ("procurement__title",)

    class Meta:
        model = Panel
        fields = ["procurement"]


@register_filterset
class PanelMemberFilterSet(RecordFilterSet):
    """No filter or search on the reason of a recusal (private)."""

    search_fields = ("name", "panel__procurement__title")

    class Meta:
        model = PanelMember
        fields = ["panel", "kind", "status", "expert"]


@register_filterset
class ScoreFilterSet(RecordFilterSet):
    """No filter, sort or search on the points (private)."""

    search_fields = ("bid__organisation__name", "member__name")

    class Meta:
        model = Score
        fields = ["member", "bid", "criterion"]


@register_filterset
class ResultFilterSet(RecordFilterSet):
    search_fields = ("bid__organisation__name", "procurement__title")

    class Meta:
        model = Result
        fields = ["procurement", "rank"]


@register_filterset
class AwardFilterSet(RecordFilterSet):
    search_fields = ("supplier__name", "procurement__title")

    class Meta:
        model = Award
        fields = ["procurement", "supplier", "status"]


@register_filterset
class ChallengeFilterSet(RecordFilterSet):
    search_fields = ("organisation__name", "procurement__title")
    buyer = django_filters.ModelChoiceFilter(
        label=_("Buyer district"), field_name="procurement__buyer", queryset=DISTRICTS
    )
    overdue = OverdueFilter(Challenge)

    class Meta:
        model = Challenge
        fields = ["procurement", "organisation", "status"]


@register_filterset
class PanelDrawFilterSet(RecordFilterSet):
    search_fields = ("panel__procurement__title", "seed")

    class Meta:
        model = PanelDraw
        fields = ["panel"]
