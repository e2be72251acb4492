import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import PrivateColumn, RecordTable

from .models import Person


@register_table
class PersonTable(RecordTable):
    related = ("area", "organisation")
    name = tables.Column(linkify=True)
    national_id = PrivateColumn()
    phone = PrivateColumn()

    class Meta(RecordTable.Meta):
        model = Person
        fields = ("name", "national_id", "sex", "phone", "area", "organisation")
