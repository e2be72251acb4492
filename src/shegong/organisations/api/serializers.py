from shegong.core.api.serializers import RecordSerializer

from ..models import Organisation


class OrganisationSerializer(RecordSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "credit_code",
            "kind",
            "area",
            "address",
            "phone",
            "is_active",
            "version",
        ]
