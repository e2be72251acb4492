from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shegong.core.api.viewsets import RecordViewSet, with_etag

from .. import services
from ..filtersets import PersonFilterSet
from ..models import Education, Person, WorkHistory
from .serializers import (
    CorrectNationalIdSerializer,
    EducationSerializer,
    PersonSerializer,
    WorkHistorySerializer,
)


class PersonViewSet(RecordViewSet):
    queryset = Person.objects.select_related("area", "organisation")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name"]
    create_service = staticmethod(services.create_person)
    update_service = staticmethod(services.update_person)

    @extend_schema(request=CorrectNationalIdSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"], url_path="correct-national-id")
    def correct_national_id(self, request, pk=None):
        """A city administrator corrects a wrongly registered ID number (reason required)."""
        person = self.get_object()
        body = CorrectNationalIdSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = services.correct_national_id(
            request.user, person, body.validated_data["national_id"], body.validated_data["reason"]
        )
        data = PersonSerializer(person, context={**self.get_serializer_context()}).data
        return with_etag(Response(data), person)


class EducationViewSet(RecordViewSet):
    queryset = Education.objects.all()
    serializer_class = EducationSerializer
    filterset_fields = ["person", "level"]


class WorkHistoryViewSet(RecordViewSet):
    queryset = WorkHistory.objects.all()
    serializer_class = WorkHistorySerializer
    filterset_fields = ["person"]
