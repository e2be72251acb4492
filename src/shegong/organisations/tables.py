import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Organisation, ServiceField


@register_table
class OrganisationTable(RecordTable):
    related = ("area",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Organisation
        fields = ("name", "credit_code", "kind", "origin", "area", "status")


@register_table
class ServiceFieldTable(RecordTable):
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = ServiceField
        fields = ("code", "name", "name_en", "is_pilot", "line_department", "is_active")
