from datetime import timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset

from .choices import Level
from .models import (
    Certificate,
    CodeOfConduct,
    ConductCase,
    ExamResult,
    ExamSession,
    Registration,
    RegistrationApplication,
)


class PersonScopedFilterSet(RecordFilterSet):
    """Filters shared by records about a person: the person's district."""

    area = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Area.objects.filter(level__in=["city", "district"]),
        method="filter_area",
    )

    @extend_schema_field(OpenApiTypes.INT)  # the id of an area
    def filter_area(self, queryset, name, value):
        return queryset.filter(person__area__path__startswith=value.path) if value else queryset


@register_filterset
class ExamResultFilterSet(PersonScopedFilterSet):
    search_fields = ("person__name",)
    year = YearFilter(field_name="session__year", label=_("exam year"))
    level = django_filters.ChoiceFilter(
        field_name="session__level",
        label=pgettext_lazy("qualification", "level"),
        choices=Level.choices,
    )

    class Meta:
        model = ExamResult
        fields = ["session", "passed", "year", "level", "import_batch"]


@register_filterset
class CertificateFilterSet(PersonScopedFilterSet):
    search_fields = ("number", "person__name")
    year = YearFilter(field_name="issue_date__year", label=_("year of issue"))

    class Meta:
        model = Certificate
        fields = ["level", "status", "year", "number"]


@register_filterset
class RegistrationFilterSet(PersonScopedFilterSet):
    search_fields = ("register_number", "person__name")
    year = YearFilter(field_name="valid_from__year", label=_("year registered"))
    expires_within = django_filters.NumberFilter(
        label=_("expires within (days)"),
        method="filter_expires_within",
        min_value=0,
        max_value=3650,  # a larger number overflowed the date (a 500; issue 10)
    )

    class Meta:
        model = Registration
        fields = ["level", "status", "year", "register_number"]

    def filter_expires_within(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(
            status="registered",
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=int(value)),
        )


@register_filterset
class RegistrationApplicationFilterSet(PersonScopedFilterSet):
    search_fields = ("person__name",)

    class Meta:
        model = RegistrationApplication
        fields = ["kind", "status", "organisation"]


@register_filterset
class ConductCaseFilterSet(PersonScopedFilterSet):
    search_fields = ("number", "person__name", "summary")

    class Meta:
        model = ConductCase
        fields = ["stage", "source", "sanction"]


@register_filterset
class ExamSessionFilterSet(RecordFilterSet):
    class Meta:
        model = ExamSession
        fields = ["year", "level"]


@register_filterset
class CodeOfConductFilterSet(RecordFilterSet):
    search_fields = ("version", "title", "text")

    class Meta:
        model = CodeOfConduct
        fields = ["version"]
