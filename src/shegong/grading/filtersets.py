"""The filters of the grading lists (UI and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import (
    Appeal,
    Application,
    Assignment,
    Claim,
    GradingCycle,
    Indicator,
    IndicatorGroup,
    IndicatorSystem,
    OrganisationGrade,
    Score,
)


def _district():
    return django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Area.objects.filter(level__in=["city", "district"]),
        method="filter_district",
    )


class _ByDistrict(RecordFilterSet):
    district_path = "organisation__area__path"

    @extend_schema_field(OpenApiTypes.INT)
    def filter_district(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.district_path}__startswith": value.path})


@register_filterset
class IndicatorSystemFilterSet(RecordFilterSet):
    search_fields = ("name", "note")

    class Meta:
        model = IndicatorSystem
        fields = ["total"]


@register_filterset
class IndicatorGroupFilterSet(RecordFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = IndicatorGroup
        fields = ["system"]


@register_filterset
class IndicatorFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "guidance")

    class Meta:
        model = Indicator
        fields = ["group", "group__system"]


@register_filterset
class GradingCycleFilterSet(RecordFilterSet):
    search_fields = ("note",)

    class Meta:
        model = GradingCycle
        fields = ["year", "system"]


@register_filterset
class ApplicationFilterSet(_ByDistrict):
    search_fields = ("organisation__name", "organisation__credit_code")
    district = _district()

    class Meta:
        model = Application
        fields = ["cycle", "status", "grade", "organisation", "committee", "district"]


@register_filterset
class ClaimFilterSet(RecordFilterSet):
    search_fields = ("indicator__code", "indicator__name", "evidence")

    class Meta:
        model = Claim
        fields = ["application", "indicator"]


@register_filterset
class AssignmentFilterSet(RecordFilterSet):
    search_fields = ("evaluator__username", "application__organisation__name")

    class Meta:
        model = Assignment
        fields = ["application", "evaluator", "committee", "status", "recusal"]


@register_filterset
class ScoreFilterSet(RecordFilterSet):
    search_fields = ("indicator__code", "indicator__name")

    class Meta:
        model = Score
        fields = ["assignment", "indicator"]


@register_filterset
class GradeFilterSet(_ByDistrict):
    search_fields = ("organisation__name", "organisation__credit_code")
    district = _district()

    class Meta:
        model = OrganisationGrade
        fields = ["grade", "organisation", "district"]


@register_filterset
class AppealFilterSet(_ByDistrict):
    search_fields = ("application__organisation__name", "grounds")
    district_path = "application__organisation__area__path"
    district = _district()

    class Meta:
        model = Appeal
        fields = ["status", "application", "district"]
