import django_filters
from django.utils.translation import gettext_lazy as _

from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset

from .models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet


@register_filterset
class AssessmentCycleFilterSet(RecordFilterSet):
    search_fields = ("area__name", "note")
    #: The choice fields' lookup (core.views.lookup): people type the year or the district.
    lookup_fields = ("year", "area__name", "note")

    class Meta:
        model = AssessmentCycle
        fields = ["year", "area", "status"]


@register_filterset
class AssessmentFormFilterSet(RecordFilterSet):
    search_fields = ("name", "guidance", "post_type__name")

    class Meta:
        model = AssessmentForm
        fields = ["post_type", "is_active"]


@register_filterset
class AssessmentFilterSet(RecordFilterSet):
    search_fields = ("person__name", "organisation__name")
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle"), queryset=AssessmentCycle.objects.select_related("area")
    )
    year = YearFilter(field_name="cycle__year", label=_("Year"))

    class Meta:
        model = Assessment
        fields = ["cycle", "year", "organisation", "served_unit", "rating", "cap_demoted"]


@register_filterset
class ScoreSheetFilterSet(RecordFilterSet):
    search_fields = ("assessment__person__name", "scoring_organisation__name")
    assessment = django_filters.NumberFilter(label=_("Assessment (id)"))  # not a drop-down
    cycle = django_filters.ModelChoiceFilter(
        field_name="assessment__cycle",
        label=_("Cycle"),
        queryset=AssessmentCycle.objects.select_related("area"),
    )

    class Meta:
        model = ScoreSheet
        fields = ["cycle", "assessment", "side", "status", "scoring_organisation"]


@register_filterset
class AppealFilterSet(RecordFilterSet):
    search_fields = ("assessment__person__name", "grounds")
    assessment = django_filters.NumberFilter(label=_("Assessment (id)"))  # not a drop-down
    cycle = django_filters.ModelChoiceFilter(
        field_name="assessment__cycle",
        label=_("Cycle"),
        queryset=AssessmentCycle.objects.select_related("area"),
    )

    class Meta:
        model = Appeal
        fields = ["cycle", "assessment", "status"]
