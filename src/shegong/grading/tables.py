"""The grading lists."""

import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

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


@register_table
class IndicatorSystemTable(RecordTable):
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = IndicatorSystem
        fields = ("name", "total")


@register_table
class IndicatorGroupTable(RecordTable):
    related = ("system",)
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = IndicatorGroup
        fields = ("code", "name", "system", "order")


@register_table
class IndicatorTable(RecordTable):
    related = ("group",)
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Indicator
        fields = ("code", "name", "group", "max_points")


@register_table
class GradingCycleTable(RecordTable):
    related = ("system",)
    year = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = GradingCycle
        fields = ("year", "opens_on", "closes_on", "system")


@register_table
class ApplicationTable(RecordTable):
    related = ("organisation", "cycle")
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Application
        fields = ("organisation", "cycle", "applied_on", "status", "grade", "published_on")


@register_table
class ClaimTable(RecordTable):
    related = ("indicator", "application__organisation", "application__cycle")
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Claim
        fields = ("indicator", "application", "points")


@register_table
class AssignmentTable(RecordTable):
    related = ("evaluator", "application__organisation", "application__cycle", "committee")
    evaluator = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Assignment
        fields = ("evaluator", "application", "committee", "status", "recusal", "scored_on")


@register_table
class ScoreTable(RecordTable):
    related = (
        "indicator",
        "assignment__evaluator",
        "assignment__application__organisation",
        "assignment__application__cycle",
    )
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Score
        fields = ("indicator", "assignment", "points")


@register_table
class GradeTable(RecordTable):
    related = ("organisation",)
    organisation = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = OrganisationGrade
        fields = (
            "organisation",
            "grade",
            "published_on",
            "valid_until",
            "downgraded_to",
            "revoked_on",
        )


@register_table
class AppealTable(RecordTable):
    related = ("application__organisation", "application__cycle")
    lodged_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Appeal
        fields = ("lodged_on", "application", "status", "decided_on")
