import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from . import services
from .models import ConversionPlan, Employment, Post, PostStandard, PostType, ServiceUnit


def within(queryset, lookup, area):
    return queryset.filter(**{f"{lookup}__startswith": area.path}) if area else queryset


def district_filter(method):
    return django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Area.objects.filter(level__in=["city", "district"]),
        method=method,
    )


@register_filterset
class PostTypeFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "name_en", "duties")

    class Meta:
        model = PostType
        fields = ["field", "grade", "required_level", "designated", "is_active"]


@register_filterset
class PostStandardFilterSet(RecordFilterSet):
    search_fields = ("post_type__name", "source")

    class Meta:
        model = PostStandard
        fields = ["post_type", "basis", "valid_from"]


@register_filterset
class ServiceUnitFilterSet(RecordFilterSet):
    search_fields = ("name",)
    area = district_filter("filter_area")

    class Meta:
        model = ServiceUnit
        fields = ["field", "area", "organisation", "is_active"]

    def filter_area(self, queryset, name, value):
        return within(queryset, "area__path", value)


@register_filterset
class PostFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "organisation__name")
    district = district_filter("filter_district")
    vacant = django_filters.BooleanFilter(label=_("Vacant"), method="filter_vacant")

    class Meta:
        model = Post
        fields = [
            "organisation",
            "post_type",
            "field",
            "grade",
            "designated",
            "service_unit",
            "is_active",
        ]

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        return within(queryset, "organisation__area__path", value)

    def filter_vacant(self, queryset, name, value):
        if value is None:
            return queryset
        filled = services.filled_on()
        return queryset.exclude(filled) if value else queryset.filter(filled)


@register_filterset
class EmploymentFilterSet(RecordFilterSet):
    search_fields = ("person__name", "post__code", "post__name")
    district = district_filter("filter_district")
    current = django_filters.BooleanFilter(label=_("Current"), method="filter_current")
    flagged = django_filters.BooleanFilter(
        label=_("Registration no longer valid"), method="filter_flagged"
    )

    class Meta:
        model = Employment
        fields = ["person", "post", "post__organisation", "kind", "start", "end"]

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        return within(queryset, "post__organisation__area__path", value)

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = services.current_employments().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        flagged = services.credential_flags().values("pk")
        return queryset.filter(pk__in=flagged) if value else queryset.exclude(pk__in=flagged)


@register_filterset
class ConversionPlanFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name", "training_batch")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = ConversionPlan
        fields = ["employment", "training_batch", "exam_year", "deadline", "completed_on"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = services.overdue_plans().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


# --- Pay, grades, promotion, insurance (PAY-1 to PAY-3) ----------------------------------------

from . import pay  # noqa: E402
from .models import (  # noqa: E402
    EmploymentGrade,
    Grade,
    InsuranceContribution,
    PayGuidance,
    PayRecord,
    PromotionApplication,
    TechnicianPay,
)


def _flag(queryset, flagged, value):
    if value is None:
        return queryset
    pks = flagged.values("pk")
    return queryset.filter(pk__in=pks) if value else queryset.exclude(pk__in=pks)


@register_filterset
class GradeFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "name_en")

    class Meta:
        model = Grade
        fields = ["required_level", "is_active"]


@register_filterset
class PayGuidanceFilterSet(RecordFilterSet):
    search_fields = ("grade__name",)

    class Meta:
        model = PayGuidance
        fields = ["year", "grade", "step"]


@register_filterset
class TechnicianPayFilterSet(RecordFilterSet):
    search_fields = ("grade__name", "source")

    class Meta:
        model = TechnicianPay
        fields = ["year", "grade", "step"]


@register_filterset
class EmploymentGradeFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name", "grade__name")

    class Meta:
        model = EmploymentGrade
        fields = ["employment", "grade", "step", "valid_from"]


@register_filterset
class PayRecordFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name", "import_batch")
    below_floor = django_filters.BooleanFilter(
        label=_("Below the guidance or technician pay"), method="filter_below_floor"
    )

    class Meta:
        model = PayRecord
        fields = ["employment", "employment__post__organisation", "month", "grade", "import_batch"]

    def filter_below_floor(self, queryset, name, value):
        return _flag(queryset, pay.pay_below_floor(), value)


@register_filterset
class InsuranceContributionFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name", "import_batch")
    late = django_filters.BooleanFilter(label=_("Paid late"), method="filter_late")
    short = django_filters.BooleanFilter(label=_("Paid short"), method="filter_short")

    class Meta:
        model = InsuranceContribution
        fields = [
            "employment",
            "employment__post__organisation",
            "month",
            "due_date",
            "paid_on",
            "import_batch",
        ]

    def filter_late(self, queryset, name, value):
        return _flag(queryset, pay.insurance_flags().filter(late=True), value)

    def filter_short(self, queryset, name, value):
        return _flag(queryset, pay.insurance_flags().filter(short=True), value)


@register_filterset
class PromotionApplicationFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name",)

    class Meta:
        model = PromotionApplication
        fields = ["employment", "to_grade", "status", "eligible", "submitted_on"]
