"""The workforce API: read-only lists and details, and the workflow actions, each calling one
function of ``workforce.services``. Rows the caller cannot see are 404; a refused action is
400 with the service's message (``core.api.exceptions``); no permission is 403.

- ``POST posts/{id}/hire/``: ``{"person", "start", "kind", "training_batch", "exam_year",
  "deadline", "reason"}``
- ``POST employments/{id}/end/``: ``{"end", "reason"}``
- ``POST conversion-plans/{id}/complete/``: ``{"completed_on", "reason"}``
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.serializers import RestrictedRelatedField, validated_input
from shegong.core.api.viewsets import ReadOnlyRecordViewSet
from shegong.core.permissions import can
from shegong.people.models import Person

from .. import services
from ..choices import EmploymentKind
from ..filtersets import (
    ConversionPlanFilterSet,
    EmploymentFilterSet,
    PostFilterSet,
    PostStandardFilterSet,
    PostTypeFilterSet,
    ServiceUnitFilterSet,
)
from ..models import ConversionPlan, Employment, Post, PostStandard, PostType, ServiceUnit
from .serializers import (
    ConversionPlanSerializer,
    EmploymentSerializer,
    PostSerializer,
    PostStandardSerializer,
    PostTypeSerializer,
    ServiceUnitSerializer,
)


class HireInput(serializers.Serializer):
    person = RestrictedRelatedField(queryset=Person.objects.all())
    start = serializers.DateField()
    kind = serializers.ChoiceField(choices=EmploymentKind.choices)
    training_batch = serializers.CharField(required=False, allow_blank=True, default="")
    exam_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EndInput(serializers.Serializer):
    end = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteInput(serializers.Serializer):
    completed_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PostTypeViewSet(ReadOnlyRecordViewSet):
    queryset = PostType.objects.select_related("field")
    serializer_class = PostTypeSerializer
    filterset_class = PostTypeFilterSet


class PostStandardViewSet(ReadOnlyRecordViewSet):
    queryset = PostStandard.objects.select_related("post_type")
    serializer_class = PostStandardSerializer
    filterset_class = PostStandardFilterSet


class ServiceUnitViewSet(ReadOnlyRecordViewSet):
    queryset = ServiceUnit.objects.all()
    serializer_class = ServiceUnitSerializer
    filterset_class = ServiceUnitFilterSet


class PostViewSet(ReadOnlyRecordViewSet):
    queryset = Post.objects.select_related("organisation", "post_type")
    serializer_class = PostSerializer
    filterset_class = PostFilterSet

    @extend_schema(request=HireInput, responses={201: EmploymentSerializer})
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        post = self.get_object()
        if not can(request.user, "change", post):
            raise PermissionDenied
        data = validated_input(HireInput, request)
        employment = services.hire(
            request.user,
            data["person"],
            post,
            data["start"],
            data["kind"],
            reason=data["reason"],
            training_batch=data["training_batch"],
            exam_year=data["exam_year"],
            deadline=data["deadline"],
        )
        return Response(EmploymentSerializer(employment).data, status.HTTP_201_CREATED)


class EmploymentViewSet(ReadOnlyRecordViewSet):
    queryset = Employment.objects.select_related("person", "post")
    serializer_class = EmploymentSerializer
    filterset_class = EmploymentFilterSet

    @extend_schema(request=EndInput, responses={200: EmploymentSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        employment = self.get_object()
        data = validated_input(EndInput, request)
        ended = services.end_employment(
            request.user, employment, data["end"], reason=data["reason"]
        )
        return Response(EmploymentSerializer(ended).data)


class ConversionPlanViewSet(ReadOnlyRecordViewSet):
    queryset = ConversionPlan.objects.select_related("employment")
    serializer_class = ConversionPlanSerializer
    filterset_class = ConversionPlanFilterSet

    @extend_schema(request=CompleteInput, responses={200: ConversionPlanSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        plan = self.get_object()
        data = validated_input(CompleteInput, request)
        done = services.complete_plan(
            request.user, plan, data["completed_on"], reason=data["reason"]
        )
        return Response(ConversionPlanSerializer(done).data)
