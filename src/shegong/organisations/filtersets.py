import django_filters
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import Organisation, ServiceField


@register_filterset
class OrganisationFilterSet(RecordFilterSet):
    search_fields = ("name", "credit_code")
    area = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Area.objects.filter(level__in=["city", "district"]),
        method="filter_area",
    )

    class Meta:
        model = Organisation
        fields = ["kind", "origin", "status", "area", "service_fields", "credit_code"]

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__path__startswith=value.path) if value else queryset


@register_filterset
class ServiceFieldFilterSet(RecordFilterSet):
    search_fields = ("name", "name_en", "code", "line_department")

    class Meta:
        model = ServiceField
        fields = ["is_pilot", "is_active"]
