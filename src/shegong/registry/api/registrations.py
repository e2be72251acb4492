"""Registration actions in the API (REG-3, REG-4), each calling one function of
``registry.services.registrations``. Records the caller cannot see are 404; a refused change
is 400 with a message per field (``core.api.exceptions``); no permission is 403.

- ``POST registration-applications/apply/``: a first application
- ``POST registration-applications/batch/``: an organisation's staff, all or none
- ``POST registration-applications/{id}/decide/``: ``{"decision": "approve"|"refuse",
  "reasons": …}``
- ``POST registration-applications/{id}/withdraw/``
- ``POST registrations/{id}/renew/``, ``…/suspend/``, ``…/reinstate/``, ``…/cancel/``
"""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import RestrictedRelatedField, validated_input
from shegong.core.permissions import restrict
from shegong.organisations.models import Organisation
from shegong.people.models import Person

from ..models import Certificate, CodeOfConduct, Registration, RegistrationApplication
from ..services import registrations as svc
from .serializers import RegistrationApplicationSerializer, RegistrationSerializer


class AcceptanceInput(serializers.Serializer):
    code_of_conduct = serializers.PrimaryKeyRelatedField(
        queryset=CodeOfConduct.objects.all(), required=False, allow_null=True
    )
    accept_code_of_conduct = serializers.BooleanField(default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs.get("code_of_conduct") is None:
            attrs["code_of_conduct"] = svc.current_code_of_conduct()
        return attrs


class ApplyInput(AcceptanceInput):
    person = RestrictedRelatedField(queryset=Person.objects.all())
    certificate = RestrictedRelatedField(
        queryset=Certificate.objects.all(), required=False, allow_null=True
    )
    organisation = RestrictedRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )


class BatchInput(AcceptanceInput):
    organisation = RestrictedRelatedField(queryset=Organisation.objects.all())
    people = RestrictedRelatedField(queryset=Person.objects.all(), many=True)


class DecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "refuse"])
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RenewInput(AcceptanceInput):
    organisation = RestrictedRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )


class SuspendInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    until = serializers.DateField(required=False, allow_null=True, default=None)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    misconduct = serializers.BooleanField(default=False)


class ActionViewSet(viewsets.GenericViewSet):
    """Only ``@action`` routes: the read side is ``api.views``."""

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, "view")

    def _out(self, obj, code=status.HTTP_200_OK):
        return Response(self.output_class(obj, context=self.get_serializer_context()).data, code)


class RegistrationApplicationActions(ActionViewSet):
    queryset = RegistrationApplication.objects.select_related("person", "certificate")
    serializer_class = ApplyInput
    output_class = RegistrationApplicationSerializer

    @extend_schema(request=ApplyInput, responses={201: RegistrationApplicationSerializer})
    @action(detail=False, methods=["post"])
    def apply(self, request):
        data = validated_input(ApplyInput, request)
        application = svc.apply(
            request.user,
            data["person"],
            code_of_conduct=data["code_of_conduct"],
            accepted=data["accept_code_of_conduct"],
            certificate=data.get("certificate"),
            organisation=data.get("organisation"),
            reason=data["reason"],
        )
        return self._out(application, status.HTTP_201_CREATED)

    @extend_schema(
        request=BatchInput, responses={201: RegistrationApplicationSerializer(many=True)}
    )
    @action(detail=False, methods=["post"])
    def batch(self, request):
        data = validated_input(BatchInput, request)
        created = svc.apply_batch(
            request.user,
            data["organisation"],
            data["people"],
            code_of_conduct=data["code_of_conduct"],
            accepted=data["accept_code_of_conduct"],
            reason=data["reason"],
        )
        context = self.get_serializer_context()
        return Response(
            RegistrationApplicationSerializer(created, many=True, context=context).data,
            status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=DecideInput,
        responses={
            200: PolymorphicProxySerializer(
                component_name="ApplicationDecision",
                serializers=[RegistrationSerializer, RegistrationApplicationSerializer],
                resource_type_field_name=None,
                many=False,
            )
        },
        description="Approval answers the new registration; refusal, the refused application.",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        data = validated_input(DecideInput, request)
        if data["decision"] == "approve":
            registration = svc.approve(request.user, application, reason=data["reasons"])
            return Response(RegistrationSerializer(registration).data)
        refused = svc.refuse(request.user, application, reasons=data["reasons"])
        return self._out(refused)

    @extend_schema(request=ReasonInput, responses={200: RegistrationApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        data = validated_input(ReasonInput, request)
        return self._out(svc.withdraw(request.user, application, reason=data["reason"]))


class RegistrationActions(ActionViewSet):
    queryset = Registration.objects.select_related("person")
    serializer_class = SuspendInput
    output_class = RegistrationSerializer

    @extend_schema(request=RenewInput, responses={201: RegistrationApplicationSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        registration = self.get_object()
        data = validated_input(RenewInput, request)
        application = svc.apply_renewal(
            request.user,
            registration,
            code_of_conduct=data["code_of_conduct"],
            accepted=data["accept_code_of_conduct"],
            organisation=data.get("organisation"),
            reason=data["reason"],
        )
        return Response(
            RegistrationApplicationSerializer(application).data, status.HTTP_201_CREATED
        )

    @extend_schema(request=SuspendInput, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        registration = self.get_object()
        data = validated_input(SuspendInput, request)
        return self._out(
            svc.suspend(request.user, registration, reason=data["reason"], until=data["until"])
        )

    @extend_schema(request=ReasonInput, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        registration = self.get_object()
        data = validated_input(ReasonInput, request)
        return self._out(svc.reinstate(request.user, registration, reason=data["reason"]))

    @extend_schema(request=CancelInput, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        registration = self.get_object()
        data = validated_input(CancelInput, request)
        return self._out(
            svc.cancel(
                request.user, registration, reason=data["reason"], misconduct=data["misconduct"]
            )
        )


def register_routes(router) -> None:
    """Add this part's viewsets to the register's API router (before the read-only ones, so
    ``…/apply/`` is not taken for a record id)."""
    router.register(
        "registration-applications",
        RegistrationApplicationActions,
        basename="registrationapplication-action",
    )
    router.register("registrations", RegistrationActions, basename="registration-action")
