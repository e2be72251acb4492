from shegong.core.api.viewsets import RecordViewSet

from .. import services
from ..filtersets import OrganisationFilterSet
from ..models import Organisation
from .serializers import OrganisationSerializer


class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.select_related("area")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "credit_code"]
    update_service = staticmethod(services.update_organisation)
