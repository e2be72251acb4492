"""The filters of the oversight lists (UI and API alike)."""

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset
from shegong.organisations.models import ServiceField

from .choices import VisitStatus
from .models import (
    Complaint,
    DrawEntry,
    Evaluation,
    EvaluatorAssignment,
    QualityStandard,
    SelfAssessment,
    SelfAssessmentItem,
    StatisticsReturn,
    Visit,
    VisitDraw,
)

DISTRICTS = Area.objects.filter(level__in=["city", "district"])


BUYER = _("Buyer district")
FIELDS = ServiceField.objects.all()


def _field(prefix="contract__"):
    """FIN-5: the contract's service field (its plan item's), as the dashboards count it."""
    return django_filters.ModelChoiceFilter(
        label=_("Service field"),
        field_name=f"{prefix}procurement__plan_item__field",
        queryset=FIELDS,
    )


def _buyer(label=BUYER, field="contract__buyer__path"):
    def method(queryset, name, value):
        return queryset.filter(**{f"{field}__startswith": value.path}) if value else queryset

    return django_filters.ModelChoiceFilter(
        label=label, queryset=DISTRICTS, method=method, field_name="contract__buyer"
    )


@register_filterset
class QualityStandardFilterSet(RecordFilterSet):
    search_fields = ("code", "name", "name_en", "description")

    class Meta:
        model = QualityStandard
        fields = ["edition", "is_active", "code"]


@register_filterset
class SelfAssessmentFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title", "contract__supplier__name")
    year = YearFilter(label=_("Year"))
    buyer = _buyer()

    class Meta:
        model = SelfAssessment
        fields = ["contract", "year", "status", "buyer"]


@register_filterset
class SelfAssessmentItemFilterSet(RecordFilterSet):
    search_fields = ("standard__name", "evidence")

    class Meta:
        model = SelfAssessmentItem
        fields = ["assessment", "standard", "result"]


def _late(queryset, name, value):
    if value is None:
        return queryset
    today = timezone.localdate()
    late = Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=today)
    return queryset.filter(late) if value else queryset.exclude(late)


@register_filterset
class StatisticsReturnFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title", "contract__supplier__name")
    late = django_filters.BooleanFilter(label=_("Late"), method=_late)
    buyer = _buyer()

    class Meta:
        model = StatisticsReturn
        fields = ["contract", "late", "buyer"]


@register_filterset
class ComplaintFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "summary")
    buyer = _buyer()

    class Meta:
        model = Complaint
        fields = ["contract", "buyer"]


@register_filterset
class VisitDrawFilterSet(RecordFilterSet):
    search_fields = ("seed", "area__name")
    year = YearFilter(label=_("Year"))

    class Meta:
        model = VisitDraw
        fields = ["year", "area"]


def _draw():
    """The draws listed in a select (``VisitDraw.SMALL_TABLE``), each labelled with its area:
    fetched with the draws, one query however many there are."""
    return django_filters.ModelChoiceFilter(
        queryset=VisitDraw.objects.select_related("area"),
    )


@register_filterset
class DrawEntryFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title")
    year = YearFilter(field_name="draw__year", label=_("Year"))
    field = _field()
    draw = _draw()

    class Meta:
        model = DrawEntry
        fields = ["draw", "district", "chosen", "year", "field"]


@register_filterset
class VisitFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title", "contract__supplier__name")
    year = YearFilter(field_name="planned_on__year", label=_("Year"))
    visited_in = YearFilter(field_name="visited_on__year", label=_("Visited in the year"))
    first_of_year = django_filters.BooleanFilter(
        label=_("First visit of the contract in the year"), method="filter_first"
    )
    buyer = _buyer()
    field = _field()
    draw = _draw()

    class Meta:
        model = Visit
        fields = ["contract", "draw", "kind", "status", "year", "buyer", "visited_in", "field"]

    def filter_first(self, queryset, name, value):
        """FIN-5: the contract's first visit made in the year (the dashboard counts the
        contracts visited, not the visits): no visit made earlier that year, or the same day
        and recorded before it."""
        if value is None:
            return queryset
        earlier = Visit.objects.filter(
            contract=OuterRef("contract"),
            status=VisitStatus.DONE,
            visited_on__year=ExtractYear(OuterRef("visited_on")),
        ).filter(
            Q(visited_on__lt=OuterRef("visited_on"))
            | Q(visited_on=OuterRef("visited_on"), pk__lt=OuterRef("pk"))
        )
        first = Q(status=VisitStatus.DONE, visited_on__isnull=False) & ~Exists(earlier)
        return queryset.filter(first) if value else queryset.exclude(first)


@register_filterset
class EvaluationFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title", "contract__supplier__name")
    year = YearFilter(field_name="held_on__year", label=_("Year"))
    buyer = _buyer()
    field = _field()

    class Meta:
        model = Evaluation
        fields = ["contract", "stage", "status", "rating", "year", "buyer", "field"]


@register_filterset
class EvaluatorAssignmentFilterSet(RecordFilterSet):
    search_fields = ("evaluation__contract__number", "evaluator__username")

    class Meta:
        model = EvaluatorAssignment
        fields = ["evaluation", "evaluator", "recused"]
