"""Serializers of the governance API (no rules)."""

from shegong.core.api.serializers import RecordSerializer

from ..models import Committee, CommitteeMember, DeclaredTie


class CommitteeSerializer(RecordSerializer):
    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "department",
            "service_fields",
            "organisations",
            "social_workers",
            "note",
            "is_active",
            "version",
        ]


class CommitteeMemberSerializer(RecordSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["id", "committee", "user", "role", "is_active", "version"]


class DeclaredTieSerializer(RecordSerializer):
    class Meta:
        model = DeclaredTie
        fields = ["id", "user", "organisation", "kind", "declared_on", "note", "version"]
