from shegong.core.api.viewsets import RecordViewSet

from ..filtersets import PersonFilterSet
from ..models import Education, Person, WorkHistory
from .serializers import EducationSerializer, PersonSerializer, WorkHistorySerializer


class PersonViewSet(RecordViewSet):
    queryset = Person.objects.select_related("area", "organisation")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name"]


class EducationViewSet(RecordViewSet):
    queryset = Education.objects.all()
    serializer_class = EducationSerializer
    filterset_fields = ["person", "level"]


class WorkHistoryViewSet(RecordViewSet):
    queryset = WorkHistory.objects.all()
    serializer_class = WorkHistorySerializer
    filterset_fields = ["person"]
