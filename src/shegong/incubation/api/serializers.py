"""Serializers of the incubation API: no rules (those are in ``incubation.services``)."""

from django.urls import reverse
from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer, RestrictedRelatedField

from ..choices import Outcome
from ..models import Application, Base, Call, Milestone, Occupancy, Place, PriorityRule


class BaseSerializer(RecordSerializer):
    class Meta:
        model = Base
        fields = [
            "id",
            "name",
            "area",
            "operator",
            "address",
            "opened_on",
            "note",
            "is_active",
            "version",
        ]


class PlaceSerializer(RecordSerializer):
    class Meta:
        model = Place
        fields = ["id", "base", "code", "kind", "capacity", "note", "is_active", "version"]


class PriorityRuleSerializer(RecordSerializer):
    class Meta:
        model = PriorityRule
        fields = [
            "id",
            "base",
            "name",
            "condition",
            "years",
            "field",
            "points",
            "is_active",
            "version",
        ]


class CallSerializer(RecordSerializer):
    class Meta:
        model = Call
        fields = [
            "id",
            "base",
            "title",
            "opens_on",
            "closes_on",
            "places_offered",
            "incubation_starts_on",
            "description",
            "decided_on",
            "version",
        ]
        read_only_fields = ["decided_on"]


class ApplicationSerializer(RecordSerializer):
    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "organisation",
            "applicant_name",
            "contact_person",
            "contact_phone",
            "contact_email",
            "service_fields",
            "plan",
            "submitted_at",
            "status",
            "score",
            "points",
            "rank",
            "decision_reason",
            "decided_on",
            "version",
        ]
        read_only_fields = [
            "submitted_at",
            "status",
            "score",
            "points",
            "rank",
            "decision_reason",
            "decided_on",
        ]


class OccupancySerializer(RecordSerializer):
    class Meta:
        model = Occupancy
        fields = [
            "id",
            "place",
            "application",
            "starts_on",
            "ends_on",
            "outcome",
            "outcome_reason",
            "version",
        ]
        read_only_fields = fields


class MilestoneSerializer(RecordSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "occupancy",
            "title",
            "due_on",
            "met_on",
            "evidence",
            "evidence_file_url",
            "version",
        ]
        read_only_fields = ["met_on", "evidence"]

    evidence_file_url = serializers.SerializerMethodField()

    def get_evidence_file_url(self, milestone) -> str:
        """The evidence file's download address (for who may see the milestone), or ""."""
        if not milestone.evidence_file:
            return ""
        return reverse("incubation:milestone_evidence", args=[milestone.pk])


class RefusalInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class WithdrawalInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CallDecisionInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PlaceInput(serializers.Serializer):
    place = RestrictedRelatedField(queryset=Place.objects.all())
    starts_on = serializers.DateField()


class IncubationEndInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class MilestoneMetInput(serializers.Serializer):
    on = serializers.DateField()
    evidence = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    evidence_file = serializers.FileField(required=False)


class OccupancyFigures(serializers.Serializer):
    capacity = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
