"""Serializers of the audits API: no rules (those are in ``audits.services``)."""

from django.utils import timezone
from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..models import (
    AnnualReport,
    Audit,
    Finding,
    FormField,
    FormSection,
    ReportForm,
    RequiredAction,
)
from ..rules import is_overdue


class ReportFormSerializer(RecordSerializer):
    class Meta:
        model = ReportForm
        fields = ["id", "year", "title", "title_en", "version"]


class FormSectionSerializer(RecordSerializer):
    class Meta:
        model = FormSection
        fields = ["id", "form", "code", "title", "title_en", "order", "version"]


class FormFieldSerializer(RecordSerializer):
    class Meta:
        model = FormField
        fields = [
            "id",
            "section",
            "code",
            "label",
            "label_en",
            "kind",
            "required",
            "prefill",
            "order",
            "version",
        ]


class AnnualReportSerializer(RecordSerializer):
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        read_only=True,
        help_text="The value of each field by its code, as text; money in yuan with two decimals.",
    )

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "organisation",
            "year",
            "form",
            "values",
            "status",
            "filed_on",
            "deadline",
            "deadline_rule",
            "is_late",
            "version",
        ]
        read_only_fields = ["form", "status", "filed_on", "deadline", "deadline_rule", "is_late"]


class AuditSerializer(RecordSerializer):
    class Meta:
        model = Audit
        fields = [
            "id",
            "contract",
            "kind",
            "conducted_by",
            "auditor",
            "scope",
            "period_from",
            "period_to",
            "starts_on",
            "reported_on",
            "summary",
            "version",
        ]
        read_only_fields = ["reported_on", "summary"]


class AuditFindingSerializer(RecordSerializer):
    class Meta:
        model = Finding
        fields = ["id", "audit", "number", "severity", "text", "version"]


class RequiredActionSerializer(RecordSerializer):
    overdue = serializers.SerializerMethodField(help_text="Overdue today (FIN-5).")

    class Meta:
        model = RequiredAction
        fields = [
            "id",
            "finding",
            "text",
            "party",
            "owner",
            "due_on",
            "done_on",
            "evidence",
            "overdue",
            "version",
        ]
        read_only_fields = ["done_on", "evidence"]

    def get_overdue(self, obj) -> bool:
        return is_overdue(obj.due_on, obj.done_on, timezone.localdate())


class ValuesInput(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Values by field code, as text (money: yuan, at most two decimals).",
    )


class FilingInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ActionDoneInput(serializers.Serializer):
    on = serializers.DateField()
    evidence = serializers.CharField(max_length=5000)


class AuditReportInput(serializers.Serializer):
    on = serializers.DateField()
    summary = serializers.CharField(max_length=5000)
