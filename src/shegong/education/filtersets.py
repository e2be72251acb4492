import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset

from .models import (
    Course,
    CourseSession,
    CpdRecord,
    CpdReminder,
    CpdRule,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingProvider,
    TrainingTarget,
)


@register_filterset
class TrainingProviderFilterSet(RecordFilterSet):
    search_fields = ("name", "address")

    class Meta:
        model = TrainingProvider
        fields = ["kind", "organisation", "is_active"]


@register_filterset
class CourseFilterSet(RecordFilterSet):
    search_fields = ("code", "title", "topic")

    class Meta:
        model = Course
        fields = ["provider", "kind", "level", "accreditation", "is_active"]


@register_filterset
class CourseSessionFilterSet(RecordFilterSet):
    search_fields = ("code", "place", "course__title")
    provider = django_filters.ModelChoiceFilter(
        label=_("Training provider"),
        field_name="course__provider",
        queryset=TrainingProvider.objects.all(),
    )

    class Meta:
        model = CourseSession
        fields = ["course", "provider", "code"]


@register_filterset
class CpdRecordFilterSet(RecordFilterSet):
    search_fields = ("person__name", "title", "session__code")
    year = YearFilter(field_name="completed_on", lookup_expr="year", label=_("Year"))

    class Meta:
        model = CpdRecord
        fields = ["status", "source", "kind", "person", "session", "year", "import_batch"]


@register_filterset
class CpdRuleFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "name_en")

    class Meta:
        model = CpdRule
        fields = ["code", "scope", "basis", "unit", "is_active"]


@register_filterset
class CpdReminderFilterSet(RecordFilterSet):
    search_fields = ("person__name", "message")

    class Meta:
        model = CpdReminder
        fields = ["year", "rule", "person"]


@register_filterset
class SupervisorFilterSet(RecordFilterSet):
    search_fields = ("person__name",)

    class Meta:
        model = Supervisor
        fields = ["is_active"]


@register_filterset
class SupervisionFilterSet(RecordFilterSet):
    search_fields = ("supervisee__name", "supervisor__person__name")
    current = django_filters.BooleanFilter(label=_("Current"), method="filter_current")

    class Meta:
        model = Supervision
        fields = ["supervisor", "supervisee", "current"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        q = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        return queryset.filter(q) if value else queryset.exclude(q)


@register_filterset
class SupervisionSessionFilterSet(RecordFilterSet):
    search_fields = ("topic", "supervision__supervisee__name")

    class Meta:
        model = SupervisionSession
        fields = ["supervision"]


@register_filterset
class TrainingTargetFilterSet(RecordFilterSet):
    search_fields = ("note",)
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=Area.objects.filter(level__in=["city", "district"])
    )

    class Meta:
        model = TrainingTarget
        fields = ["year", "area", "level", "field"]
