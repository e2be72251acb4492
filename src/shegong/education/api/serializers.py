from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer
from shegong.core.importing.api import ImportReportSerializer

from ..models import (
    Course,
    CourseSession,
    CpdRecord,
    CpdReminder,
    CpdRule,
    Supervision,
    SupervisionSession,
    Supervisor,
    TrainingProvider,
    TrainingTarget,
)


class TrainingProviderSerializer(RecordSerializer):
    class Meta:
        model = TrainingProvider
        fields = [
            "id",
            "name",
            "kind",
            "organisation",
            "area",
            "address",
            "note",
            "is_active",
            "version",
        ]


class CourseSerializer(RecordSerializer):
    class Meta:
        model = Course
        fields = [
            "id",
            "provider",
            "code",
            "title",
            "kind",
            "topic",
            "level",
            "hours",
            "days",
            "accreditation",
            "is_active",
            "version",
        ]


class CourseSessionSerializer(RecordSerializer):
    class Meta:
        model = CourseSession
        fields = ["id", "course", "code", "starts_on", "ends_on", "place", "version"]


class CpdRuleSerializer(RecordSerializer):
    class Meta:
        model = CpdRule
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "scope",
            "basis",
            "unit",
            "required_assistant",
            "required_intermediate",
            "required_senior",
            "hours_per_day",
            "weights",
            "caps",
            "from_year",
            "checked_at_renewal",
            "source",
            "sort_order",
            "is_active",
            "version",
        ]


class TrainingTargetSerializer(RecordSerializer):
    class Meta:
        model = TrainingTarget
        fields = ["id", "year", "area", "level", "field", "people", "days", "note", "version"]


class CpdRecordSerializer(RecordSerializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.ChoiceField(
        choices=CpdRecord._meta.get_field("kind").choices, required=False, allow_blank=True
    )
    completed_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = CpdRecord
        fields = [
            "id",
            "person",
            "session",
            "title",
            "kind",
            "completed_on",
            "hours",
            "days",
            "source",
            "status",
            "evidence",
            "decided_at",
            "decision_reason",
            "import_batch",
            "version",
        ]
        read_only_fields = ["source", "status", "decided_at", "decision_reason", "import_batch"]


class DecisionInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CpdReminderSerializer(RecordSerializer):
    class Meta:
        model = CpdReminder
        fields = [
            "id",
            "person",
            "rule",
            "year",
            "credited",
            "required",
            "message",
            "created_at",
            "version",
        ]


class SupervisorSerializer(RecordSerializer):
    appointed_on = serializers.DateField(required=False, help_text="default: today")

    class Meta:
        model = Supervisor
        fields = ["id", "person", "appointed_on", "qualification", "is_active", "version"]
        read_only_fields = ["qualification"]


class SupervisionSerializer(RecordSerializer):
    starts_on = serializers.DateField(required=False, help_text="default: today")

    class Meta:
        model = Supervision
        fields = ["id", "supervisor", "supervisee", "assistant", "starts_on", "ends_on", "version"]
        read_only_fields = ["ends_on"]


class EndSupervisionInput(serializers.Serializer):
    ends_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class SupervisionSessionSerializer(RecordSerializer):
    class Meta:
        model = SupervisionSession
        fields = ["id", "supervision", "held_on", "hours", "topic", "notes", "version"]


class AttendanceReportSerializer(ImportReportSerializer):  # EDU-4: the toolkit's report
    pass


class ComplianceQuery(serializers.Serializer):
    rule = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    area = serializers.IntegerField(required=False, min_value=1)
    organisation = serializers.IntegerField(required=False, min_value=1)
    page = serializers.IntegerField(required=False, min_value=1)


class ComplianceRowSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    district = serializers.CharField()
    organisation = serializers.CharField(help_text="where the person holds a post today")
    level = serializers.CharField()
    credited = serializers.CharField(help_text="in the rule's unit, one decimal")
    required = serializers.CharField()
    missing = serializers.CharField()
    rule = serializers.IntegerField()


class ProgressQuery(serializers.Serializer):
    person = serializers.IntegerField(min_value=1)


class ProgressSerializer(serializers.Serializer):
    rule = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    credited = serializers.CharField()
    required = serializers.CharField()
    missing = serializers.CharField()
    met = serializers.BooleanField()
    message = serializers.CharField(help_text='e.g. "12.5 of 15 days in 2026: 2.5 days missing"')
