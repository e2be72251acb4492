"""The filters of the committee lists (UI and API alike)."""

from shegong.core.filtersets import RecordFilterSet
from shegong.core.registry import register_filterset

from .models import Committee, CommitteeMember, DeclaredTie


@register_filterset
class CommitteeFilterSet(RecordFilterSet):
    search_fields = ("name", "department__name", "note")

    class Meta:
        model = Committee
        fields = ["department", "service_fields", "is_active"]


@register_filterset
class CommitteeMemberFilterSet(RecordFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "committee__name")

    class Meta:
        model = CommitteeMember
        fields = ["committee", "user", "role", "is_active"]


@register_filterset
class DeclaredTieFilterSet(RecordFilterSet):
    search_fields = ("user__username", "organisation__name", "note")

    class Meta:
        model = DeclaredTie
        fields = ["user", "organisation", "kind"]
