import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet


@register_table
class AssessmentCycleTable(RecordTable):
    related = ("area",)
    year = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = AssessmentCycle
        fields = (
            "year",
            "area",
            "reference_date",
            "opens_on",
            "closes_on",
            "status",
            "published_on",
        )


@register_table
class AssessmentFormTable(RecordTable):
    related = ("post_type",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = AssessmentForm
        fields = (
            "name",
            "post_type",
            "weight_ability",
            "weight_conduct",
            "weight_performance",
            "weight_moral",
            "weight_quality",
            "weight_level",
            "is_active",
        )


@register_table
class AssessmentTable(RecordTable):
    related = ("cycle__area", "person", "organisation", "served_unit")
    person = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Assessment
        fields = (
            "person",
            "cycle",
            "organisation",
            "served_unit",
            "employer_score",
            "served_unit_score",
            "combined_score",
            "rating",
            "cap_demoted",
        )


@register_table
class ScoreSheetTable(RecordTable):
    related = ("assessment__person", "assessment__cycle__area", "scoring_organisation")
    assessment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = ScoreSheet
        fields = ("assessment", "side", "scoring_organisation", "status", "total")


@register_table
class AppealTable(RecordTable):
    related = ("assessment__person", "assessment__cycle__area")
    assessment = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Appeal
        fields = (
            "assessment",
            "lodged_on",
            "status",
            "previous_rating",
            "new_rating",
            "decided_on",
        )
