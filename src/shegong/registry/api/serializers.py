from shegong.core.api.serializers import RecordSerializer

from ..models import Certificate, ConductCase, ExamResult, Registration, RegistrationApplication


class ExamResultSerializer(RecordSerializer):
    class Meta:
        model = ExamResult
        fields = ["id", "session", "person", "score", "passed", "import_batch", "version"]
        read_only_fields = fields


class CertificateSerializer(RecordSerializer):
    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "person",
            "level",
            "exam_result",
            "issue_date",
            "issuing_body",
            "status",
            "recalled_on",
            "recall_reason",
            "version",
        ]
        read_only_fields = fields


class RegistrationSerializer(RecordSerializer):
    class Meta:
        model = Registration
        fields = [
            "id",
            "register_number",
            "person",
            "certificate",
            "level",
            "status",
            "valid_from",
            "valid_until",
            "status_reason",
            "status_changed_on",
            "suspended_until",
            "version",
        ]
        read_only_fields = fields


class RegistrationApplicationSerializer(RecordSerializer):
    class Meta:
        model = RegistrationApplication
        fields = [
            "id",
            "person",
            "certificate",
            "kind",
            "registration",
            "organisation",
            "status",
            "code_of_conduct",
            "conduct_accepted_at",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "version",
        ]
        read_only_fields = fields


class ConductCaseSerializer(RecordSerializer):
    class Meta:
        model = ConductCase
        fields = [
            "id",
            "number",
            "person",
            "registration",
            "source",
            "complainant_name",
            "complainant_contact",
            "summary",
            "stage",
            "findings",
            "hearing_date",
            "hearing_notice_sent_on",
            "decision",
            "decision_date",
            "sanction",
            "sanction_conditions",
            "sanction_from",
            "sanction_until",
            "appeal_lodged_on",
            "appeal_outcome",
            "appeal_decided_on",
            "version",
        ]
        read_only_fields = fields
