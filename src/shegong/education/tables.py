import django_tables2 as tables
from django.utils.html import format_html

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

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


@register_table
class TrainingProviderTable(RecordTable):
    related = ("organisation",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = TrainingProvider
        fields = ("name", "kind", "organisation", "is_active")


@register_table
class CourseTable(RecordTable):
    related = ("provider",)
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Course
        fields = ("code", "title", "provider", "kind", "level", "hours", "days", "accreditation")


@register_table
class CourseSessionTable(RecordTable):
    related = ("course",)
    code = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CourseSession
        fields = ("code", "course", "starts_on", "ends_on", "place")


@register_table
class CpdRecordTable(RecordTable):
    related = ("person", "session")
    title = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CpdRecord
        fields = (
            "title",
            "person",
            "kind",
            "completed_on",
            "hours",
            "days",
            "source",
            "status",
            "session",
        )


@register_table
class CpdRuleTable(RecordTable):
    name = tables.Column(linkify=True)

    def render_code(self, value):
        return format_html("<code>{}</code>", value)  # an identifier, not a word to translate

    class Meta(RecordTable.Meta):
        model = CpdRule
        fields = (
            "name",
            "code",
            "scope",
            "basis",
            "unit",
            "required_assistant",
            "required_intermediate",
            "required_senior",
            "from_year",
            "is_active",
        )


@register_table
class CpdReminderTable(RecordTable):
    related = ("person", "rule")
    person = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = CpdReminder
        fields = ("person", "rule", "year", "credited", "required", "created_at")


@register_table
class SupervisorTable(RecordTable):
    related = ("person",)
    person = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Supervisor
        fields = ("person", "appointed_on", "qualification", "is_active")


@register_table
class SupervisionTable(RecordTable):
    related = ("supervisor__person", "supervisee", "assistant")
    supervisee = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(RecordTable.Meta):
        model = Supervision
        fields = ("supervisee", "supervisor", "assistant", "starts_on", "ends_on")


@register_table
class SupervisionSessionTable(RecordTable):
    related = ("supervision__supervisor__person", "supervision__supervisee")
    held_on = tables.DateColumn(linkify=True)

    class Meta(RecordTable.Meta):
        model = SupervisionSession
        fields = ("held_on", "supervision", "hours", "topic")


@register_table
class TrainingTargetTable(RecordTable):
    related = ("area", "field")
    year = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = TrainingTarget
        fields = ("year", "area", "level", "field", "people", "days")
