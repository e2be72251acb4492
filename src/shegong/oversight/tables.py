"""The oversight lists."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from . import rules
from .choices import risks_display
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


@register_table
class QualityStandardTable(RecordTable):
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = QualityStandard
        fields = ("code", "name", "edition", "valid_from", "valid_until", "is_active")


@register_table
class SelfAssessmentTable(RecordTable):
    related = ("contract", "contract__supplier")
    id = tables.Column(linkify=True, verbose_name="#")
    supplier = tables.Column(accessor="contract__supplier", verbose_name=_("Supplier"))

    class Meta(RecordTable.Meta):
        model = SelfAssessment
        fields = ("id", "contract", "supplier", "year", "status", "submitted_on")


@register_table
class SelfAssessmentItemTable(RecordTable):
    related = ("assessment", "assessment__contract", "standard")
    standard = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = SelfAssessmentItem
        fields = ("standard", "assessment", "result", "evidence")


class LateColumn(tables.Column):
    """FIN-5: a return late (``rules.return_is_late``), shown as a word, never a raw value."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, verbose_name=_("Late"), **kwargs)

    def render(self, record):
        late = rules.return_is_late(record.due_on, record.submitted_on, timezone.localdate())
        return _("Late") if late else "—"

    def value(self, record):
        return (
            "1"
            if rules.return_is_late(record.due_on, record.submitted_on, timezone.localdate())
            else "0"
        )


@register_table
class StatisticsReturnTable(RecordTable):
    related = ("contract",)
    id = tables.Column(linkify=True, verbose_name="#")
    late = LateColumn()

    class Meta(RecordTable.Meta):
        model = StatisticsReturn
        fields = (
            "id",
            "contract",
            "period_start",
            "period_end",
            "due_on",
            "submitted_on",
            "people_served",
            "activities",
            "service_hours",
        )
        sequence = (
            "id",
            "contract",
            "period_start",
            "period_end",
            "due_on",
            "submitted_on",
            "late",
            "people_served",
            "activities",
            "service_hours",
        )


@register_table
class ComplaintTable(RecordTable):
    related = ("contract",)
    received_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Complaint
        fields = ("received_on", "contract", "summary")


@register_table
class VisitDrawTable(RecordTable):
    related = ("area",)
    id = tables.Column(linkify=True, verbose_name="#")

    class Meta(RecordTable.Meta):
        model = VisitDraw
        fields = ("id", "year", "area", "drawn_on", "seed", "share_percent", "running", "drawn")


class RisksColumn(tables.Column):
    def render(self, value):
        return risks_display(value)


@register_table
class DrawEntryTable(RecordTable):
    related = ("draw", "contract", "district")
    contract = tables.Column(linkify=lambda record: record.contract.get_absolute_url())
    risks = RisksColumn(verbose_name=_("Risks"), empty_values=())

    class Meta(RecordTable.Meta):
        model = DrawEntry
        fields = ("contract", "district", "weight", "risks", "chosen")


@register_table
class VisitTable(RecordTable):
    related = ("contract",)
    planned_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Visit
        fields = ("planned_on", "contract", "kind", "status", "visited_on")


@register_table
class EvaluationTable(RecordTable):
    related = ("contract",)
    held_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Evaluation
        fields = ("held_on", "contract", "stage", "status", "score", "rating")


@register_table
class EvaluatorAssignmentTable(RecordTable):
    related = ("evaluation", "evaluation__contract", "evaluator")
    id = tables.Column(linkify=True, verbose_name="#")

    class Meta(RecordTable.Meta):
        model = EvaluatorAssignment
        fields = ("id", "evaluation", "evaluator", "recused", "score")
