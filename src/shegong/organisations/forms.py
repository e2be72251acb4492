from shegong.core.forms import RecordForm

from .models import Organisation


class OrganisationForm(RecordForm):
    class Meta:
        model = Organisation
        fields = ["name", "credit_code", "kind", "area", "address", "phone", "is_active"]
