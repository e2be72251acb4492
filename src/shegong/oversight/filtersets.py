"""The filters of the oversight lists (UI and API alike)."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset

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


@register_filterset
class DrawEntryFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title")

    class Meta:
        model = DrawEntry
        fields = ["draw", "district", "chosen"]


@register_filterset
class VisitFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title", "contract__supplier__name")
    year = YearFilter(field_name="planned_on__year", label=_("Year"))
    buyer = _buyer()

    class Meta:
        model = Visit
        fields = ["contract", "draw", "kind", "status", "year", "buyer"]


@register_filterset
class EvaluationFilterSet(RecordFilterSet):
    search_fields = ("contract__number", "contract__title", "contract__supplier__name")
    year = YearFilter(field_name="held_on__year", label=_("Year"))
    buyer = _buyer()

    class Meta:
        model = Evaluation
        fields = ["contract", "stage", "status", "rating", "year", "buyer"]


@register_filterset
class EvaluatorAssignmentFilterSet(RecordFilterSet):
    search_fields = ("evaluation__contract__number", "evaluator__username")

    class Meta:
        model = EvaluatorAssignment
        fields = ["evaluation", "evaluator", "recused"]
