from shegong.core.api.viewsets import RecordViewSet

from ..filtersets import AreaFilterSet
from ..models import Area
from .serializers import AreaSerializer


class AreaViewSet(RecordViewSet):
    queryset = Area.objects.select_related("parent")
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    ordering_fields = ["code", "name", "path"]
