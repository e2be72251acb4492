import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Appeal, Case, Decision, Discipline, Finding, Inspection, Sanction


@register_table
class InspectionTable(RecordTable):
    related = ("organisation",)
    organisation = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Inspection
        fields = ("organisation", "origin", "scheduled_on", "status", "done_on")


@register_table
class FindingTable(RecordTable):
    related = ("organisation", "inspection__organisation")
    text = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Finding
        fields = ("text", "organisation", "inspection", "is_violation")


@register_table
class CaseTable(RecordTable):
    related = ("organisation",)
    organisation = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Case
        fields = ("organisation", "kind", "opened_on", "status")


@register_table
class DecisionTable(RecordTable):
    related = ("organisation",)
    number = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Decision
        fields = ("number", "organisation", "decided_on")


@register_table
class SanctionTable(RecordTable):
    related = ("organisation", "decision")
    kind = tables.Column(linkify=True)
    term = tables.Column(_("in force until"), accessor="ends", orderable=False, empty_values=())

    class Meta(RecordTable.Meta):
        model = Sanction
        fields = ("kind", "organisation", "decision", "starts", "term", "rectified_on", "lifted_on")

    def render_term(self, record):
        if record.deadline:
            return _("deadline %(on)s") % {"on": record.deadline.isoformat()}
        return record.ends.isoformat() if record.ends else "—"


@register_table
class AppealTable(RecordTable):
    related = ("organisation", "decision")
    decision = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Appeal
        fields = ("decision", "organisation", "lodged_on", "outcome", "decided_on")


@register_table
class DisciplineTable(RecordTable):
    related = ("association", "member_organisation", "member_person")
    measure = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Discipline
        fields = (
            "measure",
            "association",
            "member_organisation",
            "member_person",
            "decided_on",
        )
