from shegong.core.api.serializers import RecordSerializer

from ..models import Appeal, Case, Decision, Discipline, Finding, Inspection, Sanction


class InspectionSerializer(RecordSerializer):
    class Meta:
        model = Inspection
        fields = [
            "id",
            "organisation",
            "origin",
            "complaint",
            "complainant",
            "scheduled_on",
            "scope",
            "lead_inspector",
            "second_inspector",
            "status",
            "done_on",
            "summary",
            "version",
        ]


class InspectionFindingSerializer(RecordSerializer):
    class Meta:
        model = Finding
        fields = ["id", "inspection", "organisation", "text", "is_violation", "version"]


class CaseSerializer(RecordSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "organisation",
            "kind",
            "finding",
            "complaint",
            "complainant",
            "opened_on",
            "facts",
            "investigation",
            "status",
            "closed_reason",
            "version",
        ]


class DecisionSerializer(RecordSerializer):
    class Meta:
        model = Decision
        fields = ["id", "case", "organisation", "number", "decided_on", "grounds", "version"]


class OrganisationSanctionSerializer(RecordSerializer):
    class Meta:
        model = Sanction
        fields = [
            "id",
            "decision",
            "organisation",
            "kind",
            "starts",
            "ends",
            "deadline",
            "requirement",
            "buyer",
            "authority",
            "rectified_on",
            "evidence",
            "bar",
            "lifted_on",
            "lifted_reason",
            "version",
        ]


class SanctionAppealSerializer(RecordSerializer):
    class Meta:
        model = Appeal
        fields = [
            "id",
            "decision",
            "organisation",
            "lodged_on",
            "grounds",
            "outcome",
            "decided_on",
            "outcome_reason",
            "version",
        ]


class DisciplineSerializer(RecordSerializer):
    class Meta:
        model = Discipline
        fields = [
            "id",
            "association",
            "member_organisation",
            "member_person",
            "measure",
            "decided_on",
            "grounds",
            "version",
        ]
