import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Organisation


@register_table
class OrganisationTable(RecordTable):
    related = ("area",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Organisation
        fields = ("name", "credit_code", "kind", "area", "is_active")
