"""The committee lists."""

import django_tables2 as tables

from shegong.core.registry import register_table
from shegong.core.tables import RecordTable

from .models import Committee, CommitteeMember, DeclaredTie


@register_table
class CommitteeTable(RecordTable):
    related = ("department",)
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Committee
        fields = ("name", "department", "is_active")


@register_table
class CommitteeMemberTable(RecordTable):
    related = ("committee", "user")
    user = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = CommitteeMember
        fields = ("user", "committee", "role", "is_active")


@register_table
class DeclaredTieTable(RecordTable):
    related = ("user", "organisation")
    declared_on = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = DeclaredTie
        fields = ("declared_on", "user", "organisation", "kind", "note")
