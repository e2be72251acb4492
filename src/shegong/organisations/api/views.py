from shegong.core.api.viewsets import RecordViewSet

from .. import services
from ..filtersets import OrganisationFilterSet
from ..models import Organisation
from .serializers import OrganisationSerializer


class OrganisationViewSet(RecordViewSet):
    #: ``area__parent__parent__parent``: the rule of ``supervision_reason`` walks up from a
    #: community to its district's city (issue 13: no query per row).
    queryset = Organisation.objects.select_related(
        "area__parent__parent__parent", "supervising_body", "supervising_area"
    ).prefetch_related("service_fields")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "credit_code"]
    create_service = staticmethod(services.create_organisation)
    update_service = staticmethod(services.update_organisation)
