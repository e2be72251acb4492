"""The incubation lists."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Application, Base, Call, Milestone, Occupancy, Place, PriorityRule


@register_table
class BaseTable(RecordTable):
    related = ("area", "operator")
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Base
        fields = ("name", "area", "operator", "opened_on", "is_active")


@register_table
class PlaceTable(RecordTable):
    related = ("base",)
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Place
        fields = ("code", "base", "kind", "capacity", "is_active")


@register_table
class PriorityRuleTable(RecordTable):
    related = ("base", "field")
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PriorityRule
        fields = ("name", "base", "condition", "years", "field", "points", "is_active")


@register_table
class CallTable(RecordTable):
    related = ("base",)
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Call
        fields = ("title", "base", "opens_on", "closes_on", "places_offered", "decided_on")


@register_table
class ApplicationTable(RecordTable):
    related = ("call", "organisation")
    applicant = tables.Column(
        _("Applicant"),
        linkify=True,
        empty_values=(),
        order_by=("organisation__name", "applicant_name"),
    )

    class Meta(RecordTable.Meta):
        model = Application
        fields = ("call", "status", "score", "rank", "submitted_at")
        sequence = ("applicant", "call", "status", "score", "rank", "submitted_at")

    def render_applicant(self, record):
        return record.applicant


@register_table
class OccupancyTable(RecordTable):
    related = ("place__base", "application__organisation")
    application = tables.Column(_("Applicant"), linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Occupancy
        fields = ("application", "place", "starts_on", "ends_on", "outcome")


@register_table
class MilestoneTable(RecordTable):
    related = ("occupancy__application__organisation", "occupancy__place")
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Milestone
        fields = ("title", "occupancy", "due_on", "met_on")
