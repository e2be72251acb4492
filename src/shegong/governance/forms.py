"""The committee forms (no rules: those are on the models and in ``governance.services``)."""

from shegong.core.forms import RecordForm

from .models import Committee, CommitteeMember, DeclaredTie


class CommitteeForm(RecordForm):
    class Meta:
        model = Committee
        fields = [
            "name",
            "department",
            "service_fields",
            "organisations",
            "social_workers",
            "note",
            "is_active",
        ]


class CommitteeMemberForm(RecordForm):
    class Meta:
        model = CommitteeMember
        fields = ["committee", "user", "role", "is_active"]


class DeclaredTieForm(RecordForm):
    class Meta:
        model = DeclaredTie
        fields = ["user", "organisation", "kind", "declared_on", "note"]
