import django_filters
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import Person
from .validators import normalise


@register_filterset
class PersonFilterSet(RecordFilterSet):
    search_fields = ("name",)
    #: What the choice fields' lookup searches (core.views.lookup): the name, and the whole
    #: national ID number only where the user may see it (a private field).
    lookup_fields = ("name", "national_id")
    national_id = django_filters.CharFilter(label=_("national ID number"), method="by_id")
    area = django_filters.ModelChoiceFilter(
        label=_("Within area"),
        queryset=Area.objects.filter(level__in=["city", "district", "street"]),
        method="filter_area",
    )

    class Meta:
        model = Person
        fields = ["sex", "organisation", "area", "national_id"]

    def by_id(self, queryset, name, value):
        """An exact match only: ID numbers are private and not searchable by fragments."""
        return queryset.filter(national_id=normalise(value)) if value else queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__path__startswith=value.path) if value else queryset
