from rest_framework import serializers

from shegong.core.api.serializers import RecordSerializer

from .. import services
from ..models import Organisation


class OrganisationSerializer(RecordSerializer):
    """Writes go through ``services.create_organisation`` / ``update_organisation``: the
    supervising authority is picked by rule (ORG-2) unless an official sets it."""

    supervising_authority = serializers.SerializerMethodField()
    supervision_reason = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "credit_code",
            "kind",
            "origin",
            "area",
            "registration_authority",
            "registered_on",
            "status",
            "is_active",
            "line_department",
            "service_fields",
            "supervising_body",
            "supervising_area",
            "supervision_set_by_official",
            "supervising_authority",
            "supervision_reason",
            "address",
            "phone",
            "contact_person",
            "contact_phone",
            "contact_email",
            "version",
        ]
        read_only_fields = ["is_active"]
        extra_kwargs = {"service_fields": {"required": False}}

    def get_supervising_authority(self, obj) -> str:
        return services.authority_name(obj)

    def get_supervision_reason(self, obj) -> str:
        # The rule's candidates are read once per response, not once per row (issue 13).
        if "government_bodies" not in self.context:
            self.context["government_bodies"] = services.government_bodies()
        return services.supervision_reason(obj, bodies=self.context["government_bodies"])
