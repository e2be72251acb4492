import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from . import services
from .compliance import credentialed
from .models import ConversionPlan, Employment, Post, PostStandard, PostType, ServiceUnit


def within(queryset, lookup, area):
    return queryset.filter(**{f"{lookup}__startswith": area.path}) if area else queryset


def district_filter(method):
    return django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Area.objects.filter(level__in=["city", "district"]),
        method=method,
    )


def on_filter():
    """The day that the "current", "overdue", "flagged" and "credentialed" filters look at
    (default today): the compliance dashboard links to its own day."""
    return django_filters.DateFilter(
        label=_("On (date)"), method="filter_on", help_text=_("Default: today.")
    )


def day(filterset):
    return filterset.form.cleaned_data.get("on") or timezone.localdate()


def _flag(queryset, flagged, value):
    """A yes/no filter on a rule's query: the rows in ``flagged`` (yes), the others (no)."""
    if value is None:
        return queryset
    pks = flagged.values("pk")
    return queryset.filter(pk__in=pks) if value else queryset.exclude(pk__in=pks)


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
    on = on_filter()

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
        filled = services.filled_on(day(self))
        return queryset.exclude(filled) if value else queryset.filter(filled)

    def filter_on(self, queryset, name, value):
        return queryset  # read by the vacant filter through day()


@register_filterset
class EmploymentFilterSet(RecordFilterSet):
    search_fields = ("person__name", "post__code", "post__name")
    district = district_filter("filter_district")
    current = django_filters.BooleanFilter(label=_("Current"), method="filter_current")
    flagged = django_filters.BooleanFilter(
        label=_("Registration no longer valid"), method="filter_flagged"
    )
    designated = django_filters.BooleanFilter(
        label=_("Designated post"), field_name="post__designated"
    )
    credentialed = django_filters.BooleanFilter(
        label=_("Certified and registered"), method="filter_credentialed"
    )
    on = on_filter()

    class Meta:
        model = Employment
        fields = ["person", "post", "post__organisation", "kind", "start", "end"]

    def filter_on(self, queryset, name, value):
        return queryset  # read by the other filters through day()

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        return within(queryset, "post__organisation__area__path", value)

    def filter_current(self, queryset, name, value):
        return _flag(queryset, services.current_employments(day(self)), value)

    def filter_flagged(self, queryset, name, value):
        return _flag(queryset, services.credential_flags(day(self)), value)

    def filter_credentialed(self, queryset, name, value):
        if value is None:
            return queryset
        return _flag(queryset, credentialed(Employment.objects.all(), day(self)), value)


@register_filterset
class ConversionPlanFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name", "training_batch")
    district = district_filter("filter_district")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    on = on_filter()
    open = django_filters.BooleanFilter(
        label=_("Not completed"), field_name="completed_on", lookup_expr="isnull"
    )

    class Meta:
        model = ConversionPlan
        fields = [
            "employment",
            "employment__post__organisation",
            "training_batch",
            "exam_year",
            "deadline",
            "completed_on",
        ]

    def filter_on(self, queryset, name, value):
        return queryset  # read by the other filters through day()

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        return within(queryset, "employment__post__organisation__area__path", value)

    def filter_overdue(self, queryset, name, value):
        return _flag(queryset, services.overdue_plans(day(self)), value)


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


def _month_filters():
    return (
        django_filters.DateFilter(label=_("From month"), field_name="month", lookup_expr="gte"),
        django_filters.DateFilter(label=_("To month"), field_name="month", lookup_expr="lte"),
    )


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

    district = district_filter("filter_district")
    month_from, month_to = _month_filters()

    class Meta:
        model = PayRecord
        fields = ["employment", "employment__post__organisation", "month", "grade", "import_batch"]

    def filter_below_floor(self, queryset, name, value):
        return _flag(queryset, pay.pay_below_floor(), value)

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        return within(queryset, "employment__post__organisation__area__path", value)


@register_filterset
class InsuranceContributionFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name", "import_batch")
    late = django_filters.BooleanFilter(label=_("Paid late"), method="filter_late")
    short = django_filters.BooleanFilter(label=_("Paid short"), method="filter_short")

    district = district_filter("filter_district")
    month_from, month_to = _month_filters()

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

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district
    def filter_district(self, queryset, name, value):
        return within(queryset, "employment__post__organisation__area__path", value)


@register_filterset
class PromotionApplicationFilterSet(RecordFilterSet):
    search_fields = ("employment__person__name",)

    class Meta:
        model = PromotionApplication
        fields = ["employment", "to_grade", "status", "eligible", "submitted_on"]
