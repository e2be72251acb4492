from shegong.core.api.viewsets import RecordViewSet

from .. import services
from ..filtersets import OrganisationFilterSet
from ..models import Organisation
from .serializers import OrganisationSerializer


class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.select_related(
        "area", "supervising_body", "supervising_area"
    ).prefetch_related("service_fields")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "credit_code"]
    create_service = staticmethod(services.create_organisation)
    update_service = staticmethod(services.update_organisation)
