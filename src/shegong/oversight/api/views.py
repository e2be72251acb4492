"""The oversight API, under ``/api/v1/``, restricted like the pages (rows out of the caller's
scope are 404); every write is a workflow action through ``oversight.services`` (400 with the
refusal, 403 for a role that may not):

- ``quality-standards/`` (FIN-5: the standards, by edition);
- ``self-assessments/``: ``POST self-assessments/open/`` ``{"contract", "year"}``,
  ``POST self-assessments/{id}/submit/``; ``self-assessment-items/{id}/assess/``
  ``{"result", "evidence"}``;
- ``statistics-returns/`` with ``late``; ``POST statistics-returns/{id}/submit/``;
- ``service-complaints/`` (officials only);
- ``visit-draws/``: ``POST visit-draws/draw/`` ``{"area", "year", "seed"}``;
  ``draw-entries/`` (each running contract's weight: officials only);
- ``visits/``: ``POST visits/plan/``, ``POST visits/{id}/record/``;
- ``contract-evaluations/``: ``POST …/plan/``, ``POST …/{id}/rate/``;
  ``evaluator-assignments/``: ``POST …/{id}/score/``, ``POST …/{id}/recuse/``.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, F, Q, When
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet

from .. import filtersets as f
from .. import services
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
from . import serializers as s


def _answer(viewset, obj, code=status.HTTP_200_OK):
    obj = viewset.get_queryset().get(pk=obj.pk)
    return Response(viewset.get_serializer(obj).data, status=code)


class QualityStandardViewSet(ReadOnlyRecordViewSet):
    queryset = QualityStandard.objects.all()
    serializer_class = s.QualityStandardSerializer
    filterset_class = f.QualityStandardFilterSet
    ordering_fields = ["code", "sort_order"]


class SelfAssessmentViewSet(ReadOnlyRecordViewSet):
    queryset = SelfAssessment.objects.select_related("contract")
    serializer_class = s.SelfAssessmentSerializer
    filterset_class = f.SelfAssessmentFilterSet
    ordering_fields = ["year"]

    @extend_schema(
        request=s.SelfAssessmentOpenInput,
        responses={201: s.SelfAssessmentSerializer},
        summary="Open a contract's self-assessment for a year",
    )
    @action(detail=False, methods=["post"])
    def open(self, request):
        data = validated_input(s.SelfAssessmentOpenInput, request)
        obj = services.open_self_assessment(request.user, data["contract"], data["year"])
        return _answer(self, obj, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: s.SelfAssessmentSerializer},
        summary="Submit a self-assessment",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        obj = services.submit_self_assessment(request.user, self.get_object())
        return _answer(self, obj)


class SelfAssessmentItemViewSet(ReadOnlyRecordViewSet):
    queryset = SelfAssessmentItem.objects.select_related("standard")
    serializer_class = s.SelfAssessmentItemSerializer
    filterset_class = f.SelfAssessmentItemFilterSet

    @extend_schema(
        request=s.AssessInput,
        responses={200: s.SelfAssessmentItemSerializer},
        summary="Assess one standard",
    )
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        data = validated_input(s.AssessInput, request)
        obj = services.assess(request.user, self.get_object(), data["result"], data["evidence"])
        return _answer(self, obj)


class StatisticsReturnViewSet(ReadOnlyRecordViewSet):
    queryset = StatisticsReturn.objects.select_related("contract")
    serializer_class = s.StatisticsReturnSerializer
    filterset_class = f.StatisticsReturnFilterSet
    ordering_fields = ["due_on", "period_start"]

    def get_queryset(self):
        today = timezone.localdate()
        late = Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True, due_on__lt=today)
        return (
            super()
            .get_queryset()
            # CASE, not the bare condition: a comparison with an unsubmitted (NULL) day is NULL.
            .annotate(late=Case(When(late, then=True), default=False, output_field=BooleanField()))
        )

    @extend_schema(
        request=s.ReturnInput,
        responses={200: s.StatisticsReturnSerializer},
        summary="Submit a statistics return",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = validated_input(s.ReturnInput, request)
        obj = services.submit_return(request.user, self.get_object(), data)
        return _answer(self, obj)


class ComplaintViewSet(ReadOnlyRecordViewSet):
    queryset = Complaint.objects.select_related("contract")
    serializer_class = s.ComplaintSerializer
    filterset_class = f.ComplaintFilterSet
    ordering_fields = ["received_on"]


class VisitDrawViewSet(ReadOnlyRecordViewSet):
    queryset = VisitDraw.objects.select_related("area")
    serializer_class = s.VisitDrawSerializer
    filterset_class = f.VisitDrawFilterSet
    ordering_fields = ["year", "drawn_on"]

    @extend_schema(
        request=s.DrawInput,
        responses={201: s.VisitDrawSerializer},
        summary="Draw the year's visit sample of a district or the city",
    )
    @action(detail=False, methods=["post"])
    def draw(self, request):
        data = validated_input(s.DrawInput, request)
        obj = services.draw_visits(request.user, data["area"], data["year"], data["seed"])
        return _answer(self, obj, status.HTTP_201_CREATED)


class DrawEntryViewSet(ReadOnlyRecordViewSet):
    queryset = DrawEntry.objects.select_related("draw", "contract")
    serializer_class = s.DrawEntrySerializer
    filterset_class = f.DrawEntryFilterSet
    ordering_fields = ["weight"]


class VisitViewSet(ReadOnlyRecordViewSet):
    queryset = Visit.objects.select_related("contract").prefetch_related("evaluators")
    serializer_class = s.VisitSerializer
    filterset_class = f.VisitFilterSet
    ordering_fields = ["planned_on", "visited_on"]

    @extend_schema(
        request=s.PlanVisitInput,
        responses={201: s.VisitSerializer},
        summary="Plan an evaluation visit",
    )
    @action(detail=False, methods=["post"])
    def plan(self, request):
        data = validated_input(s.PlanVisitInput, request)
        evaluators = data.pop("evaluators", [])
        obj = services.plan_visit(request.user, Visit, data, m2m={"evaluators": evaluators})
        return _answer(self, obj, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.RecordVisitInput,
        responses={200: s.VisitSerializer},
        summary="Record a visit as made",
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        data = validated_input(s.RecordVisitInput, request)
        obj = services.record_visit(
            request.user, self.get_object(), data["visited_on"], data["findings"], data["notes"]
        )
        return _answer(self, obj)


class EvaluationViewSet(ReadOnlyRecordViewSet):
    queryset = Evaluation.objects.select_related("contract")
    serializer_class = s.EvaluationSerializer
    filterset_class = f.EvaluationFilterSet
    ordering_fields = ["held_on", "score"]

    @extend_schema(
        request=s.PlanEvaluationInput,
        responses={201: s.EvaluationSerializer},
        summary="Plan a mid-term or final evaluation",
    )
    @action(detail=False, methods=["post"])
    def plan(self, request):
        data = validated_input(s.PlanEvaluationInput, request)
        evaluators = data.pop("evaluators", [])
        obj = services.plan_evaluation(
            request.user, Evaluation, data, m2m={"evaluators": evaluators}
        )
        return _answer(self, obj, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.RateInput,
        responses={200: s.EvaluationSerializer},
        summary="Rate an evaluation from its evaluators' scores",
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        data = validated_input(s.RateInput, request)
        obj = services.rate(
            request.user, self.get_object(), reason=data["reason"], on=data.get("rated_on")
        )
        return _answer(self, obj)


class EvaluatorAssignmentViewSet(ReadOnlyRecordViewSet):
    queryset = EvaluatorAssignment.objects.select_related("evaluation", "evaluator")
    serializer_class = s.EvaluatorAssignmentSerializer
    filterset_class = f.EvaluatorAssignmentFilterSet

    @extend_schema(
        request=s.ScoreInput,
        responses={200: s.EvaluatorAssignmentSerializer},
        summary="Score an evaluation (the evaluator)",
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        data = validated_input(s.ScoreInput, request)
        obj = services.score(request.user, self.get_object(), data["score"], data["notes"])
        return _answer(self, obj)

    @extend_schema(
        request=s.RecusalInput,
        responses={200: s.EvaluatorAssignmentSerializer},
        summary="Declare a recusal (the evaluator)",
    )
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        data = validated_input(s.RecusalInput, request)
        obj = services.declare_recusal(request.user, self.get_object(), data["reason"])
        return _answer(self, obj)
