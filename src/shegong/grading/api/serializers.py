"""Serializers of the grading API (no rules: those are in ``grading.services``); points and
totals as decimal strings."""

from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from ..choices import AppealStatus, GradeValue
from ..models import (
    Appeal,
    Application,
    Assignment,
    Claim,
    GradingCycle,
    Indicator,
    IndicatorGroup,
    IndicatorSystem,
    OrganisationGrade,
    Score,
)


class IndicatorSystemSerializer(RecordSerializer):
    class Meta:
        model = IndicatorSystem
        fields = ["id", "name", "total", "note", "version"]


class IndicatorGroupSerializer(RecordSerializer):
    class Meta:
        model = IndicatorGroup
        fields = ["id", "system", "code", "name", "order", "version"]


class IndicatorSerializer(RecordSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "group", "code", "name", "max_points", "guidance", "order", "version"]


class GradingCycleSerializer(RecordSerializer):
    class Meta:
        model = GradingCycle
        fields = ["id", "year", "opens_on", "closes_on", "system", "note", "version"]


class GradingApplicationSerializer(RecordSerializer):
    class Meta:
        model = Application
        fields = [
            "id",
            "cycle",
            "organisation",
            "applied_on",
            "status",
            "submitted_on",
            "committee",
            "total",
            "grade",
            "published_on",
            "version",
        ]
        read_only_fields = fields


class GradingClaimSerializer(RecordSerializer):
    class Meta:
        model = Claim
        fields = ["id", "application", "indicator", "points", "evidence", "version"]
        read_only_fields = fields


class GradingAssignmentSerializer(RecordSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "application",
            "evaluator",
            "committee",
            "status",
            "recusal",
            "recusal_reason",
            "scored_on",
            "version",
        ]
        read_only_fields = fields


class GradingScoreSerializer(RecordSerializer):
    class Meta:
        model = Score
        fields = ["id", "assignment", "indicator", "points", "note", "version"]
        read_only_fields = fields


class OrganisationGradeSerializer(RecordSerializer):
    class Meta:
        model = OrganisationGrade
        fields = [
            "id",
            "organisation",
            "application",
            "grade",
            "published_on",
            "valid_until",
            "downgraded_to",
            "downgraded_on",
            "revoked_on",
            "change_reason",
            "version",
        ]
        read_only_fields = fields


class GradingAppealSerializer(RecordSerializer):
    class Meta:
        model = Appeal
        fields = [
            "id",
            "application",
            "lodged_on",
            "grounds",
            "status",
            "decision",
            "decided_on",
            "revised_grade",
            "version",
        ]
        read_only_fields = fields


class GradingApplyInput(serializers.Serializer):
    cycle = serializers.IntegerField()
    organisation = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class GradingPointsRow(serializers.Serializer):
    indicator = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)
    text = serializers.CharField(required=False, allow_blank=True, default="")


class GradingClaimsInput(serializers.Serializer):
    claims = GradingPointsRow(many=True)


class GradingScoresInput(serializers.Serializer):
    scores = GradingPointsRow(many=True)
    final = serializers.BooleanField(required=False, default=False)


class GradingAssignInput(serializers.Serializer):
    committee = serializers.IntegerField(required=False, allow_null=True)
    evaluators = serializers.ListField(child=serializers.IntegerField(), required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class GradingReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class GradingAppealInput(serializers.Serializer):
    grounds = serializers.CharField(max_length=5000)


class GradingDecideInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[AppealStatus.UPHELD, AppealStatus.DISMISSED])
    decision = serializers.CharField(max_length=5000)
    revised_grade = serializers.ChoiceField(
        choices=GradeValue.choices, required=False, allow_blank=True, default=""
    )


class GradingDowngradeInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=GradeValue.choices)
    reason = serializers.CharField(max_length=500)
