"""The filters of the audits lists (UI and API alike)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shegong.areas.models import Area
from shegong.core.filtersets import RecordFilterSet, YearFilter
from shegong.core.registry import register_filterset
from shegong.organisations.models import ServiceField

from .models import AnnualReport, Audit, Finding, FormField, FormSection, ReportForm, RequiredAction

AREAS = Area.objects.filter(level__in=["city", "district"])


def _in_area(field: str):
    def method(self, queryset, name, value):
        return queryset.filter(**{f"{field}__startswith": value.path}) if value else queryset

    return method


@register_filterset
class ReportFormFilterSet(RecordFilterSet):
    search_fields = ("title", "title_en")

    class Meta:
        model = ReportForm
        fields = ["year"]


@register_filterset
class FormSectionFilterSet(RecordFilterSet):
    search_fields = ("code", "title", "title_en")

    class Meta:
        model = FormSection
        fields = ["form"]


@register_filterset
class FormFieldFilterSet(RecordFilterSet):
    search_fields = ("code", "label", "label_en")
    form = django_filters.ModelChoiceFilter(
        label=_("Form"), field_name="section__form", queryset=ReportForm.objects.all()
    )

    class Meta:
        model = FormField
        fields = ["form", "section", "kind", "required", "prefill"]


@register_filterset
class AnnualReportFilterSet(RecordFilterSet):
    search_fields = ("organisation__name",)
    year = YearFilter(label=_("Year"))
    area = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="organisation__area", queryset=AREAS, method="filter_area"
    )
    filter_area = _in_area("organisation__area__path")

    class Meta:
        model = AnnualReport
        fields = ["year", "area", "organisation", "status", "is_late"]


@register_filterset
class AuditFilterSet(RecordFilterSet):
    search_fields = ("scope", "summary", "contract__number", "contract__title")
    buyer = django_filters.ModelChoiceFilter(
        label=_("Buyer district"), field_name="contract__buyer", queryset=AREAS
    )

    class Meta:
        model = Audit
        fields = ["contract", "buyer", "kind", "conducted_by", "auditor"]


@register_filterset
class FindingFilterSet(RecordFilterSet):
    search_fields = ("text",)

    class Meta:
        model = Finding
        fields = ["audit", "severity"]


@register_filterset
class RequiredActionFilterSet(RecordFilterSet):
    search_fields = ("text", "owner", "evidence")
    done = django_filters.BooleanFilter(
        label=_("Done"), field_name="done_on", lookup_expr="isnull", exclude=True
    )
    overdue_on = django_filters.DateFilter(label=_("Overdue on"), method="filter_overdue")
    buyer = django_filters.ModelChoiceFilter(
        label=_("Buyer district"), field_name="finding__audit__contract__buyer", queryset=AREAS
    )
    # FIN-5: the oversight dashboard's figures (the buyer in the area or below it; the
    # contract's service field).
    buyer_area = django_filters.ModelChoiceFilter(
        label=_("Bought in the area"), queryset=AREAS, method="filter_buyer_area"
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Service field"),
        field_name="finding__audit__contract__procurement__plan_item__field",
        queryset=ServiceField.objects.all(),
    )

    class Meta:
        model = RequiredAction
        fields = ["finding", "party", "done", "overdue_on", "buyer", "buyer_area", "field"]

    @extend_schema_field(OpenApiTypes.INT)  # the id of a district or the city
    def filter_buyer_area(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(finding__audit__contract__buyer__path__startswith=value.path)

    def filter_overdue(self, queryset, name, value):
        """FIN-5: not done by that day and its deadline before it (``rules.is_overdue``)."""
        if not value:
            return queryset
        return queryset.filter(due_on__lt=value).filter(
            Q(done_on__isnull=True) | Q(done_on__gt=value)
        )
