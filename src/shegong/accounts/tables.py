import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shegong.core.registry import register_table
from shegong.core.tables import PrivateColumn, RecordTable

from .models import Membership, User


@register_table
class UserTable(RecordTable):
    related = ("area", "organisation")
    username = tables.Column(linkify=True)
    full_name = tables.Column(verbose_name=_("name"), accessor="get_full_name", orderable=False)
    phone = PrivateColumn()

    class Meta(RecordTable.Meta):
        model = User
        fields = ("username", "full_name", "phone", "area", "organisation", "is_active")


@register_table
class MembershipTable(RecordTable):
    related = ("user", "area", "organisation")
    user = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Membership
        fields = ("user", "role", "area", "organisation", "valid_from", "valid_until")
