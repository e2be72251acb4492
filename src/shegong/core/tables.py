"""Base table for generic lists (sort, paginate, export) and a column for private data."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import AuditRecord, CalendarDay, PolicyParameter
from .privacy import mask, mask_field, private_target
from .registry import register_table


class PrivateColumn(tables.Column):
    """Private personal data: lists and exports always show it masked (free text listed in
    ``PRIVATE_TEXT_FIELDS`` hidden whole), and it is never a sort key: the order of the rows
    would tell the hidden part (issue 10)."""

    def __init__(self, *args, **kwargs):
        kwargs["orderable"] = False
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        return self._masked(value, record, bound_column)

    def value(self, value, record, bound_column):
        return self._masked(value, record, bound_column)

    @staticmethod
    def _masked(value, record, bound_column):
        target = private_target(type(record), str(bound_column.accessor).replace(".", "__"))
        if target is None:
            return mask(value)
        return mask_field(target[0], target[2], value)


def private_columns(table_class) -> dict[str, tuple[type, str, str]]:
    """The columns of ``table_class`` that show, or sort by, a private field."""
    model = table_class._meta.model
    found = {}
    for name, column in table_class.base_columns.items():
        accessor = str(column.accessor or name).replace(".", "__")
        order_by = (str(o).replace(".", "__") for o in column.order_by or ())
        lookups = [accessor, *order_by]
        for lookup in lookups:
            target = private_target(model, lookup)
            if target is not None:
                found[name] = target
                break
    return found


class RecordTable(tables.Table):
    """Subclasses name ``Meta.model`` and ``Meta.fields``; the first column links to detail.

    ``related`` names the relations the columns show, fetched with the rows (so a page of
    1,000 rows costs the same queries as a page of 10, in lists and exports alike).

    A column that shows or sorts by a private field is not orderable (``?sort=`` on it is
    ignored), whatever its class; it must be a :class:`PrivateColumn` to be shown masked
    (``core/tests/test_private_channels.py`` checks every registered table).
    """

    related: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls._meta.model is not None:
            for name in private_columns(cls):
                cls.base_columns[name].orderable = False

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
