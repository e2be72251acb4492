"""Serializers of the oversight API: no rules (those are in ``oversight.services``)."""

from rest_framework import serializers

from shegong.accounts.models import User
from shegong.areas.models import Area
from shegong.core.api.serializers import RecordSerializer, RestrictedRelatedField
from shegong.governance.models import Committee
from shegong.procurement.models import Contract

from ..choices import StandardResult
from ..models import (
    Complaint,
    DrawEntry,
    Evaluation,
    EvaluatorAssignment,
    QualityStandard,
    SelfAssessment,
    SelfAssessmentItem,
    StatisticsReturn,
    Visit,
    VisitDraw,
)


def _all(model, *extra):
    return [
        "id",
        *[
            f.name
            for f in model._meta.concrete_fields
            if f.name
            not in ("id", "created_at", "updated_at", "created_by", "updated_by", "version")
        ],
        *extra,
        "version",
    ]


class QualityStandardSerializer(RecordSerializer):
    class Meta:
        model = QualityStandard
        fields = _all(QualityStandard)


class SelfAssessmentItemSerializer(RecordSerializer):
    class Meta:
        model = SelfAssessmentItem
        fields = _all(SelfAssessmentItem)


class SelfAssessmentSerializer(RecordSerializer):
    class Meta:
        model = SelfAssessment
        fields = _all(SelfAssessment)


class StatisticsReturnSerializer(RecordSerializer):
    late = serializers.BooleanField(
        read_only=True,
        help_text="Submitted after the due day, or not submitted once it has passed.",
    )

    class Meta:
        model = StatisticsReturn
        fields = _all(StatisticsReturn, "late")


class ComplaintSerializer(RecordSerializer):
    class Meta:
        model = Complaint
        fields = _all(Complaint)


class VisitDrawSerializer(RecordSerializer):
    class Meta:
        model = VisitDraw
        fields = _all(VisitDraw)


class DrawEntrySerializer(RecordSerializer):
    class Meta:
        model = DrawEntry
        fields = _all(DrawEntry)


class VisitSerializer(RecordSerializer):
    class Meta:
        model = Visit
        fields = [*_all(Visit)[:-1], "evaluators", "version"]


class EvaluationSerializer(RecordSerializer):
    class Meta:
        model = Evaluation
        fields = _all(Evaluation)


class EvaluatorAssignmentSerializer(RecordSerializer):
    class Meta:
        model = EvaluatorAssignment
        fields = _all(EvaluatorAssignment)


class SelfAssessmentOpenInput(serializers.Serializer):
    contract = RestrictedRelatedField(queryset=Contract.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class AssessInput(serializers.Serializer):
    result = serializers.ChoiceField(choices=StandardResult.choices)
    evidence = serializers.CharField()


class ReturnInput(serializers.Serializer):
    people_served = serializers.IntegerField(min_value=0)
    activities = serializers.IntegerField(min_value=0)
    service_hours = serializers.DecimalField(
        max_digits=9, decimal_places=1, min_value=0, coerce_to_string=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DrawInput(serializers.Serializer):
    area = RestrictedRelatedField(queryset=Area.objects.filter(level__in=["city", "district"]))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    seed = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class RecordVisitInput(serializers.Serializer):
    visited_on = serializers.DateField()
    findings = serializers.CharField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PlanEvaluationInput(serializers.Serializer):
    contract = RestrictedRelatedField(queryset=Contract.objects.all())
    stage = serializers.ChoiceField(choices=Evaluation._meta.get_field("stage").choices)
    held_on = serializers.DateField()
    committee = RestrictedRelatedField(
        queryset=Committee.objects.all(),
        required=False,
        allow_null=True,
        help_text="A coordinating committee as the evaluator body (GOV-2): its members not "
        "tied to the supplier evaluate, the tied ones are recorded as recused.",
    )
    evaluators = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False
    )


class ScoreInput(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class RecusalInput(serializers.Serializer):
    reason = serializers.CharField()


class RateInput(serializers.Serializer):
    rated_on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlanVisitInput(serializers.Serializer):
    contract = RestrictedRelatedField(queryset=Contract.objects.all())
    draw = RestrictedRelatedField(queryset=VisitDraw.objects.all(), required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=Visit._meta.get_field("kind").choices)
    planned_on = serializers.DateField()
    lead_evaluator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True)
    )
    evaluators = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False
    )
