"""The filters of the incubation lists (UI and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import Application, Base, Call, Milestone, Occupancy, Place, PriorityRule

AREAS = Area.objects.filter(level__in=["city", "district"])


@register_filterset
class BaseFilterSet(RecordFilterSet):
    search_fields = ("name", "address", "operator__name")
    area = django_filters.ModelChoiceFilter(label=_("Run by"), queryset=AREAS)

    class Meta:
        model = Base
        fields = ["area", "operator", "is_active"]


@register_filterset
class PlaceFilterSet(RecordFilterSet):
    search_fields = ("code", "note", "base__name")

    class Meta:
        model = Place
        fields = ["base", "kind", "is_active"]


@register_filterset
class PriorityRuleFilterSet(RecordFilterSet):
    search_fields = ("name",)

    class Meta:
        model = PriorityRule
        fields = ["base", "condition", "field", "is_active"]


@register_filterset
class CallFilterSet(RecordFilterSet):
    search_fields = ("title", "description", "base__name")

    class Meta:
        model = Call
        fields = ["base", "opens_on", "closes_on"]


@register_filterset
class ApplicationFilterSet(RecordFilterSet):
    search_fields = ("applicant_name", "organisation__name", "contact_person", "contact_phone")
    base = django_filters.ModelChoiceFilter(
        label=_("Incubation base"), field_name="call__base", queryset=Base.objects.all()
    )

    class Meta:
        model = Application
        fields = ["call", "base", "organisation", "status"]


@register_filterset
class OccupancyFilterSet(RecordFilterSet):
    search_fields = (
        "application__applicant_name",
        "application__organisation__name",
        "place__code",
    )
    base = django_filters.ModelChoiceFilter(
        label=_("Incubation base"), field_name="place__base", queryset=Base.objects.all()
    )
    current = django_filters.BooleanFilter(
        label=_("Still incubated"), field_name="ends_on", lookup_expr="isnull"
    )

    class Meta:
        model = Occupancy
        fields = ["base", "place", "application", "outcome", "current"]


@register_filterset
class MilestoneFilterSet(RecordFilterSet):
    search_fields = ("title", "evidence")
    met = django_filters.BooleanFilter(
        label=_("Met"), field_name="met_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Milestone
        fields = ["occupancy", "met"]
