"""The filters of the grading lists (UI and API alike)."""

import django_filters
from django.db.models import Case as DjangoCase
from django.db.models import CharField, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset
from shegong.organisations.models import ServiceField

from .choices import GradeValue
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
    field = django_filters.ModelChoiceFilter(
        label=_("Service field"),
        field_name="organisation__service_fields",
        queryset=ServiceField.objects.all(),
    )
    held_on = django_filters.DateFilter(label=_("Grade held on"), method="filter_held_on")
    held_grade = django_filters.ChoiceFilter(
        label=_("Grade held"), choices=GradeValue.choices, method="filter_held_grade"
    )

    class Meta:
        model = OrganisationGrade
        fields = ["grade", "organisation", "district", "field", "held_on", "held_grade"]

    def filter_held_on(self, queryset, name, value):
        """ORG-3: the record that gives each active organisation its grade on that day (the
        oversight dashboard's count, ``grading.queries.current_grade``'s rule): published by
        then and still valid, not revoked by then, the latest such record."""
        return held_on(queryset, value) if value else queryset

    def filter_held_grade(self, queryset, name, value):
        """ORG-3: with ``held_on`` (today without it), the records holding that grade then
        (the grade it was downgraded to, once downgraded)."""
        if not value:
            return queryset
        day = self.form.cleaned_data.get("held_on") or timezone.localdate()
        return held_on(queryset, day).filter(held=value)


def _held(day):
    return DjangoCase(
        When(revoked_on__lte=day, then=Value("")),
        When(downgraded_on__lte=day, then=F("downgraded_to")),
        default=F("grade"),
        output_field=CharField(),
    )


def held_on(queryset, day):
    """The grade records that are their active organisation's current grade on ``day``,
    annotated with the grade ``held`` then."""
    valid = Q(published_on__lte=day, valid_until__gte=day)
    later = (
        OrganisationGrade.objects.filter(valid, organisation=OuterRef("organisation"))
        .annotate(held=_held(day))
        .exclude(held="")
        .filter(
            Q(published_on__gt=OuterRef("published_on"))
            | Q(published_on=OuterRef("published_on"), pk__gt=OuterRef("pk"))
        )
    )
    return (
        queryset.filter(valid, organisation__is_active=True)
        .annotate(held=_held(day))
        .exclude(held="")
        .exclude(Exists(later))
    )


@register_filterset
class AppealFilterSet(_ByDistrict):
    search_fields = ("application__organisation__name", "grounds")
    district_path = "application__organisation__area__path"
    district = _district()

    class Meta:
        model = Appeal
        fields = ["status", "application", "district"]
