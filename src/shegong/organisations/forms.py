from shegong.core.forms import DateInput, RecordForm

from . import services
from .models import Organisation, ServiceField


class OrganisationForm(RecordForm):
    """Officials see every field; an organisation administrator only the data they maintain."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "credit_code",
            "kind",
            "origin",
            "area",
            "registration_authority",
            "registered_on",
            "status",
            "line_department",
            "service_fields",
            "supervising_body",
            "supervising_area",
            "supervision_set_by_official",
            "address",
            "phone",
            "contact_person",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"registered_on": DateInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["service_fields"].queryset = ServiceField.objects.filter(is_active=True)
        if "supervising_area" in self.fields:
            self.fields["supervising_area"].queryset = self.fields[
                "supervising_area"
            ].queryset.filter(level__in=["city", "district"])
        if user is not None and not services.is_official(user):
            # Facts only officials keep (the service refuses them too). Those the existing
            # form carried stay (unchanged values pass); the new ones are left out.
            for name in services.OFFICIAL_FIELDS:
                if name not in ("area", "kind", "credit_code"):
                    self.fields.pop(name, None)
