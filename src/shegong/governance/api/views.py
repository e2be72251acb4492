"""The governance API under ``/api/v1/`` (GOV-2), restricted like the pages:
``committees/``, ``committee-members/``, ``declared-ties/`` (city officials write; members
read their own seats, people declare their own ties)."""

from shegong.core.api.viewsets import RecordViewSet

from ..filtersets import CommitteeFilterSet, CommitteeMemberFilterSet, DeclaredTieFilterSet
from ..models import Committee, CommitteeMember, DeclaredTie
from . import serializers as s


class CommitteeViewSet(RecordViewSet):
    queryset = Committee.objects.select_related("department").prefetch_related(
        "service_fields", "organisations", "social_workers"
    )
    serializer_class = s.CommitteeSerializer
    filterset_class = CommitteeFilterSet
    ordering_fields = ["name"]


class CommitteeMemberViewSet(RecordViewSet):
    queryset = CommitteeMember.objects.select_related("committee", "user")
    serializer_class = s.CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilterSet
    ordering_fields = ["committee", "role"]


class DeclaredTieViewSet(RecordViewSet):
    queryset = DeclaredTie.objects.select_related("user", "organisation")
    serializer_class = s.DeclaredTieSerializer
    filterset_class = DeclaredTieFilterSet
    ordering_fields = ["declared_on"]
