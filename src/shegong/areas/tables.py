import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Area


@register_table
class AreaTable(RecordTable):
    related = ("parent",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Area
        fields = ("code", "name", "name_en", "level", "parent", "is_active")
