from shegong.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)

from . import services
from .forms import OrganisationForm


class OrganisationListView(RecordListView):
    pass


class OrganisationDetailView(RecordDetailView):
    pass


class OrganisationCreateView(RecordCreateView):
    form_class = OrganisationForm


class OrganisationUpdateView(RecordUpdateView):
    form_class = OrganisationForm
    update_service = staticmethod(services.update_organisation)


class OrganisationDeleteView(RecordDeleteView):
    pass
