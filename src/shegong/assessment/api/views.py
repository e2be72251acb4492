"""The assessment API (REG-6). Cycles and forms are created and edited as records (cycles
through ``services.update_cycle``); every other write is a workflow action calling one function
of ``assessment.services``. Rows the caller cannot see are 404; a refused step is 400 with the
service's message; no permission is 403.

- ``POST assessment-cycles/{id}/open-scoring/`` | ``close-scoring/`` | ``compute-results/`` |
  ``publish/`` | ``close/``: ``{"reason"}``; the first three, for more than
  ``services.INLINE_LIMIT`` people, answer 202 with a background job (``{"job", "status",
  "url"}``; what the step would refuse is still 400 at once)
- ``POST assessments/{id}/served-unit/``: ``{"served_unit" (id or null), "reason"}``
- ``POST assessments/{id}/award-excellent/``: ``{"reason"}``
- ``POST assessments/{id}/appeal/``: ``{"grounds"}`` (the person assessed)
- ``POST score-sheets/{id}/score/``: ``{"score_ability", "score_conduct",
  "score_performance", "score_moral", "score_quality", "score_level", "comment", "reason"}``
- ``POST assessment-appeals/{id}/decide/``: ``{"upheld", "reasons", "new_rating",
  "new_score"}``
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import RestrictedRelatedField, validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet, RecordViewSet
from shegong.core.permissions import can
from shegong.organisations.models import Organisation

from .. import services
from ..choices import Criterion, Rating
from ..filtersets import (
    AppealFilterSet,
    AssessmentCycleFilterSet,
    AssessmentFilterSet,
    AssessmentFormFilterSet,
    ScoreSheetFilterSet,
)
from ..models import Appeal, Assessment, AssessmentCycle, AssessmentForm, ScoreSheet
from .serializers import (
    AppealSerializer,
    AssessmentCycleSerializer,
    AssessmentFormSerializer,
    AssessmentSerializer,
    ScoreSheetSerializer,
)

SCORE = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}


class AssessmentReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class AssessmentRequiredReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AssessmentServedUnitInput(serializers.Serializer):
    served_unit = RestrictedRelatedField(queryset=Organisation.objects.all(), allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class AssessmentAppealInput(serializers.Serializer):
    grounds = serializers.CharField()


class AssessmentScoreInput(serializers.Serializer):
    score_ability = serializers.DecimalField(**SCORE)
    score_conduct = serializers.DecimalField(**SCORE)
    score_performance = serializers.DecimalField(**SCORE)
    score_moral = serializers.DecimalField(**SCORE)
    score_quality = serializers.DecimalField(**SCORE)
    score_level = serializers.DecimalField(**SCORE)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class AssessmentAppealDecisionInput(serializers.Serializer):
    upheld = serializers.BooleanField()
    reasons = serializers.CharField()
    new_rating = serializers.ChoiceField(choices=Rating.choices, required=False, allow_blank=True)
    new_score = serializers.DecimalField(required=False, allow_null=True, **SCORE)


class StepJobSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text="the background job's id")
    status = serializers.CharField(help_text="pending, running, done or failed")
    url = serializers.CharField(help_text="GET it for progress, errors and the result file")


def _step(name: str, summary: str, attr: str | None = None, url_path: str | None = None):
    """A workflow step of the cycle as an API action (a background job for a large cycle when
    the step is one of ``services.BACKGROUND_STEPS``)."""
    responses = {200: AssessmentCycleSerializer}
    if name in services.BACKGROUND_STEPS:
        responses[202] = StepJobSerializer

    def step(self, request, pk=None):
        cycle = self.get_object()
        if not can(request.user, "change", cycle):
            raise PermissionDenied
        data = validated_input(AssessmentReasonInput, request)
        if name not in services.BACKGROUND_STEPS:
            done = getattr(services, name)(request.user, cycle, reason=data["reason"])
            return Response(AssessmentCycleSerializer(done).data)
        done, job = services.start_step(request.user, cycle, name, data["reason"])
        if job is not None:
            url = request.build_absolute_uri(reverse("api:job-detail", args=[job.pk]))
            return Response(
                {"job": job.pk, "status": job.status, "url": url},
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": url},
            )
        return Response(AssessmentCycleSerializer(done).data)

    step.__name__ = attr or name
    # The schema goes on the action (outside it), as drf-spectacular reads it there.
    return extend_schema(request=AssessmentReasonInput, responses=responses, summary=summary)(
        action(detail=True, methods=["post"], url_path=url_path)(step)
    )


class AssessmentCycleViewSet(RecordViewSet):
    queryset = AssessmentCycle.objects.select_related("area")
    serializer_class = AssessmentCycleSerializer
    filterset_class = AssessmentCycleFilterSet
    ordering_fields = ["year", "status"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    update_service = staticmethod(services.update_cycle)

    open_scoring = _step(
        "open_scoring", "Open scoring: create the assessments", url_path="open-scoring"
    )
    close_scoring = _step(
        "close_scoring", "Close scoring and compute the results", url_path="close-scoring"
    )
    compute_results = _step(
        "compute_results", "Compute the results again", url_path="compute-results"
    )
    publish = _step("publish", "Publish the results")
    close = _step("close_cycle", "Close the cycle", "close")


class AssessmentFormViewSet(RecordViewSet):
    queryset = AssessmentForm.objects.select_related("post_type")
    serializer_class = AssessmentFormSerializer
    filterset_class = AssessmentFormFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class AssessmentViewSet(ReadOnlyRecordViewSet):
    queryset = Assessment.objects.select_related("cycle", "person")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet

    @extend_schema(request=AssessmentServedUnitInput, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"], url_path="served-unit")
    def served_unit(self, request, pk=None):
        assessment = self.get_object()
        if not can(request.user, "change", assessment):
            raise PermissionDenied
        data = validated_input(AssessmentServedUnitInput, request)
        done = services.set_served_unit(
            request.user, assessment, data["served_unit"], reason=data["reason"]
        )
        return Response(AssessmentSerializer(done).data)

    @extend_schema(request=AssessmentRequiredReasonInput, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"], url_path="award-excellent")
    def award_excellent(self, request, pk=None):
        assessment = self.get_object()
        if not can(request.user, "change", assessment):
            raise PermissionDenied
        data = validated_input(AssessmentRequiredReasonInput, request)
        done = services.award_excellent(request.user, assessment, reason=data["reason"])
        return Response(AssessmentSerializer(done).data)

    @extend_schema(request=AssessmentAppealInput, responses={201: AppealSerializer})
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        assessment = self.get_object()
        if not services.may_appeal(request.user, assessment):
            raise PermissionDenied
        data = validated_input(AssessmentAppealInput, request)
        appeal = services.lodge_appeal(request.user, assessment, grounds=data["grounds"])
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class ScoreSheetViewSet(ReadOnlyRecordViewSet):
    queryset = ScoreSheet.objects.select_related("assessment")
    serializer_class = ScoreSheetSerializer
    filterset_class = ScoreSheetFilterSet

    @extend_schema(request=AssessmentScoreInput, responses={200: ScoreSheetSerializer})
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        sheet = self.get_object()
        if not can(request.user, "change", sheet):
            raise PermissionDenied
        data = validated_input(AssessmentScoreInput, request)
        scores = {c: data[f"score_{c}"] for c in Criterion.values}
        done = services.submit_scores(
            request.user, sheet, scores, comment=data["comment"], reason=data["reason"]
        )
        return Response(ScoreSheetSerializer(done).data)


class AppealViewSet(ReadOnlyRecordViewSet):
    queryset = Appeal.objects.select_related("assessment")
    serializer_class = AppealSerializer
    filterset_class = AppealFilterSet

    @extend_schema(request=AssessmentAppealDecisionInput, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        appeal = self.get_object()
        if not can(request.user, "change", appeal):
            raise PermissionDenied
        data = validated_input(AssessmentAppealDecisionInput, request)
        done = services.decide_appeal(
            request.user,
            appeal,
            upheld=data["upheld"],
            reasons=data["reasons"],
            new_rating=data.get("new_rating") or "",
            new_score=data.get("new_score"),
        )
        return Response(AppealSerializer(done).data)
