"""Conduct case actions in the API (REG-4), each calling one function of
``registry.services.conduct``: ``POST conduct-cases/open/``, and ``POST
conduct-cases/{id}/investigate|hearing|decide|appeal|appeal-decision|close/``. Errors are 400
with a message per field; cases out of reach are 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from shegong.core.api.serializers import RestrictedRelatedField, validated_input
from shegong.core.permissions import can_any
from shegong.people.models import Person

from ..choices import AppealOutcome, CaseSource, Sanction
from ..models import ConductCase
from ..services import conduct as svc
from .registrations import ActionViewSet, ReasonInput
from .serializers import ConductCaseSerializer


class OpenInput(serializers.Serializer):
    person = RestrictedRelatedField(queryset=Person.objects.all())
    source = serializers.ChoiceField(choices=[CaseSource.STAFF, CaseSource.ORGANISATION])
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    complainant_name = serializers.CharField(required=False, allow_blank=True, default="")
    complainant_contact = serializers.CharField(required=False, allow_blank=True, default="")


class HearingInput(serializers.Serializer):
    hearing_date = serializers.DateField(required=False, allow_null=True, default=None)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDecisionInput(serializers.Serializer):
    decision = serializers.CharField(required=False, allow_blank=True, default="")
    sanction = serializers.ChoiceField(choices=Sanction.choices)
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    sanction_from = serializers.DateField(required=False, allow_null=True, default=None)
    sanction_until = serializers.DateField(required=False, allow_null=True, default=None)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class AppealInput(serializers.Serializer):
    lodged_on = serializers.DateField(required=False, allow_null=True, default=None)
    grounds = serializers.CharField(required=False, allow_blank=True, default="")


class AppealDecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    sanction_until = serializers.DateField(required=False, allow_null=True, default=None)


class ConductCaseActions(ActionViewSet):
    queryset = ConductCase.objects.select_related("person")
    serializer_class = OpenInput
    output_class = ConductCaseSerializer

    @extend_schema(request=OpenInput, responses={201: ConductCaseSerializer})
    @action(detail=False, methods=["post"], url_path="open")
    def open_case(self, request):
        if not can_any(request.user, "add", ConductCase):
            raise PermissionDenied
        data = dict(validated_input(OpenInput, request))
        case = svc.open_case(request.user, data.pop("person"), **data)
        return self._out(case, status.HTTP_201_CREATED)

    @extend_schema(request=ReasonInput, responses={200: ConductCaseSerializer})
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        case = self.get_object()
        data = validated_input(ReasonInput, request)
        return self._out(svc.start_investigation(request.user, case, reason=data["reason"]))

    @extend_schema(request=HearingInput, responses={200: ConductCaseSerializer})
    @action(detail=True, methods=["post"])
    def hearing(self, request, pk=None):
        case = self.get_object()
        return self._out(
            svc.schedule_hearing(request.user, case, **validated_input(HearingInput, request))
        )

    @extend_schema(request=CaseDecisionInput, responses={200: ConductCaseSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        return self._out(
            svc.decide(request.user, case, **validated_input(CaseDecisionInput, request))
        )

    @extend_schema(request=AppealInput, responses={200: ConductCaseSerializer})
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        case = self.get_object()
        return self._out(
            svc.lodge_appeal(request.user, case, **validated_input(AppealInput, request))
        )

    @extend_schema(request=AppealDecisionInput, responses={200: ConductCaseSerializer})
    @action(detail=True, methods=["post"], url_path="appeal-decision")
    def appeal_decision(self, request, pk=None):
        case = self.get_object()
        data = validated_input(AppealDecisionInput, request)
        return self._out(svc.decide_appeal(request.user, case, **data))

    @extend_schema(request=ReasonInput, responses={200: ConductCaseSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = self.get_object()
        data = validated_input(ReasonInput, request)
        return self._out(svc.close(request.user, case, reason=data["reason"]))


def register_routes(router) -> None:
    """Add this part's viewsets to the register's API router."""
    router.register("conduct-cases", ConductCaseActions, basename="conductcase-action")
