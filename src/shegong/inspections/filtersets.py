import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset
from shegong.organisations.models import ServiceField

from . import rules
from .models import Appeal, Case, Decision, Discipline, Finding, Inspection, Sanction

DISTRICTS = Area.objects.filter(level="district")


class _ByDistrict(RecordFilterSet):
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=DISTRICTS, method="filter_district"
    )
    district_lookup = "organisation__area__path"

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.district_lookup}__startswith": value.path})


@register_filterset
class InspectionFilterSet(_ByDistrict):
    search_fields = ("organisation__name", "scope")

    class Meta:
        model = Inspection
        fields = ["organisation", "origin", "status", "scheduled_on"]


@register_filterset
class FindingFilterSet(_ByDistrict):
    search_fields = ("text", "organisation__name")

    class Meta:
        model = Finding
        fields = ["inspection", "organisation", "is_violation"]


@register_filterset
class CaseFilterSet(_ByDistrict):
    search_fields = ("organisation__name", "facts")

    class Meta:
        model = Case
        fields = ["organisation", "kind", "status", "opened_on"]


@register_filterset
class DecisionFilterSet(_ByDistrict):
    search_fields = ("number", "organisation__name")

    class Meta:
        model = Decision
        fields = ["organisation", "decided_on"]


@register_filterset
class SanctionFilterSet(_ByDistrict):
    search_fields = ("organisation__name", "decision__number")
    overdue_on = django_filters.DateFilter(label=_("Overdue on"), method="filter_overdue")
    field = django_filters.ModelChoiceFilter(
        label=_("Service field"),
        field_name="organisation__service_fields",
        queryset=ServiceField.objects.all(),
    )

    class Meta:
        model = Sanction
        fields = [
            "organisation",
            "decision",
            "kind",
            "starts",
            "ends",
            "deadline",
            "overdue_on",
            "field",
        ]

    def filter_overdue(self, queryset, name, value):
        """ORG-5: rectification orders overdue on that day (``rules.overdue_q``, the oversight
        dashboard's count)."""
        return queryset.filter(rules.overdue_q(value)) if value else queryset


@register_filterset
class AppealFilterSet(_ByDistrict):
    search_fields = ("organisation__name", "decision__number")

    class Meta:
        model = Appeal
        fields = ["organisation", "decision", "outcome"]


@register_filterset
class DisciplineFilterSet(_ByDistrict):
    search_fields = ("association__name", "member_organisation__name", "grounds")
    district_lookup = "association__area__path"

    class Meta:
        model = Discipline
        fields = ["association", "measure", "decided_on"]
