import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import Area


@register_filterset
class AreaFilterSet(RecordFilterSet):
    search_fields = ("name", "name_en", "code")
    within = django_filters.ModelChoiceFilter(
        label=_("Within"),
        queryset=Area.objects.exclude(level="community"),
        method="filter_within",
    )

    class Meta:
        model = Area
        fields = ["level", "parent", "is_active", "code"]

    @extend_schema_field(OpenApiTypes.INT)  # the id of an area
    def filter_within(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path) if value else queryset
