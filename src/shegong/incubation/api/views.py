"""The incubation API, under ``/api/v1/incubation/``, restricted like the pages (rows out of the
caller's scope are 404); the decisions go through ``incubation.services``.

- ``bases/`` (with ``GET bases/{id}/occupancy/?on=YYYY-MM-DD``), ``places/``,
  ``priority-rules/``, ``calls/`` (``POST calls/{id}/decide/``): kept by officials;
- ``applications/``: filed by an organisation's administrator or an official (``POST``), refused
  one by one (``POST applications/{id}/refuse/``), withdrawn by the applicant organisation's
  administrator before the decision (``POST applications/{id}/withdraw/``) or given a place
  (``POST applications/{id}/place/``);
- ``occupancies/`` (read; ``POST occupancies/{id}/end/``) and ``milestones/``
  (``POST milestones/{id}/meet/``, the evidence as text or a file in a multipart body; the
  file downloaded from ``evidence_file_url``).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shegong.core.api.serializers import validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet, RecordViewSet

from .. import queries, services
from ..filtersets import (
    ApplicationFilterSet,
    BaseFilterSet,
    CallFilterSet,
    MilestoneFilterSet,
    OccupancyFilterSet,
    PlaceFilterSet,
    PriorityRuleFilterSet,
)
from ..models import Application, Base, Call, Milestone, Occupancy, Place, PriorityRule
from . import serializers as s


class BaseViewSet(RecordViewSet):
    queryset = Base.objects.select_related("area", "operator")
    serializer_class = s.BaseSerializer
    filterset_class = BaseFilterSet
    ordering_fields = ["name"]

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today.")],
        responses={200: s.OccupancyFigures},
        summary="The base's capacity, places held and free, and occupancy rate on a day",
    )
    @action(detail=True, methods=["get"])
    def occupancy(self, request, pk=None):
        base = self.get_object()
        on = request.query_params.get("on")
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise ValidationError({"on": ["Give a date as YYYY-MM-DD."]}) from exc
        return Response(s.OccupancyFigures(queries.occupancy(base, day)).data)


class PlaceViewSet(RecordViewSet):
    queryset = Place.objects.select_related("base")
    serializer_class = s.PlaceSerializer
    filterset_class = PlaceFilterSet
    ordering_fields = ["code", "capacity"]


class PriorityRuleViewSet(RecordViewSet):
    queryset = PriorityRule.objects.select_related("base", "field")
    serializer_class = s.PriorityRuleSerializer
    filterset_class = PriorityRuleFilterSet
    ordering_fields = ["name", "points"]


class CallViewSet(RecordViewSet):
    queryset = Call.objects.select_related("base")
    serializer_class = s.CallSerializer
    filterset_class = CallFilterSet
    ordering_fields = ["opens_on", "closes_on"]

    @extend_schema(
        request=s.CallDecisionInput,
        responses={200: s.ApplicationSerializer(many=True)},
        summary="Score, rank and admit the applications of a closed call",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        call = self.get_object()
        data = validated_input(s.CallDecisionInput, request)
        decided = services.decide_call(call, actor=request.user, reason=data.get("reason", ""))
        return Response(
            s.ApplicationSerializer(decided, many=True, context={"request": request}).data
        )


class ApplicationViewSet(RecordViewSet):
    queryset = Application.objects.select_related("call", "organisation").prefetch_related(
        "service_fields"
    )
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilterSet
    ordering_fields = ["submitted_at", "score", "rank"]
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.create_application)

    def _answer(self, request, pk):
        application = self.get_queryset().get(pk=pk)
        return Response(s.ApplicationSerializer(application, context={"request": request}).data)

    @extend_schema(
        request=s.RefusalInput,
        responses={200: s.ApplicationSerializer},
        summary="Refuse an application, with the reasons",
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.RefusalInput, request)
        services.refuse_application(application, actor=request.user, reason=data["reason"])
        return self._answer(request, application.pk)

    @extend_schema(
        request=s.WithdrawalInput,
        responses={200: s.ApplicationSerializer},
        summary="Withdraw an application before its decision (the applicant's administrator)",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.WithdrawalInput, request)
        services.withdraw_application(
            application, actor=request.user, reason=data.get("reason", "")
        )
        return self._answer(request, application.pk)

    @extend_schema(
        request=s.PlaceInput,
        responses={200: s.OccupancySerializer},
        summary="Give an admitted applicant a place",
    )
    @action(detail=True, methods=["post"])
    def place(self, request, pk=None):
        application = self.get_object()
        data = validated_input(s.PlaceInput, request)
        occupancy = services.occupy(
            application, data["place"], data["starts_on"], actor=request.user
        )
        return Response(s.OccupancySerializer(occupancy, context={"request": request}).data)


class OccupancyViewSet(ReadOnlyRecordViewSet):
    queryset = Occupancy.objects.select_related("place", "application")
    serializer_class = s.OccupancySerializer
    filterset_class = OccupancyFilterSet
    ordering_fields = ["starts_on", "ends_on"]

    @extend_schema(
        request=s.IncubationEndInput,
        responses={200: s.OccupancySerializer},
        summary="Graduation or exit, with the reasons",
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        occupancy = self.get_object()
        data = validated_input(s.IncubationEndInput, request)
        ended = services.end_occupancy(
            occupancy, data["outcome"], on=data["on"], actor=request.user, reason=data["reason"]
        )
        return Response(s.OccupancySerializer(ended, context={"request": request}).data)


class MilestoneViewSet(RecordViewSet):
    queryset = Milestone.objects.select_related("occupancy")
    serializer_class = s.MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["due_on", "met_on"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(
        request=s.MilestoneMetInput,
        responses={200: s.MilestoneSerializer},
        summary="Record a milestone as met, with the evidence",
    )
    @action(detail=True, methods=["post"])
    def meet(self, request, pk=None):
        milestone = self.get_object()
        data = validated_input(s.MilestoneMetInput, request)
        met = services.meet_milestone(
            milestone,
            on=data["on"],
            evidence=data.get("evidence", ""),
            evidence_file=data.get("evidence_file"),
            actor=request.user,
        )
        return Response(s.MilestoneSerializer(met, context={"request": request}).data)
