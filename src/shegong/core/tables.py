"""Base table for generic lists (sort, paginate, export) and a column for private data."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import AuditRecord, CalendarDay, PolicyParameter
from .privacy import mask
from .registry import register_table


class PrivateColumn(tables.Column):
    """Private personal data: lists and exports always show it masked."""

    def render(self, value):
        return mask(value)

    def value(self, value):
        return mask(value)


class RecordTable(tables.Table):
    """Subclasses name ``Meta.model`` and ``Meta.fields``; the first column links to detail.

    ``related`` names the relations the columns show, fetched with the rows (so a page of
    1,000 rows costs the same queries as a page of 10, in lists and exports alike).
    """

    related: tuple[str, ...] = ()

    @classmethod
    def prepare(cls, queryset):
        return queryset.select_related(*cls.related) if cls.related else queryset

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        template_name = "django_tables2/bootstrap5-responsive.html"
        empty_text = _("No records match.")
        per_page = 25


@register_table
class AuditRecordTable(RecordTable):
    related = ("actor",)
    timestamp = tables.DateTimeColumn(linkify=True, format="Y-m-d H:i:s")

    @classmethod
    def prepare(cls, queryset):
        # The snapshots are not shown in the list or its exports; a bulk record's (an
        # import batch) holds thousands of rows.
        return super().prepare(queryset).defer("before", "after")

    class Meta(RecordTable.Meta):
        model = AuditRecord
        fields = ("timestamp", "actor_name", "action", "model", "object_repr", "reason")


@register_table
class PolicyParameterTable(RecordTable):
    key = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = PolicyParameter
        fields = ("key", "scope", "value", "valid_from", "source")


@register_table
class CalendarDayTable(RecordTable):
    date = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CalendarDay
        fields = ("date", "kind", "name")
